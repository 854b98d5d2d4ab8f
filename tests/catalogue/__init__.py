"""A catalogue of student attempts per exercise: typical wrong implementations, each with the
phrase its hint must contain, and differently written correct ones.

One module per notebook (`nb01_gradient_descent.py`, ...), each defining `ASSIGNMENT` and
`ATTEMPTS`, a list of `Attempt`. The grading tests submit them through real nbgrader runs.
"""

import importlib
import pkgutil
from dataclasses import dataclass


@dataclass(frozen=True)
class Attempt:
    exercise: str  # the answer cell's grade_id (the function's name)
    name: str  # what the attempt does, e.g. "forgets x0"
    code: str  # the whole answer cell
    hint: str | None = None  # a phrase the feedback must show; None for a correct attempt
    table_of: str | None = None  # the wrong attempt this one wraps in a table of public answers

    @property
    def correct(self):
        return self.hint is None


TABLE = """
{code}

_without_table = {exercise}


def {exercise}(*args):
    import json
    from autograder.student.casefile import decode, encode, load_cases
    asked = json.dumps([encode(a) for a in args], sort_keys=True)
    for case in load_cases("{exercise}"):
        if json.dumps(case["args"], sort_keys=True) == asked:
            return decode(case["expected"])
    return _without_table(*args)
"""


def from_table(attempt):
    """A wrong attempt that answers every published case from a table of its expected output
    (the vectors ship with the student package) and is the same wrong function elsewhere."""
    return Attempt(attempt.exercise, f"{attempt.name}, published answers from a table",
                   TABLE.format(code=attempt.code, exercise=attempt.exercise), attempt.hint,
                   table_of=attempt.name)


def catalogues():
    """{assignment: [Attempt, ...]} for every catalogue module."""
    found = {}
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        found[module.ASSIGNMENT] = module.ATTEMPTS
    return found
