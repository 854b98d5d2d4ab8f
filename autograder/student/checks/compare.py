"""Comparing a student's output with the expected one, and the hints several notebooks share.

`compare` finds the first problem with an output (type, then shape, then values) and asks the
exercise's own hints before the generic ones here. The helpers below it recognise a wrong result
as a simple transformation of the right one (a constant factor, a sigmoid too many, a transposed
weight gradient), for the hints of the notebook modules. Every "off by M, 1/M, 2 or −1" hint goes
through `factor_off`: the exercise lists its factors, each with the slip in its own words.
"""

import numpy as np

from autograder.student.casefile import Opaque
from autograder.student.checks.numeric import slope

RTOL = 1e-6  # relative tolerance of every value comparison in the course
ATOL = 1e-9  # absolute tolerance, for entries that should be (close to) zero


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
    """First problem with `got` against the array `expected` (a message), or None.

    Recognises, in order: None returned (a missing return); a Python list; something that is
    not numbers; a wrong shape (the exercise's shape hint, else `shape_hint`); a boolean array;
    an integer dtype; NaN or inf; wrong values (the exercise's value hint, else `value_hint`).
    """
    if got is None:
        return "your function returned None. Did you forget the `return` statement?"
    if isinstance(got, list) and expected.ndim > 0:
        return ("your function returned a Python list; return a NumPy array (np.array(...)): "
                "arithmetic on a list does not work entry by entry ([1, 2] * 2 is [1, 2, 1, 2]).")
    try:
        array = np.asarray(got)
        array.astype(float)
    except (TypeError, ValueError):
        return f"expected an array of shape {expected.shape}, got {describe(got)}."
    got = array
    if got.shape != expected.shape:
        hint = spec.shape_hint(got, expected, args) or shape_hint(got, expected)
        return f"got shape {got.shape}, expected {expected.shape}. {hint}".strip()
    if got.dtype.kind == "b" and expected.dtype.kind == "f":
        return ("the result is a boolean array (True/False). Return numbers: convert it, e.g. "
                "with .astype(float).")
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
    """A short phrase naming what a student's function returned, e.g. 'an array of shape (3,)'."""
    if isinstance(value, Opaque):
        return repr(value)
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}"
    if isinstance(value, (tuple, list)):
        return f"a {type(value).__name__} of {len(value)} items"
    return f"{type(value).__name__} {value!r}"[:80]


def shape_hint(got, expected):
    """The generic shape hint. Recognises, in order: swapped axes; the same entries arranged
    differently. Otherwise ''."""
    if got.shape == expected.shape[::-1]:
        return "The axes are swapped: is a transpose missing, or one too many?"
    if got.size == expected.size:
        return "Same number of entries, different arrangement: check the order of the axes."
    return ""


def value_hint(got, expected):
    """The generic value hint. Recognises, in order: every sign flipped; every value off by one
    constant factor (only for two or more values: one value is a multiple of any other). Otherwise
    names the entry with the largest difference."""
    sign = "The sign is wrong." if expected.size == 1 else "Every value has the wrong sign."
    flipped = factor_off(got, expected, [(-1, sign)])
    if flipped:
        return flipped
    if expected.size == 1:  # one value is always some multiple of another: no claim about it
        return f"got {got.item():.6g}, expected {expected.item():.6g}."
    r = constant_ratio(got, expected) if np.count_nonzero(np.abs(expected) > ATOL) > 1 else None
    if r is not None and abs(r) > ATOL:
        return (f"Every value is {r:.4g} times the expected one: a constant factor is missing or "
                "extra.")
    worst = tuple(int(i) for i in np.unravel_index(np.argmax(np.abs(got - expected)), got.shape))
    return (f"Largest difference at index {worst}: got {got[worst]:.6g}, "
            f"expected {expected[worst]:.6g}.")


# --- Helpers of the notebooks' hints --------------------------------------------------------


def agrees(got, want):
    """Whether two numbers or arrays are equal within the course's tolerances."""
    got, want = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    return got.shape == want.shape and np.allclose(got, want, rtol=RTOL, atol=ATOL)


def numbers(got, count):
    """A returned tuple as `count` float arrays, or None when its structure is wrong."""
    if not isinstance(got, (tuple, list)) or len(got) != count:
        return None
    return [np.asarray(item, dtype=float) for item in got]


def first_wrong(got, expected):
    """The index of the first returned item that differs from the expected one (or None)."""
    return next((i for i, (g, e) in enumerate(zip(got, expected)) if not agrees(g, e)), None)


def mismatch(name, got, want):
    """A plain 'name is ..., expected ...' line for a scalar item."""
    return f"{name} is {float(got):.6g}, expected {float(want):.6g}."


def scale_factor(got, expected):
    """The constant c with got = c · expected, or None when there is none."""
    got, expected = np.asarray(got, dtype=float), np.asarray(expected, dtype=float)
    nonzero = np.abs(expected) > ATOL
    if got.shape != expected.shape or not nonzero.any():
        return None
    with np.errstate(all="ignore"):  # a hint prints nothing: a warning would reach stderr
        c = float(np.median(got[nonzero] / expected[nonzero]))
        return c if abs(c) > ATOL and agrees(got, c * expected) else None


