"""Grade every submission of one assignment: sandboxed, in parallel, with feedback and a report.

    python -m autograder grade 01_gradient_descent
    python -m autograder grade 01_gradient_descent --jobs 4 --force
    python -m autograder grade 01_gradient_descent --scheduler tcp://10.0.0.5:8786

Reads submitted/<student>/<assignment>/<notebook>.ipynb (nbgrader's layout). Each submission
runs in its own bubblewrap sandbox (no course files, no network, memory/CPU/time limits) where
its functions are only called on the test inputs; the verdicts are computed outside it, written
to nbgrader's gradebook, to autograded/ and, as HTML, to feedback/<student>/<assignment>/. Broken
submissions score 0 with a plain reason. Unchanged submissions are not graded again, and the
release and the preflight are redone only when something they depend on changed (--force
regrades and redoes everything). Prints a table; writes grades.csv (every assignment, from the
gradebook) and the class report reports/<assignment>/index.html.
"""

import os
import sys

from autograder.course import Course
from autograder.grading import sandbox
from autograder.grading.classroom import GradingOptions, grade_assignment, table
from autograder.grading.preflight import DEADLINE_FACTOR, DEADLINE_FLOOR
from autograder.grading.sandbox import Limits
from autograder.reports.exports import export_grades


def add_arguments(parser):
    parser.add_argument("assignment", help="e.g. 01_gradient_descent")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="submissions graded at once (default: the number of cores)")
    parser.add_argument("--scheduler", help="grade on a Dask cluster: the scheduler's address")
    parser.add_argument("--force", action="store_true",
                        help="regrade unchanged submissions; release and preflight again")
    defaults = Limits()
    parser.add_argument("--wall-seconds", type=float,
                        help=f"wall-clock limit per submission (default: {DEADLINE_FACTOR} x "
                             f"the solution's run time, at least {DEADLINE_FLOOR:g} s)")
    parser.add_argument("--cpu-seconds", type=int, default=defaults.cpu_seconds,
                        help="CPU-time limit per submission (default: %(default)s)")
    parser.add_argument("--memory-mb", type=int, default=defaults.memory_bytes >> 20,
                        help="memory per submission in MiB, its files in RAM included "
                             "(default: %(default)s)")
    parser.add_argument("--processes", type=int, default=defaults.tasks,
                        help="processes and threads per submission (default: %(default)s)")
    parser.add_argument("--disk-mb", type=int, default=defaults.disk_bytes >> 20,
                        help="disk space in MiB of each folder a submission may write: its "
                             "scratch, /tmp, /dev/shm (default: %(default)s)")
    parser.add_argument("--file-mb", type=int, default=defaults.file_bytes >> 20,
                        help="largest file a submission may write, in MiB (default: %(default)s)")
    parser.add_argument("--open-files", type=int, default=defaults.open_files,
                        help="open files per process of a submission (default: %(default)s)")
    parser.add_argument("--no-sandbox", action="store_true",
                        help="run submissions without bubblewrap (limits still apply): only for "
                             "trusted notebooks, or where bwrap cannot be installed")


class ProgressBar:
    """A one-line progress bar on stderr (a line per step where stderr is not a terminal)."""

    def __init__(self):
        self.tty = sys.stderr.isatty()

    def __call__(self, progress):
        if progress.warning:
            print(f"\nwarning: {progress.warning}", file=sys.stderr)
            return
        if progress.note:
            print(progress.note, file=sys.stderr)
            return
        filled = int(30 * progress.done / max(progress.total, 1))
        line = (f"grading {progress.assignment} [{'#' * filled}{'.' * (30 - filled)}] "
                f"{progress.done}/{progress.total} {progress.student}")
        print(("\r" + line.ljust(100)) if self.tty else line, end="" if self.tty else "\n",
              file=sys.stderr, flush=True)
        if self.tty and progress.done == progress.total:
            print(file=sys.stderr)


def limits_from(args):
    if not args.no_sandbox and not sandbox.available():
        raise SystemExit("bubblewrap is not installed, so submissions cannot be isolated. "
                         "Install it (Debian/Ubuntu: apt-get install bubblewrap), or pass "
                         "--no-sandbox to grade trusted notebooks without isolation.")
    for flag in ("wall_seconds", "cpu_seconds", "memory_mb", "processes", "disk_mb", "file_mb",
                 "open_files"):
        if getattr(args, flag) is not None and getattr(args, flag) <= 0:
            raise SystemExit(f"--{flag.replace('_', '-')} must be positive, not "
                             f"{getattr(args, flag)}")
    limits = Limits(wall_seconds=args.wall_seconds, cpu_seconds=args.cpu_seconds,
                    memory_bytes=args.memory_mb << 20, tasks=args.processes,
                    disk_bytes=args.disk_mb << 20, file_bytes=args.file_mb << 20,
                    open_files=args.open_files, isolate=not args.no_sandbox)
    print(sandbox.describe(limits))
    return limits


def run(args):
    course = Course.at(args.root)
    if args.assignment not in course.assignments():
        raise SystemExit(f"no assignment {args.assignment!r}; known: {course.assignments()}")
    options = GradingOptions(jobs=args.jobs, scheduler=args.scheduler, force=args.force,
                             limits=limits_from(args))
    results = grade_assignment(course, args.assignment, options, progress=ProgressBar())
    export_grades(course)
    print(table(args.assignment, results))
    print(f"feedback: {course.feedback}/<student>/{args.assignment}/  "
          f"scores (every assignment): {course.grades_csv}\n"
          f"report: {course.report_folder(args.assignment) / 'index.html'}")
