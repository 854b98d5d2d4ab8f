"""Ungraded active-learning cells: "predict, then run", and the self-test that ends a notebook.

    from autograder.student.quiz import compare_prediction, self_test

    my_prediction = None  # the student writes a guess here, then runs the experiment
    ...experiment...
    compare_prediction(my_prediction, outcome, why="...")

    answers = {1: None, 2: None, 3: None, 4: None}  # "a", "b" or "c"
    self_test("01_gradient_descent", answers)

Nothing here is graded and nothing raises: a prediction or an answer left at None prints a
reminder, so a notebook runs top to bottom (and under nbgrader) untouched. The experiment itself
computes the outcome that a prediction is compared with, so no answer is stored for predictions.
The self-tests (`selftests/<notebook>.json`) store, per question, an explanation for every option
and the right option only as a hash (`digest`): reading the file does not show it at a glance.
"""

import hashlib
import json
import math
from pathlib import Path

SELF_TESTS = Path(__file__).with_name("selftests")


def digest(notebook, number, option):
    """The stored form of 'option is the right answer to question `number` of `notebook`'."""
    return hashlib.sha256(f"{notebook}:{number}:{option}".encode()).hexdigest()[:16]


def _normalised(value):
    """A prediction or outcome in a comparable form: lower-case words, tuples, or floats."""
    if isinstance(value, str):
        return " ".join(value.strip().lower().split())
    if isinstance(value, (list, tuple)):
        return tuple(int(v) for v in value)
    return float(value)


def _agrees(guess, outcome, decades):
    guess, outcome = _normalised(guess), _normalised(outcome)
    if isinstance(guess, float) and isinstance(outcome, float):
        if math.isnan(outcome):
            return math.isnan(guess)
        if decades is not None:  # an order of magnitude: right within `decades` powers of ten
            if guess == 0 or outcome == 0:
                return guess == outcome
            return (guess > 0) == (outcome > 0) and abs(
                math.log10(abs(guess)) - math.log10(abs(outcome))) <= decades
        return math.isclose(guess, outcome, rel_tol=0.1, abs_tol=1e-12)
    return guess == outcome


def compare_prediction(guess, outcome, why="", decades=None):
    """Print the prediction next to what the experiment gave, and why.

    Inputs:
    - guess: the student's prediction (None if they wrote none): a word ("diverges"), a number,
      or a shape tuple
    - outcome: what the experiment gave, in the same form
    - why: one or two sentences that explain the outcome
    - decades: for an order-of-magnitude guess, how many powers of ten it may be off; None
      compares numbers to within 10%
    Returns: True if the guess agrees, False if not, None without a guess.
    """
    shown = outcome if isinstance(outcome, (str, tuple)) else f"{outcome:.3g}"
    if guess is None:
        print(f"No prediction written. The run gives: {shown}. {why}".rstrip())
        return None
    try:
        right = _agrees(guess, outcome, decades)
    except (TypeError, ValueError):  # a word for a number, or the other way round
        right = False
    mark = "✓ your prediction agrees" if right else "✗ not what happens"
    print(f"{mark}: you predicted {guess!r}, the run gives {shown}. {why}".rstrip())
    return right


def load_self_test(notebook):
    """The questions of one notebook's self-test: a list of {"options": {...}, "answer": ...}."""
    return json.loads((SELF_TESTS / f"{notebook}.json").read_text(encoding="utf-8"))


def self_test(notebook, answers):
    """Print, for every question, whether the chosen option is right and why (or why not).

    Inputs:
    - notebook: the notebook's name, e.g. "01_gradient_descent"
    - answers: {question number: "a" | "b" | "c" | ... or None}
    Returns: the number of right answers.
    """
    questions = load_self_test(notebook)
    right = 0
    for number, question in enumerate(questions, start=1):
        choice = answers.get(number)
        options = question["options"]
        if choice is None:
            print(f"{number}. not answered yet: write one of {', '.join(options)}.")
            continue
        choice = str(choice).strip().lower().rstrip(")")
        if choice not in options:
            print(f"{number}. {choice!r} is not an option: write one of {', '.join(options)}.")
            continue
        correct = digest(notebook, number, choice) == question["answer"]
        right += correct
        print(f"{number}. {choice}) {'✓ right' if correct else '✗ not quite'}: {options[choice]}")
    print(f"{right} of {len(questions)} right.")
    return right
