"""Exports from nbgrader's gradebook: grades.csv (every assignment), Canvas and Moodle imports.

The gradebook is written with nbgrader's own API (two assignments, three students: one submitted
both, one only the first, one nothing); the files come out of `nbgrader export` with our
exporter plugins, as an instructor would run it, and their shape is checked cell by cell.
"""

import csv
import warnings

import pytest
from nbgrader.api import Gradebook
from sqlalchemy.exc import SAWarning

from autograder.course import tool_env
from autograder.reports.exports import (
    CANVAS_IDENTITY,
    GRADES_COLUMNS,
    MOODLE_IDENTITY,
    export_grades,
)

CELLS = {"01_first": {"test_a": 1.0, "test_b": 2.0}, "02_second": {"test_c": 3.0}}
SCORES = {("ann", "01_first"): {"test_a": 1.0, "test_b": 0.0},
          ("ann", "02_second"): {"test_c": 3.0},
          ("bo", "01_first"): {"test_a": 1.0, "test_b": 2.0}}


@pytest.fixture(autouse=True)
def alembic_on_path(monkeypatch):
    """nbgrader creates a gradebook by calling `alembic` from PATH: the venv's, not activated."""
    monkeypatch.setenv("PATH", tool_env()["PATH"])


def fill_gradebook(url):
    with warnings.catch_warnings(), Gradebook(url) as gradebook:
        warnings.simplefilter("ignore", SAWarning)  # nbgrader's add_submission trips them
        for assignment, cells in CELLS.items():
            gradebook.update_or_create_assignment(assignment)
            gradebook.update_or_create_notebook(assignment, assignment)
            for name, points in cells.items():
                gradebook.update_or_create_grade_cell(name, assignment, assignment,
                                                      max_score=points, cell_type="code")
        gradebook.update_or_create_student("ann", first_name="Ann", last_name="Lee",
                                           email="ann@example.org", lms_user_id="1001")
        gradebook.update_or_create_student("bo", first_name="Bo", last_name="Ng",
                                           email="bo@example.org", lms_user_id="1002")
        gradebook.update_or_create_student("cy")  # no name, no email, submitted nothing
        for (student, assignment), scores in SCORES.items():
            gradebook.add_submission(assignment, student, timestamp="2026-12-01 10:00:00")
            for cell, score in scores.items():
                grade = gradebook.find_grade(cell, assignment, assignment, student)
                grade.auto_score, grade.needs_manual_grade = score, False
        gradebook.db.commit()


def read_rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def test_grades_csv_holds_every_assignment_and_student(course):
    fill_gradebook(course.gradebook_url)
    export_grades(course)
    rows = read_rows(course.root / "grades.csv")
    assert rows[0] == GRADES_COLUMNS
    table = {(r[0], r[1]): dict(zip(GRADES_COLUMNS, r)) for r in rows[1:]}
    assert len(rows) == 1 + 2 * 3 and len(table) == 6
    ann = table["01_first", "ann"]
    assert (ann["score"], ann["max_score"], ann["submitted"]) == ("1.0", "3.0", "yes")
    assert ann["failed"] == "test_b" and ann["email"] == "ann@example.org"
    assert table["02_second", "ann"]["score"] == "3.0"
    bo = table["02_second", "bo"]
    assert (bo["submitted"], bo["score"], bo["timestamp"]) == ("no", "0.0", "")
    assert bo["problem"] == "no submission"
    assert table["01_first", "bo"]["failed"] == ""


@pytest.mark.slow  # one nbgrader command per file
def test_nbgrader_export_writes_canvas_and_moodle_files(course):
    fill_gradebook(course.gradebook_url)
    for exporter, name in [("CanvasExporter", "canvas.csv"), ("MoodleExporter", "moodle.csv"),
                           ("GradesCsvExporter", "all.csv")]:
        done = course.nbgrader("export", f"--exporter=autograder.reports.exports.{exporter}",
                               f"--to={name}")
        assert done.returncode == 0, done.stderr
    canvas = read_rows(course.root / "canvas.csv")
    assert canvas[0] == CANVAS_IDENTITY + ["01_first", "02_second"]
    assert canvas[1] == ["Points Possible", "", "", "", "", "3.0", "3.0"]
    assert canvas[2:] == [["Lee, Ann", "1001", "", "ann", "", "1.0", "3.0"],
                          ["Ng, Bo", "1002", "", "bo", "", "3.0", ""],
                          ["cy", "", "", "cy", "", "", ""]]
    moodle = read_rows(course.root / "moodle.csv")
    assert moodle == [MOODLE_IDENTITY + ["01_first", "02_second"],
                      ["ann@example.org", "ann", "Ann", "Lee", "1.0", "3.0"],
                      ["bo@example.org", "bo", "Bo", "Ng", "3.0", ""],
                      ["", "cy", "", "", "", ""]]
    assert len(read_rows(course.root / "all.csv")) == 7


@pytest.mark.slow  # one nbgrader command per file
def test_the_exporters_narrow_to_one_assignment(course):
    fill_gradebook(course.gradebook_url)
    done = course.nbgrader("export", "--exporter=autograder.reports.exports.MoodleExporter",
                           "--to=moodle.csv", "--assignment=['02_second']")
    assert done.returncode == 0, done.stderr
    assert read_rows(course.root / "moodle.csv")[0] == MOODLE_IDENTITY + ["02_second"]
