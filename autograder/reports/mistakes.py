"""A class's mistakes, from the check lines the grader wrote: which hint caught whom.

A failed check line reads "✗ exercise: case label: hint". The same mistake shows on many cases,
with other numbers in it, so a mistake is its hint with the case label cut off, and two hints
are the same mistake when they differ only in their numbers.
"""

import re
from dataclasses import dataclass, field

NUMBER = re.compile(r"[-−]?\d+(?:\.\d+)?(?:e[-+]?\d+)?")


@dataclass
class ClassMistake:
    """One hint of one exercise, and whom it caught."""
    exercise: str
    hint: str  # as one of the students saw it, the case label cut off
    students: list = field(default_factory=list)


def split_message(message, labels=()):
    """(exercise, hint) of a failed check line '✗ exercise: case label: hint'.

    `labels` are the exercise's case labels; the longest one that starts the rest is cut off
    (labels contain colons themselves, so no simpler split works)."""
    text = message.strip().removeprefix("✗").strip()
    exercise, _, rest = text.partition(": ")
    for label in sorted(labels, key=len, reverse=True):
        if rest.startswith(label + ": "):
            return exercise, rest[len(label) + 2:].strip()
    return exercise, rest.strip()


def mistake_key(hint):
    """What makes two hints the same mistake: the text without its numbers."""
    return NUMBER.sub("#", hint).casefold()


def class_mistakes(messages, labels):
    """{exercise: [ClassMistake, ...] most frequent first} from every student's failed check lines.

    Inputs:
    - messages: {student: {test cell grade id: check line}} (passing lines are skipped)
    - labels: {exercise: [case label, ...]}
    """
    groups, seen = {}, {}
    for student in sorted(messages):
        for line in messages[student].values():
            if not line.strip().startswith("✗"):
                continue
            exercise, hint = split_message(line, labels.get(line_exercise(line), ()))
            key = (exercise, mistake_key(hint))
            mistake = groups.setdefault(key, ClassMistake(exercise, hint))
            variants = seen.setdefault(key, {})
            variants[hint] = variants.get(hint, 0) + 1
            if student not in mistake.students:
                mistake.students.append(student)
    by_exercise = {}
    for key, mistake in groups.items():
        mistake.hint = max(seen[key], key=lambda h: (seen[key][h], -len(h)))  # the usual wording
        by_exercise.setdefault(mistake.exercise, []).append(mistake)
    for mistakes in by_exercise.values():
        mistakes.sort(key=lambda m: (-len(m.students), m.hint))
    return by_exercise


def line_exercise(line):
    return line.strip().removeprefix("✗").strip().partition(": ")[0]


GENERIC = re.compile(r"^raised |^not checked|Largest difference")  # they say little of why


def short_mistakes(messages, labels, width=90):
    """One student's mistakes in a line: per failed exercise its most telling hint's first
    sentence, after the exercises it caught ("relu, relu_prime: not implemented yet")."""
    hints = {}
    for line in messages.values():
        if line.strip().startswith("✗"):
            exercise, hint = split_message(line, labels.get(line_exercise(line), ()))
            hints.setdefault(exercise, []).append(first_sentence(hint))
    by_hint = {}
    for exercise, found in hints.items():
        telling = [h for h in found if not GENERIC.search(h)]
        by_hint.setdefault((telling or found)[0], []).append(exercise)
    return "; ".join(f"{', '.join(e)}: {shorten(h, width)}" for h, e in by_hint.items())


def first_sentence(hint):
    """The sentence of a hint that says the most: for an exception, its kind and the advice
    after its message; otherwise the first sentence that says more than 'wrong values'."""
    if hint.startswith("your function raised "):
        kind, _, message = hint.removeprefix("your function raised ").partition(": ")
        advice = message.rsplit(". ", 1)[1] if ". " in message else message
        return f"raised {kind}: {advice.rstrip('.')}"
    text = hint.removeprefix("wrong values.").strip() or hint
    return text.split(". ")[0].rstrip(".")


def shorten(text, width):
    return text if len(text) <= width else text[:width - 1].rstrip() + "…"


def case_labels(plan):
    """{exercise: [case label, ...]} of a grading Plan: what split_message cuts off."""
    return {e: [c["label"] for c in cases] for e, cases in plan.cases.items()}
