"""Grade a small simulated class on the course's sqlite gradebook: an instructor's first run.

    python -m autograder demo

For every assignment it submits three students: `demo-full` (the instructor's solution),
`demo-untouched` (the student notebook as released) and `demo-partly-wrong` (a typical mistake in
some answers, the rest right), grades them like `grade` does and prints the table. Afterwards
the class is also visible in nbgrader's formgrader.
"""

from autograder.course import Course
from autograder.grading import sandbox
from autograder.grading.classroom import GradingOptions, grade_assignment, table
from autograder.grading.sandbox import Limits
from autograder.grading.submissions import demo_class, name_demo_students
from autograder.reports.exports import export_grades


def add_arguments(parser):
    pass


def run(args):
    course = Course.at(args.root)
    # The demo's notebooks are the instructor's own: without bubblewrap they run unisolated.
    limits = Limits(wall_seconds=None, isolate=sandbox.available())  # deadline fitted
    graded = {}
    for assignment in course.assignments():
        demo_class(course, assignment)
        graded[assignment] = grade_assignment(course, assignment,
                                              GradingOptions(force=True, limits=limits))
        print(table(assignment, graded[assignment]), end="\n\n")
    name_demo_students(course)
    export_grades(course)  # after the names: grades.csv carries them
    print(f"feedback: {course.feedback}/   gradebook: {course.gradebook_file}")
    print(f"class report: {course.reports / 'index.html'}   scores: {course.grades_csv}")
    print("browse it in nbgrader's formgrader: jupyter lab, then Nbgrader > Formgrader")
