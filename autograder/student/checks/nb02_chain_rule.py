"""Checks of notebook 02, the chain rule and computational graphs: `two_path`, `add_mul_graph`,
`sigmoid_neuron`, `norm_sq_of_product`, `numerical_gradient` and `relative_error`."""

import numpy as np

from autograder.student.checks.compare import (
    ATOL,
    agrees,
    factor_off,
    first_wrong,
    mismatch,
    numbers,
)
from autograder.student.checks.engine import Exercise, register
from autograder.student.checks.numeric import gradient

# The forward computations the notebook gives for the two exercises whose gradients the student
# derives: their visible checks compare with finite differences of these, not with a reference.


def neuron_forward(w, x, b):
    """The σ-neuron of section 5: f = σ(w·x + b)."""
    return float(1 / (1 + np.exp(-(np.dot(w, x) + b))))


def norm_sq_forward(W, x):
    """The forward pass of section 7: q = W x, f = ‖q‖²."""
    q = W @ x
    return float(q @ q)


def sigmoid_neuron_numerical(args):
    """(f, dfdw, dfdx, dfdb) from finite differences of the neuron's forward."""
    w, x, b = np.asarray(args[0], dtype=float), np.asarray(args[1], dtype=float), float(args[2])
    return (neuron_forward(w, x, b), gradient(lambda v: neuron_forward(v, x, b), w),
            gradient(lambda v: neuron_forward(w, v, b), x),
            float(gradient(lambda v: neuron_forward(w, x, v[0]), np.array([b]))[0]))


def norm_sq_of_product_numerical(args):
    """(f, dfdW, dfdx) from finite differences of the forward pass q = W x, f = ‖q‖²."""
    W, x = np.asarray(args[0], dtype=float), np.asarray(args[1], dtype=float)
    return (norm_sq_forward(W, x), gradient(lambda V: norm_sq_forward(V, x), W),
            gradient(lambda v: norm_sq_forward(W, v), x))


def two_path_hint(got, expected, args):
    """Recognises, in order: a wrong forward value d; dd_da along the path through b only;
    through c only; the two paths multiplied instead of added; ∂d/∂b + ∂d/∂c without the
    factors of b and c with respect to a. Otherwise names the wrong dd_da."""
    got = numbers(got, 2)
    if got is None:
        return None
    (d, slope), (d_want, slope_want), a = got, expected, float(args[0])
    if not agrees(d, d_want):
        return mismatch("d", d, d_want) + " Compute the forward values b, c and d first."
    if agrees(slope, slope_want) or abs(slope_want) < ATOL:
        return None
    if agrees(slope / slope_want, 2 / 3):
        return ("dd_da counts only the path through b (a → b → d). a also reaches d through c, "
                "and the effects of all paths add up.")
    if agrees(slope / slope_want, 1 / 3):
        return ("dd_da counts only the path through c (a → c → d). a also reaches d through b, "
                "and the effects of all paths add up.")
    if agrees(slope, (2 / 3 * slope_want) * (1 / 3 * slope_want)):
        return ("dd_da multiplies the two paths. Along one path the derivatives multiply; "
                "where paths meet again, their contributions add.")
    if agrees(slope, a**2 - 7 * a):
        return ("dd_da adds ∂d/∂b and ∂d/∂c but leaves out how b and c change with a: each path "
                "is the product of all the derivatives along it.")
    return mismatch("dd_da", slope, slope_want)


