"""The release and the preflight are kept between `grade` runs and done again only when what they
depend on changes: a regrade with nothing changed goes straight to the submissions, while an
edited source notebook, other limits, a changed reference or a lost gradebook bring them back
— and a solution broken meanwhile is still caught. Observed through real runs: the preflight's
note says "cached", and nbgrader rewrites the released notebook only when it releases."""

import csv
import shutil

import nbformat
import pytest

from autograder.grading.submissions import fill, solutions, submit
from tests.support.course import GRADE_FLAGS, REPO, make_course, read, run_autograder

pytestmark = pytest.mark.grading

ASSIGNMENT = "01_gradient_descent"
NAME = f"{ASSIGNMENT}.ipynb"
RAN = "preflight: the solution scored 4 / 4"
CACHED = "preflight (cached: nothing it depends on changed): the solution scored 4 / 4"
UPHILL = ("x = x - lr * grad(x)", "x = x + lr * grad(x)")


def grade(course, *flags, env=None):
    # from the course folder: run from the repository, `-m` would find its package first
    return run_autograder(course, "grade", ASSIGNMENT, *GRADE_FLAGS, *flags, env=env,
                          cwd=course.root)


def released_at(course):
    """When nbgrader last wrote the student version (it rewrites it on every release)."""
    return (course.notebooks / ASSIGNMENT / NAME).stat().st_mtime_ns


def edit_source(course, old, new):
    source = course.solutions / ASSIGNMENT / NAME
    text = source.read_text()
    assert old in text
    source.write_text(text.replace(old, new, 1))


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Every run of the story, in order, with when the release was last written after it."""
    course = make_course(tmp_path_factory.mktemp("setup-cache"))
    release = course.release_notebook(ASSIGNMENT, NAME)
    good = solutions(read(course.solutions / ASSIGNMENT / NAME))
    submit(course, "good", ASSIGNMENT, {NAME: fill(release, good)})
    story = {}

    def step(name, *flags, env=None):
        story[name] = (grade(course, *flags, env=env), released_at(course))

    page = course.report_folder(ASSIGNMENT) / "index.html"
    step("first")
    story["page"] = [page.stat().st_mtime_ns]
    step("again")
    story["page"].append(page.stat().st_mtime_ns)
    submit(course, "late", ASSIGNMENT, {NAME: fill(release, {})})
    step("late submission")
    story["page"].append(page.stat().st_mtime_ns)
    story["late page"] = page.read_text()
    feedback = {student: course.feedback / student / ASSIGNMENT / f"{ASSIGNMENT}.html"
                for student in ("good", "late")}
    story["feedback"] = {"late submission": feedback["late"].is_file()}
    written = feedback["good"].stat().st_mtime_ns
    feedback["late"].unlink()  # as if an earlier run had failed to write it
    step("other limits", "--cpu-seconds", "100")
    story["feedback"] |= {"page lost": feedback["late"].is_file(),
                          "good's kept": feedback["good"].stat().st_mtime_ns == written}
    step("same limits again", "--cpu-seconds", "100")
    source = read(course.solutions / ASSIGNMENT / NAME)
    prose = next(cell for cell in source.cells if cell.cell_type == "markdown")
    prose.source += "\n\nOne more sentence of prose."
    nbformat.write(source, course.solutions / ASSIGNMENT / NAME)
    step("source edited", "--cpu-seconds", "100")
    edit_source(course, *UPHILL)
    step("solution broken", "--cpu-seconds", "100")
    edit_source(course, *reversed(UPHILL))
    step("solution restored", "--cpu-seconds", "100")
    course.gradebook_file.unlink()
    step("gradebook lost", "--cpu-seconds", "100")
    with open(course.grades_csv) as f:
        story["grades after the loss"] = {row["student"]: (row["submitted"], row["score"])
                                          for row in csv.DictReader(f)}
    package = tmp_path_factory.mktemp("package")
    shutil.copytree(REPO / "autograder", package / "autograder",
                    ignore=shutil.ignore_patterns("__pycache__"))
    reference = package / "autograder" / "reference" / "nb01_gradient_descent.py"
    reference.write_text(reference.read_text().replace(
        "x = x - lr * np.asarray(grad(x)", "x = x + lr * np.asarray(grad(x)"))
    step("reference changed", "--cpu-seconds", "100", env={"PYTHONPATH": str(package)})
    return story


def ok(runs, name):
    done, _ = runs[name]
    assert done.returncode == 0, f"{name}:\n{done.stdout}\n{done.stderr}"
    return done


def test_a_regrade_with_nothing_changed_neither_releases_nor_runs_the_preflight(runs):
    first, again = ok(runs, "first"), ok(runs, "again")
    assert RAN in first.stderr and CACHED not in first.stderr
    assert CACHED in again.stderr, again.stderr
    assert runs["again"][1] == runs["first"][1], "the assignment was released again"
    assert "good" in again.stdout and "(unchanged, not regraded)" in again.stdout
    assert "deadline per submission" in again.stderr  # the fitted deadline comes from the record


def test_the_class_report_is_drawn_again_only_when_its_text_changes(runs):
    first, again, late = runs["page"]
    assert again == first, "nothing changed, yet the report was drawn again"
    assert CACHED in ok(runs, "late submission").stderr
    assert late != again and "late" in runs["late page"] and "2 submission(s)" in runs["late page"]


def test_feedback_is_written_for_the_students_graded_and_any_page_missing_only(runs):
    assert runs["feedback"] == {"late submission": True, "page lost": True,
                                "good's kept": True}, runs["feedback"]


def test_other_limits_run_the_preflight_again_and_are_kept_in_turn(runs):
    assert RAN in ok(runs, "other limits").stderr
    assert runs["other limits"][1] == runs["first"][1]  # the release does not depend on them
    assert "good" in runs["other limits"][0].stdout
    assert CACHED in ok(runs, "same limits again").stderr


def test_an_edited_source_notebook_is_released_and_preflighted_again(runs):
    edited = ok(runs, "source edited")
    assert RAN in edited.stderr
    assert runs["source edited"][1] != runs["same limits again"][1]
    assert "(unchanged, not regraded)" not in edited.stdout  # the grading version changed


def test_a_solution_broken_since_the_last_run_is_caught_without_force(runs):
    broken, _ = runs["solution broken"]
    assert broken.returncode != 0
    assert "scored 0 / 4" in broken.stderr and "Nothing was graded or recorded" in broken.stderr
    # the failure was not kept, and the restored source is the one the record holds
    assert CACHED in ok(runs, "solution restored").stderr


def test_a_lost_gradebook_brings_the_release_back_and_every_grade_into_it(runs):
    lost = ok(runs, "gradebook lost")
    assert runs["gradebook lost"][1] != runs["solution restored"][1]
    assert CACHED in lost.stderr  # the same release: the preflight still holds
    assert "(unchanged, not regraded)" not in lost.stdout
    assert runs["grades after the loss"]["good"] == ("yes", "4.0")


def test_a_changed_reference_runs_the_preflight_again_and_it_catches_the_mismatch(runs):
    changed, _ = runs["reference changed"]
    assert changed.returncode != 0, changed.stdout
    assert "The instructor's solution of 01_gradient_descent scored" in changed.stderr
    assert "Nothing was graded or recorded" in changed.stderr
