"""The checks that the notebooks' visible test cells call.

    from autograder.student.checks import check
    check("gradient_descent", gradient_descent)

A check runs your function on public test vectors (`vectors/<exercise>.json`), prints one line
when everything passes, and otherwise raises `AssertionError` with the first problem it finds —
type, then shape, then values, then edge cases — and the mistake that most often causes it.
It knows the expected outputs of those cases, never how to compute them.
"""

import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice

import numpy as np

from autograder.student.casefile import Opaque, decode, load_cases

RTOL = 1e-6  # relative tolerance of every value comparison in the course
ATOL = 1e-9  # absolute tolerance, for entries that should be (close to) zero
MAX_ITEMS = 100_000  # a generator is observed up to this many items


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
    # Appended when NumPy warns during the call (an overflow, a division by zero): the mistake
    # that most often causes that warning in this exercise.
    warning_hint: str = ""
    # Replaces the comparison with the expected output where more than one answer is right (a
    # shuffle): (got, expected, args) -> a message, or None when got is acceptable.
    compare: Callable | None = None


EXERCISES = {}


def register(exercise):
    EXERCISES[exercise.name] = exercise
    return exercise


class Mistake(Exception):
    """A check's finding; turned into a CheckError at the entry points."""


class CheckError(AssertionError):
    """A failed check. IPython shows it as its message alone: the student needs the hint, not
    the checker's frames."""

    def _render_traceback_(self):
        return [f"CheckError: {self}"]


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
        raise CheckError(str(mistake)) from None
    print(f"✓ {spec.name}: {len(cases)} check{'s' * (len(cases) != 1)} passed ({spec.checked})")


def fail(spec, message):
    raise Mistake(f"✗ {spec.name}: {message}")


def run_case(spec, fn, case):
    """Call `fn` on one case and judge what happened; raise Mistake with a hint if it is wrong."""
    args = [decode(a) for a in case["args"]]
    problem = judge(spec, case, args, observe(fn, args))
    if problem:
        fail(spec, problem)


