"""The checks that the notebooks' visible test cells call.

    from autograder.student.checks import check
    check("gradient_descent", gradient_descent)

A check runs your function on public test vectors (`vectors/<exercise>.json`), prints one line
when everything passes, and otherwise raises `AssertionError` with the first problem it finds —
type, then shape, then values, then edge cases — and the mistake that most often causes it.
It knows the expected outputs of those cases, never how to compute them.
"""

import copy
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from autograder.student.casefile import decode, load_cases

RTOL = 1e-6  # relative tolerance of every value comparison in the course
ATOL = 1e-9  # absolute tolerance, for entries that should be (close to) zero


@dataclass(frozen=True)
class Exercise:
    """What a check needs to know about one exercise beyond its test vectors."""

    name: str
    checked: str  # what a pass means, shown on the success line
    shape_hint: Callable = lambda got, expected, args: None
    value_hint: Callable = lambda got, expected, args: None
    inputs: tuple = field(default=())  # names of the arguments, for messages
    # A diagnosis of the whole output (lists of layers, tuples of gradients), tried when the
    # output is wrong, before the item-by-item message; None to fall back on that.
    output_hint: Callable = lambda got, expected, args: None


EXERCISES = {}


def register(exercise):
    EXERCISES[exercise.name] = exercise
    return exercise


class Mistake(Exception):
    """A check's finding; turned into a short AssertionError at the entry points."""


def check(exercise, fn, group=None):
    """Run `fn` on the public cases of `exercise` (or on one group of them); raise on a mistake."""
    __tracebackhide__ = True  # the student needs the message, not the checker's internals
    verify(exercise, fn, load_cases(exercise, group))


def verify(exercise, fn, cases):
    """Run `fn` on each case; print one line if all pass, raise AssertionError at the first miss."""
    __tracebackhide__ = True
    spec = EXERCISES[exercise]
    try:
        if not callable(fn):
            fail(spec, f"expected a function, got {type(fn).__name__}. Did you overwrite its name?")
        for case in cases:
            run_case(spec, fn, case)
    except Mistake as mistake:
        raise AssertionError(str(mistake)) from None
    print(f"✓ {spec.name}: {len(cases)} check{'s' * (len(cases) != 1)} passed ({spec.checked})")


def fail(spec, message):
    raise Mistake(f"✗ {spec.name}: {message}")


def run_case(spec, fn, case):
    args = [decode(a) for a in case["args"]]
    before = copy.deepcopy(args)
    got = call(spec, fn, args, case["label"])
    for i, (now, then) in enumerate(zip(args, before)):
        if changed(now, then):
            name = spec.inputs[i] if i < len(spec.inputs) else f"argument {i + 1}"
            fail(spec, f"{case['label']}: your function changed its input `{name}` in place. "
                       "Work on a copy (for example `x = x - ...` instead of `x -= ...`"
                       f"{'; pop, append and reverse change a list' * isinstance(then, list)}).")
    expected = decode(case["expected"])
    problem = compare(spec, got, expected, args)
    if problem:
        fail(spec, f"{case['label']}: {whole_output_hint(spec, got, expected, args) or problem}")


def changed(now, then):
    """Whether an argument (an array, or a list or tuple of them) differs from its copy."""
    if isinstance(then, np.ndarray):
        return not np.array_equal(now, then, equal_nan=True)
    if isinstance(then, (list, tuple)):
        return (type(now) is not type(then) or len(now) != len(then)
                or any(changed(a, b) for a, b in zip(now, then)))
    return False


def whole_output_hint(spec, got, expected, args):
    """The exercise's diagnosis of the whole output, or None (also when the diagnosis fails)."""
    try:
        return spec.output_hint(got, expected, args)
    except Exception:  # a hint must never hide the student's actual problem
        return None


