"""The class's mistakes: real check lines of catalogued wrong attempts, grouped by their hint.

Fast and in-process: the check lines come from the checks themselves (as test_catalogue.py
produces them), over the public and hidden cases, so the same mistake shows on several cases
with different labels and numbers.
"""

from autograder.cases import hidden_cases
from autograder.reports.mistakes import class_mistakes, mistake_key, short_mistakes, split_message
from autograder.student.casefile import load_cases
from tests.support.attempts import ATTEMPTS, failures

EXERCISE = "backward_sigmoid_net"


def labels(exercise):
    return [c["label"] for c in load_cases(exercise) + hidden_cases(exercise)]


def test_the_case_label_is_cut_off_even_when_it_holds_colons():
    line = ("✗ softmax: logits ±1000: no overflow, no NaN: NumPy warned 'overflow "
            "encountered in exp'. A correct implementation stays finite.")
    assert "logits ±1000: no overflow, no NaN" in labels("softmax")
    assert split_message(line, labels("softmax")) == (
        "softmax", "NumPy warned 'overflow encountered in exp'. A correct implementation stays "
                   "finite.")


def test_one_mistake_on_many_cases_is_one_group_and_each_student_counts_once():
    wrong = [a for a in ATTEMPTS if a.exercise == EXERCISE and not a.correct]
    right = [a for a in ATTEMPTS if a.exercise == EXERCISE and a.correct]
    # every student is one catalogued attempt; the first wrong attempt is made by three students
    attempts = [wrong[0], wrong[0], wrong[0], *wrong[1:], *right]
    messages = {f"student{i:02d}": {f"cell{j}": m for j, m in enumerate(failures(a))}
                for i, a in enumerate(attempts)}
    assert sum(len(m) for m in messages.values()) > len(wrong) + 2  # several lines each
    groups = class_mistakes(messages, {EXERCISE: labels(EXERCISE)})[EXERCISE]
    first = next(g for g in groups if wrong[0].hint in g.hint)
    assert first.students == ["student00", "student01", "student02"]
    counts = [len(g.students) for g in groups]
    assert counts == sorted(counts, reverse=True)  # the most frequent mistake comes first
    for attempt in wrong:  # every catalogued mistake shows, under a hint that names it
        assert any(attempt.hint in g.hint for g in groups), attempt.name
    caught = {s for g in groups for s in g.students}
    assert not caught & {f"student{i:02d}" for i in range(len(attempts) - len(right),
                                                            len(attempts))}
    lines = sum(m.startswith("✗") for ms in messages.values() for m in ms.values())
    print(f"{lines} failed check lines, {len(groups)} mistakes")
    assert len(groups) <= lines / 2, (len(groups), lines)  # grouped: not one group per case


def test_numbers_do_not_split_a_mistake():
    five = "Every gradient is M = 5 times too large: missing 1/M"
    two = "Every gradient is M = 2 times too large: missing 1/M"
    assert mistake_key(five) == mistake_key(two)
    assert mistake_key(five) != mistake_key("Every gradient has the wrong sign")


def test_the_table_note_names_each_mistake_once_after_its_exercises():
    messages = {"t1": "✗ relu: z = 0: not implemented yet. Write your code above.",
                "t2": "✗ relu_prime: z = 0: not implemented yet. Write your code above.",
                "t3": "✗ sigmoid: z = [1, 2]: wrong values. You computed 1/(1 + e^z): the sign "
                      "of the exponent is flipped.",
                "t4": "✓ sigmoid_prime: 4 checks passed"}
    # a hint that says why beats one that only says what happened, whichever came first
    messages = {"t0": "✗ sigmoid: z = 0: your function raised ValueError: shapes (2,) (3,)"} | (
        messages)
    assert short_mistakes(messages, {"relu": ["z = 0"], "relu_prime": ["z = 0"],
                                     "sigmoid": ["z = [1, 2]", "z = 0"]}) == (
        "sigmoid: You computed 1/(1 + e^z): the sign of the exponent is flipped; "
        "relu, relu_prime: not implemented yet")
    raised = ("✗ backprop_delta: one example: your function raised ValueError: matmul: Input "
              "operand 1 has a mismatch (size 3 is different from 2). Write down the shape of "
              "every operand: one of them needs a transpose.")
    assert short_mistakes({"t": raised}, {"backprop_delta": ["one example"]}) == (
        "backprop_delta: raised ValueError: Write down the shape of every operand: one of them "
        "needs a transpose")
