"""Where one submission's wall time and core-seconds go inside `run_job`.

    .venv/bin/python benchmarks/sandbox_profile.py               # 01_gradient_descent, 5 runs
    .venv/bin/python benchmarks/sandbox_profile.py --runs 9 03_sigmoid
    .venv/bin/python benchmarks/sandbox_profile.py --no-zygote    # a fresh Python per job

The instructor's solution of the assignment, as a submission, is run through the sandbox in
steps that each add one thing to the one before: the sandbox alone (bubblewrap, control group,
tmpfs mounts) running /bin/true; a Python that does nothing; the runner on an empty job (its
imports, the IPython shell); the notebook's cells; observing the public and hidden cases; the
twins. Each row is the median of --runs; "adds" is the row minus the one before (with a
zygote, the runner's row minus the sandbox's: a forked runner starts no Python). Core-seconds
are counted by a cpuacct control group around this process (every process it starts, the
sandbox's included; "nan" where there is none). Then the imports the job pays for, timed with
`python -X importtime` inside the sandbox. Prints Markdown tables and the load average.
"""

import argparse
import ast
import os
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import replace
from pathlib import Path

import nbformat

from autograder.course import Course
from autograder.grading import sandbox
from autograder.grading.job import make_job, run_job

try:  # the grader's font list and zygotes (absent before this profile's first cuts)
    from autograder.grading import zygote
    from autograder.grading.job import font_cache

    def job_files():
        return {"shared": font_cache(True)}
except ImportError:
    zygote = None

    def job_files():
        return {}
from autograder.grading.judge import judge_submission
from autograder.grading.plan import make_plan
from autograder.grading.submissions import fill, solutions

REPO = Path(__file__).resolve().parents[1]
CPUACCT = Path("/sys/fs/cgroup/cpuacct")
RUNNER_IMPORTS = ["IPython.core.interactiveshell", "numpy", "autograder.student.checks"]


class CoreSeconds:
    """CPU time of this process and all it starts, from a cgroup-v1 cpuacct group."""

    def __init__(self):
        self.group = None
        if (CPUACCT / "cpuacct.usage").is_file():
            try:
                group = CPUACCT / f"sandbox-profile-{uuid.uuid4().hex[:8]}"
                group.mkdir()
                (group / "cgroup.procs").write_text(str(os.getpid()))
                self.group = group
            except OSError:
                pass

    def read(self):
        if self.group is None:
            return float("nan")
        return int((self.group / "cpuacct.usage").read_text()) / 1e9

    def close(self):
        if self.group is not None:  # this process, and the zygote it started
            for pid in (self.group / "cgroup.procs").read_text().split():
                (self.group.parent / "cgroup.procs").write_text(pid)
            self.group.rmdir()


def measure(action, runs, clock):
    """Median wall seconds and core-seconds of `action()` over `runs` runs (after a warm-up)."""
    action()
    walls, cores = [], []
    for _ in range(runs):
        core, start = clock.read(), time.perf_counter()
        action()
        walls.append(time.perf_counter() - start)
        cores.append(clock.read() - core)
    return statistics.median(walls), statistics.median(cores)


def in_sandbox(argv, outputs=()):
    def run():
        with tempfile.TemporaryDirectory(prefix="profile-") as scratch:
            finished = sandbox.run(argv, Path(scratch), outputs=outputs)
            assert finished.returncode == 0, finished.stderr
    return run


def job_run(job, **options):
    def run():
        outcome = run_job(job, **options)
        assert outcome.returncode == 0, outcome.stderr
        return outcome
    return run


def steps(job, options):
    """(label, action) pairs, each adding one stage to the one before."""
    public = {name: [c for c in cases if not c.id.startswith("twin/")]
              for name, cases in job.exercises.items()}
    return [
        ("sandbox: bwrap, control group, tmpfs mounts (/bin/true)", in_sandbox(["/bin/true"])),
        ("+ Python start-up (`python -c pass`)", in_sandbox([sys.executable, "-c", "pass"])),
        ("+ runner on an empty job (its imports, the IPython shell)",
         job_run(replace(job, cells=[], exercises={}, callees={}), **options)),
        ("+ the notebook's cells (their imports included)",
         job_run(replace(job, exercises={}, callees={}), **options)),
        ("+ observing the public and hidden cases", job_run(replace(
            job, exercises=public, callees={}), **options)),
        ("+ the twins, and the callees (the whole job)", job_run(job, **options)),
    ]


