"""Test cases of every exercise, with expected outputs computed by the reference.

Public cases are hand-picked and written to the student's vectors by `python -m autograder
vectors`; hidden cases are random draws (fixed seeds, so grades are reproducible) used only at
grading time. A case is the JSON-able dict described in `autograder.student.casefile`.
"""

import zlib

import numpy as np

from autograder import reference
from autograder.student.casefile import decode, encode
from autograder.student.landscapes import gradient_from_spec


def make_case(exercise, group, label, *args):
    """A case whose expected output is the reference's answer on `args`."""
    encoded = [encode(a) for a in args]
    expected = getattr(reference, exercise)(*[decode(a) for a in encoded])
    return {"label": label, "group": group, "args": encoded, "expected": encode(expected)}


PUBLIC = {}  # exercise -> function() -> list of cases
HIDDEN = {}  # exercise -> function(rng) -> list of cases


def public(exercise):
    """Register the function that lists the public cases of `exercise`."""
    return lambda cases: PUBLIC.setdefault(exercise, cases)


def hidden(exercise):
    """Register the function that draws the hidden cases of `exercise` from a generator."""
    return lambda cases: HIDDEN.setdefault(exercise, cases)


def public_cases(exercise):
    return PUBLIC[exercise]()


def hidden_cases(exercise, seed=None):
    """Random cases for `exercise`; the default seed is fixed per exercise."""
    seed = zlib.crc32(exercise.encode()) if seed is None else seed
    return HIDDEN[exercise](np.random.default_rng(seed))


def spd_matrix(rng, n, low=0.5, high=3.0):
    """A random symmetric positive definite (n, n) matrix with eigenvalues in [low, high]."""
    Q, _ = np.linalg.qr(rng.normal(size=(n, n)))
    return (Q * rng.uniform(low, high, size=n)) @ Q.T


# --- 01 Gradient descent ---------------------------------------------------------------------

PARABOLA = gradient_from_spec({"poly": [0, 2]})  # f(x) = x², f'(x) = 2x
CUBIC = gradient_from_spec({"poly": [0, 6, 3]})  # f(x) = x³ + 3x², f'(x) = 6x + 3x²
BOWL = gradient_from_spec({"matrix": [[1, 0], [0, 10]], "shift": [0, 0]})


@public("gradient_descent")
def gradient_descent_public():
    case = lambda *a: make_case("gradient_descent", *a)  # noqa: E731
    return [
        case("worked example", "f(x) = x², x0 = 1, lr = 0.3, 3 steps", PARABOLA, 1, 0.3, 3),
        case("general", "f(x) = x³ + 3x², x0 = 1.0, lr = 0.04, 5 steps", CUBIC, 1.0, 0.04, 5),
        case("general", "f(x) = x², x0 = -0.5, lr = 0.1, 10 steps", PARABOLA, -0.5, 0.1, 10),
        case("general", "2-D bowl, x0 = [1, -2], lr = 0.05, 4 steps", BOWL,
             np.array([1.0, -2.0]), 0.05, 4),
        case("general", "tilted 3-D bowl, x0 = [0.5, 0, -1], lr = 0.2, 6 steps",
             gradient_from_spec({"matrix": [[2, 0.5, 0], [0.5, 1, 0.2], [0, 0.2, 1.5]],
                                 "shift": [1, -1, 0.5]}),
             np.array([0.5, 0.0, -1.0]), 0.2, 6),
        case("general", "steps = 0: the trajectory is just [x0]", BOWL, np.array([3.0, 4.0]),
             0.1, 0),
    ]


@hidden("gradient_descent")
def gradient_descent_hidden(rng):
    cases = []
    for i in range(12):
        steps, lr = int(rng.integers(0, 25)), float(rng.uniform(0.01, 0.3))
        if i % 2 == 0:  # a scalar on a random quadratic-plus-cubic slope
            slope = [rng.normal(), rng.uniform(0.5, 3), 0.05 * rng.normal()]
            grad = gradient_from_spec({"poly": slope})
            x0 = float(rng.uniform(-1, 1))
        else:  # a vector on a random tilted bowl
            n = int(rng.integers(1, 6))
            grad = gradient_from_spec({"matrix": spd_matrix(rng, n).tolist(),
                                       "shift": rng.normal(size=n).tolist()})
            x0 = rng.normal(size=n)
        cases.append(make_case("gradient_descent", "hidden", f"random case {i + 1}", grad, x0,
                               lr, steps))
    return cases


# --- 02 Chain rule and computational graphs ---------------------------------------------------


def scalar_function(weights, poly, cubes=None):
    """f(x) = poly(sum(weights * x)) + sum(cubes * x³): a curved, coupled test function."""
    spec = {"weights": np.asarray(weights, dtype=float).tolist(), "poly": list(poly)}
    if cubes is not None:
        spec["cubes"] = np.asarray(cubes, dtype=float).tolist()
    return gradient_from_spec({"scalar": spec})


@public("two_path")
def two_path_public():
    case = lambda *a: make_case("two_path", *a)  # noqa: E731
    return [
        case("worked example", "a = 2: d = -56, the paths give -56 and -28", 2.0),
        case("general", "a = -1.5", -1.5),
        case("general", "a = 0.3", 0.3),
        case("general", "a = 0: everything is 0", 0.0),
    ]


@hidden("two_path")
def two_path_hidden(rng):
    return [make_case("two_path", "hidden", f"random a {i + 1}", float(rng.uniform(-4, 4)))
            for i in range(8)]


