"""Where the seconds of grading one class go: the per-run fixed costs and the per-submission ones.

    .venv/bin/python benchmarks/grading_profile.py                  # 40 submissions of 01
    .venv/bin/python benchmarks/grading_profile.py --size 20 --scheduler   # + a Dask LocalCluster

It builds a class with benchmarks.grading's `build_class` in a throw-away course and grades it
twice in this process with `grade_assignment`: the whole class (a first run), then again with
nothing changed. Each phase is timed by wrapping the function that does it (PHASES below, the
benchmark's only hook: the grader itself is not changed to be measured); a phase that calls
another one is charged only its own time ("preflight › sandbox job" is the preflight's run of
the solution). Core-seconds are the thread's CPU time plus, for the phases that start
processes, those processes' CPU time (a cpuacct control group around the benchmark, see
TreeCpu). The in-process runs use one job at a time so that every core-second is charged once
and to the right phase; the judging of one
submission overlaps the next one's sandbox, so the per-submission walls add up to more than the
run took. "other" is what no phase covers (scanning submitted/, fingerprints, the loop).

Then it runs the command an instructor types, `python -m autograder grade --jobs 2`, on a fresh
copy of the class: the first run, one late submission, nothing changed; and with --scheduler the
same three on a `distributed.LocalCluster` of two worker processes (core-seconds: the command's
and the workers').
"""

import argparse
import functools
import importlib
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import nbformat

from autograder.course import tool_env
from autograder.grading import sandbox
from autograder.grading.classroom import GradingOptions, grade_assignment
from autograder.grading.sandbox import Limits
from autograder.grading.submissions import fill, solutions, submit
from autograder.reports.exports import export_grades
from benchmarks.grading import build_class, fresh_course

# (phase, module, attribute, starts processes): the functions timed. Missing ones are skipped,
# so the same benchmark measures the grader before and after a change that renames a step.
PHASES = [
    ("release (nbgrader generate_assignment)", "autograder.course", "Course.release", True),
    ("fixed costs: fingerprints, record", "autograder.grading.classroom", "prepare", True),
    ("plan", "autograder.grading.classroom", "make_plan", False),
    ("plan", "autograder.grading.prepare", "make_plan", False),
    ("preflight", "autograder.grading.classroom", "run_preflight", True),
    ("preflight", "autograder.grading.prepare", "run_preflight", True),
    ("grading_version", "autograder.grading.classroom", "grading_version", False),
    ("grading_version", "autograder.grading.prepare", "grading_version", False),
    ("gradebook check", "autograder.grading.prepare", "knows_assignment", False),
    ("read submission", "autograder.grading.classroom", "read_submission", False),
    ("make job", "autograder.grading.classroom", "make_job", False),
    ("sandbox job", "autograder.grading.classroom", "run_job", True),
    ("sandbox job", "autograder.grading.preflight", "run_job", True),
    ("judge", "autograder.grading.classroom", "judge_submission", False),
    ("judge", "autograder.grading.preflight", "judge_submission", False),
    ("record", "autograder.grading.classroom", "record_result", False),
    ("gradebook write", "autograder.grading.recording", "record", False),
    ("feedback (nbgrader generate_feedback)", "autograder.grading.classroom", "write_feedback",
     True),
    ("roster", "autograder.grading.classroom", "roster", False),
    ("class report", "autograder.grading.classroom", "write_class_report", False),
    ("charts", "autograder.reports.class_report", "charts", False),
]
FLAT = {"fixed costs: fingerprints, record"}  # its steps keep their own names in the table


def cpu(who):
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


