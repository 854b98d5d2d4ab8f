"""Cases of notebook 02, the chain rule and computational graphs."""

from functools import partial

import numpy as np

from autograder.cases.registry import hidden, make_case, public
from autograder.student.landscapes import gradient_from_spec


def scalar_function(weights, poly, cubes=None):
    """f(x) = poly(sum(weights * x)) + sum(cubes * x³): a curved, coupled test function."""
    spec = {"weights": np.asarray(weights, dtype=float).tolist(), "poly": list(poly)}
    if cubes is not None:
        spec["cubes"] = np.asarray(cubes, dtype=float).tolist()
    return gradient_from_spec({"scalar": spec})


@public("two_path")
def two_path_public():
    case = partial(make_case, "two_path")
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
    case = partial(make_case, "add_mul_graph")
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
    case = partial(make_case, "sigmoid_neuron")
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
    case = partial(make_case, "norm_sq_of_product")
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
    case = partial(make_case, "numerical_gradient")
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
    case = partial(make_case, "relative_error")
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