def call(spec, fn, args, label):
    """Call the student's function, turning exceptions and NumPy warnings into hints."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            got = fn(*args)
        except NotImplementedError:
            fail(spec, "not implemented yet. Write your code in the answer cell above, run that "
                       "cell, then run this check again.")
        except Exception as error:  # the student's bug, reported as a hint
            fail(spec, f"{label}: your function raised {type(error).__name__}: {error}"
                       f"{exception_hint(error)}")
    numeric = [w for w in caught if issubclass(w.category, RuntimeWarning)]
    if numeric:
        fail(spec, f"{label}: NumPy warned '{numeric[0].message}'. A correct implementation "
                   "stays finite and silent here; look for an overflow or a division by zero.")
    return got


def exception_hint(error):
    text = str(error)
    if "Cannot cast ufunc" in text and "int" in text:
        return (". An integer array cannot hold a fractional step: start from a float copy, "
                "e.g. np.array(x0, dtype=float).")
    if "converted to Python scalars" in text or "only length-1 arrays" in text:
        return (". Your code turns an array into a single number (float() or int()), but this "
                "input is a vector: keep it an array.")
    if "not subscriptable" in text or "has no len" in text or "iteration over a 0-d" in text:
        return ". Your code assumes an array, but this input is a plain number (a scalar)."
    if "shapes" in text and "not aligned" in text or "matmul" in text:
        return ". Write down the shape of every operand: one of them needs a transpose."
    if "could not be broadcast" in text:
        return (". An elementwise operation got arrays of different shapes: write down the shape "
                "of each; one may belong to another layer, or need a transpose.")
    return ""


def compare(spec, got, expected, args):
    """First problem with `got` (a message), or None when it matches `expected`."""
    if isinstance(expected, (tuple, list)):
        if not isinstance(got, (tuple, list)) or len(got) != len(expected):
            return (f"expected a {type(expected).__name__} of {len(expected)} items, "
                    f"got {describe(got)}.")
        for i, (g, e) in enumerate(zip(got, expected)):
            problem = compare(spec, g, e, args)
            if problem:
                return f"item {i}: {problem}"
        return None
    return compare_array(spec, got, np.asarray(expected), args)


def compare_array(spec, got, expected, args):
    if got is None:
        return "your function returned None. Did you forget the `return` statement?"
    try:
        got = np.asarray(got)
        got.astype(float)
    except (TypeError, ValueError):
        return f"expected an array of shape {expected.shape}, got {describe(got)}."
    if got.shape != expected.shape:
        hint = spec.shape_hint(got, expected, args) or shape_hint(got, expected)
        return f"got shape {got.shape}, expected {expected.shape}. {hint}".strip()
    if got.dtype.kind in "iub" and expected.dtype.kind == "f":
        return ("the result has an integer dtype, so fractions were cut off. Start from a float "
                "copy of the input, e.g. np.array(x, dtype=float).")
    got = got.astype(float)
    if not np.all(np.isfinite(got)) and np.all(np.isfinite(expected)):
        return "the result contains NaN or inf where every value should be finite."
    if np.allclose(got, expected, rtol=RTOL, atol=ATOL):
        return None
    hint = spec.value_hint(got, expected, args) or value_hint(got, expected)
    return f"wrong values. {hint}"


def describe(value):
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}"
    if isinstance(value, (tuple, list)):
        return f"a {type(value).__name__} of {len(value)} items"
    return f"{type(value).__name__} {value!r}"[:80]


def shape_hint(got, expected):
    if got.shape == expected.shape[::-1]:
        return "The axes are swapped: is a transpose missing, or one too many?"
    if got.size == expected.size:
        return "Same number of entries, different arrangement: check the order of the axes."
    return ""


def value_hint(got, expected):
    if np.allclose(got, -expected, rtol=RTOL, atol=ATOL):
        return "Every value has the wrong sign."
    nonzero = np.abs(expected) > ATOL
    if nonzero.any():
        ratio = got[nonzero] / expected[nonzero]
        if np.allclose(ratio, ratio.flat[0], rtol=1e-6) and abs(ratio.flat[0]) > ATOL:
            return (f"Every value is {ratio.flat[0]:.4g} times the expected one: a constant factor "
                    "is missing or extra.")
    worst = np.unravel_index(np.argmax(np.abs(got - expected)), got.shape)
    return (f"Largest difference at index {worst}: got {got[worst]:.6g}, "
            f"expected {expected[worst]:.6g}.")


# --- 01 Gradient descent ---------------------------------------------------------------------


def trajectory_shape_hint(got, expected, args):
    x0, steps = np.asarray(args[1]), args[3]
    if got.shape == x0.shape or got.shape == ():
        return ("You returned a single point. Return the whole trajectory: one row per point, "
                "starting with x0.")
    if got.shape[1:] == x0.shape and got.shape[0] == steps:
        return ("One row short: the trajectory starts with x0 itself, then one row per step "
                "(steps + 1 rows).")
    if got.shape[1:] == x0.shape and got.shape[0] == steps + 2:
        return "One row too many: make exactly `steps` updates after x0."
    if got.shape[1:] == x0.shape:
        return f"Expected steps + 1 = {steps + 1} rows, one per point."
    return "Each row should be one point, shaped like x0."


def trajectory_value_hint(got, expected, args):
    x0 = np.asarray(args[1], dtype=float)
    close = lambda a, b: np.allclose(a, b, rtol=RTOL, atol=ATOL)  # noqa: E731
    if len(got) > 1 and all(close(row, got[-1]) for row in got):
        return ("Every row holds the same point: you store one array and keep updating it in "
                "place (`x -= ...`), so all rows show its last value. Create a new array each "
                "step (`x = x - ...`) or store a copy.")
    if len(expected) == 1 or not close(got[0], x0):
        return "The first row should be x0 itself, before any step."
    if all(close(row, x0) for row in got):
        return "The trajectory never moves away from x0: is x updated inside the loop?"
    step, expected_step = got[1] - got[0], expected[1] - expected[0]
    if close(step, -expected_step):
        return ("The first step goes uphill: you added the gradient instead of subtracting it. "
                "Descent moves against the gradient.")
    if not close(step, expected_step):
        nonzero = np.abs(expected_step) > ATOL
        ratio = step[nonzero] / expected_step[nonzero] if nonzero.any() else np.array([np.nan])
        if np.allclose(ratio, ratio.flat[0]):
            return (f"The first step is {ratio.flat[0]:.4g} times the expected size. Check how the "
                    "learning rate scales the gradient.")
        return "The first step goes in the wrong direction. Is the gradient evaluated at x?"
    steps = np.diff(got, axis=0)
    if all(close(s, steps[0]) for s in steps) and not all(
        close(s, expected[1] - expected[0]) for s in np.diff(expected, axis=0)
    ):
        return ("Every step has the same size and direction: evaluate the gradient at the current "
                "point in each step, not once at x0.")
    for k in range(2, len(got)):
        if not close(got[k], expected[k]):
            return (f"The first {k - 1} step(s) are right, step {k} is not. Does each step start "
                    "from the point the previous step reached?")
    return ""


register(Exercise(
    "gradient_descent",
    checked="trajectory shape, start point, every step, input untouched",
    shape_hint=trajectory_shape_hint,
    value_hint=trajectory_value_hint,
    inputs=("grad", "x0", "lr", "steps"),
))


# --- 04 Last-layer gradients -----------------------------------------------------------------
# Helpers shared by the hints of notebooks 04 and 05 (prefix bp_: backpropagation).


def bp_close(a, b):
    """Whether two arrays have the same shape and the same values, within the tolerances."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.shape == b.shape and np.allclose(a, b, rtol=RTOL, atol=ATOL)


