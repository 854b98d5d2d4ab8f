"""The instructor's first run: `python -m autograder demo` on a fresh course copy (the session's
demo class, which test_browser.py also opens in nbgrader's formgrader)."""

import csv

import pytest

from tests.support.course import ASSIGNMENTS

pytestmark = pytest.mark.grading


def test_demo_grades_a_full_an_untouched_and_a_partly_wrong_student(demo_class):
    course = demo_class.course
    code, output = demo_class.result()
    assert code == 0, f"autograder demo failed:\n{output}"
    with open(course.root / "grades.csv") as f:
        rows = {(r["assignment"], r["student"]): r for r in csv.DictReader(f)}
    assert len(rows) == 3 * len(ASSIGNMENTS)
    for assignment in ASSIGNMENTS:
        full, untouched, partly = (
            (float(rows[assignment, s]["score"]), float(rows[assignment, s]["max_score"]))
            for s in ("demo-full", "demo-untouched", "demo-partly-wrong"))
        assert full[0] == full[1] > 0
        assert untouched[0] == 0
        assert 0 < partly[0] < partly[1]
        assert (course.root / "feedback" / "demo-partly-wrong" / assignment).is_dir()
        assert f"{assignment}: 3 submission(s)" in output
    assert (course.root / "gradebook.db").is_file()
    report = course.root / "reports" / "index.html"
    assert f"class report: {report}" in output
    for assignment in ASSIGNMENTS:
        assert f'href="{assignment}/index.html"' in report.read_text()
        assert "partly-wrong" in (report.parent / assignment / "index.html").read_text()