def imported_by(job):
    """The modules the runner and the job's cells import, in order, without repeats."""
    names = list(RUNNER_IMPORTS)
    for cell in job.cells:
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        for node in tree.body:
            if isinstance(node, ast.Import):
                names += [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.append(node.module)
    return list(dict.fromkeys(names))


def import_times(job):
    """{module: cumulative seconds} for each import, timed inside the sandbox, in order."""
    modules = imported_by(job)
    code = "; ".join(f"import {name}" for name in modules)
    with tempfile.TemporaryDirectory(prefix="profile-") as scratch:
        shell = f"{sys.executable} -X importtime -c '{code}' 2> importtime.txt"
        finished = sandbox.run(["/bin/sh", "-c", shell], Path(scratch),
                               outputs=("importtime.txt",), **job_files())
        assert finished.returncode == 0, finished.stderr
        lines = (Path(scratch) / "importtime.txt").read_text().splitlines()
    found = {}
    for line in lines:  # "import time: self [us] | cumulative | imported package"
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            name = parts[2].strip()
            found[name] = int(parts[1]) / 1e6
    return {name: found.get(name, 0.0) for name in modules}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("assignment", nargs="?", default="01_gradient_descent")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-zygote", action="store_true",
                        help="start a fresh Python per job, as before the zygote")
    args = parser.parse_args()
    options = {"use_zygote": False} if args.no_zygote else {}
    course = Course.at(REPO)
    plan = make_plan(course, args.assignment)
    (source,) = course.source_notebooks(args.assignment)
    submission = fill(plan.release, solutions(nbformat.read(source, as_version=4)))
    job = make_job(plan, submission)
    clock = CoreSeconds()
    load = os.getloadavg()
    rows, chain = [], [(0.0, 0.0)]
    try:
        started = time.perf_counter()
        zygote_ready = zygote is not None and not args.no_zygote and zygote.for_this_thread(
            job_files().get("shared", ()))
        started = time.perf_counter() - started
        for label, action in steps(job, options):
            wall, core = measure(action, args.runs, clock)
            if zygote_ready and label.startswith("+ runner"):
                chain.pop()  # a forked runner starts no Python: it adds to the sandbox alone
            before = chain[-1]
            rows.append(f"| {label} | {wall:.3f} | {wall - before[0]:+.3f} | {core:.3f} | "
                        f"{core - before[1]:+.3f} |")
            chain.append((wall, core))
        outcome = job_run(job, **options)()
        judged = measure(lambda: judge_submission(plan, job, outcome), args.runs, clock)
        imports = import_times(job)
    finally:
        clock.close()
    cases = sum(len(c) for c in job.exercises.values())
    twins = sum(c.id.startswith("twin/") for cases in job.exercises.values() for c in cases)
    print(f"{args.assignment}, the solution as a submission ({len(job.cells)} code cells, "
          f"{cases} cases of which {twins} twins), median of {args.runs} runs; "
          f"load average before {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}, after "
          + " ".join(f"{x:.2f}" for x in os.getloadavg()) + "\n")
    runner = (f"forked by this worker's zygote (started once, in {started:.2f} s)"
              if zygote_ready else "a fresh Python per job")
    print(f"runner: {runner}\n")
    print("| step | wall s | adds | core-s | adds |\n| --- | ---: | ---: | ---: | ---: |")
    print("\n".join(rows))
    print(f"| judging, in the grader's process | {judged[0]:.3f} | | {judged[1]:.3f} | |\n")
    print("| import (inside the sandbox, cumulative, in this order) | s |\n| --- | ---: |")
    print("\n".join(f"| `{name}` | {seconds:.3f} |" for name, seconds in imports.items()))


if __name__ == "__main__":
    main()
