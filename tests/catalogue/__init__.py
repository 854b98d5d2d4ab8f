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

    @property
    def correct(self):
        return self.hint is None


def catalogues():
    """{assignment: [Attempt, ...]} for every catalogue module."""
    found = {}
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        found[module.ASSIGNMENT] = module.ATTEMPTS
    return found