@public("add_mul_graph")
def add_mul_graph_public():
    case = lambda *a: make_case("add_mul_graph", *a)  # noqa: E731
    return [
        case("worked example", "(x, y, z) = (-2, 5, -4), the slides' example", -2.0, 5.0, -4.0),
        case("general", "(x, y, z) = (1.5, -0.5, 2)", 1.5, -0.5, 2.0),
        case("general", "(x, y, z) = (3, 4, -0.5)", 3.0, 4.0, -0.5),
        case("general", "(x, y, z) = (0.25, 0.5, 8)", 0.25, 0.5, 8.0),
    ]


@hidden("add_mul_graph")
def add_mul_graph_hidden(rng):
    return [make_case("add_mul_graph", "hidden", f"random point {i + 1}",
                      *[float(v) for v in rng.uniform(-5, 5, size=3)]) for i in range(8)]


@public("sigmoid_neuron")
def sigmoid_neuron_public():
    case = lambda *a: make_case("sigmoid_neuron", *a)  # noqa: E731
    return [
        case("worked example", "w = [2, -3], x = [-1, -2], b = -3: f = σ(1) = 0.73",
             np.array([2.0, -3.0]), np.array([-1.0, -2.0]), -3.0),
        case("general", "3 inputs, w·x + b = -0.35", np.array([0.5, -1.0, 2.0]),
             np.array([1.5, 0.25, -0.3]), -0.25),
        case("general", "1 input, w·x + b = 2.4", np.array([1.2]), np.array([2.5]), -0.6),
        case("general", "4 inputs, a flat spot: w·x + b = -4.5", np.array([1.0, 2.0, -1.0, 0.5]),
             np.array([-1.0, -0.5, 1.5, 1.0]), -1.5),
    ]


@hidden("sigmoid_neuron")
def sigmoid_neuron_hidden(rng):
    cases = []
    for i in range(10):
        n = int(rng.integers(1, 8))
        w, x = rng.normal(size=n), rng.normal(size=n)
        cases.append(make_case("sigmoid_neuron", "hidden", f"random neuron {i + 1} ({n} inputs)",
                               w, x, float(rng.normal())))
    return cases


@public("norm_sq_of_product")
def norm_sq_of_product_public():
    case = lambda *a: make_case("norm_sq_of_product", *a)  # noqa: E731
    return [
        case("worked example", "W = [[0.1, 0.5], [-0.3, 0.8]], x = [0.2, 0.4]: f = 0.116",
             np.array([[0.1, 0.5], [-0.3, 0.8]]), np.array([0.2, 0.4])),
        case("non-square W", "W of shape (3, 2), x of shape (2,)",
             np.array([[1.0, -0.5], [0.5, 2.0], [-1.5, 0.25]]), np.array([0.4, -1.2])),
        case("non-square W", "W of shape (2, 4), x of shape (4,)",
             np.array([[0.5, -1.0, 0.0, 2.0], [1.5, 0.5, -0.5, 1.0]]),
             np.array([1.0, 0.5, -2.0, 0.25])),
    ]


@hidden("norm_sq_of_product")
def norm_sq_of_product_hidden(rng):
    cases = []
    for i in range(10):
        m, n = (int(k) for k in rng.integers(1, 6, size=2))
        cases.append(make_case("norm_sq_of_product", "hidden", f"random W {i + 1} ({m}×{n})",
                               rng.normal(size=(m, n)), rng.normal(size=n)))
    return cases


@public("numerical_gradient")
def numerical_gradient_public():
    case = lambda *a: make_case("numerical_gradient", *a)  # noqa: E731
    w3 = np.array([1.0, -2.0, 0.5])
    w23 = np.array([[0.5, -1.0, 1.5], [2.0, 0.25, -0.5]])
    w222 = np.array([[[1.0, -0.5], [0.25, 2.0]], [[-1.0, 0.5], [1.5, -0.75]]])
    return [
        case("vector x", "f(x) = (w·x)² + (w·x)³ + Σx³, x of shape (3,)",
             scalar_function(w3, [0, 0, 1, 1], [1, 1, 1]), np.array([0.5, -0.3, 1.2])),
        case("vector x", "f(x) = (Σx)², x of shape (4,)", scalar_function(np.ones(4), [0, 0, 1]),
             np.array([1.0, -2.0, 0.5, 3.0])),
        case("any shape", "f(x) = 2 + (w·x)² - Σx³, x of shape (2, 3)",
             scalar_function(w23, [2, 0, 1], -np.ones((2, 3))),
             np.array([[0.3, -0.8, 1.1], [0.6, -0.2, 0.9]])),
        case("any shape", "f(x) = (w·x)³ + 0.5 Σx³, x of shape (2, 2, 2)",
             scalar_function(w222, [0, 0, 0, 1], 0.5 * np.ones((2, 2, 2))),
             np.array([[[0.2, 0.4], [-0.6, 0.8]], [[1.0, -0.1], [0.3, 0.7]]])),
        case("any shape", "f(x) = 3 (w·x)², x of shape (1,)",
             scalar_function([2.0], [0, 0, 3]), np.array([0.75])),
        case("probe size h", "f(x) = Σx³ with h = 0.1 (use the h you are given)",
             scalar_function(np.zeros(3), [0], np.ones(3)), np.array([1.0, -0.5, 2.0]), 0.1),
        case("probe size h", "f(x) = (w·x)² + (w·x)³ with h = 1e-3",
             scalar_function(w3, [0, 0, 1, 1]), np.array([0.5, -0.3, 1.2]), 1e-3),
    ]


@hidden("numerical_gradient")
def numerical_gradient_hidden(rng):
    cases = []
    for i in range(8):
        shape = tuple(int(k) for k in rng.integers(1, 4, size=int(rng.integers(1, 4))))
        f = scalar_function(rng.normal(size=shape).round(3), rng.normal(size=4).round(3).tolist(),
                            rng.normal(size=shape).round(3))
        args = [f, rng.normal(size=shape)] + ([float(rng.choice([1e-3, 1e-2]))] if i % 3 == 2
                                              else [])
        cases.append(make_case("numerical_gradient", "hidden",
                               f"random f of an x of shape {shape}", *args))
    return cases