def bp_factor(got, expected):
    """The constant c with got = c · expected, or None when there is none."""
    got, expected = np.asarray(got, dtype=float), np.asarray(expected, dtype=float)
    nonzero = np.abs(expected) > ATOL
    if got.shape != expected.shape or not nonzero.any():
        return None
    c = float(np.median(got[nonzero] / expected[nonzero]))
    return c if abs(c) > ATOL and bp_close(got, c * expected) else None


def bp_is(c, target):
    """Whether a factor was found and equals target."""
    return c is not None and abs(c - target) <= 1e-6 * abs(target)


def bp_logistic(z):
    """σ(z), only to recognise a sigmoid (or its slope) applied where it does not belong."""
    return 0.5 * (1 + np.tanh(0.5 * np.asarray(z, dtype=float)))


def bp_slope_of_logistic(z):
    s = bp_logistic(z)
    return s * (1 - s)


def bp_span(name, first, last):
    """'H_1' or 'H_1 ... H_3' (name 'H'); 'layer 2' or 'layers 2 to 4' (name 'layer')."""
    if name == "H":
        return f"H_{first}" if first == last else f"H_{first} ... H_{last}"
    return f"layer {first}" if first == last else f"layers {first} to {last}"


def bp_first(*candidates):
    """The first message that applies; when several apply, the ambiguity is said."""
    found = [message for applies, message in candidates if applies]
    if len(found) > 1:
        return found[0] + " (Or, with these sizes: " + found[1] + ")"
    return found[0] if found else None


