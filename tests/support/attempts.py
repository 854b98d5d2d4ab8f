"""A catalogued attempt judged in-process by the checks themselves, over the public and hidden
cases (test_catalogue.py proves each verdict, test_mistakes.py groups the messages)."""

import numpy as np

from autograder.cases import hidden_cases
from autograder.student.casefile import load_cases
from autograder.student.checks import verify
from tests.catalogue import catalogues

ATTEMPTS = [a for attempts in catalogues().values() for a in attempts]


def define(attempt):
    namespace = {"np": np}
    exec(attempt.code, namespace)
    return namespace[attempt.exercise]


def failures(attempt):
    """The messages of every check group (visible and hidden) that the attempt fails."""
    fn, messages = define(attempt), []
    groups = {case["group"] for case in load_cases(attempt.exercise)}
    for cases in [load_cases(attempt.exercise, g) for g in sorted(groups)] + [
            hidden_cases(attempt.exercise)]:
        try:
            verify(attempt.exercise, fn, cases)
        except AssertionError as failure:
            messages.append(str(failure))
    return messages