@public("relative_error")
def relative_error_public():
    case = lambda *a: make_case("relative_error", *a)  # noqa: E731
    return [
        case("basics", "a = [1, 2, 3], b = [1.1, 2.2, 3.3]: every entry 5% off",
             np.array([1.0, 2.0, 3.0]), np.array([1.1, 2.2, 3.3])),
        case("basics", "one entry off among four: the result is the worst entry",
             np.array([1.0, 2.0, 3.0, 4.0]), np.array([1.0, 2.0, 3.3, 4.0])),
        case("basics", "two floats, 1 and 1 + 1e-7", 1.0, 1.0 + 1e-7),
        case("basics", "a 2×2 gradient check that passes",
             np.array([[0.5, -1.25], [2.0, 0.125]]),
             np.array([[0.5 + 1e-8, -1.25], [2.0 - 3e-8, 0.125]])),
        case("signs and zeros", "negative entries: a = [-1, -2], b = [-1.1, -2]",
             np.array([-1.0, -2.0]), np.array([-1.1, -2.0])),
        case("signs and zeros", "a and b both 0 in one entry (the 1e-8 floor keeps it finite)",
             np.array([0.0, 1.5, -2.0]), np.array([0.0, 1.5, -2.1])),
        case("signs and zeros", "tiny values below the floor: a = [1e-10], b = [3e-10]",
             np.array([1e-10]), np.array([3e-10])),
    ]


@hidden("relative_error")
def relative_error_hidden(rng):
    cases = []
    for i in range(10):
        shape = tuple(int(k) for k in rng.integers(1, 5, size=int(rng.integers(1, 3))))
        a = rng.normal(size=shape)
        b = a * (1 + rng.choice([1e-9, 1e-6, 1e-2]) * rng.normal(size=shape))
        if i % 2:  # a gradient with exact zeros and a sign flip
            a.flat[0], b.flat[0] = 0.0, 0.0
            b.flat[-1] = -b.flat[-1]
        cases.append(make_case("relative_error", "hidden", f"random arrays {i + 1} {shape}",
                               a, b))
    return cases


# --- 03 Sigmoid and its derivative -----------------------------------------------------------


def activation_public(exercise, extremes="no overflow, exact limits", zero_label="z = 0"):
    """Public cases shared by the four activation exercises: values, extremes, any shape."""
    case = lambda *a: make_case(exercise, *a)  # noqa: E731
    cases = [
        case("values", "z = [-2, -1, -0.5, 0.5, 1, 2]",
             np.array([-2.0, -1.0, -0.5, 0.5, 1.0, 2.0])),
        case("values", zero_label, np.array([0.0])),
    ]
    if extremes:
        cases.append(case("extremes", f"z = [-1000, -40, 40, 1000]: {extremes}",
                          np.array([-1000.0, -40.0, 40.0, 1000.0])))
    return cases + [
        case("any shape", "a plain float, z = 0.75", 0.75),
        case("any shape", "a plain float, z = -3.0", -3.0),
        case("any shape", "a 2-D array of shape (2, 3)",
             np.array([[-1.5, 0.0, 2.5], [0.25, -0.75, 4.0]])),
        case("any shape", "a 3-D array of shape (2, 2, 2)",
             np.array([[[0.5, -0.5], [1.0, -2.0]], [[3.0, -3.0], [0.1, -0.1]]])),
    ]


def activation_hidden(exercise, rng, large=True, zeros=False):
    """Random shapes (0-d to 3-D) and values; with `large`, entries of ±1000, ±750 and ±40."""
    cases = []
    for i in range(10):
        shape = tuple(int(k) for k in rng.integers(1, 5, size=int(rng.integers(0, 4))))
        z = rng.normal(scale=4, size=shape)
        if large and z.size and i % 2 == 0:
            z.flat[0] = rng.choice([-1000.0, -750.0, 1000.0, 750.0, -40.0])
        if zeros and z.size > 1 and i % 3 == 0:
            z.flat[-1] = 0.0
        cases.append(make_case(exercise, "hidden", f"random z {i + 1} of shape {shape}", z))
    return cases


@public("sigmoid")
def sigmoid_public():
    return activation_public("sigmoid") + [
        make_case("sigmoid", "any shape", "integer input np.arange(-3, 4)", np.arange(-3, 4)),
    ]


@hidden("sigmoid")
def sigmoid_hidden(rng):
    return activation_hidden("sigmoid", rng)


@public("sigmoid_prime")
def sigmoid_prime_public():
    return activation_public("sigmoid_prime", extremes="no overflow, σ′ → 0 on the flat parts")


@hidden("sigmoid_prime")
def sigmoid_prime_hidden(rng):
    return activation_hidden("sigmoid_prime", rng)


@public("relu")
def relu_public():
    return activation_public("relu", extremes=None)


@hidden("relu")
def relu_hidden(rng):
    return activation_hidden("relu", rng, large=False, zeros=True)


@public("relu_prime")
def relu_prime_public():
    return activation_public("relu_prime", extremes=None,
                             zero_label="z = 0, where the course takes ReLU′(0) = 0")


@hidden("relu_prime")
def relu_prime_hidden(rng):
    return activation_hidden("relu_prime", rng, large=False, zeros=True)


# --- 04 Last-layer gradients -----------------------------------------------------------------

# The simple-derivatives text's ReLU network (`003`, "A Simple Example"): 3 inputs, one hidden
# neuron, 2 outputs, all biases 0; the weights are the numbers printed on its figure.
EX003_X = np.array([[1.0, 0.5, 1.0]])
EX003_W1, EX003_B1 = np.array([[0.5], [1.0], [-0.5]]), np.zeros(1)
EX003_W2, EX003_B2 = np.array([[-1.0, 1.0]]), np.zeros(2)