def bp_size(A):
    """(M, N) of a batch: examples and columns; a 1-D array is one example."""
    A = np.asarray(A)
    return (1, A.size) if A.ndim < 2 else A.shape


MISSING_MEAN = "missing 1/M: did you sum over the batch instead of averaging?"
PER_EXAMPLE = ("Delta is per example: the 1/M of the batch mean belongs in the gradients, once, "
               "not inside Delta.")
BIAS_SIGN = ("This course adds the bias (I = H W + b, so ∂I/∂b = +1). The MSE derivation text "
             "subtracts it (n_j = Σ w o − b_j), which flips the sign of the bias gradient.")


def dense_shape_hint(got, expected, args):
    M, n_out = expected.shape
    if got.shape == (n_out,):
        return ("You dropped the batch axis: keep one row per example (all M of them), even "
                "when M = 1.")
    if got.shape == (n_out, M):
        return ("One row per neuron instead of one per example: that is the column convention "
                "of the lecture slides (W h). Here each row of H_prev is one example, and the "
                "weights multiply it from the right.")
    return None


def dense_value_hint(got, expected, args):
    W, b = np.asarray(args[1], dtype=float), np.asarray(args[2], dtype=float)
    if bp_close(got, expected - b):
        return "The bias is missing: every row of I gets b added, one entry per neuron."
    if bp_close(got, expected - 2 * b):
        return "You subtracted the bias. " + BIAS_SIGN
    if bp_close(got, bp_logistic(expected)):
        return ("You applied the sigmoid: dense_forward returns the pre-activation I, before any "
                "activation function.")
    if bp_close(got, np.maximum(expected, 0)):
        return "You applied ReLU: dense_forward returns the pre-activation I, before activation."
    if W.ndim == 2 and W.shape[0] == W.shape[1]:
        return ("W is square here, so a transposed W raises no error: its rows belong to the "
                "inputs (the columns of H_prev), its columns to the neurons.")
    return None


register(Exercise(
    "dense_forward",
    checked="shape, one row per example, bias on every row, input untouched",
    shape_hint=dense_shape_hint,
    value_hint=dense_value_hint,
    inputs=("H_prev", "W", "b"),
))


def mse_shape_hint(got, expected, args):
    M, N = bp_size(args[0])
    if got.shape == np.shape(args[0]):
        return "You returned every squared error: the loss is one number, their mean."
    if got.ndim == 1 and got.size in (M, N):
        return ("You averaged along one axis only: the loss is one number, the mean over all "
                "M·N entries (every example and every output).")
    return None


def mse_value_hint(got, expected, args):
    M, N = bp_size(args[0])
    c = bp_factor(got, expected)
    if M * N > 1 and bp_is(c, M * N):
        return (f"The loss is M·N = {M * N} times too large: you summed the squared errors. "
                "Take their mean over all entries.")
    if N > 1 and bp_is(c, N):
        return ("You summed over the N outputs of each example and averaged over the examples "
                "(as the MSE derivation text's ‖o − t‖² does): average over the outputs too.")
    if M > 1 and bp_is(c, M):
        return "You summed over the examples: average over them as well."
    if bp_is(c, 0.5):
        return ("An extra factor 1/2: the ½‖ŷ − y‖² convention simplifies the derivative, but "
                "this course's loss is the plain mean of the squares.")
    if float(expected) > 0 and np.isclose(float(got) ** 2, float(expected), rtol=RTOL):
        return ("You took a square root: that is the root mean squared error. The loss is the "
                "mean of the squares itself.")
    return None


register(Exercise(
    "mse_loss",
    checked="one number, mean over all entries, inputs untouched",
    shape_hint=mse_shape_hint,
    value_hint=mse_value_hint,
    inputs=("Y_hat", "Y"),
))


