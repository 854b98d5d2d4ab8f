"""Grade a small simulated class on the course's sqlite gradebook: an instructor's first run.

    python -m autograder demo

For every assignment it submits three students: `demo-full` (the instructor's solution),
`demo-untouched` (the student notebook as released) and `demo-partly-wrong` (a typical mistake in
some answers, the rest right), grades them like `grade` does and prints the table. Afterwards
the class is also visible in nbgrader's formgrader.
"""

import os

import nbformat
from nbgrader.api import Gradebook

from autograder import sandbox
from autograder.cli.grade import grade_assignment, table, write_csv
from autograder.course import Course
from autograder.sandbox import Limits
from autograder.submissions import fill, solutions, submit

HELP = "grade a simulated class of three students (a first run for instructors)"

NAMES = {"demo-full": ("Demo", "Full marks"), "demo-untouched": ("Demo", "Untouched"),
         "demo-partly-wrong": ("Demo", "Partly wrong")}

# Typical mistakes, one per exercise, used by the partly wrong student.
MISTAKES = {
    "gradient_descent": '''def gradient_descent(grad, x0, lr, steps):
    # Works for a number, breaks for a vector: float() of an array of two entries fails.
    x = float(x0)
    trajectory = [x]
    for _ in range(steps):
        x = x - lr * grad(x)
        trajectory.append(x)
    return np.array(trajectory)''',
}


def partly_wrong(answers):
    """The typical mistake where the catalogue has one; else the first half right, rest left."""
    ids = list(answers)
    right = set(ids[: (len(ids) + 1) // 2])
    return {i: MISTAKES.get(i, answers[i] if i in right else None) for i in ids}


def demo_class(course, assignment):
    """Write the three demo submissions of one assignment."""
    for source in course.source_notebooks(assignment):
        release_nb = course.release_notebook(assignment, source.name)
        answers = solutions(nbformat.read(source, as_version=4))
        wrong = {k: v for k, v in partly_wrong(answers).items() if v is not None}
        for student, filled in [("demo-full", answers), ("demo-untouched", {}),
                                ("demo-partly-wrong", wrong)]:
            submit(course, student, assignment, {source.name: fill(release_nb, filled)})


def add_arguments(parser):
    pass


def run(args):
    course = Course.at(args.root)
    # The demo's notebooks are the instructor's own: without bubblewrap they run unisolated.
    limits = Limits(wall_seconds=None, isolate=sandbox.available())  # deadline fitted
    graded = {}
    for assignment in course.assignments():
        demo_class(course, assignment)
        graded[assignment] = grade_assignment(course, assignment, jobs=os.cpu_count() or 1,
                                              force=True, limits=limits)
        print(table(assignment, graded[assignment]), end="\n\n")
    write_csv(course.root / "grades.csv", graded)
    with Gradebook(course.gradebook_url) as gradebook:  # names for nbgrader's formgrader
        for student, (first, last) in NAMES.items():
            gradebook.update_or_create_student(student, first_name=first, last_name=last)
    print(f"feedback: {course.root / 'feedback'}/   gradebook: {course.root / 'gradebook.db'}")
    print("browse it in nbgrader's formgrader: jupyter lab, then Nbgrader > Formgrader")
