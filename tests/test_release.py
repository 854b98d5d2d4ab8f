"""The committed student notebooks are exactly what nbgrader generates from solutions/."""

import shutil

import pytest

from tests.support.course import ASSIGNMENTS, REPO, autograder, make_course, read

pytestmark = pytest.mark.slow

STAMPED = {"checksum"}  # what nbgrader may stamp differently on each run


def essence(nb):
    """A notebook's content without run-to-run stamps."""
    cells = []
    for cell in nb.cells:
        grading = {k: v for k, v in cell.metadata.get("nbgrader", {}).items() if k not in STAMPED}
        cells.append((cell.cell_type, cell.source, grading,
                      {k: v for k, v in cell.metadata.items() if k != "nbgrader"}))
    return cells


def test_every_assignment_has_a_student_version():
    released = sorted(p.name for p in (REPO / "notebooks").iterdir() if p.is_dir())
    assert released == ASSIGNMENTS and ASSIGNMENTS


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    """A course copy after `python -m autograder release` (every assignment, in one run)."""
    course = make_course(tmp_path_factory.mktemp("release"))
    shutil.rmtree(course.notebooks)  # what the tests read is nbgrader's, not the copied files
    output = autograder(course, "release")
    assert all(f"released {a} -> notebooks/{a}/" in output for a in ASSIGNMENTS), output
    return course


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_regenerates_the_committed_student_notebooks(released, assignment):
    course = released
    for generated in sorted((course.notebooks / assignment).glob("*.ipynb")):
        committed = REPO / "notebooks" / assignment / generated.name
        assert committed.is_file(), f"{committed} is not committed"
        assert essence(read(generated)) == essence(read(committed)), (
            f"notebooks/{assignment} is out of date: run `python -m autograder release`")
    names = lambda folder: sorted(p.name for p in folder.iterdir())  # noqa: E731
    assert names(course.notebooks / assignment) == names(REPO / "notebooks" / assignment)