def mse_delta_value_hint(got, expected, args):
    Y_hat = np.asarray(args[0], dtype=float)
    M, N = bp_size(Y_hat)
    slope = Y_hat * (1 - Y_hat)
    if bp_factor(got * slope, expected * bp_slope_of_logistic(Y_hat)) is not None:
        return ("You applied σ′ to an activation: Y_hat is already σ(I), so sigmoid_prime(Y_hat) "
                "takes the sigmoid a second time. σ′(I) can be written with Y_hat itself "
                "(tutorial 04, eq. 32).")
    if bp_factor(got * slope, expected) is not None:
        return ("The σ′ factor is missing: Y_hat comes out of a sigmoid, so the chain rule from "
                "the loss to I passes through σ′(I) as well.")
    c = bp_factor(got, expected)
    return bp_first(
        (M > 1 and bp_is(c, 1 / M),
         "Every value is 1/M of the expected one: did you divide by the number of examples M (or "
         "by all M·N entries)? " + PER_EXAMPLE),
        (M > 1 and N != M and bp_is(c, N / M),
         "You divided by the number of examples M: the 2/N comes from the mean over the N "
         "outputs of one example (the columns)."),
        (N != 2 and bp_is(c, N / 2),
         "missing 2/N: the loss averages over the N outputs (1/N), and the derivative of the "
         "square brings a factor 2."),
        (N > 1 and bp_is(c, N), "missing 1/N: the loss averages the squared errors over the N "
                                "outputs."),
        (bp_is(c, 0.5), "missing factor 2: the derivative of (ŷ − y)² is 2(ŷ − y)."),
        (bp_is(c, -1), "Every value has the wrong sign: did you subtract the prediction from the "
                       "target? The loss grows as Y_hat moves away from Y, in the direction of "
                       "Y_hat − Y."),
    )


register(Exercise(
    "mse_output_delta",
    checked="shape, factor 2/N, σ′ of the output, per example, inputs untouched",
    value_hint=mse_delta_value_hint,
    inputs=("Y_hat", "Y"),
))


def bp_weight_problem(got, expected, M, name="dW"):
    """What is wrong with a weight gradient, or None."""
    got = np.asarray(got, dtype=float)
    transposed = (f"{name} should be shaped like W: one row per input, one column per neuron. "
                  "Did you compute Delta.T @ H_prev instead of H_prev.T @ Delta?")
    if got.shape != expected.shape:
        if got.shape == expected.shape[::-1]:
            return f"{name} has shape {got.shape}, expected {expected.shape}. " + transposed
        return None
    if expected.shape[0] == expected.shape[1] and bp_close(got, expected.T):
        return f"{name} is transposed. " + transposed
    c = bp_factor(got, expected)
    if M > 1 and bp_is(c, M):
        return f"{name} is M = {M} times too large: {MISSING_MEAN}"
    if M > 1 and bp_is(c, 1 / M):
        return f"{name} is 1/M of the expected one: is there an extra 1/M? " + PER_EXAMPLE
    if bp_is(c, -1):
        return f"{name} has the wrong sign: Delta is dL/dI, and dW follows it with a plus sign."
    return None


def bp_bias_problem(got, expected, M, name="db", Delta=None):
    """What is wrong with a bias gradient, or None."""
    got = np.asarray(got, dtype=float)
    (n,) = expected.shape
    per_example = (f"{name} has one entry per example: average Delta over the examples (axis 0), "
                   "keeping one entry per neuron.")
    if got.shape != expected.shape:
        if got.shape == (M,):
            return per_example
        if got.shape in ((1, n), (n, 1)):
            return f"{name} has shape {got.shape}: return a 1-D array, one entry per neuron."
        if got.shape == ():
            return f"{name} is a single number: keep one entry per neuron."
        return None
    if Delta is not None and M == n and bp_close(got, np.mean(Delta, axis=1)):
        return per_example
    c = bp_factor(got, expected)
    if M > 1 and bp_is(c, M):
        return f"{name} is M = {M} times too large: {MISSING_MEAN}"
    if M > 1 and bp_is(c, 1 / M):
        return f"{name} is 1/M of the expected one: is there an extra 1/M? " + PER_EXAMPLE
    if bp_is(c, -1):
        return f"{name} has the wrong sign. " + BIAS_SIGN
    return None


