"""A catalogue of student attempts per exercise: typical wrong implementations, each with the
phrase its hint must contain, and differently written correct ones.

One module per notebook (`nb01_gradient_descent.py`, ...), each defining `ASSIGNMENT` and
`ATTEMPTS`, a list of `Attempt`, and optionally `PRELUDES`, {exercise: code}: the helpers every
attempt at that exercise calls (the earlier exercises a student's notebook holds above the answer
cell), stated once, so that an attempt's own code shows only its mistake. `catalogues` puts each
prelude in front of its attempts. The grading tests submit them through real nbgrader runs.
"""

import importlib
import pkgutil
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Attempt:
    exercise: str  # the answer cell's grade_id (the function's name)
    name: str  # what the attempt does, e.g. "forgets x0"
    own: str  # the attempt's own code: its mistake, or its way of writing a right answer
    hint: str | None = None  # a phrase the feedback must show; None for a correct attempt
    table_of: str | None = None  # the wrong attempt this one wraps in a table of public answers
    prelude: str = ""  # the helpers its exercise's attempts share (set by `catalogues`)

    @property
    def correct(self):
        return self.hint is None

    @property
    def code(self):
        """The whole answer cell: the prelude, then the attempt's own code (which may redefine
        a helper of the prelude: a broken callee)."""
        return self.prelude + self.own


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
    return replace(attempt, name=f"{attempt.name}, published answers from a table",
                   own=TABLE.format(code=attempt.own, exercise=attempt.exercise),
                   table_of=attempt.name)


def catalogues():
    """{assignment: [Attempt, ...]} for every catalogue module, each attempt with its prelude."""
    found = {}
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        preludes = getattr(module, "PRELUDES", {})
        found[module.ASSIGNMENT] = [replace(a, prelude=preludes.get(a.exercise, ""))
                                    for a in module.ATTEMPTS]
    return found
