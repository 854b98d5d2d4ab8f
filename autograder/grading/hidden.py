"""Hidden tests: what the instructor's test cells call at grading time.

    from autograder.grading.hidden import check_hidden
    check_hidden("gradient_descent", gradient_descent)

Same checks and hints as the visible tests, on random cases the student has never seen.
"""

from autograder.cases import hidden_cases
from autograder.student.checks import verify


def check_hidden(exercise, fn, seed=None):
    """Check `fn` on the hidden random cases of `exercise`; raise AssertionError with a hint."""
    verify(exercise, fn, hidden_cases(exercise, seed))