def last_layer_output_hint(got, expected, args):
    H_prev, Delta = (np.asarray(a, dtype=float) for a in args)
    M = H_prev.shape[0]
    if not isinstance(got, (tuple, list)):
        if np.shape(got) == expected[0].shape:
            return "You returned dW only: return the pair (dW, db)."
        return f"Return a pair (dW, db), not {describe(got)}."
    if len(got) != 2:
        return f"Return a pair (dW, db), not {len(got)} items."
    dW, db = got
    if np.shape(dW) == expected[1].shape and np.shape(db) == expected[0].shape:
        return "You returned (db, dW): return the weight gradient first, (dW, db)."
    if not bp_close(dW, expected[0]):
        return bp_weight_problem(dW, expected[0], M)
    return bp_bias_problem(db, expected[1], M, Delta=Delta)


register(Exercise(
    "last_layer_gradients",
    checked="shapes of dW and db, batch mean, sign, inputs untouched",
    output_hint=last_layer_output_hint,
    inputs=("H_prev", "Delta"),
))


def logloss_delta_value_hint(got, expected, args):
    Y_hat = np.asarray(args[0], dtype=float)
    M, N = bp_size(Y_hat)
    slope = Y_hat * (1 - Y_hat)
    if bp_factor(got, expected * slope) is not None:
        return ("σ′ cancels: the log-loss's derivative (ŷ − y)/(ŷ(1 − ŷ)) is multiplied by σ′(I), "
                "and the two factors ŷ(1 − ŷ) cancel. You kept one of them.")
    if bp_factor(got * slope, expected) is not None:
        return ("You stopped at dℓ/dŷ: Delta is the derivative with respect to the pre-activation "
                "I, so the chain rule still multiplies by σ′(I).")
    c = bp_factor(got, expected)
    if M > 1 and bp_is(c, 1 / M):
        return "Every value is 1/M of the expected one. " + PER_EXAMPLE
    if N > 1 and bp_is(c, 1 / N):
        return ("Every value is 1/N of the expected one: the log-loss of one example sums over "
                "its outputs, so no 1/N here.")
    if bp_is(c, -1):
        return ("Every value has the wrong sign: did you subtract the prediction from the "
                "target? The loss grows as Y_hat moves away from Y.")
    return None


register(Exercise(
    "logloss_output_delta",
    checked="shape, values, per example, inputs untouched",
    value_hint=logloss_delta_value_hint,
    inputs=("Y_hat", "Y"),
))


# --- 05 Deep δ recursion ---------------------------------------------------------------------

MISSING_SLOPE = ("the slip of the MSE derivation text (W^T δ without σ′). The product with the "
                 "weights gives dL/dH of the layer before; the chain rule still has to pass "
                 "through that layer's sigmoid.")


def backprop_shape_hint(got, expected, args):
    M, n = expected.shape
    if got.shape == (n, M):
        return ("Delta has one row per example. This is the tutorial's column form (W Δ, one "
                "column per example); in this course's rows convention the product is "
                "transposed.")
    if got.shape == np.shape(args[0]):
        return ("The result kept the shape of Delta_next: it belongs to the layer before, with "
                "one column per neuron of that layer (one per row of W_next).")
    return None


def backprop_value_hint(got, expected, args):
    W_next, slope = np.asarray(args[1], dtype=float), np.asarray(args[2], dtype=float)
    M = bp_size(slope)[0]
    if bp_close(got * slope, expected):
        return "The σ′ factor is missing: " + MISSING_SLOPE
    if bp_close(got, expected * slope):
        return "act_prime is applied twice: multiply by it once."
    if bp_factor(got * slope, expected * bp_slope_of_logistic(slope)) is not None:
        return ("You applied σ′ to act_prime, which already is the derivative: multiply by it "
                "as it is.")
    c = bp_factor(got, expected)
    if M > 1 and bp_is(c, 1 / M):
        return "Every value is 1/M of the expected one. " + PER_EXAMPLE
    if W_next.shape[0] == W_next.shape[1]:
        return ("W_next is square here, so a missing transpose raises no error: check which axis "
                "of W_next belongs to which layer.")
    return None


register(Exercise(
    "backprop_delta",
    checked="shape, the product with the weights, the σ′ factor, inputs untouched",
    shape_hint=backprop_shape_hint,
    value_hint=backprop_value_hint,
    inputs=("Delta_next", "W_next", "act_prime"),
))


