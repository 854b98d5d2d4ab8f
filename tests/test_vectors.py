"""The public test vectors are what the reference produces, and every exercise is wired up."""

import pytest

from autograder.cases import HIDDEN, PUBLIC, hidden_cases, vector_text
from autograder.student.casefile import vector_file
from autograder.student.checks import EXERCISES


@pytest.mark.parametrize("exercise", sorted(PUBLIC))
def test_stored_vectors_are_regenerated_exactly(exercise):
    assert vector_file(exercise).read_text() == vector_text(exercise), (
        "stale test vectors: run `python -m autograder vectors`")


def test_every_exercise_has_public_cases_hidden_cases_and_a_check():
    assert set(PUBLIC) == set(HIDDEN) == set(EXERCISES)


@pytest.mark.parametrize("exercise", sorted(HIDDEN))
def test_hidden_cases_are_reproducible_and_differ_from_the_public_ones(exercise):
    assert hidden_cases(exercise) == hidden_cases(exercise)
    public_args = [case["args"] for case in PUBLIC[exercise]()]
    assert not any(case["args"] in public_args for case in hidden_cases(exercise))
