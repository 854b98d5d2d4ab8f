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
        if isinstance(then, np.ndarray) and not np.array_equal(now, then, equal_nan=True):
            name = spec.inputs[i] if i < len(spec.inputs) else f"argument {i + 1}"
            fail(spec, f"{case['label']}: your function changed its input `{name}` in place. "
                       "Work on a copy (for example `x = x - ...` instead of `x -= ...`).")
    problem = compare(spec, got, decode(case["expected"]), args)
    if problem:
        fail(spec, f"{case['label']}: {problem}")


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