def observe(fn, args):
    """What the student's function does with `args` (called on them, so they may change):
    {"returned": value} or {"raised": (type name, message)}, plus {"warned": message} when NumPy
    warned. The grader runs this inside the student's sandbox and judges the result outside."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            returned = fn(*args)
            if isinstance(returned, Iterator):  # a generator: observe the items it yields
                returned = list(islice(returned, MAX_ITEMS))
            observation = {"returned": returned}
        except Exception as error:  # the student's bug, reported as a hint
            observation = {"raised": (type(error).__name__, str(error))}
    numeric = [w for w in caught if issubclass(w.category, RuntimeWarning)]
    if numeric:
        observation["warned"] = str(numeric[0].message)
    return observation


def judge(spec, case, args_after, observation):
    """The first problem with an observation of `case` (a message), or None if it is right."""
    label = case["label"]
    if "raised" in observation:
        kind, message = observation["raised"]
        if kind == "NotImplementedError":
            return ("not implemented yet. Write your code in the answer cell above (and in any "
                    "earlier exercise it calls), run that cell, then run this check again.")
        return (f"{label}: your function raised {kind}: {message}"
                f"{exception_hint(kind, message)}")
    if "warned" in observation:
        return (f"{label}: NumPy warned '{observation['warned']}'. A correct implementation "
                "stays finite and silent here; look for an overflow or a division by zero."
                f"{' ' * bool(spec.warning_hint)}{spec.warning_hint}")
    got, before = observation["returned"], [decode(a) for a in case["args"]]
    for i, (now, then) in enumerate(zip(args_after, before)):
        if changed(now, then):
            name = spec.inputs[i] if i < len(spec.inputs) else f"argument {i + 1}"
            return (f"{label}: your function changed its input `{name}` in place. "
                    "Work on a copy (for example `x = x - ...` instead of `x -= ...`"
                    f"{'; pop, append and reverse change a list' * isinstance(then, list)}).")
    expected = decode(case["expected"])
    if spec.compare is not None:
        return add_label(label, spec.compare(got, expected, before))
    problem = compare(spec, got, expected, before)
    if problem:
        return f"{label}: {whole_output_hint(spec, got, expected, before) or problem}"
    return None


def add_label(label, problem):
    return f"{label}: {problem}" if problem else None


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


def exception_hint(kind, text):
    if "Cannot cast ufunc" in text and "int" in text:
        return (". An integer array cannot hold a fractional step: start from a float copy, "
                "e.g. np.array(x0, dtype=float).")
    if "converted to Python scalars" in text or "only length-1 arrays" in text:
        return (". Your code turns an array into a single number (float() or int()), but this "
                "input is a vector: keep it an array.")
    if ("not subscriptable" in text or "has no len" in text or "iteration over a 0-d" in text
            or "is not iterable" in text):
        return ". Your code assumes an array, but this input is a plain number (a scalar)."
    if "truth value of an array" in text:
        return (". Python's `if`, `and`, `or`, `max` and `min` need one True/False or one number, "
                "but here they meet a whole array: use NumPy's elementwise functions instead "
                "(comparisons like z > 0, np.where, np.maximum).")
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
    if isinstance(value, Opaque):
        return repr(value)
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
    worst = tuple(int(i) for i in np.unravel_index(np.argmax(np.abs(got - expected)), got.shape))
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


# --- 02 Chain rule and computational graphs ---------------------------------------------------


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


def two_path_hint(got, expected, args):
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
                    "entry per weight, an outer product of two vectors.")
    if wrong == 2:
        if value.shape != want.shape:
            return (f"dfdx has shape {value.shape}; it must have x's shape {want.shape}. The "
                    "gradient flows back through W from the outputs to the inputs.")
        if W.shape[0] == W.shape[1] and agrees(value, 2 * W @ (W @ x)):
            return ("dfdx multiplies by W where its transpose belongs: going backwards, the "
                    "gradient travels from the outputs q to the inputs x.")
    if agrees(value, want / 2):
        return (f"{name} is half the expected value: the derivative of each square q_i² brings "
                "a factor 2.")
    if agrees(value, -want):
        return f"{name} has the wrong sign."
    return None


def numerical_gradient_shape_hint(got, expected, args):
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
    h = float(args[2]) if len(args) > 2 else 1e-5
    nonzero = np.abs(expected) > ATOL
    if nonzero.any():
        ratio = got[nonzero] / expected[nonzero]
        if np.allclose(ratio, 2, rtol=1e-4):
            return ("Every value is twice the expected one: the two probes x + h and x − h "
                    "are 2h apart, and that distance is what you divide by.")
        if np.allclose(ratio, 0.5, rtol=1e-4):
            return ("Every value is half the expected one: the two probes x + h and x − h are "
                    "2h apart, and that distance is what you divide by.")
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
    if expected.shape == () and got.ndim > 0:
        return ("Return one number: the largest relative error over all entries, not the error "
                "of each entry.")
    return None


def relative_error_value_hint(got, expected, args):
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
))

register(Exercise(
    "norm_sq_of_product",
    checked="f, dfdW with W's shape, dfdx with x's shape, square and non-square W",
    output_hint=norm_sq_of_product_hint,
    inputs=("W", "x"),
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


# --- 03 Sigmoid and its derivative -----------------------------------------------------------


def as_input(args, expected):
    """The exercise's input z as a float array shaped like the expected output."""
    return np.broadcast_to(np.asarray(args[0], dtype=float), expected.shape)


def sigmoid_value_hint(got, expected, args):
    z = as_input(args, expected)
    if agrees(got, 1 - expected):
        return "You computed σ(−z) = 1 − σ(z): check the sign in the exponent."
    moderate = np.abs(z) < 30
    if agrees(got[moderate], expected[moderate]):
        return ("Right for moderate z, wrong for large |z|: there σ(z) is exactly 0 or 1 in "
                "floating point. Do not clip z to a narrow range.")
    return None


