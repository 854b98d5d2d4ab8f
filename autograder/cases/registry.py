"""The registry of test cases: `public` and `hidden` register, per exercise, the function that
lists its cases; `make_case` builds one case with the reference's answer as its expected output.
"""

import json
import zlib

import numpy as np

from autograder import reference
from autograder.student.casefile import decode, encode


def make_case(exercise, group, label, *args):
    """A case whose expected output is the reference's answer on `args`."""
    encoded = [encode(a) for a in args]
    expected = getattr(reference, exercise)(*[decode(a) for a in encoded])
    return {"label": label, "group": group, "args": encoded, "expected": encode(expected)}


PUBLIC = {}  # exercise -> function() -> list of cases
HIDDEN = {}  # exercise -> function(rng) -> list of cases


def public(exercise):
    """Register the function that lists the public cases of `exercise`."""
    return lambda cases: PUBLIC.setdefault(exercise, cases)


def hidden(exercise):
    """Register the function that draws the hidden cases of `exercise` from a generator."""
    return lambda cases: HIDDEN.setdefault(exercise, cases)


def public_cases(exercise):
    """The public cases of `exercise`, as written to its vectors file."""
    return PUBLIC[exercise]()


def hidden_cases(exercise, seed=None):
    """Random cases for `exercise`; the default seed is fixed per exercise."""
    seed = zlib.crc32(exercise.encode()) if seed is None else seed
    return HIDDEN[exercise](np.random.default_rng(seed))


def vector_text(exercise):
    """The text of one exercise's public vector file (autograder/student/vectors/): its public
    cases with the reference's outputs, which the visible checks compare against."""
    data = {"exercise": exercise, "generated_by": "python -m autograder vectors",
            "cases": public_cases(exercise)}
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"