def add_mul_graph_hint(got, expected, args):
    """Recognises, in order: the right four values in the wrong order; f computed as x + y·z
    (brackets); another wrong f; a gradient of 1 (one gate's local gradient only); dfdx or dfdy
    equal to q (the multiply gate not swapped), 0 (blocked at the add gate) or right for
    f = x·y·z; dfdz equal to z (not swapped) or x·y. Otherwise names the wrong value."""
    names = ("f", "dfdx", "dfdy", "dfdz")
    got = numbers(got, 4)
    if got is None:
        return None
    x, y, z = (float(a) for a in args)
    q, wrong = x + y, first_wrong(got, expected)
    if wrong is None:
        return None
    value, want = got[wrong], expected[wrong]
    if agrees(sorted(float(v) for v in got), sorted(expected)):
        return ("the four values are right but in the wrong order: f first, then dfdx, dfdy "
                "and dfdz.")
    if wrong == 0:
        if agrees(value, x + y * z):
            return ("f is x + y·z: the sum x + y is computed first, then multiplied by z "
                    "(brackets).")
        return mismatch("f", value, want) + " Check the forward pass first."
    name = names[wrong]
    if agrees(value, 1):
        return (f"{name} is 1, the local gradient of one gate only. The chain rule multiplies it "
                "by the gradient that arrives from the output side.")
    if wrong in (1, 2):
        if agrees(value, q):
            return (f"{name} equals q = x + y. The multiply gate swaps: the gradient it sends "
                    "back to q is the value of its other input, not q's own value.")
        if agrees(value, 0):
            return (f"{name} is 0, but it reaches f through the add gate, which hands the "
                    "incoming gradient to both of its inputs unchanged.")
        if agrees(value, (y if wrong == 1 else x) * z):
            return (f"{name} would be right for f = x·y·z. Here x and y enter through the sum "
                    "q = x + y.")
    if wrong == 3:
        if agrees(value, z):
            return ("dfdz equals z itself. The multiply gate swaps: the gradient of one input "
                    "is the value of the other input.")
        if agrees(value, x * y):
            return ("dfdz is x·y, but the other input of the multiply gate is the whole sum "
                    "q = x + y.")
    return mismatch(name, value, want)


def sigmoid_neuron_hint(got, expected, args):
    """Recognises, in order: f = w·x + b (sigmoid missing); another wrong f; dfdw and dfdx
    scaled by each other's partner vector; a gradient without σ′; σ′ computed as s(1 − s) from
    the input s; only one factor of σ′; the wrong sign. Otherwise names a wrong dfdb."""
    names = ("f", "dfdw", "dfdx", "dfdb")
    got = numbers(got, 4)
    if got is None:
        return None
    w, x, b = np.asarray(args[0], dtype=float), np.asarray(args[1], dtype=float), float(args[2])
    wrong = first_wrong(got, expected)
    if wrong is None:
        return None
    s, f, local = float(w @ x + b), float(expected[0]), float(expected[3])  # local = σ'(s)
    if wrong == 0:
        if agrees(got[0], s):
            return "f is w·x + b: the sigmoid is missing."
        return mismatch("f", got[0], f) + " Check the forward pass σ(w·x + b) first."
    partners = {1: x, 2: w, 3: np.ones(())}  # dfdw = σ'·x, dfdx = σ'·w, dfdb = σ'·1
    value, name = got[wrong], names[wrong]
    if wrong in (1, 2) and value.shape == w.shape and not agrees(w, x):
        if agrees(value, local * partners[3 - wrong]):
            return (f"{name} is scaled by the wrong vector. The multiply gate swaps: the "
                    f"gradient of each {'w_i' if wrong == 1 else 'x_i'} is scaled by its "
                    f"partner {'x_i' if wrong == 1 else 'w_i'}.")
    partner = partners[wrong]
    if value.shape == np.shape(partner) and np.all(np.abs(partner) > ATOL):
        used = value / partner  # the local gradient of σ that the student used
        if agrees(used, np.full(used.shape, used.flat[0])):
            used = float(used.flat[0])
            if agrees(used, 1):
                return (f"{name} has no sigmoid factor: the gradient passes back through σ, "
                        "whose local gradient σ′(s) multiplies it.")
            if agrees(used, s * (1 - s)):
                return (f"{name} uses s(1 − s) with s = w·x + b. The formula σ(1 − σ) takes the "
                        "sigmoid's output σ(s), not its input s.")
            if agrees(used, f) or agrees(used, 1 - f):
                return (f"{name} uses only one factor of σ′(s): the derivative of the sigmoid "
                        "is a product of two factors.")
            if agrees(used, -local):
                return f"{name} has the wrong sign."
    if wrong == 3:
        return mismatch(name, value, local)
    return None