def rounded(rng, *shape, scale=1.0):
    """Readable public values: normal draws with two decimals."""
    return (scale * rng.normal(size=shape)).round(2)


def probabilities(rng, *shape):
    """Sigmoid outputs strictly inside (0, 1), two decimals."""
    return rng.uniform(0.05, 0.95, size=shape).round(2)


def random_layer(rng, n_in, n_out):
    return rng.normal(size=(n_in, n_out)) / np.sqrt(n_in), rng.normal(scale=0.5, size=n_out)


@public("dense_forward")
def dense_forward_public():
    case = lambda *a: make_case("dense_forward", *a)  # noqa: E731
    rng = np.random.default_rng(4)
    return [
        case("worked example", "`003` hidden layer: x = [1, 0.5, 1]", EX003_X, EX003_W1,
             EX003_B1),
        case("worked example", "`003` output layer: h = [0.5]", np.array([[0.5]]), EX003_W2,
             EX003_B2),
        case("batch", "M = 4 examples, 3 inputs -> 2 neurons", rounded(rng, 4, 3),
             rounded(rng, 3, 2), np.array([0.5, -1.0])),
        case("batch", "M = 1 example, 2 inputs -> 5 neurons", rounded(rng, 1, 2),
             rounded(rng, 2, 5), rounded(rng, 5)),
        case("batch", "M = 3, a square W (3 -> 3)", rounded(rng, 3, 3), rounded(rng, 3, 3),
             np.array([1.0, 2.0, 3.0])),
    ]


@hidden("dense_forward")
def dense_forward_hidden(rng):
    cases = []
    for i in range(10):
        M, n_in, n_out = rng.integers(1, 8, size=3)
        W, b = random_layer(rng, n_in, n_out)
        cases.append(make_case("dense_forward", "hidden", f"random layer {i + 1}",
                               rng.normal(size=(M, n_in)), W, b))
    return cases


@public("mse_loss")
def mse_loss_public():
    case = lambda *a: make_case("mse_loss", *a)  # noqa: E731
    rng = np.random.default_rng(5)
    return [
        case("worked examples", "`003`: got [0, 0.5], wanted [-0.5, 1] -> 0.25",
             np.array([[0.0, 0.5]]), np.array([[-0.5, 1.0]])),
        case("worked examples", "`003` ReLU network: got [0, 0.5], wanted [0.5, 1] -> 0.25",
             np.array([[0.0, 0.5]]), np.array([[0.5, 1.0]])),
        case("batch", "M = 5 examples, N = 3 outputs", probabilities(rng, 5, 3),
             probabilities(rng, 5, 3)),
        case("batch", "M = 4 examples, N = 6 outputs", rounded(rng, 4, 6), rounded(rng, 4, 6)),
        case("batch", "M = 1 example, N = 4 outputs", rounded(rng, 1, 4), rounded(rng, 1, 4)),
    ]


@hidden("mse_loss")
def mse_loss_hidden(rng):
    return [make_case("mse_loss", "hidden", f"random batch {i + 1}",
                      rng.uniform(size=(M, N)), rng.uniform(size=(M, N)))
            for i, (M, N) in enumerate(rng.integers(1, 9, size=(10, 2)))]


@public("mse_output_delta")
def mse_output_delta_public():
    case = lambda *a: make_case("mse_output_delta", *a)  # noqa: E731
    rng = np.random.default_rng(6)
    return [
        case("one example", "one example, N = 4 outputs", np.array([[0.8, 0.3, 0.6, 0.1]]),
             np.array([[1.0, 0.0, 0.0, 0.0]])),
        case("batch", "M = 5 examples, N = 3 outputs", probabilities(rng, 5, 3),
             probabilities(rng, 5, 3)),
        case("batch", "M = 4 examples, N = 6 outputs, 0/1 targets", probabilities(rng, 4, 6),
             rng.integers(0, 2, size=(4, 6)).astype(float)),
    ]


@hidden("mse_output_delta")
def mse_output_delta_hidden(rng):
    return [make_case("mse_output_delta", "hidden", f"random batch {i + 1}",
                      rng.uniform(0.01, 0.99, size=(M, N)), rng.uniform(size=(M, N)))
            for i, (M, N) in enumerate(rng.integers(1, 9, size=(10, 2)))]


@public("last_layer_gradients")
def last_layer_gradients_public():
    case = lambda *a: make_case("last_layer_gradients", *a)  # noqa: E731
    rng = np.random.default_rng(7)
    return [
        case("worked example", "`003` output layer: h = [0.5], Delta = [0, -0.5]",
             np.array([[0.5]]), np.array([[0.0, -0.5]])),
        case("batch", "M = 5 examples, 3 inputs -> 2 neurons", probabilities(rng, 5, 3),
             rounded(rng, 5, 2)),
        case("batch", "M = 4 examples, 2 inputs -> 6 neurons", probabilities(rng, 4, 2),
             rounded(rng, 4, 6)),
        case("batch", "M = 6 examples, a square layer (4 -> 4)", probabilities(rng, 6, 4),
             rounded(rng, 6, 4)),
    ]


@hidden("last_layer_gradients")
def last_layer_gradients_hidden(rng):
    return [make_case("last_layer_gradients", "hidden", f"random layer {i + 1}",
                      rng.uniform(size=(M, n_in)), rng.normal(size=(M, n_out)))
            for i, (M, n_in, n_out) in enumerate(rng.integers(1, 8, size=(10, 3)))]