def forward_output_hint(got, expected, args):
    X, params = args
    L = len(params)
    if not isinstance(got, (list, tuple)):
        if np.shape(got) == expected[-1].shape:
            return ("You returned only the output layer. Return the list of every layer's "
                    "activations [H_0 = X, H_1, ..., H_L]: the backward pass needs them all.")
        return f"Return a list of L + 1 = {L + 1} arrays [H_0 = X, ..., H_L], not {describe(got)}."
    if len(got) == L:
        if bp_close(got[0], X):
            return (f"One layer short: the list starts with X but has no H_{L}. Does your loop "
                    "skip the last (W, b) pair?")
        if L > 1 and bp_close(got[0], expected[1]):
            return ("The list starts with H_1: put the input first, H_0 = X (the first layer's "
                    "weight gradient needs it).")
    if len(got) != L + 1:
        return f"Expected L + 1 = {L + 1} arrays (H_0 = X and one per layer), got {len(got)}."
    for k in range(L + 1):
        if bp_close(got[k], expected[k]):
            continue
        H = np.asarray(got[k], dtype=float)
        if k == 0:
            return "H_0 should be the input X itself, unchanged."
        if H.shape != expected[k].shape:
            return (f"H_{k} has shape {H.shape}, expected {expected[k].shape}: one row per "
                    f"example, one column per neuron of layer {k}.")
        if bp_close(bp_logistic(H), expected[k]):
            if k == L > 1:
                return (f"{bp_span('H', 1, L - 1)} {'is' if L == 2 else 'are'} right, but the "
                        "last layer is missing its sigmoid: every layer of this network applies "
                        "σ, the output layer included.")
            return (f"H_{k} holds the pre-activation I_{k}: store the activation σ(I_{k}), and "
                    "feed it to the next layer.")
        if k == 1:
            return "H_1 is wrong: it is σ of the first layer's pre-activation (X, params[0])."
        return (f"{bp_span('H', 1, k - 1)} {'is' if k == 2 else 'are'} right, H_{k} is not: "
                f"does layer {k} start from the "
                f"previous layer's activations H_{k - 1}, with its own pair params[{k - 1}]?")
    return None


register(Exercise(
    "forward_sigmoid_net",
    checked="a list [H_0 = X, ..., H_L], every layer's sigmoid, inputs untouched",
    output_hint=forward_output_hint,
    inputs=("X", "params"),
))


def bp_flat(pairs):
    return np.concatenate([np.ravel(np.asarray(a, dtype=float)) for pair in pairs for a in pair])


def bp_shapes(pairs):
    return [tuple(np.shape(a) for a in pair) for pair in pairs]


def bp_all_scaled_hint(c, M, N):
    """A message for gradients that are all c times too large, or None."""
    return bp_first(
        (M > 1 and bp_is(c, M), f"Every gradient is M = {M} times too large: {MISSING_MEAN}"),
        (M > 1 and bp_is(c, 1 / M),
         "Every gradient is 1/M of the expected one: an extra 1/M. " + PER_EXAMPLE),
        (N != 2 and bp_is(c, N / 2),
         f"Every gradient is N/2 = {N / 2:g} times the expected one: missing 2/N in the output "
         "layer's Delta."),
        (N > 1 and bp_is(c, N),
         "Every gradient is N times too large: missing 1/N in the output layer's Delta."),
        (bp_is(c, 0.5),
         "Every gradient is half the expected one: missing factor 2 in the output Delta."),
        (bp_is(c, -1), "Every gradient has the wrong sign: the output error is prediction minus "
                       "target, Y_hat − Y."),
    )


def bp_hidden_layer_hint(got, expected, Hs, K, hidden=True):
    """With one example, db of a layer is its Delta: compare the student's with the right one."""
    layer = K + 1
    (dW, db), (_, right_db) = got, expected
    db, right_db = np.ravel(np.asarray(db, dtype=float)), np.ravel(right_db)
    H = np.ravel(Hs[layer])  # the layer's output; its σ′ is H(1 − H)
    if not hidden:
        for j, other in enumerate(Hs):
            if j != layer - 1 and bp_close(dW, np.outer(np.ravel(other), db)):
                return (f"dW of layer {layer} pairs its Delta with H_{j}, the wrong layer's "
                        f"activations: the input of layer {layer} is H_{layer - 1}.")
        return None
    if bp_close(db * H * (1 - H), right_db):
        return f"The Delta of hidden layer {layer} is missing its σ′ factor: " + MISSING_SLOPE
    if bp_factor(db * H * (1 - H), right_db * bp_slope_of_logistic(H)) is not None:
        return (f"Layer {layer}: you applied σ′ to an activation. H_{layer} is already "
                f"σ(I_{layer}), so sigmoid_prime(H_{layer}) takes the sigmoid a second time; for "
                "the sigmoid, σ′(I) can be written with H itself (tutorial 04, eq. 32).")
    for j, other in enumerate(Hs):
        h = np.ravel(other)
        if j != layer and h.shape == H.shape and bp_close(db * H * (1 - H), right_db * h * (1 - h)):
            return (f"Layer {layer}: σ′ is taken from H_{j}, the wrong layer's activations: "
                    f"the Delta of layer {layer} needs σ′ of its own output H_{layer}.")
        if j != layer - 1 and bp_close(dW, np.outer(h, db)):
            return (f"dW of layer {layer} pairs its Delta with H_{j}, the wrong layer's "
                    f"activations: the input of layer {layer} is H_{layer - 1}.")
    return None