class TreeCpu:
    """CPU seconds of this process and everything it starts, sandboxes included.

    bubblewrap's PID namespace hides a sandbox from getrusage (its init is never waited for
    by the grader), so where the machine has cgroup v1's cpuacct (root) this process moves into
    a cpuacct group of its own, which its children inherit and which counts them all."""

    group = None

    def start(self):
        self.group = Path(f"/sys/fs/cgroup/cpuacct/grading-profile-{os.getpid()}")
        try:
            self.group.mkdir()
            (self.group / "cgroup.procs").write_text(str(os.getpid()))
        except OSError:
            self.group = None

    def seconds(self):
        if self.group is None:  # the sandboxes are missing from this figure
            return cpu(resource.RUSAGE_SELF) + cpu(resource.RUSAGE_CHILDREN)
        return int((self.group / "cpuacct.usage").read_text()) / 1e9

    def note(self):
        return ("core-s: cgroup cpuacct, sandboxes included" if self.group else
                "core-s: getrusage only, WITHOUT the sandboxes (no cpuacct group here)")

    def close(self):
        if self.group is None:
            return
        (self.group.parent / "cgroup.procs").write_text(str(os.getpid()))
        for _ in range(300):  # processes that just ended (a cluster's) may hold it a while
            try:
                self.group.rmdir()
                return
            except OSError:
                time.sleep(0.1)


TREE = TreeCpu()


class Profile:
    """Exclusive wall and core seconds per phase; a stack per thread."""

    def __init__(self):
        self.totals = defaultdict(lambda: [0, 0.0, 0.0])  # phase -> [calls, wall, core]
        self.local = threading.local()
        self.lock = threading.Lock()

    def wrap(self, name, function, children):
        @functools.wraps(function)
        def timed(*args, **kwargs):
            stack = self.local.__dict__.setdefault("stack", [])
            label = f"{stack[-1][0]} › {name}" if stack and stack[-1][0] not in FLAT else name
            frame = [label, 0.0, 0.0]  # the time of nested phases, taken off this one
            stack.append(frame)
            wall, own = time.perf_counter(), cpu(resource.RUSAGE_THREAD)
            others = TREE.seconds() - cpu(resource.RUSAGE_SELF) if children else 0.0
            try:
                return function(*args, **kwargs)
            finally:
                wall = time.perf_counter() - wall
                core = cpu(resource.RUSAGE_THREAD) - own
                if children:  # the processes it started (one job at a time: only its own)
                    core += TREE.seconds() - cpu(resource.RUSAGE_SELF) - others
                stack.pop()
                with self.lock:
                    entry = self.totals[label]
                    entry[0] += 1
                    entry[1] += wall - frame[1]
                    entry[2] += core - frame[2]
                if stack:
                    stack[-1][1] += wall
                    stack[-1][2] += core
        return timed

    def install(self):
        """Wrap every phase found; returns a function that unwraps them."""
        undo = []
        for name, module_name, attribute, children in PHASES:
            try:
                owner = importlib.import_module(module_name)
            except ModuleNotFoundError:  # a step of another version of the grader
                continue
            *path, leaf = attribute.split(".")
            for part in path:
                owner = getattr(owner, part)
            if not hasattr(owner, leaf):
                continue
            original = getattr(owner, leaf)
            setattr(owner, leaf, self.wrap(name, original, children))
            undo.append((owner, leaf, original))
        return lambda: [setattr(owner, leaf, original) for owner, leaf, original in undo]


def profiled_run(course, assignment, options):
    """(Profile, wall, core) of grade_assignment and the grades.csv the CLI writes after it."""
    profile = Profile()
    uninstall = profile.install()
    wall, core = time.perf_counter(), TREE.seconds()
    try:
        grade_assignment(course, assignment, options)
        profile.wrap("grades.csv", export_grades, children=False)(course)  # as the CLI does
    finally:
        uninstall()
    return profile, time.perf_counter() - wall, TREE.seconds() - core


def command_cost(argv, cwd):
    """(wall, core, CompletedProcess) of one command; core counts all it started (and what
    else this process did meanwhile, e.g. a LocalCluster's workers)."""
    before, start = TREE.seconds(), time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, env=tool_env(), capture_output=True, text=True,
                          check=False)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{argv} failed:\n{done.stdout}\n{done.stderr}")
    return wall, TREE.seconds() - before, done