def norm_sq_of_product_hint(got, expected, args):
    """Recognises, in order: f the norm ‖Wx‖ instead of its square; another wrong f; dfdW
    transposed; dfdW of another shape; dfdx of another shape; dfdx through W instead of Wᵀ
    (square W); dfdx from the last q_i's path only (= instead of += in a loop); the gradient of
    the worked example g = Σ q_i (the upstream ∂f/∂q_i left out); a gradient of half the value
    (the factor 2 of the square); the wrong sign."""
    names = ("f", "dfdW", "dfdx")
    got = numbers(got, 3)
    if got is None:
        return None
    W, x = np.asarray(args[0], dtype=float), np.asarray(args[1], dtype=float)
    wrong = first_wrong(got, expected)
    if wrong is None:
        return None
    value, want = got[wrong], np.asarray(expected[wrong], dtype=float)
    if wrong == 0:
        if agrees(value**2, want):
            return "f is the norm ‖Wx‖, but the exercise wants its square ‖Wx‖²."
        return mismatch("f", value, want) + " Check the forward pass first."
    name = names[wrong]
    if wrong == 1:
        if value.shape == want.shape[::-1] and (value.shape != want.shape or
                                                agrees(value, want.T)):
            return (f"dfdW is transposed: it has shape {value.shape}, but a gradient has the "
                    f"shape of its variable, W's {want.shape}; entry (i, j) belongs to W_ij, "
                    "which links output q_i to input x_j.")
        if value.shape != want.shape:
            return (f"dfdW has shape {value.shape}; it must have W's shape {want.shape}: one "
                    "entry per weight W_ij, which links output q_i to input x_j.")
    if wrong == 2:
        if value.shape != want.shape:
            return (f"dfdx has shape {value.shape}; it must have x's shape {want.shape}. The "
                    "gradient flows back through W from the outputs to the inputs.")
        if W.shape[0] == W.shape[1] and agrees(value, 2 * W @ (W @ x)):
            return ("dfdx multiplies by W where its transpose belongs: going backwards, the "
                    "gradient travels from the outputs q to the inputs x.")
        q = W @ x
        if W.shape[0] > 1 and agrees(value, 2 * q[-1] * W[-1]):
            return ("dfdx keeps only the path through the last q_i: x_j feeds every q_i, and "
                    "the contributions of all these paths add (in a loop: +=, not =).")
    worked = np.tile(x, (W.shape[0], 1)) if wrong == 1 else W.sum(axis=0)
    if value.shape == want.shape and agrees(value, worked):
        return (f"{name} is the gradient of the worked example g = Σ q_i, whose upstream "
                "gradient is 1. Here each path also carries the upstream gradient ∂f/∂q_i.")
    return factor_off(value, want, [
        (0.5, f"{name} is half the expected value: the derivative of each square q_i² brings "
              "a factor 2."),
        (-1, f"{name} has the wrong sign."),
    ])


def numerical_gradient_shape_hint(got, expected, args):
    """Recognises, in order: one number returned; x's number of entries in another shape; one
    entry per row of x. Otherwise says the gradient has x's shape."""
    if got.shape == ():
        return "You returned one number; the gradient has one entry per entry of x."
    if got.size == expected.size:
        return ("The gradient has as many entries as x but not its shape: return it shaped "
                "like x.")
    if expected.ndim > 1 and got.shape == expected.shape[:1]:
        return ("You return one entry per row: loop over every entry of x (for example "
                "np.ndindex(x.shape)), not over its rows.")
    return "The gradient has the shape of x."


def numerical_gradient_value_hint(got, expected, args):
    """Recognises, in order: every value twice or half the expected one (the wrong distance
    between the probes); each row holding its row's sum (a whole row shifted at once); close
    values with a right first entry (x not restored after a probe); close values with another
    h than the default (a fixed h instead of the given one); close values (a one-sided
    difference)."""
    h = float(args[2]) if len(args) > 2 else 1e-5
    distance = factor_off(got, expected, [
        (2, "Every value is twice the expected one: the two probes x + h and x − h are 2h "
            "apart, and that distance is what you divide by."),
        (0.5, "Every value is half the expected one: the two probes x + h and x − h are 2h "
              "apart, and that distance is what you divide by."),
    ])
    if distance:
        return distance
    if expected.ndim > 1:
        row_sums = expected.reshape(len(expected), -1).sum(axis=1)
        if agrees(got, np.broadcast_to(row_sums.reshape((-1,) + (1,) * (expected.ndim - 1)),
                                       expected.shape)):
            return ("Each row of your result holds the sum of that row's partial derivatives: "
                    "you shift a whole row of x at once. Probe one entry at a time (for "
                    "example over np.ndindex(x.shape)).")
    size = np.abs(got - expected) / np.maximum(np.abs(expected), 1e-3)
    if size.max() < 0.05:
        if agrees(got.flat[0], expected.flat[0]) and got.size > 1:
            return ("The first entry is right, later ones are slightly off: your probes pile up. "
                    "After probing entry i, put x[i] back to its original value before probing "
                    "the next entry.")
        if h != 1e-5:
            return (f"Close, but not the central difference with h = {h:g}: use the probe size "
                    "h that your function receives, not a fixed one.")
        return (f"Close (off by up to {size.max():.1e} relative), but not close enough: a "
                "one-sided (forward) difference (f(x + h) − f(x)) / h is off by about h times "
                "the curvature. The central difference, probing both x + h and x − h, is far "
                "more accurate.")
    return None