@public("logloss_output_delta")
def logloss_output_delta_public():
    case = lambda *a: make_case("logloss_output_delta", *a)  # noqa: E731
    rng = np.random.default_rng(8)
    return [
        case("one example", "one example, 3 outputs", np.array([[0.9, 0.2, 0.6]]),
             np.array([[1.0, 0.0, 0.0]])),
        case("batch", "M = 5 examples, 3 outputs, 0/1 labels", probabilities(rng, 5, 3),
             rng.integers(0, 2, size=(5, 3)).astype(float)),
        case("batch", "M = 4 examples, 6 outputs, soft labels", probabilities(rng, 4, 6),
             probabilities(rng, 4, 6)),
    ]


@hidden("logloss_output_delta")
def logloss_output_delta_hidden(rng):
    return [make_case("logloss_output_delta", "hidden", f"random batch {i + 1}",
                      rng.uniform(0.01, 0.99, size=(M, N)),
                      rng.integers(0, 2, size=(M, N)).astype(float))
            for i, (M, N) in enumerate(rng.integers(1, 9, size=(10, 2)))]


# --- 05 Deep δ recursion ---------------------------------------------------------------------


def random_net(rng, widths, scale=1.0):
    """params of a network with the given widths [N_0, ..., N_L]."""
    return [tuple(scale * p for p in random_layer(rng, n_in, n_out))
            for n_in, n_out in zip(widths[:-1], widths[1:])]


def rounded_net(rng, widths):
    return [(rounded(rng, n_in, n_out), rounded(rng, n_out, scale=0.5))
            for n_in, n_out in zip(widths[:-1], widths[1:])]


def sigmoid_slope(rng, *shape):
    """act'(I) = H(1 - H) of random sigmoid activations H: values in (0, 1/4]."""
    H = probabilities(rng, *shape)
    return H * (1 - H)


@public("backprop_delta")
def backprop_delta_public():
    case = lambda *a: make_case("backprop_delta", *a)  # noqa: E731
    rng = np.random.default_rng(9)
    return [
        case("one example", "one example, 3 neurons <- 2 neurons", rounded(rng, 1, 2),
             rounded(rng, 3, 2), sigmoid_slope(rng, 1, 3)),
        case("batch", "M = 5 examples, 4 neurons <- 2 neurons", rounded(rng, 5, 2),
             rounded(rng, 4, 2), sigmoid_slope(rng, 5, 4)),
        case("batch", "M = 4 examples, a square layer (3 <- 3)", rounded(rng, 4, 3),
             rounded(rng, 3, 3), sigmoid_slope(rng, 4, 3)),
    ]


@hidden("backprop_delta")
def backprop_delta_hidden(rng):
    return [make_case("backprop_delta", "hidden", f"random layer {i + 1}",
                      rng.normal(size=(M, n_next)), rng.normal(size=(n, n_next)),
                      rng.uniform(0.01, 0.25, size=(M, n)))
            for i, (M, n, n_next) in enumerate(rng.integers(1, 8, size=(10, 3)))]


@public("forward_sigmoid_net")
def forward_sigmoid_net_public():
    case = lambda *a: make_case("forward_sigmoid_net", *a)  # noqa: E731
    rng = np.random.default_rng(10)
    return [
        case("one layer", "M = 4, one layer 3 -> 2", rounded(rng, 4, 3), rounded_net(rng, [3, 2])),
        case("deep", "M = 3, widths 3 -> 3 -> 3", rounded(rng, 3, 3),
             rounded_net(rng, [3, 3, 3])),
        case("deep", "M = 5, widths 3 -> 4 -> 4 -> 2", rounded(rng, 5, 3),
             rounded_net(rng, [3, 4, 4, 2])),
        case("deep", "M = 1, widths 2 -> 5 -> 3 -> 4 -> 1", rounded(rng, 1, 2),
             rounded_net(rng, [2, 5, 3, 4, 1])),
    ]


@hidden("forward_sigmoid_net")
def forward_sigmoid_net_hidden(rng):
    cases = []
    for i in range(10):
        widths = rng.integers(1, 7, size=rng.integers(2, 6))
        cases.append(make_case("forward_sigmoid_net", "hidden", f"random network {i + 1}",
                               rng.normal(size=(rng.integers(1, 8), widths[0])),
                               random_net(rng, widths, scale=2.0)))
    return cases


def backward_case(group, label, X, params, Y):
    Hs = reference.forward_sigmoid_net(X, params)
    return make_case("backward_sigmoid_net", group, label, Hs, Y, params)


@public("backward_sigmoid_net")
def backward_sigmoid_net_public():
    rng = np.random.default_rng(11)
    return [
        backward_case("one example", "one example, widths 3 -> 3 -> 3", rounded(rng, 1, 3),
                      rounded_net(rng, [3, 3, 3]), np.array([[0.5, 0.1, 0.7]])),
        backward_case("one example", "one example, widths 3 -> 4 -> 2", rounded(rng, 1, 3),
                      rounded_net(rng, [3, 4, 2]), np.array([[1.0, 0.0]])),
        backward_case("one example", "one example, widths 2 -> 3 -> 3 -> 2", rounded(rng, 1, 2),
                      rounded_net(rng, [2, 3, 3, 2]), np.array([[0.2, 0.9]])),
        backward_case("batch", "M = 5, widths 3 -> 4 -> 2", rounded(rng, 5, 3),
                      rounded_net(rng, [3, 4, 2]), probabilities(rng, 5, 2)),
        backward_case("batch", "M = 4, widths 2 -> 5 -> 3 -> 1", rounded(rng, 4, 2),
                      rounded_net(rng, [2, 5, 3, 1]), probabilities(rng, 4, 1)),
        backward_case("batch", "M = 6, widths 4 -> 4 -> 4 -> 4", rounded(rng, 6, 4),
                      rounded_net(rng, [4, 4, 4, 4]), probabilities(rng, 6, 4)),
        backward_case("batch", "M = 3, one layer 4 -> 3", rounded(rng, 3, 4),
                      rounded_net(rng, [4, 3]), probabilities(rng, 3, 3)),
    ]


