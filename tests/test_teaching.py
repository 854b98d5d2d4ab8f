"""What a student reads: the points total each notebook states, and stubs that say what to write."""

import ast
import re

import pytest

from autograder.submissions import answer_cells
from tests.conftest import RELEASES, read

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