def sigmoid_prime_value_hint(got, expected, args):
    z = as_input(args, expected)
    s = (1 + np.sign(z) * np.sqrt(np.clip(1 - 4 * expected, 0, 1))) / 2  # σ(z), from σ'(z)
    if agrees(got, z * (1 - z)):
        return ("You computed z(1 − z). The formula σ(1 − σ) takes the sigmoid's output σ(z), "
                "not z.")
    if np.all((got > 0.19) & (got < 0.2501)) and np.any(expected < 0.19):
        return ("Your values never drop below σ′(1) ≈ 0.197, even where σ is flat: you apply "
                "σ′ to an activation σ(z) (or call sigmoid twice) instead of to z.")
    if agrees(got, s) or agrees(got, 1 - s):
        return "You returned one factor only: the derivative of σ is a product of two factors."
    return None


def relu_value_hint(got, expected, args):
    z = as_input(args, expected)
    if agrees(got, np.abs(z)):
        return "Negative entries come out positive: ReLU sets them to 0, it does not flip them."
    if agrees(got, np.where(z < 0, z, 0.0)):
        return "You kept the negative part: ReLU keeps the positive entries and zeroes the rest."
    if agrees(got, (z > 0).astype(float)):
        return "You returned the derivative (0 or 1), not ReLU itself."
    return None


def relu_prime_value_hint(got, expected, args):
    z = as_input(args, expected)
    at_zero = z == 0
    if at_zero.any() and agrees(got[~at_zero], expected[~at_zero]) and np.all(got[at_zero] == 1):
        return ("At z = 0 you return 1. The course, like the simple-derivatives text, takes "
                "ReLU′(0) = 0: only strictly positive z count.")
    if agrees(got, np.where(z > 0, z, 0.0)):
        return "You returned ReLU itself, not its derivative."
    if agrees(got, (z < 0).astype(float)):
        return "Your 0s and 1s are swapped: the slope is 1 where z is positive."
    return None


ACTIVATION_OVERFLOW = (
    "For z = −1000, e^(−z) is e^1000, far beyond the largest float (about 1.8e308). Rewrite σ "
    "so that np.exp only ever sees numbers ≤ 0 (the stable form of section 3). Beware: "
    "np.where(condition, A, B) computes both A and B for every entry, so an unsafe branch "
    "overflows even where it is not selected.")

register(Exercise(
    "sigmoid",
    checked="values, no overflow and exact limits at ±1000, floats and any shape",
    value_hint=sigmoid_value_hint,
    warning_hint=ACTIVATION_OVERFLOW,
    inputs=("z",),
))

register(Exercise(
    "sigmoid_prime",
    checked="values, maximum ¼ at 0, no overflow at ±1000, floats and any shape",
    value_hint=sigmoid_prime_value_hint,
    warning_hint=("σ′ built on an unstable σ, or written as e^(−z)/(1 + e^(−z))², overflows at "
                  "z = −1000. Build it on a stable sigmoid."),
    inputs=("z",),
))

register(Exercise(
    "relu",
    checked="values, floats and any shape, input untouched",
    value_hint=relu_value_hint,
    inputs=("z",),
))

