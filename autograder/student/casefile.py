"""Test vectors as JSON: how arrays, tuples and gradient functions are written and read back.

A case is `{"label", "group", "args": [...], "expected": ...}`; arrays are `{"array": [...]}`,
tuples `{"tuple": [...]}`, lists `{"list": [...]}`, gradient functions `{"grad": spec}`
(see `landscapes.gradient_from_spec`), random generators `{"rng": state}` (a NumPy
Generator's bit-generator state, so a case replays the same draws). Plain numbers, strings and
None stand for themselves.
"""

import json
from pathlib import Path

import numpy as np

from autograder.student.landscapes import gradient_from_spec

VECTORS = Path(__file__).with_name("vectors")


def encode(value):
    """Python/NumPy value -> JSON-able value."""
    if isinstance(value, np.ndarray):
        return {"array": value.tolist(), "dtype": str(value.dtype)}
    if isinstance(value, tuple):
        return {"tuple": [encode(v) for v in value]}
    if isinstance(value, list):
        return {"list": [encode(v) for v in value]}
    if callable(value) and hasattr(value, "spec"):
        return {"grad": value.spec}
    if isinstance(value, np.random.Generator):
        return {"rng": value.bit_generator.state}
    if isinstance(value, np.generic):
        return value.item()
    return value


MAX_ENTRIES = 1_000_000  # a student's array larger than this is not shipped back, only named


class Opaque:
    """Stands in for a value a student's function returned that is not data (a function, …)."""

    def __init__(self, description):
        self.description = description

    def __repr__(self):
        return self.description


def encode_observed(value, depth=0):
    """Whatever a student's function returned -> JSON-able value; never fails, stays small."""
    if isinstance(value, np.ndarray):
        if value.size <= MAX_ENTRIES and value.dtype.kind in "biuf":
            return {"array": value.tolist(), "dtype": str(value.dtype)}
        return {"object": f"an array of shape {value.shape} and dtype {value.dtype}"}
    if isinstance(value, (tuple, list)) and depth < 8 and len(value) <= 10_000:
        kind = "tuple" if isinstance(value, tuple) else "list"
        return {kind: [encode_observed(v, depth + 1) for v in value]}
    if isinstance(value, np.generic) and value.dtype.kind in "biuf":
        return value.item()
    if value is None or type(value) in (bool, int, float):
        return value
    if type(value) is str:
        return value[:200]
    return {"object": f"a {type(value).__name__}"}


def decode(value):
    """JSON value -> Python/NumPy value (a fresh copy every time)."""
    if not isinstance(value, dict):
        return value
    if "rng" in value:  # a generator in exactly the recorded state
        kinds = {"PCG64": np.random.PCG64, "MT19937": np.random.MT19937}
        generator = np.random.Generator(kinds[value["rng"]["bit_generator"]]())
        generator.bit_generator.state = value["rng"]
        return generator
    if "array" in value:
        dtype = np.dtype(str(value.get("dtype", "float64")))
        return np.array(value["array"], dtype=dtype if dtype.kind in "biuf" else float)
    if "tuple" in value:
        return tuple(decode(v) for v in value["tuple"])
    if "list" in value:
        return [decode(v) for v in value["list"]]
    if "grad" in value:
        return gradient_from_spec(value["grad"])
    if "object" in value:
        return Opaque(str(value["object"]))
    raise ValueError(f"unknown encoded value: {sorted(value)}")


def vector_file(exercise):
    return VECTORS / f"{exercise}.json"


def load_cases(exercise, group=None):
    """The public cases of one exercise, optionally only those of one group."""
    cases = json.loads(vector_file(exercise).read_text())["cases"]
    return [case for case in cases if group is None or case["group"] == group]
