"""Grade a small simulated class on the course's sqlite gradebook: an instructor's first run.

    python -m autograder demo

For every assignment it submits three students: `demo-full` (the instructor's solution),
`demo-untouched` (the student notebook as released) and `demo-partly-wrong` (a typical mistake in
some answers, the rest right), grades them like `grade` does and prints the table. Afterwards
the class is also visible in nbgrader's formgrader.
"""

from autograder import sandbox
from autograder.classroom import GradingOptions, grade_assignment, table, write_csv
from autograder.course import Course
from autograder.sandbox import Limits
from autograder.submissions import demo_class, name_demo_students

HELP = "grade a simulated class of three students (a first run for instructors)"


def add_arguments(parser):
    pass


def run(args):
    course = Course.at(args.root)
    # The demo's notebooks are the instructor's own: without bubblewrap they run unisolated.
    limits = Limits(isolate=sandbox.available())
    graded = {}
    for assignment in course.assignments():
        demo_class(course, assignment)
        graded[assignment] = grade_assignment(course, assignment,
                                              GradingOptions(force=True, limits=limits))
        print(table(assignment, graded[assignment]), end="\n\n")
    write_csv(course.root / "grades.csv", graded)
    name_demo_students(course)
    print(f"feedback: {course.root / 'feedback'}/   gradebook: {course.root / 'gradebook.db'}")
    print("browse it in nbgrader's formgrader: jupyter lab, then Nbgrader > Formgrader")
