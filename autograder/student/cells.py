"""nbgrader's cell rules, written once: which cell is an answer, which a test, its grade id and
points, and which exercise a `check(...)` call names.

Every reader of a notebook asks here: the grader's plan and job, the feedback notebook, the
similarity report, the demo's submissions, and a student's own progress (so this module lives
in the student package; it imports nothing but the standard library). A cell is nbformat's
dict-like cell; its nbgrader metadata says what it is:

- an answer cell is a code cell with `solution: true`; its `grade_id` is the exercise's name;
- a test cell has `grade: true` and is not an answer cell; it is worth `points`;
- a test cell checks an exercise by calling `check("name", fn, group=...)` (a visible check) or
  `check_hidden("name", fn)` (the hidden cases). Only a string literal names an exercise or a
  group: a computed one reads as None and the call as not `readable`, and each reader decides
  what that means for it (the grader refuses the notebook, a student's progress skips it).
"""

import ast
from dataclasses import dataclass

CHECK, CHECK_HIDDEN = "check", "check_hidden"


def nbgrader(cell):
    """The cell's nbgrader metadata ({} for a cell nbgrader does not know)."""
    return cell.get("metadata", {}).get("nbgrader", {})


def grade_id(cell):
    return nbgrader(cell).get("grade_id")


def is_answer(cell):
    return cell.get("cell_type") == "code" and bool(nbgrader(cell).get("solution"))


def is_test(cell):
    return bool(nbgrader(cell).get("grade")) and not is_answer(cell)


def points(cell):
    return float(nbgrader(cell)["points"])


def answer_cells(nb):
    """grade_id -> answer cell, in notebook order. When a grade id repeats (a student copied
    the cell), the last copy counts: it runs last, so its function is the one graded."""
    return {grade_id(cell): cell for cell in nb.cells if is_answer(cell)}


@dataclass(frozen=True)
class CheckCall:
    """One `check(...)` or `check_hidden(...)` call of a cell."""

    exercise: str | None  # None: the name is not a string literal, so no reader can know it
    group: str | None  # check's `group=`; None without one (all groups), or for check_hidden
    hidden: bool  # check_hidden: the hidden cases
    readable: bool = True  # False: the name or the group is computed


def check_calls(source):
    """Every check(...) and check_hidden(...) call in a cell's source, in order ([] if the
    source does not parse)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    calls = []
    for node in ast.walk(tree):
        name = getattr(node.func, "id", None) if isinstance(node, ast.Call) else None
        if name not in (CHECK, CHECK_HIDDEN):
            continue
        exercise = literal(node.args[0]) if node.args else None
        given = next((k.value for k in node.keywords if k.arg == "group"), None)
        group = None if given is None else literal(given)
        readable = exercise is not None and (given is None or group is not None)
        calls.append(CheckCall(exercise, group if name == CHECK else None, name == CHECK_HIDDEN,
                               readable))
    return calls


def literal(node):
    """The string a node spells out, or None if it is computed."""
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None
