"""nbgrader's cell rules (autograder/student/cells.py) and their readers: the grader's plan
refuses a check it cannot read with a message (no crash), a student's progress skips it, the
grader's records read back typed, and the CLI turns library errors into a message and exit 1."""

import json

import nbformat
import pytest

from autograder.cli import main
from autograder.grading.plan import SetupError, make_plan
from autograder.grading.recording import STATE, load_class, load_graded
from autograder.student import cells
from autograder.student.progress import checked_exercises

ASSIGNMENT = "01_gradient_descent"


def test_a_check_call_names_its_exercise_only_with_a_string_literal():
    calls = cells.check_calls('check("relu", relu, group="values")\ncheck(name, relu)\n'
                              'check("relu", relu, group=which)\ncheck_hidden("relu", relu)')
    assert [(c.exercise, c.group, c.hidden, c.readable) for c in calls] == [
        ("relu", "values", False, True), (None, None, False, False),
        ("relu", None, False, False), ("relu", None, True, True)]
    assert cells.check_calls("check(") == []  # a cell that does not parse checks nothing


def test_progress_credits_only_visible_checks_with_a_readable_name():
    assert checked_exercises('check(name, f, group="a")\ncheck("relu", relu, group="b")\n'
                             'check_hidden("relu", relu)') == ["relu"]


def test_a_copied_answer_cell_counts_once_the_last_copy_winning():
    nb = nbformat.v4.new_notebook()
    meta = {"nbgrader": {"solution": True, "grade_id": "relu"}}
    nb.cells = [nbformat.v4.new_code_cell("first", metadata=meta),
                nbformat.v4.new_markdown_cell("text", metadata=meta),
                nbformat.v4.new_code_cell("second", metadata=meta)]
    assert {k: c.source for k, c in cells.answer_cells(nb).items()} == {"relu": "second"}


def with_test_cell_source(course, old, new):
    (path,) = course.source_notebooks(ASSIGNMENT)
    nb = nbformat.read(path, as_version=4)
    test = next(c for c in nb.cells if cells.is_test(c) and old in c.source)
    test.source = test.source.replace(old, new)
    nbformat.write(nb, path)
    return cells.grade_id(test)


def test_the_plan_refuses_a_check_whose_name_is_computed_and_says_which_cell(course):
    grade_id = with_test_cell_source(course, 'check("gradient_descent"',
                                     'name = "gradient_descent"\ncheck(name')
    with pytest.raises(SetupError, match=f"test cell {grade_id} calls check\\(\\) with a name"):
        make_plan(course, ASSIGNMENT)


def test_the_plan_refuses_a_visible_check_without_a_group(course):
    (path,) = course.source_notebooks(ASSIGNMENT)
    nb = nbformat.read(path, as_version=4)
    test = next(c for c in nb.cells if cells.is_test(c) and "group=" in c.source)
    test.source = 'check("gradient_descent", gradient_descent)'
    nbformat.write(nb, path)
    with pytest.raises(SetupError, match="without group="):
        make_plan(course, ASSIGNMENT)


def test_the_grader_records_read_back_typed_and_a_damaged_one_as_none(course):
    folder = course.autograded_folder("ada", ASSIGNMENT)
    folder.mkdir(parents=True)
    result = {"student": "ada", "score": 3.0, "max_score": 4.0, "failed": ["t1"],
              "problem": "", "reused": False, "mistakes": "x: y"}
    (folder / STATE).write_text(json.dumps({"fingerprint": "abc", "result": result,
                                            "messages": {"t1": "✗ x: y"}}))
    broken = course.autograded_folder("bo", ASSIGNMENT)
    broken.mkdir(parents=True)
    (broken / STATE).write_text("{not json")
    graded = load_graded(course, ASSIGNMENT, "ada")
    assert (graded.result.score, graded.messages, graded.fingerprint) == (3.0, {"t1": "✗ x: y"},
                                                                          "abc")
    assert load_class(course, ASSIGNMENT, ["bo", "cy"]) == {"bo": None, "cy": None}


def test_the_cli_turns_a_library_error_into_a_message_and_exit_code_1(tmp_path, capsys):
    assert main(["release", "--root", str(tmp_path)]) == 1
    said = capsys.readouterr()
    assert "is not a course directory" in said.err and "Traceback" not in said.err
