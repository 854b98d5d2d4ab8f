"""The repository's notebooks, throw-away course copies and the instructor command."""

import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

from autograder.course import Course, tool_env
from autograder.grading import sandbox

REPO = Path(__file__).resolve().parents[2]
SOURCES = sorted(REPO.glob("solutions/*/*.ipynb"))
RELEASES = sorted(REPO.glob("notebooks/*/*.ipynb"))
ASSIGNMENTS = sorted(p.parent.name for p in SOURCES)
SANDBOXED = sandbox.available()
# Where bubblewrap is missing, grading still runs (limits, verdicts outside) without isolation;
# the isolation tests themselves (marked `sandbox`) skip. CI installs bubblewrap.
GRADE_FLAGS = [] if SANDBOXED else ["--no-sandbox"]
NO_SANDBOX = ("bubblewrap (bwrap) is not installed; the isolation tests need it "
              "(Debian/Ubuntu: apt-get install bubblewrap)")


def make_course(folder):
    """A fresh course directory: the repository's configuration, sources and releases."""
    folder = Path(folder)
    shutil.copy(REPO / "nbgrader_config.py", folder)
    shutil.copytree(REPO / "solutions", folder / "solutions")
    shutil.copytree(REPO / "notebooks", folder / "notebooks")
    return Course.at(folder)


def run_autograder(course, *args, timeout=1800, env=None, cwd=None):
    """`python -m autograder ARGS --root COURSE`, as an instructor would run it (with `env`'s
    variables added); returns the CompletedProcess, whatever its exit code."""
    return subprocess.run([sys.executable, "-m", "autograder", *args, "--root", str(course.root)],
                          capture_output=True, text=True, timeout=timeout, cwd=cwd,
                          env=tool_env() | (env or {}))


def autograder(course, *args, timeout=1800):
    """Run `python -m autograder ARGS --root COURSE` as an instructor would; returns its output."""
    done = run_autograder(course, *args, timeout=timeout)
    assert done.returncode == 0, f"autograder {args} failed:\n{done.stdout}\n{done.stderr}"
    if "warning" in done.stderr:
        print(done.stderr)  # shown by pytest when a test fails
    return done.stdout


def read(path):
    return nbformat.read(path, as_version=4)