@hidden("backward_sigmoid_net")
def backward_sigmoid_net_hidden(rng):
    cases = []
    for i in range(10):
        widths = rng.integers(1, 7, size=rng.integers(2, 6))
        M = rng.integers(1, 8)
        cases.append(backward_case("hidden", f"random network {i + 1}",
                                   rng.normal(size=(M, widths[0])),
                                   random_net(rng, widths, scale=2.0),
                                   rng.uniform(size=(M, widths[-1]))))
    return cases


# --- 06 Softmax and cross-entropy ------------------------------------------------------------


def distributions(rng, M, N, zeros=False):
    """M random probability rows over N classes; with `zeros`, some exact 0 entries."""
    P = rng.dirichlet(np.ones(N), size=M)
    if zeros and N > 2:
        P[rng.uniform(size=(M, N)) < 0.3] = 0.0
        P[:, 0] += P.sum(axis=1) == 0  # keep every row a distribution
        P /= P.sum(axis=1, keepdims=True)
    return P


def labels(rng, M, N):
    return rng.integers(0, N, size=M)


@public("softmax")
def softmax_public():
    case = lambda *a: make_case("softmax", *a)  # noqa: E731
    rng = np.random.default_rng(12)
    return [
        case("values", "one example, logits [2, 1, 0.1]", np.array([[2.0, 1.0, 0.1]])),
        case("values", "M = 4 examples, N = 3 classes", rounded(rng, 4, 3, scale=2)),
        case("values", "M = 2 examples, N = 5 classes, equal logits in row 0",
             np.array([[0.5, 0.5, 0.5, 0.5, 0.5], [-1.0, 2.0, 0.0, 3.5, 1.0]])),
        case("rows", "M = 3 = N: each row is one example, normalised on its own",
             np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 4.0], [-2.0, 1.0, 0.5]])),
        case("rows", "M = 4, N = 2: rows with very different offsets",
             np.array([[10.0, 11.0], [-3.0, -1.0], [0.0, 0.5], [30.0, 28.0]])),
        case("stable", "logits ±1000: no overflow, no NaN",
             np.array([[1000.0, 0.0, -1000.0], [-1000.0, -1000.0, -999.0]])),
        case("stable", "logits 800 and 801 in one row, 1000 in every entry of another",
             np.array([[800.0, 801.0, 0.0], [1000.0, 1000.0, 1000.0]])),
    ]


@hidden("softmax")
def softmax_hidden(rng):
    cases = []
    for i in range(10):
        M, N = (int(k) for k in rng.integers(1, 7, size=2))
        Z = rng.normal(scale=3, size=(M, N + 1))
        if i % 2 == 0:  # rows far from 0, up to ±1000
            Z += rng.choice([-1000.0, -700.0, 700.0, 1000.0], size=(M, 1))
        cases.append(make_case("softmax", "hidden", f"random logits {i + 1} ({M}×{N + 1})", Z))
    return cases


@public("cross_entropy")
def cross_entropy_public():
    case = lambda *a: make_case("cross_entropy", *a)  # noqa: E731
    rng = np.random.default_rng(13)
    return [
        case("values", "one example, P = [0.7, 0.2, 0.1], correct class 0: −log 0.7",
             np.array([[0.7, 0.2, 0.1]]), np.array([0])),
        case("values", "M = 4 examples, N = 3 classes", distributions(rng, 4, 3).round(3),
             np.array([2, 0, 1, 1])),
        case("values", "M = 5 examples, N = 4 classes", distributions(rng, 5, 4),
             labels(rng, 5, 4)),
        case("zeros", "zeros among the wrong classes: the loss stays finite",
             np.array([[0.0, 1.0, 0.0], [0.5, 0.5, 0.0], [0.0, 0.1, 0.9]]),
             np.array([1, 0, 2])),
        case("zeros", "P = 0 for the correct class: clipped at 1e-12, −log(1e-12) ≈ 27.6",
             np.array([[0.0, 1.0], [0.6, 0.4]]), np.array([0, 0])),
    ]


@hidden("cross_entropy")
def cross_entropy_hidden(rng):
    cases = []
    for i in range(10):
        M, N = (int(k) for k in rng.integers(2, 7, size=2))
        P, y = distributions(rng, M, N, zeros=i % 2 == 1), labels(rng, M, N)
        if i % 4 == 3:
            P[0] = 0.0  # the first example is sure of a wrong class
            P[0, (y[0] + 1) % N] = 1.0
        cases.append(make_case("cross_entropy", "hidden", f"random batch {i + 1} ({M}×{N})",
                               P, y))
    return cases


@public("softmax_jacobian")
def softmax_jacobian_public():
    case = lambda *a: make_case("softmax_jacobian", *a)  # noqa: E731
    return [
        case("values", "p = [0.7, 0.2, 0.1]", np.array([0.7, 0.2, 0.1])),
        case("values", "p = [0.25, 0.25, 0.25, 0.25]", np.full(4, 0.25)),
        case("values", "two classes, p = [0.9, 0.1]", np.array([0.9, 0.1])),
        case("values", "five classes", np.array([0.05, 0.4, 0.15, 0.3, 0.1])),
        case("values", "one class, p = [1]: nothing can change", np.array([1.0])),
    ]


@hidden("softmax_jacobian")
def softmax_jacobian_hidden(rng):
    return [make_case("softmax_jacobian", "hidden", f"random p {i + 1} ({n} classes)",
                      rng.dirichlet(np.ones(n)))
            for i, n in enumerate(rng.integers(2, 8, size=10))]