def table(title, rows, wall, core, size):
    """A Markdown table: phase, calls, wall s, core-s, share of the core-seconds."""
    print(f"\n{title}\n")
    print("| phase | calls | wall s | core-s | share |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, (calls, w, c) in rows:
        print(f"| {name} | {calls} | {w:.2f} | {c:.2f} | {100 * c / core:.0f}% |")
    print(f"| **total** | | **{wall:.2f}** | **{core:.2f}** | |")
    print(f"\n{size} submissions: {wall / size:.2f} wall s and {core / size:.2f} core-s each "
          f"(load average {os.getloadavg()[0]:.1f})")


def in_process(assignment, size):
    """The phase tables of a first run and of a regrade with nothing changed."""
    with tempfile.TemporaryDirectory() as folder:
        course = fresh_course(Path(folder))
        build_class(course, assignment, size)
        options = GradingOptions(jobs=1, limits=Limits(wall_seconds=None,
                                                       isolate=sandbox.available()))
        start_wall, start_core, _ = command_cost(
            [sys.executable, "-m", "autograder", "grade", "--help"], course.root)
        start = ("CLI start: python, imports (`grade --help`)", (1, start_wall, start_core))
        for title in ("First run: the whole class, one job at a time",
                      "Regrade with nothing changed"):
            profile, wall, core = profiled_run(course, assignment, options)
            rows = sorted(profile.totals.items(), key=lambda item: -item[1][2])
            covered = [sum(r[1][1] for r in rows), sum(r[1][2] for r in rows)]
            rows = [start, *rows, ("other", (0, max(0.0, wall - covered[0]), core - covered[1]))]
            table(f"{title} (in process, {size} submissions of {assignment})", rows,
                  wall + start_wall, core + start_core, size)


def late_submission(course, assignment):
    (source,) = course.source_notebooks(assignment)
    release = course.release_notebook(assignment, source.name)
    answers = solutions(nbformat.read(source, as_version=4))
    submit(course, "late-student", assignment, {source.name: fill(release, answers)})


def from_the_cli(assignment, size, scheduler):
    """The three runs an instructor makes, each as `python -m autograder grade`."""
    with tempfile.TemporaryDirectory() as folder:
        course = fresh_course(Path(folder))
        build_class(course, assignment, size)
        command = [sys.executable, "-m", "autograder", "grade", assignment, "--jobs", "2"]
        cluster = None
        if scheduler:
            from distributed import LocalCluster

            cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                   dashboard_address=None)
            command = [sys.executable, "-m", "autograder", "grade", assignment, "--scheduler",
                       cluster.scheduler_address]
        where = "a LocalCluster of 2 workers" if scheduler else "--jobs 2"
        print(f"\n`python -m autograder grade` on {where}, {size} submissions of {assignment}\n")
        print("| run | wall s | core-s | load |")
        print("| --- | ---: | ---: | ---: |")
        try:
            for name in ("first run", "one late submission", "nothing changed"):
                if name == "one late submission":
                    late_submission(course, assignment)
                wall, core, _ = command_cost(command, course.root)
                print(f"| {name} | {wall:.2f} | {core:.2f} | {os.getloadavg()[0]:.1f} |")
        finally:
            if cluster:
                cluster.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("assignment", nargs="?", default="01_gradient_descent")
    parser.add_argument("--size", type=int, default=40, help="submissions in the class")
    parser.add_argument("--scheduler", action="store_true",
                        help="also grade on a distributed.LocalCluster of 2 workers")
    parser.add_argument("--cli-only", action="store_true", help="skip the in-process tables")
    args = parser.parse_args()
    TREE.start()
    print(f"load average at the start: {os.getloadavg()[0]:.1f}; {TREE.note()}")
    try:
        if not args.cli_only:
            in_process(args.assignment, args.size)
        from_the_cli(args.assignment, args.size, scheduler=False)
        if args.scheduler:
            from_the_cli(args.assignment, args.size, scheduler=True)
    finally:
        TREE.close()


if __name__ == "__main__":
    main()
