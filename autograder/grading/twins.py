"""Unpublished twins of the public cases: the same case with fresh values.

The public cases ship with the student package, expected outputs included (the visible checks
run on them), so a function could answer exactly those inputs from a table and be wrong
everywhere else. At grading time every public case has a twin: its arguments with each real
number scaled by a random factor, everything that gives the case its structure kept — shapes,
dtypes, integers (sizes, steps, labels, indices), zeros and signs, equal entries (one factor per
distinct value: repeated examples, ties, symmetric matrices), arrays of only 0s and 1s (one-hot
targets, masks), random generators — and the expected output computed by the reference
on the new values. A visible test cell earns its points only if the function passes the twins
of its cases too (see judge.cell_verdict).
"""

import warnings
import zlib

import numpy as np

from autograder import reference
from autograder.student.casefile import decode, encode

SPREAD = 0.35  # a factor exp(u), u uniform in ±SPREAD: about 0.7x to 1.4x, sign kept
TRIES = 5  # draws per twin before the case is left without one


def vary(value, rng, in_grad=False):
    """An encoded value (see casefile) with fresh real numbers and the same structure."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, float) or (in_grad and isinstance(value, int)):
        return float(value * np.exp(rng.uniform(-SPREAD, SPREAD)))
    if isinstance(value, list):
        return [vary(v, rng, in_grad) for v in value]
    if not isinstance(value, dict):
        return value  # an int: a size, a count, a label, an index
    if "array" in value:
        array = np.array(value["array"], dtype=value.get("dtype", "float64"))
        if array.dtype.kind != "f" or np.isin(array, (0.0, 1.0)).all():
            return value
        # one factor per distinct value: repeated rows, ties and symmetry stay as they were
        distinct, where = np.unique(array, return_inverse=True)
        factors = np.exp(rng.uniform(-SPREAD, SPREAD, size=distinct.shape))
        return {"array": (array * factors[where.reshape(array.shape)]).tolist(),
                "dtype": value["dtype"]}
    if "grad" in value:  # a function's coefficients: all of them are values
        return {"grad": {k: vary(v, rng, in_grad=True) for k, v in value["grad"].items()}}
    if "tuple" in value or "list" in value:
        return {kind: vary(items, rng) for kind, items in value.items()}
    return value  # a random generator's state: the case replays the same draws


def expected_of(exercise, args):
    """The reference's answer on encoded `args`, or None if it raises, warns or is not finite."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            result = getattr(reference, exercise)(*[decode(a) for a in args])
        except Exception:
            return None
    return encode(result) if finite(result) else None


def finite(value):
    """Whether every number in a (nested) result is finite."""
    if isinstance(value, (tuple, list)):
        return all(finite(v) for v in value)
    if isinstance(value, dict):
        return all(finite(v) for v in value.values())
    if isinstance(value, (int, float, np.ndarray, np.generic)):
        array = np.asarray(value)
        return array.dtype.kind not in "fc" or bool(np.isfinite(array).all())
    return True


def twins(exercise, cases):
    """One twin per public case that has real numbers to vary: same label and group, with
    "twin_of" naming the case's id. Drawn from a seed fixed per exercise (grades reproduce)."""
    rng = np.random.default_rng(zlib.crc32(f"twins of {exercise}".encode()))
    made = []
    for case in cases:
        for _ in range(TRIES):
            args = vary(case["args"], rng)
            if args == case["args"]:
                break  # nothing to vary: the public case is its own twin
            expected = expected_of(exercise, args)
            if expected is not None:
                made.append({"label": f"{case['label']} (the same case with other values)",
                             "group": case["group"], "args": args, "expected": expected,
                             "twin_of": case["id"], "id": f"twin/{case['id']}"})
                break
    return made