def relative_error_shape_hint(got, expected, args):
    """Recognises: one error per entry instead of the one largest error."""
    if expected.shape == () and got.ndim > 0:
        return ("Return one number: the largest relative error over all entries, not the error "
                "of each entry.")
    return None


def relative_error_value_hint(got, expected, args):
    """Recognises, in order: a negative error (no absolute value); the mean over the entries
    instead of the maximum; too large where a and b are negative (no absolute values in the
    denominator); too large for tiny entries (the 1e-8 floor missing); norms of whole arrays
    instead of entries; too small (a difference without its absolute value, or not the
    maximum)."""
    a, b = np.asarray(args[0], dtype=float), np.asarray(args[1], dtype=float)
    got = float(got)
    if got < 0:
        return ("Your result is negative, but an error is a size: take the absolute value of "
                "the difference a − b.")
    if np.size(a) > 1 and agrees(got, float(expected) / np.size(a)):
        return ("Your result is the average over the entries. A gradient check must flag the "
                "single worst entry: take the maximum.")
    if got > expected and np.any(a + b < 0):
        return ("Far too large where a and b are negative: the denominator measures the sizes "
                "of a and b, so it uses their absolute values.")
    if got > expected and np.all(np.abs(a) + np.abs(b) < 1e-8):
        return ("Too large for these tiny entries: below 1e-8 the denominator is floored at "
                "1e-8, so that noise around zero does not count as a large relative error.")
    norms = np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), 1e-300)
    if agrees(got, norms):
        return ("You compare whole arrays through their norms. The course's measure is entry "
                "by entry, and then the largest of those entries.")
    if got < expected and np.allclose(a, b, rtol=0, atol=np.abs(a - b).max()):
        return ("Too small: is every difference counted by its size (absolute value), and is "
                "the result the largest relative error over all entries?")
    return None


register(Exercise(
    "two_path",
    checked="d, and dd_da summed over both paths",
    output_hint=two_path_hint,
    inputs=("a",),
))

register(Exercise(
    "add_mul_graph",
    checked="forward value f and the gradients with respect to x, y and z",
    output_hint=add_mul_graph_hint,
    inputs=("x", "y", "z"),
))

register(Exercise(
    "sigmoid_neuron",
    checked="forward value, gradients with respect to w, x and b, inputs untouched",
    output_hint=sigmoid_neuron_hint,
    inputs=("w", "x", "b"),
    numerical=sigmoid_neuron_numerical,
))

register(Exercise(
    "norm_sq_of_product",
    checked="f, dfdW with W's shape, dfdx with x's shape, square and non-square W",
    output_hint=norm_sq_of_product_hint,
    inputs=("W", "x"),
    numerical=norm_sq_of_product_numerical,
))

register(Exercise(
    "numerical_gradient",
    checked="central differences on arrays of any shape, the given h, x restored",
    shape_hint=numerical_gradient_shape_hint,
    value_hint=numerical_gradient_value_hint,
    inputs=("f", "x", "h"),
))

register(Exercise(
    "relative_error",
    checked="one number: the worst entry, signs, zeros and tiny values",
    shape_hint=relative_error_shape_hint,
    value_hint=relative_error_value_hint,
    warning_hint=("Where a and b are both 0, the denominator |a| + |b| is 0 too: that is what "
                  "the floor 1e-8 is for."),
    inputs=("a", "b"),
))


