"""The check engine: the registry of exercises, `check`/`verify` (the notebooks' visible
checks), and `observe`/`judge` (split so that the grader can run the first in the student's
sandbox and the second outside it). Comparisons and shared hints live in `compare`, each
notebook's exercises and hints in its `nbNN_*` module.
"""

import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice

import numpy as np

from autograder.student.casefile import decode, load_cases
from autograder.student.checks.compare import compare

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
    # Earlier exercises of the same notebook that this one calls (train calls
    # iterate_minibatches): when this one fails and a callee fails its own checks, the message
    # names the callee to fix first instead of a symptom.
    calls: tuple = field(default=())
    # For an exercise whose gradient the student derives: (args) -> the expected output from
    # finite differences of the forward computation the notebook gives (checks/numeric.py).
    # The visible checks and their twins compare with it instead of the stored answer, so no
    # reference formula stands behind them; hidden cases keep the reference's answer.
    numerical: Callable | None = None


EXERCISES = {}


def register(exercise):
    """Make `exercise` known to `check`, `verify` and the grader, under its name."""
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
        blamed = failing_callee(spec, fn)
        raise CheckError(failed_line(spec.name, blamed) if blamed else str(mistake)) from None
    print(passed_line(spec, len(cases)))


def callee_message(name, callee, problem):
    """The message of an exercise that fails while an earlier one it calls fails its own checks."""
    return (f"{name} calls your {callee}, and {callee} fails its own check ({problem}) — fix "
            f"{callee} first (its check cell is above), then run this check again.")


def names_called(fn):
    """The global names that `fn`'s code (nested functions included) refers to."""
    names, codes = set(), [getattr(fn, "__code__", None)]
    while codes:
        code = codes.pop()
        if code is not None:
            names.update(code.co_names)
            codes += [c for c in code.co_consts if hasattr(c, "co_names")]
    return names


def callees_in_use(spec, fn):
    """{name: function} of the earlier exercises that `fn` calls, as `fn` sees them (the
    functions of those names in its module, i.e. the notebook); only those its code names."""
    found = {}
    for callee in spec.calls:
        other = getattr(fn, "__globals__", {}).get(callee)
        if callable(other) and other is not fn and callee in names_called(fn):
            found[callee] = other
    return found


def failing_callee(spec, fn):
    """callee_message for the first callee in use by `fn` that fails its public checks, or
    None."""
    for callee, other in callees_in_use(spec, fn).items():
        for case in load_cases(callee):
            args = [decode(a) for a in case["args"]]
            problem = judge(EXERCISES[callee], case, args, observe(other, args))
            if problem:
                return callee_message(spec.name, callee, problem)
    return None


def passed_line(spec, count):
    """The line of an exercise that passed `count` checks: "✓ name: N checks passed (what)"."""
    return f"✓ {spec.name}: {count} check{'s' * (count != 1)} passed ({spec.checked})"


def failed_line(name, problem):
    """The line of an exercise that failed: "✗ name: problem"."""
    return f"✗ {name}: {problem}"


def fail(spec, message):
    """Stop the check of `spec` with `message` (caught in `verify`)."""
    raise Mistake(failed_line(spec.name, message))


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
    if spec.numerical is not None and case.get("group") != "hidden":
        expected = spec.numerical(before)
    if spec.compare is not None:
        return add_label(label, spec.compare(got, expected, before))
    problem = compare(spec, got, expected, before)
    if problem:
        return f"{label}: {whole_output_hint(spec, got, expected, before) or problem}"
    return None


def add_label(label, problem):
    """'label: problem', or None when there is no problem."""
    return f"{label}: {problem}" if problem else None


def changed(now, then):
    """Whether an argument (an array, a number, or a list or tuple of them) differs from its
    copy (a number inside a list can change: `grads[i] += c`)."""
    if isinstance(then, (int, float)) and not isinstance(then, bool):
        return not (now == then or (now != now and then != then))  # NaN stays NaN
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
    """What most often causes an exception the student's function raised ('' if unknown).

    Recognises, in order: a fractional step written into an integer array; float()/int() of a
    vector; indexing or iterating a scalar; `if`/`and`/`max` on a whole array; mismatched
    matrix-product shapes; an elementwise operation on arrays of different shapes.
    """
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


