"""Regenerate the public test vectors from the reference.

    python -m autograder vectors

Writes autograder/student/vectors/<exercise>.json: inputs and the reference's outputs, which the
visible checks compare against. Run it after changing the reference or a public case.
"""

import json

from autograder.cases import PUBLIC, public_cases
from autograder.student.casefile import vector_file

HELP = "regenerate the public test vectors (autograder/student/vectors/)"


def add_arguments(parser):
    pass


def render(exercise):
    """The vector file's text for one exercise."""
    data = {"exercise": exercise, "generated_by": "python -m autograder vectors",
            "cases": public_cases(exercise)}
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def run(args):
    for exercise in PUBLIC:
        path = vector_file(exercise)
        path.write_text(render(exercise))
        print(f"wrote {path.name}")