@public("softmax_ce_delta")
def softmax_ce_delta_public():
    case = lambda *a: make_case("softmax_ce_delta", *a)  # noqa: E731
    rng = np.random.default_rng(14)
    return [
        case("one example", "P = [0.7, 0.2, 0.1], correct class 0", np.array([[0.7, 0.2, 0.1]]),
             np.array([0])),
        case("one example", "P = [0.1, 0.6, 0.3], correct class 2", np.array([[0.1, 0.6, 0.3]]),
             np.array([2])),
        case("batch", "M = 4 examples, N = 3 classes", distributions(rng, 4, 3).round(3),
             np.array([1, 0, 2, 1])),
        case("batch", "M = 5 examples, N = 4 classes", distributions(rng, 5, 4),
             labels(rng, 5, 4)),
        case("batch", "M = 3 = N: a square P", distributions(rng, 3, 3), np.array([2, 2, 0])),
    ]


@hidden("softmax_ce_delta")
def softmax_ce_delta_hidden(rng):
    cases = []
    for i in range(10):
        M, N = (int(k) for k in rng.integers(1, 7, size=2))
        cases.append(make_case("softmax_ce_delta", "hidden", f"random batch {i + 1} ({M}×{N + 1})",
                               distributions(rng, M, N + 1), labels(rng, M, N + 1)))
    return cases


@public("forward_classifier")
def forward_classifier_public():
    case = lambda *a: make_case("forward_classifier", *a)  # noqa: E731
    rng = np.random.default_rng(15)
    return [
        case("one layer", "M = 4, softmax regression 3 -> 2 (no hidden layer)",
             rounded(rng, 4, 3), rounded_net(rng, [3, 2])),
        case("one layer", "M = 3, softmax regression 2 -> 4", rounded(rng, 3, 2),
             rounded_net(rng, [2, 4])),
        case("deep", "M = 5, widths 3 -> 4 -> 3", rounded(rng, 5, 3), rounded_net(rng, [3, 4, 3])),
        case("deep", "M = 3, widths 2 -> 3 -> 3 -> 2", rounded(rng, 3, 2),
             rounded_net(rng, [2, 3, 3, 2])),
        case("deep", "M = 2, widths 4 -> 5 -> 3 -> 4 -> 5", rounded(rng, 2, 4),
             rounded_net(rng, [4, 5, 3, 4, 5])),
    ]


@hidden("forward_classifier")
def forward_classifier_hidden(rng):
    cases = []
    for i in range(10):
        widths = rng.integers(2, 7, size=rng.integers(2, 6))
        cases.append(make_case("forward_classifier", "hidden", f"random network {i + 1}",
                               rng.normal(size=(rng.integers(1, 8), widths[0])),
                               random_net(rng, widths, scale=2.0)))
    return cases


def classifier_case(group, label, X, params, y):
    Hs = reference.forward_classifier(X, params)
    return make_case("classifier_backward", group, label, Hs, y, params)


@public("classifier_backward")
def classifier_backward_public():
    rng = np.random.default_rng(16)
    return [
        classifier_case("one example", "one example, softmax regression 3 -> 3",
                        rounded(rng, 1, 3), rounded_net(rng, [3, 3]), np.array([1])),
        classifier_case("one example", "one example, widths 3 -> 4 -> 2", rounded(rng, 1, 3),
                        rounded_net(rng, [3, 4, 2]), np.array([0])),
        classifier_case("one example", "one example, widths 2 -> 3 -> 3 -> 3",
                        rounded(rng, 1, 2), rounded_net(rng, [2, 3, 3, 3]), np.array([2])),
        classifier_case("batch", "M = 5, widths 3 -> 4 -> 2", rounded(rng, 5, 3),
                        rounded_net(rng, [3, 4, 2]), np.array([0, 1, 1, 0, 1])),
        classifier_case("batch", "M = 4, widths 2 -> 5 -> 3 -> 3", rounded(rng, 4, 2),
                        rounded_net(rng, [2, 5, 3, 3]), np.array([2, 0, 1, 2])),
        classifier_case("batch", "M = 6, widths 4 -> 4 -> 4", rounded(rng, 6, 4),
                        rounded_net(rng, [4, 4, 4]), labels(rng, 6, 4)),
        classifier_case("batch", "M = 3, softmax regression 4 -> 3", rounded(rng, 3, 4),
                        rounded_net(rng, [4, 3]), np.array([0, 2, 1])),
    ]


@hidden("classifier_backward")
def classifier_backward_hidden(rng):
    cases = []
    for i in range(10):
        widths = rng.integers(2, 7, size=rng.integers(2, 6))
        M = int(rng.integers(1, 8))
        cases.append(classifier_case("hidden", f"random network {i + 1}",
                                     rng.normal(size=(M, widths[0])),
                                     random_net(rng, widths, scale=2.0),
                                     labels(rng, M, widths[-1])))
    return cases


# --- 07 Training a network -------------------------------------------------------------------


def numbered_rows(M, N, rng):
    """(M, N) rows that are all different (row m starts with m), shuffled values after that."""
    return np.column_stack([np.arange(M, dtype=float), rng.normal(size=(M, N - 1)).round(2)])


