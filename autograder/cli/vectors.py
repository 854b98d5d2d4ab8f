"""Regenerate the public test vectors from the reference.

    python -m autograder vectors

Writes autograder/student/vectors/<exercise>.json: inputs and the reference's outputs, which the
visible checks compare against. Run it after changing the reference or a public case.
"""

from autograder.cases import PUBLIC, vector_text
from autograder.student.casefile import vector_file


def add_arguments(parser):
    pass


def run(args):
    for exercise in PUBLIC:
        path = vector_file(exercise)
        path.write_text(vector_text(exercise))
        print(f"wrote {path.name}")
