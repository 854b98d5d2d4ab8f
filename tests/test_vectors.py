"""The public test vectors are what the reference produces, and every exercise is wired up."""

import json

import numpy as np
import pytest

from autograder.cases import HIDDEN, PUBLIC, hidden_cases, vector_text
from autograder.student.casefile import vector_file
from autograder.student.checks import EXERCISES

# Matrix products round differently on another CPU's BLAS kernels: a regenerated number may
# differ from the stored one in its last place (about 1e-16 relative). A changed formula or case
# moves numbers by far more than this; labels, groups, shapes and dtypes must match exactly.
RTOL = 1e-12


def differences(stored, fresh, where="vectors"):
    """Where two decoded vector files differ beyond rounding, one line per place."""
    if isinstance(stored, dict) and isinstance(fresh, dict) and "array" in stored | fresh:
        return array_differences(stored, fresh, where)
    if type(stored) is not type(fresh):
        return [f"{where}: {stored!r} became {fresh!r}"]
    if isinstance(stored, float):
        return array_differences({"array": stored}, {"array": fresh}, where)
    if isinstance(stored, dict):
        if stored.keys() != fresh.keys():
            return [f"{where}: keys {sorted(stored)} became {sorted(fresh)}"]
        return [line for key in stored
                for line in differences(stored[key], fresh[key], f"{where}.{key}")]
    if isinstance(stored, list):
        if len(stored) != len(fresh):
            return [f"{where}: {len(stored)} entries became {len(fresh)}"]
        return [line for i, (a, b) in enumerate(zip(stored, fresh))
                for line in differences(a, b, f"{where}[{i}]")]
    return [] if stored == fresh else [f"{where}: {stored!r} became {fresh!r}"]


def array_differences(stored, fresh, where):
    if stored.keys() != fresh.keys() or stored.get("dtype") != fresh.get("dtype"):
        return [f"{where}: {stored} became {fresh}"]
    a, b = np.asarray(stored["array"]), np.asarray(fresh["array"])
    if a.shape != b.shape or a.dtype.kind not in "biuf" or b.dtype.kind not in "biuf":
        return [f"{where}: {stored} became {fresh}"]
    if a.dtype.kind != "f" and b.dtype.kind != "f":
        return [] if np.array_equal(a, b) else [f"{where}: {a.tolist()} became {b.tolist()}"]
    scale = float(np.max(np.abs(b), initial=0.0))  # a value that cancels to ~0 keeps its array's
    close = np.allclose(a, b, rtol=RTOL, atol=RTOL * scale, equal_nan=True)
    return [] if close else [f"{where}: {a.tolist()} became {b.tolist()}"]


@pytest.mark.parametrize("exercise", sorted(PUBLIC))
def test_stored_vectors_are_what_the_reference_computes_up_to_rounding(exercise):
    stored = json.loads(vector_file(exercise).read_text())
    found = differences(stored, json.loads(vector_text(exercise)))
    assert not found, ("stale test vectors: run `python -m autograder vectors`\n"
                       + "\n".join(found[:10]))


def test_every_exercise_has_public_cases_hidden_cases_and_a_check():
    assert set(PUBLIC) == set(HIDDEN) == set(EXERCISES)


@pytest.mark.parametrize("exercise", sorted(HIDDEN))
def test_hidden_cases_are_reproducible_and_differ_from_the_public_ones(exercise):
    assert hidden_cases(exercise) == hidden_cases(exercise)
    public_args = [case["args"] for case in PUBLIC[exercise]()]
    assert not any(case["args"] in public_args for case in hidden_cases(exercise))
