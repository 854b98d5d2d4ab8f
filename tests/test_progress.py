"""`python -m autograder progress`: a student's own notebooks, run as they are, per exercise.

A student's copy of notebook 05 (in a folder of its own, away from the course) has one exercise
right, one with a catalogued mistake and one untouched; the command must say so, with the
mistake's hint. A notebook that never ends is stopped and reported, and a wrong path is named.
"""

import subprocess
import sys

import nbformat
import pytest

from autograder.course import tool_env
from autograder.grading.submissions import fill
from autograder.student.progress import notebook_progress
from tests.catalogue import catalogues
from tests.support.course import REPO

pytestmark = pytest.mark.slow

ASSIGNMENT = "05_deep_delta"


def attempt(exercise, correct):
    return next(a for a in catalogues()[ASSIGNMENT] if a.exercise == exercise
                and a.correct == correct)


def student_notebook(folder, answers):
    release = nbformat.read(REPO / "notebooks" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", 4)
    path = folder / f"{ASSIGNMENT}.ipynb"
    nbformat.write(fill(release, answers), path)
    return path


def progress_command(*args, cwd):
    return subprocess.run([sys.executable, "-m", "autograder", "progress", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd, env=tool_env(), timeout=900)


def test_progress_names_what_passes_what_fails_and_what_is_not_started(tmp_path):
    wrong = attempt("forward_sigmoid_net", correct=False)
    path = student_notebook(tmp_path, {
        "backprop_delta": attempt("backprop_delta", correct=True).code,
        "forward_sigmoid_net": wrong.code})
    done = progress_command(path, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == f"{ASSIGNMENT}: 1 of 5 exercise(s) pass their checks"
    assert lines[1] == "  ✓ backprop_delta"
    assert lines[2].startswith("  ✗ forward_sigmoid_net — ") and wrong.hint in lines[2]
    assert lines[3] == "  · backward_sigmoid_net — not started"


def test_a_notebook_that_never_ends_is_stopped_and_said_so(tmp_path):
    path = student_notebook(tmp_path, {"backprop_delta": "while True:\n    pass\n"})
    progress = notebook_progress(path, timeout=20)
    assert "did not finish within 20 s" in progress.problem
    assert progress.done == 0


def test_a_path_that_is_not_a_notebook_is_named(tmp_path):
    done = progress_command(tmp_path / "nowhere.ipynb", cwd=tmp_path)
    assert done.returncode == 1
    assert "nowhere.ipynb: not a notebook file or a folder" in done.stdout


def test_the_student_package_alone_runs_it_too(tmp_path):
    """Without the instructor's CLI: `python -m autograder.student.progress` on a folder."""
    student_notebook(tmp_path, {"backprop_delta": attempt("backprop_delta", correct=True).code})
    done = subprocess.run([sys.executable, "-m", "autograder.student.progress", str(tmp_path)],
                          capture_output=True, text=True, cwd=tmp_path, env=tool_env(),
                          timeout=900)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[:2] == [
        f"{ASSIGNMENT}: 1 of 5 exercise(s) pass their checks", "  ✓ backprop_delta"]
