"""Before grading, the instructor's solution runs through the same plan and sandbox: a broken
set-up stops the run with its reason and records nothing; a working one fits the deadline to
the solution's run time (10x, at least 15 s), which an endless loop then runs into."""

import re
import sqlite3

import pytest

from autograder.grading.preflight import DEADLINE_FACTOR, DEADLINE_FLOOR
from autograder.grading.submissions import fill, solutions, submit
from tests.support.course import GRADE_FLAGS, autograder, make_course, read, run_autograder

pytestmark = pytest.mark.grading

ASSIGNMENT = "01_gradient_descent"
NAME = f"{ASSIGNMENT}.ipynb"
LOOP = "def gradient_descent(grad, x0, lr, steps):\n    while True:\n        pass"


def grade(course, *flags):
    return run_autograder(course, "grade", ASSIGNMENT, *GRADE_FLAGS, *flags)


def recorded(course):
    """Everything a grading run leaves behind."""
    left = {p.name for p in course.root.iterdir()} & {"grades.csv", "autograded", "feedback",
                                                     "reports"}
    if (course.root / "gradebook.db").exists():
        with sqlite3.connect(course.root / "gradebook.db") as db:
            if db.execute("select name from sqlite_master where name = 'submitted_assignment'"
                          ).fetchone() and db.execute(
                    "select count(*) from submitted_assignment").fetchone()[0]:
                left.add("gradebook submissions")
    return left


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    course = make_course(tmp_path_factory.mktemp("preflight"))
    release = course.release_notebook(ASSIGNMENT, NAME)
    good = solutions(read(course.solutions / ASSIGNMENT / NAME))
    submit(course, "good", ASSIGNMENT, {NAME: fill(release, good)})
    submit(course, "loops", ASSIGNMENT, {NAME: fill(release, {"gradient_descent": LOOP})})
    return course


@pytest.fixture(scope="module")
def broken_run(course):
    """Limits too tight for Python to start: a set-up fault, not the students'."""
    return grade(course, "--memory-mb", "40")


@pytest.fixture(scope="module")
def fitted_run(course, broken_run):
    return grade(course, "--jobs", "2")


def test_a_broken_set_up_stops_the_run_says_why_and_records_nothing(course, broken_run):
    assert broken_run.returncode != 0
    assert "The instructor's solution of 01_gradient_descent scored 0 / 4" in broken_run.stderr
    assert "The runner's stderr:" in broken_run.stderr and "ImportError" in broken_run.stderr
    assert recorded(course) == set()


def test_a_working_set_up_fits_the_deadline_to_the_solution(course, fitted_run):
    assert fitted_run.returncode == 0, fitted_run.stderr
    seconds, deadline = map(float, re.search(
        r"preflight: the solution scored 4 / 4 in ([\d.]+) s; deadline per submission "
        r"([\d.]+) s", fitted_run.stderr).groups())
    assert deadline == pytest.approx(max(DEADLINE_FLOOR, DEADLINE_FACTOR * seconds), abs=1)
    assert re.search(r"^good\s+4 / 4", fitted_run.stdout, re.M)
    assert re.search(rf"^loops\s+0 / 4 .*did not finish within {deadline:g} s", fitted_run.stdout,
                     re.M), fitted_run.stdout


def test_a_wrong_solution_is_caught_too(course, fitted_run):
    """The instructor's own solution breaks: the class is not graded against it."""
    source = course.solutions / ASSIGNMENT / NAME
    original = source.read_text()
    source.write_text(original.replace("x = x - lr * grad(x)", "x = x + lr * grad(x)"))
    try:
        done = grade(course, "--force")
    finally:
        source.write_text(original)
    assert done.returncode != 0
    assert "scored 0 / 4" in done.stderr and "uphill" in done.stderr
    assert "Nothing was graded or recorded" in done.stderr
    assert "(unchanged, not regraded)" in autograder(course, "grade", ASSIGNMENT, *GRADE_FLAGS)


def test_a_source_nbgrader_cannot_release_stops_the_run_with_nbgraders_reason(tmp_path):
    """nbgrader runs inside the grader's process (autograder/course.py): its failure is still
    the run's message and exit code, and nothing of the class is recorded."""
    course = make_course(tmp_path)
    source = course.solutions / ASSIGNMENT / NAME
    source.write_text(source.read_text().replace("### END SOLUTION", "", 1))
    submit(course, "good", ASSIGNMENT, {NAME: source.read_text()})
    done = grade(course)
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"nbgrader could not release {ASSIGNMENT}" in done.stderr, done.stderr
    assert "No end solution statement found" in done.stderr, done.stderr
    assert recorded(course) == set()
