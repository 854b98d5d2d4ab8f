"""What a student reads: the points total each notebook states, and stubs that say what to write."""

import ast
import re

import pytest

from autograder.student.cells import answer_cells
from autograder.student.quiz import compare_prediction, digest, load_self_test, self_test
from tests.support.course import RELEASES, read

NUMBERS = {"One": 1, "Two": 2, "Three": 3, "Four": 4, "Five": 5, "Six": 6, "Seven": 7}


def stated_total(nb):
    """(exercises, points) from the sentence 'Three exercises, 14 points: ...'."""
    text = "\n".join(cell.source for cell in nb.cells if cell.cell_type == "markdown")
    found = re.findall(r"\b(One|Two|Three|Four|Five|Six|Seven) exercises?, (\d+) points\b", text)
    assert len(found) == 1, f"expected one sentence stating the points total, found {found}"
    return NUMBERS[found[0][0]], int(found[0][1])


@pytest.mark.parametrize("path", RELEASES, ids=lambda p: p.parent.name)
def test_the_student_notebook_states_its_points_total(path):
    nb = read(path)
    points = sum(cell.metadata.get("nbgrader", {}).get("points") or 0 for cell in nb.cells)
    assert stated_total(nb) == (len(answer_cells(nb)), points)


def stub_message(source):
    """The message of the `raise NotImplementedError("...")` in an answer cell, or None."""
    for node in ast.walk(ast.parse(source)):
        if (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)
                and getattr(node.exc.func, "id", None) == "NotImplementedError"):
            return ast.literal_eval(node.exc.args[0])
    return None


def test_every_stub_says_what_to_write_and_no_two_say_the_same():
    messages = {}
    for path in RELEASES:
        for grade_id, cell in answer_cells(read(path)).items():
            message = stub_message(cell.source)
            assert message, f"{grade_id}: the stub raises no NotImplementedError with a message"
            assert message.startswith("Return") and len(message) > 40, (grade_id, message)
            messages[grade_id] = message
    assert len(set(messages.values())) == len(messages) >= 28


# Predict, then run; and the self-test at the end (ungraded, student-side: autograder.student.quiz)

@pytest.mark.parametrize("path", RELEASES, ids=lambda p: p.parent.name)
def test_every_notebook_has_a_prediction_that_runs_at_its_default(path):
    """A prediction variable starts at None and a later cell compares it with the outcome."""
    sources = [cell.source for cell in read(path).cells if cell.cell_type == "code"]
    defaults = [i for i, s in enumerate(sources) if re.match(r"my_\w+_prediction = None\b", s)]
    assert defaults, "no 'predict, then run' cell"
    for i in defaults:
        name = sources[i].split(" =")[0]
        assert any(f"compare_prediction({name}," in s for s in sources[i + 1:]), name


def self_test_cells(nb):
    """(the questions' markdown, the answers' code) of the notebook's self-test."""
    at = next(i for i, c in enumerate(nb.cells) if c.source.startswith("## Self-test"))
    return nb.cells[at].source, nb.cells[at + 1].source


@pytest.mark.parametrize("path", RELEASES, ids=lambda p: p.parent.name)
def test_the_self_test_matches_its_stored_answers_and_explanations(path):
    notebook = path.parent.name
    questions, answers_cell = self_test_cells(read(path))
    stored = load_self_test(notebook)
    assert 3 <= len(stored) <= 5
    numbered = re.findall(r"^(\d+)\. ", questions, re.M)
    assert numbered == [str(n) for n in range(1, len(stored) + 1)]
    for number, (block, question) in enumerate(
            zip(re.split(r"^\d+\. ", questions, flags=re.M)[1:], stored), start=1):
        shown = re.findall(r"^\s+- \*\*(\w)\)\*\*", block, re.M)
        assert shown == sorted(question["options"]), (number, shown)
        right = [o for o in question["options"]
                 if digest(notebook, number, o) == question["answer"]]
        assert len(right) == 1, (number, right)  # exactly one right option
        assert all(len(why) > 20 for why in question["options"].values()), number
    assert f'self_test("{notebook}", answers)' in answers_cell


def test_a_prediction_is_compared_and_never_raises(capsys):
    assert compare_prediction(None, "diverges") is None
    assert compare_prediction(" Diverges", "diverges") is True
    assert compare_prediction("converges", "diverges") is False
    assert compare_prediction(3.1, 3.0) is True and compare_prediction(4, 3.0) is False
    assert compare_prediction(1e-6, 3.5e-7, decades=1) is True
    assert compare_prediction(1e-2, 3.5e-7, decades=1) is False
    assert compare_prediction((3, 2), (3, 2)) is True
    assert compare_prediction((2, 3), (3, 2)) is False
    assert compare_prediction("big", 3.0) is False  # a word for a number: a miss, not a crash
    out = capsys.readouterr().out
    assert "No prediction written. The run gives: diverges." in out and "✗ not what happens" in out


def test_the_self_test_scores_answers_and_explains_each(capsys):
    notebook = "01_gradient_descent"
    stored = load_self_test(notebook)
    right = {n: next(o for o in q["options"] if digest(notebook, n, o) == q["answer"])
             for n, q in enumerate(stored, start=1)}
    wrong = {n: next(o for o in q["options"] if o != right[n]) for n, q in enumerate(stored, 1)}
    assert self_test(notebook, right) == len(stored)
    assert self_test(notebook, wrong) == 0
    assert self_test(notebook, {1: "z", 2: None}) == 0  # nonsense and blanks: no exception
    out = capsys.readouterr().out
    assert out.count("✓ right") == len(stored) and out.count("✗ not quite") == len(stored)
    assert stored[0]["options"][wrong[1]] in out  # the explanation of the wrong option chosen
    assert "'z' is not an option" in out and "not answered yet" in out