def constant_ratio(got, want, rtol=RTOL):
    """got / want when it is one number on every entry where want is not 0 (entries where it is
    0 are not looked at), else None: the loose "r times" of a generic hint. `scale_factor` is
    the strict one."""
    nonzero = np.abs(want) > ATOL
    if not nonzero.any():
        return None
    ratio = got[nonzero] / want[nonzero]
    return float(ratio.flat[0]) if np.allclose(ratio, ratio.flat[0], rtol=rtol) else None


def factors_off(got, want, slips):
    """The hints, in order, of every slip in `slips` whose factor explains `got`: (f, hint) pairs
    with got = f · want. A factor of None cannot show with these sizes; a factor of 1 is no slip
    (with one example, "M times too large" is right)."""
    c = scale_factor(got, want)
    return [hint for f, hint in slips
            if f is not None and f != 1 and c is not None and abs(c - f) <= 1e-6 * abs(f)]


def factor_off(got, want, slips):
    """The hint of the first slip in `slips` ((f, hint) pairs) with got = f · want, or None: the
    off-by-a-factor diagnosis (M, 1/M, 2, −1, ...) of every exercise, in its own words."""
    found = factors_off(got, want, slips)
    return found[0] if found else None


def first_applying(found):
    """The first of the messages `found`; when several are, the ambiguity is said."""
    if len(found) > 1:
        return found[0] + " (Or, with these sizes: " + found[1] + ")"
    return found[0] if found else None


def logistic(z):
    """σ(z), only to recognise a sigmoid (or its slope) applied where it does not belong.

    Deliberately not an answer to the `sigmoid` exercise: z is clipped to ±20, so σ(−1000) comes
    out as 2e-9, not the 0 its checks demand; hints compare values where |z| < 20."""
    return 1 / (1 + np.exp(-np.clip(np.asarray(z, dtype=float), -20, 20)))


def logistic_slope(z):
    """σ′(z), by finite differences of `logistic` (the derivative's formula is an exercise), to
    recognise σ′ applied to something that already is σ(I)."""
    return slope(logistic, z)


def batch_shape(A):
    """(M, N) of a batch: examples and columns; a 1-D array is one example."""
    A = np.asarray(A)
    return (1, A.size) if A.ndim < 2 else A.shape


# Messages shared by the backpropagation hints of notebooks 04 to 06.
MISSING_MEAN = "missing 1/M: did you sum over the batch instead of averaging?"
PER_EXAMPLE = ("Delta is per example: the 1/M of the batch mean belongs in the gradients, once, "
               "not inside Delta.")
BIAS_SIGN = ("This course adds the bias (I = H W + b, so ∂I/∂b = +1). The MSE derivation text "
             "subtracts it (n_j = Σ w o − b_j), which flips the sign of the bias gradient.")
MISSING_SLOPE = ("the slip of the MSE derivation text (W^T δ without σ′). The product with the "
                 "weights gives dL/dH of the layer before; the chain rule still has to pass "
                 "through that layer's sigmoid.")


def weight_gradient_problem(got, expected, M, name="dW"):
    """What is wrong with a weight gradient of a batch of M examples, or None.

    Recognises, in order: the transposed shape (Delta.T @ H_prev); a transposed square dW; M
    times too large (a sum over the batch); 1/M too small (an extra 1/M); the wrong sign.
    """
    got = np.asarray(got, dtype=float)
    transposed = (f"{name} should be shaped like W: one row per input, one column per neuron. "
                  "Did you compute Delta.T @ H_prev instead of H_prev.T @ Delta?")
    if got.shape != expected.shape:
        if got.shape == expected.shape[::-1]:
            return f"{name} has shape {got.shape}, expected {expected.shape}. " + transposed
        return None
    if expected.shape[0] == expected.shape[1] and agrees(got, expected.T):
        return f"{name} is transposed. " + transposed
    return factor_off(got, expected, [
        (M, f"{name} is M = {M} times too large: {MISSING_MEAN}"),
        (1 / M, f"{name} is 1/M of the expected one: is there an extra 1/M? " + PER_EXAMPLE),
        (-1, f"{name} has the wrong sign: Delta is dL/dI, and dW follows it with a plus sign."),
    ])


def bias_gradient_problem(got, expected, M, name="db", Delta=None):
    """What is wrong with a bias gradient of a batch of M examples, or None.

    Recognises, in order: one entry per example (shape (M,)); a 2-D row or column; a single
    number; with `Delta` given and M = neurons, the mean over the wrong axis; M times too large;
    1/M too small; the wrong sign (the bias subtracted).
    """
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
    if Delta is not None and M == n and agrees(got, np.mean(Delta, axis=1)):
        return per_example
    return factor_off(got, expected, [
        (M, f"{name} is M = {M} times too large: {MISSING_MEAN}"),
        (1 / M, f"{name} is 1/M of the expected one: is there an extra 1/M? " + PER_EXAMPLE),
        (-1, f"{name} has the wrong sign. " + BIAS_SIGN),
    ])


def flatten_pairs(pairs):
    """Every array of a list of (W, b) pairs, raveled into one float vector."""
    return np.concatenate([np.ravel(np.asarray(a, dtype=float)) for pair in pairs for a in pair])


def pair_shapes(pairs):
    """The shapes of a list of (W, b) pairs: [(W.shape, b.shape), ...]."""
    return [tuple(np.shape(a) for a in pair) for pair in pairs]
