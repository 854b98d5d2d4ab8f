"""Regenerate the student notebooks (notebooks/) from the instructor's sources (solutions/).

    python -m autograder release                 # every assignment
    python -m autograder release 01_gradient_descent

Runs `nbgrader generate_assignment --force` for each assignment: solutions and hidden tests
are removed, outputs cleared, and the assignment is recorded in the gradebook.
"""

from autograder.course import Course


def add_arguments(parser):
    parser.add_argument("assignments", nargs="*", help="default: all of them")


def run(args):
    course = Course.at(args.root)
    for assignment in args.assignments or course.assignments():
        course.release(assignment)
        print(f"released {assignment} -> notebooks/{assignment}/")
