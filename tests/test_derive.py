"""Students derive, not copy: no answer on the page before its exercise, a derivation to do in
every notebook from 02 on, prose that fits an evening, self-tests that ask for application."""

import nbformat
import numpy as np
import pytest

from autograder import reference
from autograder.cases import hidden_cases, public_cases
from autograder.student.casefile import decode
from autograder.student.checks import EXERCISES
from autograder.student.checks.compare import ATOL, RTOL
from autograder.student.quiz import load_self_test
from tests.support.answers import answers_before, answers_in, solution_blocks
from tests.support.course import ASSIGNMENTS, REPO, read

MAX_WORDS = 2500
KINDS = {"compute", "predict", "find the bug", "compare", "recall"}

# Expressions an exercise's solution shares with what the notebook hands out on purpose, with the
# reason. A derive-it-yourself exercise (one with `numerical=`) may have none.
GIVEN = {
    "sigmoid": {
        "1 / (1 + small)": "σ's definition, 1 / (1 + e^(−z)): the exercise is its overflow-free "
                           "form, and section 3 of 03 runs the textbook formula to show it warn",
        "small / (1 + small)": "the equal form e^z / (1 + e^z), which section 3 of 03 runs to "
                               "show that it gives nan at z = +1000",
    },
}


def source_and_release(assignment):
    return (read(REPO / "solutions" / assignment / f"{assignment}.ipynb"),
            read(REPO / "notebooks" / assignment / f"{assignment}.ipynb"))


def exercises_of(assignment):
    return list(solution_blocks(source_and_release(assignment)[0]))


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_no_answer_stands_on_the_page_before_its_exercise(assignment):
    shown = [(exercise, cell, text, answer)
             for exercise, cell, text, answer in answers_before(*source_and_release(assignment))
             if answer not in GIVEN.get(exercise, {})]
    assert not shown, "answers before their exercise:\n" + "\n".join(
        f"  {exercise}: cell {cell} shows `{text}`, an instance of its answer `{answer}`"
        for exercise, cell, text, answer in shown)


def test_nothing_is_handed_out_for_a_derive_it_yourself_exercise():
    derived = {name for name, spec in EXERCISES.items() if spec.numerical is not None}
    assert not derived & set(GIVEN)


def notebook(*cells):
    nb = nbformat.v4.new_notebook()
    for kind, source, grade_id in cells:
        cell = (nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell)(
            source)
        if grade_id:
            cell.metadata["nbgrader"] = {"solution": True, "grade": False, "grade_id": grade_id}
        cell.source = source
        nb.cells.append(cell)
    return nb


ANSWER = ("code", "def step(D, W, s):\n    ### BEGIN SOLUTION\n    t = D @ W.T\n"
          "    return t * s\n    ### END SOLUTION", "step")
STUB = ("code", "def step(D, W, s):\n    raise NotImplementedError('write it')", "step")


@pytest.mark.parametrize("before, found", [
    (("code", "out = (Delta2 @ W2.T) * (H1 * (1 - H1))", None), True),  # renamed, inlined
    (("markdown", "Compute `(d @ w.T) * (h * (1 - h))` for each layer.", None), True),
    (("markdown", "```python\nout = (d @ w.T) * h\n```", None), True),
    # split over two lines, each piece too small to stand for the answer on its own
    (("markdown", "```python\nq = x @ y.T\nr = q * (z * (1 - z))\n```", None), False),
    (("code", "out = (Delta2 @ W2) * (H1 * (1 - H1))", None), False),  # no transpose
    (("code", "out = (Delta2 @ W2.T) + H1", None), False),  # another operation
    (("markdown", "$\\Delta_{k-1} = (\\Delta_k W_k^T) \\odot \\sigma'$", None), False),
])
def test_the_finder_sees_through_renaming_and_nothing_else(before, found):
    source, release = notebook(before, ANSWER), notebook(before, STUB)
    assert bool(answers_before(source, release)) is found
    assert answers_before(notebook(ANSWER, before), notebook(STUB, before)) == []  # after: fine


def prose_words(nb):
    """Words of the markdown cells, up to an optional part ('## … (optional)')."""
    words = 0
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        first = cell.source.lstrip().splitlines()[0] if cell.source.strip() else ""
        if first.startswith("#") and "optional" in first.lower():
            break
        words += len(cell.source.split())
    return words


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_prose_fits_an_evening(assignment):
    words = prose_words(source_and_release(assignment)[1])
    assert words <= MAX_WORDS, f"{assignment}: {words} words of prose"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_self_test_asks_for_application(assignment):
    kinds = [question.get("kind") for question in load_self_test(assignment)]
    assert set(kinds) <= KINDS, kinds
    assert kinds.count("recall") <= 1, kinds


@pytest.mark.parametrize("assignment", [a for a in ASSIGNMENTS if a >= "02"])
def test_every_notebook_from_02_has_a_derivation_checked_by_finite_differences(assignment):
    derived = [e for e in exercises_of(assignment) if EXERCISES[e].numerical is not None]
    assert derived, f"{assignment} has no derive-it-yourself exercise"


DERIVED = sorted(name for name, spec in EXERCISES.items() if spec.numerical is not None)


@pytest.mark.parametrize("exercise", DERIVED)
def test_the_finite_difference_truth_agrees_with_the_reference(exercise):
    """The visible check's truth (finite differences of the notebook's forward) and the hidden
    tests' truth (the reference) are two independent derivations of one answer."""
    spec = EXERCISES[exercise]
    for case in public_cases(exercise) + hidden_cases(exercise):
        args = [decode(a) for a in case["args"]]
        numerical, exact = spec.numerical(args), getattr(reference, exercise)(*args)
        got, want = flat(numerical), flat(exact)
        assert got.shape == want.shape and np.allclose(got, want, rtol=RTOL, atol=ATOL), (
            case["label"])


def flat(value):
    """One array of every number in a (nested) tuple, list or dict of arrays."""
    if isinstance(value, dict):
        value = [value[k] for k in sorted(value)]
    if isinstance(value, (list, tuple)):
        return np.concatenate([np.ravel(flat(v)) for v in value]) if value else np.zeros(0)
    return np.ravel(np.asarray(value, dtype=float))


def test_the_sigmoid_the_hints_use_is_no_answer_to_the_sigmoid_exercise():
    """The hints need σ to recognise a sigmoid applied twice; the student package may not ship
    a σ that passes the `sigmoid` exercise (nor σ′'s formula: its slope is numerical)."""
    from autograder.student.casefile import load_cases
    from autograder.student.checks import verify
    from autograder.student.checks.compare import logistic

    with pytest.raises(AssertionError, match="exact|extremes|1000"):
        for group in sorted({c["group"] for c in load_cases("sigmoid")}):
            verify("sigmoid", logistic, load_cases("sigmoid", group))


def test_the_student_package_holds_no_answer_to_a_derive_it_yourself_exercise():
    """Hints recognise slips from the finite-difference truth, never from the answer's formula:
    a student who opens the installed package finds no derivation done for them."""
    modules = sorted((REPO / "autograder" / "student").rglob("*.py"))
    shown = []
    for assignment in ASSIGNMENTS:
        for exercise, solution in solution_blocks(source_and_release(assignment)[0]).items():
            if EXERCISES[exercise].numerical is not None:
                shown += [(exercise, module.relative_to(REPO), text, answer) for module in modules
                          for text, answer in answers_in(solution, module.read_text())]
    assert not shown, "\n".join(f"{e}: {m} holds `{t}`, an instance of `{a}`"
                                for e, m, t, a in shown)