def backward_output_hint(got, expected, args):
    Hs, Y, params = args
    L, (M, N) = len(params), np.shape(Y)
    if not isinstance(got, (list, tuple)):
        return (f"Return a list of L = {L} pairs (dW, db), one per layer in the order of params, "
                f"not {describe(got)}.")
    if len(got) == L - 1 and bp_shapes(got) == bp_shapes(expected[1:]):
        return ("One pair short: the first layer (params[0], whose input is H_0 = X) has no "
                "gradients. Does your loop stop one layer early?")
    if len(got) != L:
        return f"Expected L = {L} pairs (dW, db), one per layer, got {len(got)} items."
    if any(not isinstance(pair, (tuple, list)) or len(pair) != 2 for pair in got):
        return "Each item should be a pair (dW, db)."
    reversed_got = [a for pair in got[::-1] for a in pair]
    if L > 1 and (bp_shapes(expected) != bp_shapes(expected[::-1]) == bp_shapes(got) or all(
            bp_close(g, e) for g, e in zip(reversed_got, [a for p in expected for a in p]))):
        return ("Your list runs from the last layer to the first: item k must belong to "
                "params[k]. Reverse it before returning.")
    right = [all(bp_close(g, e) for g, e in zip(got[k], expected[k])) for k in range(L)]
    same_shapes = bp_shapes(got) == bp_shapes(expected)
    if same_shapes:
        scaled = bp_all_scaled_hint(bp_factor(bp_flat(got), bp_flat(expected)), M, N)
        if scaled:
            return scaled
        if all(bp_close(g[0], e[0]) and bp_close(g[1], -e[1]) for g, e in zip(got, expected)):
            return "Every db has the wrong sign. " + BIAS_SIGN
    K = max(k for k in range(L) if not right[k])  # the wrong layer nearest to the output
    layer, name = K + 1, "the output layer" if K == L - 1 else f"layer {K + 1}"
    dW, db = got[K]
    width_in = np.shape(expected[K][0])[1]
    for j in sorted(range(len(Hs)), key=lambda j: abs(j - layer)):  # the nearest first
        H = Hs[j]
        if j != K and np.shape(dW) == (H.shape[1], width_in) != np.shape(expected[K][0]):
            return (f"dW of {name} has shape {np.shape(dW)}: it pairs Delta with H_{j}, the wrong "
                    f"layer's activations. The input of layer {layer} is H_{layer - 1}.")
    problem = (bp_weight_problem(dW, expected[K][0], M, f"dW of {name}")
               or bp_bias_problem(db, expected[K][1], M, f"db of {name}"))
    if problem:
        return problem
    if M == 1:
        problem = bp_hidden_layer_hint(got[K], expected[K], Hs, K, hidden=K < L - 1)
        if problem:
            return problem
    if K == L - 1:
        return ("The output layer's gradients are wrong: start from the output Delta of the MSE "
                f"(notebook 04) and the output layer's input H_{L - 1}.")
    return (f"The gradients of {bp_span('layer', layer + 1, L)} are right, those of layer {layer} "
            f"are not: the mistake is in passing Delta back through layer {layer + 1}, or in the "
            "activations you pair it with.")


register(Exercise(
    "backward_sigmoid_net",
    checked="a list of (dW, db) per layer, every layer's values, inputs untouched",
    output_hint=backward_output_hint,
    inputs=("Hs", "Y", "params"),
))
