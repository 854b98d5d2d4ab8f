"""What to grade and how, from the instructor's source notebook (never the submission).

`make_plan` reads, once per assignment, which test cell checks which exercise on which cases for
how many points, and computes every case's expected output: the public cases, the hidden ones
and the public cases' unpublished twins.
"""

from dataclasses import dataclass, field

import nbformat

from autograder.cases import hidden_cases
from autograder.course import Course
from autograder.grading.twins import twins
from autograder.student import cells
from autograder.student.casefile import load_cases


class SetupError(Exception):
    """The grading set-up cannot grade this assignment; the message says why."""


@dataclass(frozen=True)
class TestCell:
    grade_id: str
    points: float
    checks: tuple  # (exercise, group) pairs; group None means the hidden cases


@dataclass
class Plan:
    course: Course
    assignment: str
    notebook: str  # file name, e.g. 01_gradient_descent.ipynb
    release: nbformat.NotebookNode
    answers: tuple  # exercise names, in notebook order (the answer cells' grade ids)
    tests: list
    cases: dict = field(default_factory=dict)  # exercise -> [case with "id" and "expected"]

    def case_group(self, exercise, group):
        wanted = "hidden" if group is None else group
        return [c for c in self.cases[exercise] if c["group"] == wanted and "twin_of" not in c]

    def twin_group(self, exercise, group):
        """The unpublished twins of a public group's cases (see autograder.grading.twins)."""
        return [c for c in self.cases[exercise] if c["group"] == group and "twin_of" in c]

    def exercises_of(self):
        """{exercise: {grade ids of the test cells that check it}}, in notebook order."""
        found = {}
        for test in self.tests:
            for exercise, _ in test.checks:
                found.setdefault(exercise, set()).add(test.grade_id)
        return found


def test_checks(cell):
    """(exercise, group) of every check a test cell makes; SetupError if one cannot be read."""
    found = []
    for call in cells.check_calls(cell.source):
        if not call.readable:
            called = cells.CHECK_HIDDEN if call.hidden else cells.CHECK
            raise SetupError(f"test cell {cells.grade_id(cell)} calls {called}() with a name or "
                             "group that is not a string literal: the grader cannot tell which "
                             "cases it checks")
        if not call.hidden and call.group is None:
            raise SetupError(f"test cell {cells.grade_id(cell)} calls check(\"{call.exercise}\", "
                             "...) without group=: name the group, so the grader judges the "
                             "cases the notebook checks")
        found.append((call.exercise, call.group))
    if not found:
        raise SetupError(f"test cell {cells.grade_id(cell)} calls neither check() nor "
                         "check_hidden(): the grader cannot judge it")
    return tuple(found)


def make_plan(course, assignment):
    """The Plan of one assignment, its cases' expected outputs included."""
    (source_path,) = course.source_notebooks(assignment)
    source = nbformat.read(source_path, as_version=4)
    answers = [cells.grade_id(cell) for cell in source.cells if cells.is_answer(cell)]
    tests = [TestCell(cells.grade_id(cell), cells.points(cell), test_checks(cell))
             for cell in source.cells if cells.is_test(cell)]
    release = course.release_notebook(assignment, source_path.name)
    plan = Plan(course, assignment, source_path.name, release, tuple(answers), tests)
    for exercise in answers:
        cases = load_cases(exercise) + hidden_cases(exercise)
        plan.cases[exercise] = [case | {"id": f"{case['group']}/{i}"} for i, case in
                                enumerate(cases)]
        plan.cases[exercise] += twins(exercise, [c for c in plan.cases[exercise]
                                                 if c["group"] != "hidden"])
    return plan