@public("iterate_minibatches")
def iterate_minibatches_public():
    case = lambda *a: make_case("iterate_minibatches", *a)  # noqa: E731
    rng = np.random.default_rng(17)
    return [
        case("one epoch", "M = 12 examples, batches of 4", numbered_rows(12, 2, rng),
             np.arange(12) % 3, 4, np.random.default_rng(1)),
        case("one epoch", "M = 10 examples, batches of 3: the last batch holds 1",
             numbered_rows(10, 3, rng), np.arange(10) % 2, 3, np.random.default_rng(2)),
        case("one epoch", "M = 9, batches of 1 (plain SGD)", numbered_rows(9, 2, rng),
             np.arange(9) % 3, 1, np.random.default_rng(3)),
        case("one epoch", "M = 7, batch_size 16 > M: one batch of 7", numbered_rows(7, 2, rng),
             np.arange(7) % 2, 16, np.random.default_rng(4)),
        case("one epoch", "M = 20, batches of 6, 1-D labels from 4 classes",
             numbered_rows(20, 4, rng), labels(rng, 20, 4), 6, np.random.default_rng(5)),
    ]


@hidden("iterate_minibatches")
def iterate_minibatches_hidden(rng):
    cases = []
    for i in range(10):
        M, N, B = int(rng.integers(8, 40)), int(rng.integers(1, 5)), int(rng.integers(1, 12))
        X = rng.permutation(numbered_rows(M, N + 1, rng))  # rows not in order of their number
        cases.append(make_case("iterate_minibatches", "hidden",
                               f"random epoch {i + 1} (M = {M}, batches of {B})", X,
                               labels(rng, M, 3), B, np.random.default_rng(int(rng.integers(99)))))
    return cases


def pairs_like(params, rng, scale=1.0):
    return [tuple(scale * rng.normal(size=np.shape(a)) for a in pair) for pair in params]


def sgd_case(group, label, rng, widths, lr, momentum=0.0, weight_decay=0.0, zero_velocity=False):
    params = rounded_net(rng, widths)
    grads = pairs_like(params, rng)
    velocity = pairs_like(params, rng, 0.0 if zero_velocity else 0.3)
    args = [params, grads, velocity, lr] + ([momentum, weight_decay] if momentum or weight_decay
                                            else [])
    return make_case("sgd_step", group, label, *args)


@public("sgd_step")
def sgd_step_public():
    rng = np.random.default_rng(18)
    return [
        sgd_case("plain", "one layer 3 -> 2, lr = 0.1, defaults (no momentum, no decay)", rng,
                 [3, 2], 0.1, zero_velocity=True),
        sgd_case("plain", "two layers 2 -> 4 -> 3, lr = 0.5", rng, [2, 4, 3], 0.5,
                 zero_velocity=True),
        sgd_case("momentum", "momentum 0.9, lr = 0.1, a velocity from earlier steps", rng,
                 [3, 2], 0.1, momentum=0.9),
        sgd_case("momentum", "two layers, momentum 0.5, lr = 0.2", rng, [2, 3, 2], 0.2,
                 momentum=0.5),
        sgd_case("weight decay", "weight_decay 0.01, lr = 0.1, no momentum", rng, [3, 2], 0.1,
                 weight_decay=0.01, zero_velocity=True),
        sgd_case("weight decay", "weight_decay 0.1, momentum 0.9, lr = 0.05", rng, [2, 4, 2],
                 0.05, momentum=0.9, weight_decay=0.1),
    ]


@hidden("sgd_step")
def sgd_step_hidden(rng):
    cases = []
    for i in range(10):
        widths = [int(k) for k in rng.integers(1, 6, size=rng.integers(2, 5))]
        cases.append(sgd_case("hidden", f"random step {i + 1}", rng, widths,
                              float(rng.uniform(0.01, 1)), float(rng.uniform(0.1, 0.95)),
                              float(rng.choice([0.0, 0.001, 0.05]))))
    return cases


def repeated_example(rng, M, N0, classes):
    """One example (x, label) repeated M times: every order of it gives the same batches."""
    x, label = rng.normal(size=(1, N0)).round(2), int(rng.integers(classes))
    return np.tile(x, (M, 1)), np.full(M, label)


@public("train")
def train_public():
    case = lambda *a: make_case("train", *a)  # noqa: E731
    rng = np.random.default_rng(19)
    X, y = rounded(rng, 8, 2), np.array([0, 1, 1, 0, 1, 0, 0, 1])
    Xr, yr = repeated_example(rng, 10, 3, 3)
    return [
        case("full batch", "8 examples, sizes [2, 3, 2], 5 epochs of one batch, lr = 0.5",
             X, y, [2, 3, 2], 0.5, 5, 8),
        case("full batch", "the same with momentum 0.9 and weight_decay 0.01",
             X, y, [2, 3, 2], 0.5, 5, 8, 0.9, 0.01),
        case("full batch", "sizes [2, 4, 3, 2], 3 epochs, seed 7", X, y, [2, 4, 3, 2], 1.0, 3, 8,
             0.0, 0.0, 7),
        case("minibatches", "one example repeated 10 times, batches of 4: 3 steps per epoch",
             Xr, yr, [3, 2, 3], 0.3, 4, 4, 0.5),
    ]


@hidden("train")
def train_hidden(rng):
    cases = []
    for i in range(6):
        sizes = [int(k) for k in rng.integers(2, 5, size=rng.integers(2, 4))]
        M, epochs = int(rng.integers(4, 12)), int(rng.integers(1, 6))
        lr, momentum = float(rng.uniform(0.1, 1)), float(rng.choice([0.0, 0.8]))
        decay, seed = float(rng.choice([0.0, 0.01])), int(rng.integers(100))
        if i % 2 == 0:  # full batch: the shuffle cannot change the gradient
            X, y, batch = rng.normal(size=(M, sizes[0])), labels(rng, M, sizes[-1]), M
        else:  # one repeated example: every batch holds the same rows
            (X, y), batch = repeated_example(rng, M, sizes[0], sizes[-1]), int(rng.integers(2, M))
        cases.append(make_case("train", "hidden", f"random training {i + 1} (sizes {sizes})", X,
                               y, sizes, lr, epochs, batch, momentum, decay, seed))
    return cases