register(Exercise(
    "relu_prime",
    checked="values, ReLU′(0) = 0, floats and any shape, input untouched",
    value_hint=relu_prime_value_hint,
    inputs=("z",),
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
    return s - s * s


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
    M = len(H_prev)
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


# --- 06 Softmax and cross-entropy ------------------------------------------------------------


def row_sums(A):
    return np.asarray(A, dtype=float).sum(axis=-1)


def softmax_value_hint(got, expected, args):
    Z = np.asarray(args[0], dtype=float)
    M, N = expected.shape
    if N > 1 and M > 1 and np.allclose(got.sum(axis=0), 1) and not np.allclose(row_sums(got), 1):
        return ("Your columns sum to 1, not your rows: each row is one example, so normalise "
                "over axis 1 (the classes), with keepdims=True.")
    with np.errstate(all="ignore"):
        if bp_close(np.exp(got), expected):
            return ("You returned the log-probabilities Z − log Σ e^Z. The softmax is their "
                    "exponential: probabilities in (0, 1).")
        if bp_close(got, bp_logistic(Z)):
            return ("You applied the sigmoid entry by entry. The softmax couples the entries of a "
                    "row: each is divided by the sum over its row, so the row sums to 1.")
    if not np.allclose(row_sums(got), 1):
        return ("Your rows do not sum to 1: divide each row by its own sum (axis=1, "
                "keepdims=True, so that the (M, 1) sums line up with the rows).")
    return None


register(Exercise(
    "softmax",
    checked="rows sum to 1, values, logits of ±1000, input untouched",
    value_hint=softmax_value_hint,
    warning_hint=("e^1000 overflows, and e^(−2000) underflows to 0 so that a row divides 0 by 0: "
                  "shift each row by its own maximum before np.exp (the shift cancels in the "
                  "ratio, so P stays the same)."),
    inputs=("Z",),
))

CE_FLOOR_HINT = ("clip P at 1e-12 from below before the log (np.maximum(p, 1e-12)): a "
                 "probability of 0 for the correct class then costs −log(1e-12) ≈ 27.6")


def cross_entropy_shape_hint(got, expected, args):
    M = len(args[0])
    if got.ndim == 1 and got.size == M:
        return "You returned the loss of every example: the loss is one number, their mean."
    return None


def cross_entropy_value_hint(got, expected, args):
    P, y = np.asarray(args[0], dtype=float), np.asarray(args[1], dtype=int)
    (M, N), got = P.shape, float(got)
    p = P[np.arange(M), y]
    if np.any(p < 1e-12) and got > float(expected) + 1:
        return f"Too large where the correct class has P = 0: {CE_FLOOR_HINT}."
    c = bp_factor(got, expected)
    with np.errstate(all="ignore"):
        all_pairs = float(-np.log(np.maximum(P[:, y], 1e-12)).mean())
    return bp_first(
        (M > 1 and bp_is(c, M), f"The loss is M = {M} times too large: you summed over the "
                                "examples. The course's loss is the average over the examples."),
        (N > 1 and bp_is(c, 1 / N), "The loss is 1/N of the expected one: you averaged over the "
                                    "classes too. Only the correct class of each example counts; "
                                    "average over the examples alone."),
        (bp_is(c, 1 / np.log(10)), "You used np.log10: the cross-entropy uses the natural "
                                   "logarithm, np.log."),
        (bp_is(c, -1), "The loss has the wrong sign: it is −log p, and log p ≤ 0."),
        (M > 1 and np.isclose(got, all_pairs, rtol=RTOL),
         "P[:, y] pairs every example with every label (an M×M block): pick one entry per row, "
         "P[np.arange(M), y]."),
    )


register(Exercise(
    "cross_entropy",
    checked="one number, the correct class only, mean over examples, finite at P = 0",
    shape_hint=cross_entropy_shape_hint,
    value_hint=cross_entropy_value_hint,
    warning_hint=("log(0) is −inf, and 0 · log 0 is NaN: take the log of the correct class's "
                  f"probability only, and {CE_FLOOR_HINT}."),
    inputs=("P", "y"),
))


def softmax_jacobian_value_hint(got, expected, args):
    p = np.asarray(args[0], dtype=float)
    D, outer = np.diag(p), np.outer(p, p)
    if bp_close(got, -outer):
        return "The diagonal term diag(p) is missing: ∂p_i/∂z_i has an extra p_i (eq. 31, i = j)."
    if bp_close(got, D - float(p @ p)) or bp_close(got, D - p * p):
        return ("p pᵀ is an outer product, an (N, N) matrix with entries p_i p_j "
                "(np.outer(p, p)), not the dot product p · p or the squares p².")
    if bp_close(got, np.diag(p * (1 - p))):
        return ("Your off-diagonal entries are 0, as for the sigmoid: but a change in one logit "
                "changes every class's probability, ∂p_i/∂z_j = −p_i p_j for i ≠ j.")
    s = np.exp(p - p.max())
    s /= s.sum()
    if p.size > 1 and bp_close(got, np.diag(s) - np.outer(s, s)):
        return "p is already the softmax of the logits: do not apply the softmax to it again."
    return None


register(Exercise(
    "softmax_jacobian",
    checked="shape (N, N), diagonal and off-diagonal entries, input untouched",
    value_hint=softmax_jacobian_value_hint,
    inputs=("p",),
))


def softmax_ce_delta_value_hint(got, expected, args):
    P = np.asarray(args[0], dtype=float)
    M = len(P)
    Y = P - expected  # the one-hot labels
    if bp_close(got, P):
        return ("You returned P itself: subtract 1 at the correct class of each example, "
                "P − onehot(y).")
    with np.errstate(all="ignore"):
        if bp_close(got, -Y / np.where(Y > 0, P, 1.0)):
            return ("This is ∂L/∂P, the derivative with respect to the probabilities (eq. 30): "
                    "chain it through the softmax Jacobian (eq. 31) to reach the logits.")
    if bp_close(got, expected * P * (1 - P)):
        return ("An extra factor P(1 − P), as for a sigmoid output: for the softmax with the "
                "cross-entropy, the Jacobian and the 1/p of the log cancel.")
    c = bp_factor(got, expected)
    if M > 1 and bp_is(c, 1 / M):
        return "Every value is 1/M of the expected one. " + PER_EXAMPLE
    if bp_is(c, -1):
        return "Every value has the wrong sign: Delta is P − onehot(y), prediction minus target."
    return None


register(Exercise(
    "softmax_ce_delta",
    checked="shape, P − onehot at the correct class, per example, inputs untouched",
    value_hint=softmax_ce_delta_value_hint,
    inputs=("P", "y"),
))


def forward_classifier_hint(got, expected, args):
    X, params = args
    L = len(params)
    if not isinstance(got, (list, tuple)):
        if np.shape(got) == expected[-1].shape:
            return ("You returned only P. Return the list of every layer's activations "
                    "[H_0 = X, H_1, ..., H_L = P]: the backward pass needs them all.")
        return None
    if len(got) == L and L > 1 and bp_close(got[0], expected[1]):
        return "The list starts with H_1: put the input first, H_0 = X."
    if len(got) != L + 1:
        return f"Expected L + 1 = {L + 1} arrays (H_0 = X and one per layer), got {len(got)}."
    k = next(k for k in range(L + 1) if not bp_close(got[k], expected[k]))
    H = np.asarray(got[k], dtype=float)
    if H.shape != expected[k].shape:
        return None
    if k < L and np.allclose(row_sums(H), 1):
        return (f"H_{k} is a hidden layer, but its rows sum to 1: the softmax belongs to the "
                "output layer only; hidden layers use the sigmoid.")
    if k == L:
        with np.errstate(all="ignore"):
            logits = np.log(H / (1 - H)) - np.log(expected[L])  # σ⁻¹(H) − log P
        if np.all(np.isfinite(logits)) and np.allclose(logits, logits[:, :1]):
            return ("The output layer uses the sigmoid: a classifier's last layer uses the "
                    "softmax, so that each row of P is a distribution (sums to 1).")
        if np.allclose(H.sum(axis=0), 1) and not np.allclose(row_sums(H), 1):
            return "The columns of P sum to 1, not its rows: take the softmax over each row."
    return None


register(Exercise(
    "forward_classifier",
    checked="a list [H_0 = X, ..., H_L = P], sigmoid hidden layers, softmax output",
    output_hint=forward_classifier_hint,
    inputs=("X", "params"),
))


def classifier_backward_hint(got, expected, args):
    Hs, y, params = args
    L, M = len(params), len(y)
    if not isinstance(got, (list, tuple)) or len(got) != L:
        return None
    if any(not isinstance(pair, (tuple, list)) or len(pair) != 2 for pair in got):
        return "Each item should be a pair (dW, db)."
    if L > 1 and bp_shapes(got) == bp_shapes(expected[::-1]) != bp_shapes(expected):
        return ("Your list runs from the last layer to the first: item k must belong to "
                "params[k]. Reverse it before returning.")
    if bp_shapes(got) == bp_shapes(expected):
        c = bp_factor(bp_flat(got), bp_flat(expected))
        if M > 1 and bp_is(c, M):
            return f"Every gradient is M = {M} times too large: {MISSING_MEAN}"
        if M > 1 and bp_is(c, 1 / M):
            return "Every gradient is 1/M of the expected one: an extra 1/M. " + PER_EXAMPLE
    P = np.asarray(Hs[-1], dtype=float)
    Y = np.zeros_like(P)
    Y[np.arange(M), np.asarray(y, dtype=int)] = 1.0
    dW, db = (np.asarray(a, dtype=float) for a in got[-1])
    for wrong, message in [
            (P, "The output Delta lacks the one-hot labels: it is P − onehot(y), not P."),
            ((P - Y) * P * (1 - P), "The output Delta has an extra P(1 − P), as for a sigmoid "
                                    "output: for the softmax with the cross-entropy it is P − "
                                    "onehot(y).")]:
        if bp_close(db, wrong.mean(axis=0)):
            return message
    if not (bp_close(dW, expected[-1][0]) and bp_close(db, expected[-1][1])):
        return (bp_weight_problem(dW, expected[-1][0], M, "dW of the output layer")
                or bp_bias_problem(db, expected[-1][1], M, "db of the output layer"))
    K = max(k for k in range(L) if not all(bp_close(g, e) for g, e in zip(got[k], expected[k])))
    H = np.asarray(Hs[K + 1], dtype=float)  # the output of the wrong hidden layer
    right_db, db = expected[K][1], np.asarray(got[K][1], dtype=float)
    if M == 1 and bp_close(db * H[0] * (1 - H[0]), right_db):
        return f"The Delta of hidden layer {K + 1} is missing its σ′ factor: " + MISSING_SLOPE
    if np.shape(db) == right_db.shape:
        with np.errstate(all="ignore"):
            ratio = np.mean(bp_slope_of_logistic(H), axis=0) / np.mean(H * (1 - H), axis=0)
        if M == 1 and bp_close(db, right_db * ratio):
            return (f"Layer {K + 1}: you applied σ′ to an activation. H_{K + 1} is already "
                    f"σ(I_{K + 1}); for the sigmoid σ′(I) = H(1 − H) (tutorial 04, eq. 32).")
    return (bp_weight_problem(got[K][0], expected[K][0], M, f"dW of layer {K + 1}")
            or bp_bias_problem(db, right_db, M, f"db of layer {K + 1}")
            or f"The gradients of layers {K + 2} to {L} are right, those of layer {K + 1} are "
               f"not: check how Delta passes back through layer {K + 2} (W transposed, times σ′ "
               f"of H_{K + 1}).")


register(Exercise(
    "classifier_backward",
    checked="a list of (dW, db) per layer, softmax-cross-entropy Delta, batch mean",
    output_hint=classifier_backward_hint,
    inputs=("Hs", "y", "params"),
))


# --- 07 Training a network -------------------------------------------------------------------


def minibatch_problem(got, expected, args):
    """What is wrong with one epoch of minibatches, judged by its properties (any order)."""
    X, y, batch_size = np.asarray(args[0]), np.asarray(args[1]), int(args[2])
    M = len(X)
    if not isinstance(got, (list, tuple)):
        return (f"expected the batches as a list of (X_batch, y_batch) pairs (or a generator "
                f"that yields them), got {describe(got)}.")
    if any(not isinstance(b, (tuple, list)) or len(b) != 2 for b in got):
        return "each batch should be a pair (X_batch, y_batch)."
    Xb = [np.asarray(b[0], dtype=float) for b in got]
    yb = [np.asarray(b[1]) for b in got]
    if any(a.ndim != 2 or a.shape[1:] != X.shape[1:] or len(a) != len(t) or t.ndim != 1
           for a, t in zip(Xb, yb)):
        return ("each X_batch should have shape (B, N) — whole rows of X — and its y_batch "
                "shape (B,), one label per row.")
    sizes, wanted = [len(a) for a in Xb], [len(b[0]) for b in expected]
    rows = {tuple(row): m for m, row in enumerate(X.astype(float))}
    taken = [rows.get(tuple(row), -1) for a in Xb for row in a]
    if -1 in taken:
        return "a batch holds rows that are not rows of X."
    counts = np.bincount(taken, minlength=M)
    if counts.max() > 1:
        return ("some examples appear more than once in one epoch (drawn with replacement?): "
                "shuffle the indices once with a permutation, then slice it, so that every "
                "example appears exactly once.")
    if sum(sizes) < M:
        if sizes[:-1] == wanted[:-2] or (sizes == wanted[:-1] and wanted[-1] < batch_size):
            return (f"the last, smaller batch is missing: {M} examples in batches of "
                    f"{batch_size} leave {M % batch_size} over, and they form one more batch.")
        return f"only {sum(sizes)} of the {M} examples appear: every example, once per epoch."
    if sizes != wanted:
        return (f"batch sizes {sizes}, expected {wanted}: batches of batch_size = {batch_size} "
                "examples, the last one holding what is left.")
    if not np.array_equal(np.concatenate(yb), y[taken]):
        return ("X and y rows no longer belong together: shuffle both with the same order "
                "(index X and y with one permutation), not each on its own.")
    if M > 3 and taken == list(range(M)):
        return ("the examples come in their original order: shuffle them (a permutation drawn "
                "from rng) so that every epoch mixes the batches anew.")
    return None


register(Exercise(
    "iterate_minibatches",
    checked="every example once, batch sizes, X and y rows paired, shuffled, inputs untouched",
    compare=lambda got, expected, args: minibatch_problem(got, expected, args),
    inputs=("X", "y", "batch_size", "rng"),
))


def flat_pairs(pairs):
    """One vector of every array of a list of (W, b) pairs; None when it does not fit."""
    try:
        return bp_flat(pairs)
    except (TypeError, ValueError):
        return None


def sgd_step_hint(got, expected, args):
    params, grads, velocity, lr = args[:4]
    momentum, decay = (list(args[4:]) + [0.0, 0.0])[:2]
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        return "Return a pair (params, velocity): the new parameters and the new velocity."
    new_params, new_velocity = (flat_pairs(g) for g in got)
    theta, g, v = (bp_flat(a) for a in (params, grads, velocity))
    want_params, want_velocity = (bp_flat(e) for e in expected)
    if new_params is None or new_velocity is None or new_params.shape != theta.shape:
        return ("params and velocity should be lists of (W, b) pairs shaped like the ones you "
                "got.")
    if bp_close(new_params, want_velocity) and bp_close(new_velocity, want_params):
        return "You returned (velocity, params): return the parameters first."
    if bp_close(new_params, theta - want_velocity):
        return "The parameters moved the wrong way: θ ← θ + v, with v pointing downhill."
    if bp_close(new_velocity, v) and momentum:
        return ("The velocity you return is the old one: return the new v, the next step "
                "builds on it.")
    gap = new_velocity - want_velocity
    if decay and bp_close(gap, decay * (lr - 1) * theta):
        return ("Weight decay is not scaled by the learning rate (the slides' −λθ): the decay "
                "is the gradient of (λ/2)‖θ‖², so it joins g inside lr·(g + λθ).")
    if decay and bp_close(gap, lr * decay * theta):
        return ("Weight decay is missing: add weight_decay·θ to the gradient of every array, "
                "weights and biases alike.")
    if momentum and bp_close(gap, -momentum * v):
        return ("Momentum is missing: the new velocity keeps momentum·v of the last step, "
                "v ← momentum·v − lr·(g + weight_decay·θ).")
    if momentum and bp_close(new_params, theta + v):
        return "θ moved by the old velocity: update v first, then θ ← θ + (the new v)."
    biases_only = np.concatenate([np.concatenate([np.zeros(np.size(W)), np.ravel(b)])
                                  for W, b in params])  # θ with every weight set to 0
    if decay and bp_close(gap, lr * decay * biases_only):
        return ("The biases are not decayed: this course applies weight decay to every array, "
                "weights and biases alike.")
    return None


register(Exercise(
    "sgd_step",
    checked="new params and velocity, momentum, weight decay scaled by lr, inputs untouched",
    output_hint=sgd_step_hint,
    inputs=("params", "grads", "velocity", "lr", "momentum", "weight_decay"),
))


def train_hint(got, expected, args):
    X, batch_size, epochs = args[0], int(args[5]), int(args[4])
    steps = -(-len(X) // batch_size)  # minibatches per epoch
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        return "Return a pair (params, history)."
    params, history = got
    history, want = np.asarray(history, dtype=float), expected[1]
    if history.shape != want.shape:
        if steps > 1 and history.shape[:1] == (epochs * steps,):
            return (f"history has {len(history)} rows, one per minibatch step: record one row "
                    "per epoch, after the epoch's last step.")
        if history.shape == want.shape[::-1]:
            return f"history has shape {history.shape}: one row per epoch, (loss, accuracy)."
        return (f"history has shape {history.shape}, expected {want.shape}: one row per epoch "
                "holding the loss and the accuracy on the whole training set.")
    hidden = [np.asarray(pair[0], dtype=float) for pair in params[:-1]]
    if hidden and all(np.allclose(W, W[:, :1]) for W in hidden):
        return ("Every hidden neuron has the same weights: zero (or constant) initialisation "
                "never breaks the symmetry. Start from init_params(sizes, rng).")
    params_right = all(bp_close(g, e) for pair, want_pair in zip(params, expected[0])
                       for g, e in zip(pair, want_pair))
    if params_right:
        if epochs > 1 and bp_close(history[1:], want[:-1]):
            return ("history is one epoch late: record the loss and accuracy after each epoch's "
                    "updates, not before them.")
        if bp_close(history[:, ::-1], want):
            return "history's columns are swapped: (loss, accuracy) in that order."
        if bp_close(history[:, 1], 100 * want[:, 1]):
            return "The accuracy is in percent: give it as a fraction between 0 and 1."
        return ("The params are right, history is not: after each epoch, record the mean "
                "cross-entropy and the accuracy of the network on the whole training set.")
    if steps > 1:
        return (f"With {len(X)} examples in batches of {batch_size}, each epoch makes {steps} "
                "steps: one sgd_step for every minibatch that iterate_minibatches returns, each "
                "starting from the params and velocity of the step before.")
    if bp_close(history[0], want[0]):
        return ("The first epoch is right, later ones are not: keep the velocity from step to "
                "step (zeros only once, before the first epoch) and pass momentum to sgd_step.")
    return ("Already the first epoch differs: draw the initial weights with "
            "init_params(sizes, rng), rng = np.random.default_rng(seed), before any shuffle; "
            "then pass lr and weight_decay to sgd_step.")


register(Exercise(
    "train",
    checked="params after training, one (loss, accuracy) row per epoch, seed, momentum, decay",
    output_hint=train_hint,
    inputs=("X", "y", "sizes", "lr", "epochs", "batch_size", "momentum", "weight_decay", "seed"),
))



def passed_line(spec, count):
    """TEMPORARY (lead branch): the checks package's formatter replaces this on merge."""
    return f"✓ {spec.name}: {count} check{'s' * (count != 1)} passed ({spec.checked})"


def failed_line(name, problem):
    return f"✗ {name}: {problem}"
