"""Grading a class through real nbgrader runs: the solution, an untouched notebook, every
catalogued wrong and correct attempt, and broken files — one `python -m autograder grade` each
assignment."""

import csv
import html
import re

import pytest

from autograder.grading.submissions import fill, solutions, submit
from tests.catalogue import catalogues
from tests.support.course import ASSIGNMENTS, GRADE_FLAGS, SOURCES, autograder, make_course, read

pytestmark = pytest.mark.grading

CATALOGUES = catalogues()


def exercise_of_test_cells(source_nb):
    """test cell grade_id -> the exercise whose answer cell comes before it."""
    owner, current = {}, None
    for cell in source_nb.cells:
        grading = cell.metadata.get("nbgrader", {})
        if grading.get("solution"):
            current = grading["grade_id"]
        elif grading.get("grade"):
            owner[grading["grade_id"]] = current
    return owner


def rounds(attempts, correct):
    """Submissions of attempts: round k holds the k-th attempt of every exercise that has one."""
    chosen = [a for a in attempts if a.correct == correct]
    by_exercise = {}
    for a in chosen:
        by_exercise.setdefault(a.exercise, []).append(a)
    depth = max((len(v) for v in by_exercise.values()), default=0)
    return [[v[k] for v in by_exercise.values() if k < len(v)] for k in range(depth)]


class Class:
    """One assignment's simulated class, graded once for all the tests of this module."""

    def __init__(self, folder, assignment):
        self.course, self.assignment = make_course(folder), assignment
        self.source_path = next(p for p in SOURCES if p.parent.name == assignment)
        self.name = self.source_path.name
        self.source = read(self.source_path)
        self.release = self.course.release_notebook(assignment, self.name)
        self.answers = solutions(self.source)
        self.owner = exercise_of_test_cells(self.source)
        self.expectations = {}  # student -> list of attempts in the submission
        attempts = CATALOGUES.get(assignment, [])
        self.submit("solution", self.answers)
        self.submit("untouched", {})
        for kind, correct in [("wrong", False), ("right", True)]:
            for k, batch in enumerate(rounds(attempts, correct)):
                self.expectations[f"{kind}-{k}"] = batch
                self.submit(f"{kind}-{k}", self.answers | {a.exercise: a.code for a in batch})
        submit(self.course, "broken-json", assignment, {self.name: '{"cells": [ oops'})
        submit(self.course, "misnamed", assignment,
               {f"Copy of {self.name}": fill(self.release, self.answers)})
        self.output = autograder(self.course, "grade", assignment, *GRADE_FLAGS)
        with open(self.course.root / "grades.csv") as f:
            self.rows = {row["student"]: row for row in csv.DictReader(f)}

    def submit(self, student, answers):
        submit(self.course, student, self.assignment, {self.name: fill(self.release, answers)})

    def score(self, student):
        row = self.rows[student]
        return float(row["score"]), float(row["max_score"])

    def failed_exercises(self, student):
        return {self.owner[g] for g in self.rows[student]["failed"].split()}

    def feedback(self, student):
        """The student's HTML feedback as plain text."""
        page = (self.course.root / "feedback" / student / self.assignment /
                self.name.replace(".ipynb", ".html")).read_text()
        return html.unescape(re.sub(r"<[^>]+>", "", page))


@pytest.fixture(scope="module", params=ASSIGNMENTS)
def graded(request, tmp_path_factory):
    return Class(tmp_path_factory.mktemp(request.param), request.param)


def test_the_solution_scores_full_marks(graded):
    score, maximum = graded.score("solution")
    assert maximum > 0 and score == maximum, graded.rows["solution"]


def test_the_untouched_notebook_scores_zero_without_breaking_the_run(graded):
    assert graded.score("untouched") == (0, graded.score("solution")[1])
    assert "not implemented yet" in graded.feedback("untouched")


def test_every_wrong_attempt_loses_points_and_its_hint_reaches_the_student(graded):
    wrong = {s: batch for s, batch in graded.expectations.items() if s.startswith("wrong")}
    if not wrong:
        pytest.skip(f"no catalogue of attempts for {graded.assignment}")
    for student, batch in wrong.items():
        score, maximum = graded.score(student)
        assert score < maximum
        text = graded.feedback(student)
        for attempt in batch:
            assert attempt.exercise in graded.failed_exercises(student), (
                f"{attempt.exercise} ({attempt.name}) lost no points")
            assert attempt.hint in text, f"{attempt.name}: feedback lacks {attempt.hint!r}"


def test_answering_the_published_cases_from_a_table_earns_nothing(graded):
    """The table passes every visible check in the notebook (test_catalogue); graded, it loses
    at least every test cell that the same wrong function without the table loses."""
    students = {a.name: s for s, batch in graded.expectations.items() for a in batch}
    tables = [a for batch in graded.expectations.values() for a in batch if a.table_of]
    if not tables:
        pytest.skip(f"no table attempt catalogued for {graded.assignment}")
    for table in tables:
        def lost(student, exercise=table.exercise):
            return {g for g in graded.rows[student]["failed"].split()
                    if graded.owner[g] == exercise}
        with_table, without = lost(students[table.name]), lost(students[table.table_of])
        assert without and without <= with_table, (table.name, with_table, without)
        assert "right on the published cases only" in graded.feedback(students[table.name])


def test_every_differently_written_correct_attempt_scores_full_marks(graded):
    right = [s for s in graded.expectations if s.startswith("right")]
    if not right:
        pytest.skip(f"no catalogue of attempts for {graded.assignment}")
    for student in right:
        score, maximum = graded.score(student)
        assert score == maximum, (student, [a.name for a in graded.expectations[student]])


def test_broken_submissions_are_reported_and_score_zero(graded):
    assert graded.score("broken-json")[0] == 0
    assert "not a readable notebook" in graded.rows["broken-json"]["problem"]
    assert graded.score("misnamed")[0] == 0
    assert "missing" in graded.rows["misnamed"]["problem"]
    for student in ("broken-json", "misnamed"):
        assert student in graded.output  # in the printed table too


def test_every_submission_is_in_the_table_and_the_csv(graded):
    submitted = sorted(p.name for p in graded.course.submitted.iterdir())
    assert sorted(graded.rows) == submitted
    for student in submitted:
        assert re.search(rf"^{re.escape(student)}\s", graded.output, re.M), student
