"""Which exercises of your notebooks pass their visible checks (for students).

    python -m autograder progress
    python -m autograder progress notebooks/05_deep_delta/

Runs each notebook from top to bottom in a fresh Python process and lists, per notebook, each
exercise: ✓ passes its checks, ✗ with the hint of the check that failed, · not started yet.
Needs only your own notebooks.
"""

from pathlib import Path

from autograder.student.progress import describe, find_notebooks, notebook_progress

HELP = "for students: which exercises of your notebooks pass their checks"


def add_arguments(parser):
    parser.add_argument("paths", nargs="*",
                        help="notebooks or folders (default: notebooks/ under --root)")
    parser.add_argument("--timeout", type=int, default=600,
                        help="seconds one notebook may run (default: %(default)s)")


def run(args):
    paths = args.paths or [Path(args.root) / "notebooks"]
    notebooks, problems = find_notebooks(paths)
    for problem in problems:
        print(problem)
    for path in notebooks:
        print("\n".join(describe(notebook_progress(path, args.timeout))), flush=True)
    return 1 if problems and not notebooks else 0
