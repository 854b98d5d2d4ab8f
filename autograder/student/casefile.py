"""Test vectors as JSON: how arrays, tuples and gradient functions are written and read back.

A case is `{"label", "group", "args": [...], "expected": ...}`; arrays are `{"array": [...]}`,
tuples `{"tuple": [...]}`, lists `{"list": [...]}`, gradient functions `{"grad": spec}`
(see `landscapes.gradient_from_spec`). Plain numbers, strings and None stand for themselves.
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
    if isinstance(value, np.generic):
        return value.item()
    return value


def decode(value):
    """JSON value -> Python/NumPy value (a fresh copy every time)."""
    if not isinstance(value, dict):
        return value
    if "array" in value:
        return np.array(value["array"], dtype=value.get("dtype", "float64"))
    if "tuple" in value:
        return tuple(decode(v) for v in value["tuple"])
    if "list" in value:
        return [decode(v) for v in value["list"]]
    if "grad" in value:
        return gradient_from_spec(value["grad"])
    raise ValueError(f"unknown encoded value: {sorted(value)}")


def vector_file(exercise):
    return VECTORS / f"{exercise}.json"


def load_cases(exercise, group=None):
    """The public cases of one exercise, optionally only those of one group."""
    cases = json.loads(vector_file(exercise).read_text())["cases"]
    return [case for case in cases if group is None or case["group"] == group]
