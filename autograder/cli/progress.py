"""Which exercises of your notebooks pass their visible checks (for students).

    python -m autograder progress
    python -m autograder progress notebooks/05_deep_delta/

Runs each notebook from top to bottom in a fresh Python process and lists, per notebook, each
exercise: ✓ passes its checks, ✗ with the hint of the check that failed, · not started yet.
Needs only your own notebooks (`python -m autograder.student.progress` does the same with the
student package alone).
"""

from pathlib import Path

from autograder.student import progress


def add_arguments(parser):
    progress.add_arguments(parser, default_folder="notebooks under --root")


def run(args):
    return progress.report(args.paths or [Path(args.root) / "notebooks"], args.timeout)
