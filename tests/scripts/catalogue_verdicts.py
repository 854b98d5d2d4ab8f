"""Print every catalogued attempt's verdict on every check group (public, hidden, and the twins
of a correct attempt), one line each, to diff before and after a change to the catalogue or the
checks: `python -m tests.scripts.catalogue_verdicts > before.txt`."""

from autograder.grading.twins import twins
from autograder.student.casefile import decode, load_cases
from autograder.student.checks import EXERCISES, judge, observe
from tests.support.attempts import ATTEMPTS, define, failures


def twin_verdicts(attempt):
    """The judge's answer on each twin of the public cases (None where right)."""
    fn, spec = define(attempt), EXERCISES[attempt.exercise]
    public = [c | {"id": str(i)} for i, c in enumerate(load_cases(attempt.exercise))]
    for twin in twins(attempt.exercise, public):
        args = [decode(a) for a in twin["args"]]
        yield twin["label"], judge(spec, twin, args, observe(fn, args))


def main():
    for attempt in ATTEMPTS:
        head = f"{attempt.exercise} | {attempt.name} | hint={attempt.hint!r}"
        messages = failures(attempt)
        print(f"{head} | {len(messages)} failing groups")
        for message in messages:
            print(f"    {message}")
        for label, verdict in twin_verdicts(attempt):
            print(f"    twin {label}: {verdict}")


if __name__ == "__main__":
    main()
