"""Build what students receive: the student wheel and the released notebooks.

    python -m autograder distribute                  # -> dist/student/
    python -m autograder distribute --out /srv/handout

The wheel holds only `autograder/student` (and a docstring-only `autograder/__init__.py`);
`pip install dist/student/*.whl` puts it, with its pinned NumPy, Matplotlib and ipywidgets, into
a student's environment or a hub's single-user image. Run `release` first after editing a
solution: the notebooks are copied from notebooks/ as they are.
"""

from pathlib import Path

from autograder.course import Course
from autograder.distribution import build


def add_arguments(parser):
    parser.add_argument("--out", help="output folder (default: dist/student under --root)")


def run(args):
    course = Course.at(args.root)
    out = Path(args.out) if args.out else course.dist
    files = build(course, out)
    for name in files:
        print(out / name)
