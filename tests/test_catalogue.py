"""Fast, in-process: each catalogued wrong attempt fails a check with its hint; each correct
attempt passes them all. (test_grading.py proves the same through real nbgrader runs.)"""

import ast
from collections import Counter

import numpy as np
import pytest

from autograder.grading.twins import twins
from autograder.student.casefile import decode, load_cases
from autograder.student.checks import EXERCISES, judge, observe, verify
from autograder.student.checks.compare import factor_off, factors_off, first_applying
from tests.support.attempts import ATTEMPTS, define, failures


@pytest.mark.parametrize("attempt", ATTEMPTS, ids=lambda a: f"{a.exercise}: {a.name}")
def test_attempt_is_judged_right_and_a_wrong_one_is_named(attempt):
    messages = failures(attempt)
    if attempt.correct:
        assert messages == []
    else:
        assert messages, "this wrong attempt passes every check"
        assert any(attempt.hint in m for m in messages), (
            f"no message names the mistake ({attempt.hint!r}):\n" + "\n".join(messages))


def test_a_helper_is_stated_once_in_its_exercises_prelude():
    """An attempt's own code is its exercise's function and what it breaks: a helper that two
    attempts at one exercise write out alike belongs in the prelude, and no attempt repeats a
    helper of its prelude (it redefines one only to break it)."""
    def helpers(code, exercise):
        return [ast.unparse(node) for node in ast.parse(code).body
                if getattr(node, "name", None) != exercise]

    for exercise in {a.exercise for a in ATTEMPTS}:
        mine = [a for a in ATTEMPTS if a.exercise == exercise]
        pasted = Counter(h for a in mine for h in set(helpers(a.own, exercise)))
        again = [h.splitlines()[0] for h, n in pasted.items() if n > 1]
        assert not again, f"{exercise}: {again} in several attempts; state it once in PRELUDES"
        prelude = set(helpers(mine[0].prelude, exercise))
        for a in mine:
            assert not prelude & set(helpers(a.own, exercise)), f"{a.name} repeats its prelude"


def test_every_exercise_has_four_wrong_attempts_and_one_right_one():
    from autograder.cases import PUBLIC

    for exercise in PUBLIC:
        mine = [a for a in ATTEMPTS if a.exercise == exercise]
        assert sum(not a.correct for a in mine) >= 4, exercise
        assert sum(a.correct for a in mine) >= 1, exercise


@pytest.mark.parametrize("attempt", [a for a in ATTEMPTS if a.correct],
                         ids=lambda a: f"{a.exercise}: {a.name}")
def test_a_correct_attempt_passes_the_unpublished_twins_of_the_public_cases(attempt):
    """Twins vary the values, never the structure, so no correct way of writing it fails one."""
    fn, spec = define(attempt), EXERCISES[attempt.exercise]
    public = [c | {"id": str(i)} for i, c in enumerate(load_cases(attempt.exercise))]
    for twin in twins(attempt.exercise, public):
        args = [decode(a) for a in twin["args"]]
        assert judge(spec, twin, args, observe(fn, args)) is None, twin["label"]


TABLES = [a for a in ATTEMPTS if a.table_of]


@pytest.mark.parametrize("attempt", TABLES, ids=lambda a: f"{a.exercise}: {a.name}")
def test_a_table_of_the_published_answers_passes_every_visible_check(attempt):
    """The attack is real: in the student's own notebook every visible check passes
    (test_grading shows the grader gives it nothing for that)."""
    fn = define(attempt)
    groups = {case["group"] for case in load_cases(attempt.exercise)}
    for group in sorted(groups):
        verify(attempt.exercise, fn, load_cases(attempt.exercise, group))
    assert failures(attempt), "the table is wrong nowhere: it proves nothing"


def test_a_single_value_is_never_called_a_constant_factor():
    """Any one number is some multiple of any other: the hint may not claim a constant factor
    for it (σ′ twice too large, checked on a plain float), only for two or more values."""
    def twice_sigmoid_prime(z):
        s = 1 / (1 + np.exp(-np.asarray(z, dtype=float)))
        return 2 * s * (1 - s)

    messages = []
    for group in sorted({case["group"] for case in load_cases("sigmoid_prime")}):
        with pytest.raises(AssertionError) as failure:
            verify("sigmoid_prime", twice_sigmoid_prime, load_cases("sigmoid_prime", group))
        messages.append(str(failure.value))
    single = [m for m in messages if "a plain float" in m]
    assert single and all("constant factor" not in m and "expected" in m for m in single)
    assert any("2 times the expected one" in m for m in messages)


def test_a_factor_names_its_slip_only_where_it_explains_the_whole_output():
    """factor_off, under every "off by M, 1/M, 2 or −1" hint: the first listed factor with
    got = f · want; a factor of 1 (a size of 1) or None is no slip; zeros prove no factor."""
    want = np.array([[1.0, -2.0], [0.5, 0.0]])
    slips = [(1, "one"), (None, "none"), (3, "three"), (-1, "sign"), (3.0, "three again")]
    assert factor_off(3 * want, want, slips) == "three"
    assert factor_off(-want, want, slips) == "sign"
    assert factor_off(want, want, slips) is None
    assert factor_off(3 * want + [[0, 0], [0, 1]], want, slips) is None  # a zero entry differs
    assert factor_off(np.zeros(2), np.zeros(2), [(2, "two")]) is None
    assert first_applying(factors_off(3 * want, want, slips)) == "three (Or, with these sizes: "\
        "three again)"
