"""Grading throughput: stock nbgrader against `python -m autograder grade --jobs 2`.

    .venv/bin/python benchmarks/grading.py                       # 40 submissions per notebook
    .venv/bin/python benchmarks/grading.py --per-notebook 20 01_gradient_descent
    .venv/bin/python benchmarks/grading.py --endless-loops 20 01_gradient_descent

For each notebook it builds a class in a throw-away course — a mix of correct answers,
catalogued wrong ones, untouched stubs, syntax errors and corrupt files — and grades it three
ways, printing submissions per minute:
- stock: `nbgrader autograde ASSIGNMENT` then `nbgrader generate_feedback ASSIGNMENT` (what
  ours does too: scores in the gradebook, HTML feedback), sequential, one process each;
- ours: `python -m autograder grade ASSIGNMENT --jobs 2` (sandboxed, verdicts outside), then
  the same command again with nothing changed (an instructor's regrade);
- floor: kernel start + executing each readable notebook with nbclient, one after another.
It then compares every student's score in the two gradebooks (a notebook stock nbgrader cannot
read counts as 0) and prints the speed-up and the load average.

With --endless-loops N it instead grades a class of N submissions, one in ten an endless loop,
twice: with the old fixed deadline (`--wall-seconds 120`) and with the default one, fitted to
the solution's run time by the preflight (10x, at least 15 s); it prints both wall times.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbgrader.api import Gradebook

from autograder.course import Course, tool_env
from autograder.grading.submissions import fill, solutions, submit
from autograder.reports.exports import marks
from tests.catalogue import catalogues

REPO = Path(__file__).resolve().parents[1]


def build_class(course, assignment, size):
    """`size` submissions: 40% correct, 30% catalogued mistakes, 10% stubs, 20% broken."""
    (source,) = course.source_notebooks(assignment)
    release = course.release_notebook(assignment, source.name)
    answers = solutions(nbformat.read(source, as_version=4))
    wrong = [a for a in catalogues().get(assignment, []) if not a.correct]
    for i in range(size):
        kind = ["right", "right", "wrong", "right", "stub", "wrong", "right", "broken", "wrong",
                "syntax"][i % 10]
        if kind == "broken":
            notebook = '{"cells": [ truncated'
        elif kind == "syntax":
            first = next(iter(answers))
            notebook = fill(release, answers | {first: "def oops(:\n    pass"})
        elif kind == "wrong" and wrong:
            attempt = wrong[i % len(wrong)]
            notebook = fill(release, answers | {attempt.exercise: attempt.code})
        elif kind == "stub":
            notebook = fill(release, {})
        else:
            notebook = fill(release, answers)
        submit(course, f"s{i:03d}-{kind}", assignment, {source.name: notebook})


def fresh_course(folder):
    shutil.copy(REPO / "nbgrader_config.py", folder)
    for part in ("solutions", "notebooks"):
        shutil.copytree(REPO / part, folder / part)
    return Course.at(folder)


def timed(command, cwd, must_succeed=False):
    """Seconds `command` took (stock nbgrader exits 1 on the class's corrupt files)."""
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=tool_env(), capture_output=True, text=True,
                          check=False)
    if must_succeed and done.returncode != 0:
        raise SystemExit(f"{command} failed:\n{done.stdout}\n{done.stderr}")
    return time.perf_counter() - start


def scores(course, assignment):
    """{student: score} for every submitted student, from the course's gradebook; a submission
    that was never recorded scores 0."""
    with Gradebook(course.gradebook_url) as gradebook:
        recorded = {m.student_id: m.score for m in marks(gradebook, (assignment,)) if m.submitted}
    return {student: recorded.get(student, 0.0) for student in course.students(assignment)}


def compare(stock, ours, assignment):
    """One line: whether both graders gave every student the same score."""
    a, b = scores(stock, assignment), scores(ours, assignment)
    differ = {s: (a[s], b.get(s)) for s in a if a[s] != b.get(s)}
    if not differ and a.keys() == b.keys():
        return f"identical scores: yes, all {len(a)} students (total {sum(a.values()):g})"
    return f"identical scores: NO, {len(differ)} differ (stock, ours): {differ}"


def floor(course, assignment):
    """Seconds to start a kernel and execute every readable submitted notebook, one by one."""
    start = time.perf_counter()
    for path in sorted(course.submitted.glob(f"*/{assignment}/*.ipynb")):
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception:  # corrupt files cost the floor nothing
            continue
        NotebookClient(nb, timeout=60, kernel_name="python3", allow_errors=True,
                       shutdown_kernel="immediate",
                       resources={"metadata": {"path": str(path.parent)}}).execute()
    return time.perf_counter() - start


def measure(assignment, size):
    rates = {}
    grade = [sys.executable, "-m", "autograder", "grade", assignment, "--jobs", "2"]
    with tempfile.TemporaryDirectory() as stock_dir, tempfile.TemporaryDirectory() as ours_dir:
        stock, ours = fresh_course(Path(stock_dir)), fresh_course(Path(ours_dir))
        for course in (stock, ours):
            build_class(course, assignment, size)
        stock.nbgrader("generate_assignment", assignment, "--force")
        autograde = timed([sys.executable, "-m", "nbgrader", "autograde", assignment, "--force"],
                          stock.root)
        feedback = timed([sys.executable, "-m", "nbgrader", "generate_feedback", assignment,
                          "--force"], stock.root)
        seconds = {
            "stock autograde + feedback": autograde + feedback,
            "autograder grade --jobs 2": timed(grade, ours.root, must_succeed=True),
            "floor (kernel + nbclient)": floor(ours, assignment),
        }
        regrade = timed(grade, ours.root, must_succeed=True)  # nothing changed since
        same = compare(stock, ours, assignment)
    for name, s in seconds.items():
        rates[name] = 60 * size / s
        print(f"  {name:<28} {s:7.1f} s   {rates[name]:6.1f} submissions/min")
    print(f"    (stock: autograde {autograde:.1f} s, generate_feedback {feedback:.1f} s)")
    ratio = rates["autograder grade --jobs 2"] / rates["stock autograde + feedback"]
    per_ours = 2 * seconds["autograder grade --jobs 2"] / size  # core-seconds per submission
    per_floor = seconds["floor (kernel + nbclient)"] / size
    print(f"  speed-up over stock: {ratio:.2f}x;  core-seconds per submission: ours "
          f"{per_ours:.2f} s, floor {per_floor:.2f} s ({per_ours / per_floor:.2f}x the floor)")
    print(f"  regrade with nothing changed: {regrade:.1f} s")
    print(f"  {same};  load average {os.getloadavg()[0]:.1f}")


def endless_loops(assignment, size):
    """Seconds to grade a class with 10% endless loops: old fixed deadline, then fitted."""
    with tempfile.TemporaryDirectory() as folder:
        course = fresh_course(Path(folder))
        (source,) = course.source_notebooks(assignment)
        release = course.release_notebook(assignment, source.name)
        answers = solutions(nbformat.read(source, as_version=4))
        loop = {next(iter(answers)): "while True:\n    pass"}
        for i in range(size):
            submit(course, f"s{i:03d}", assignment,
                   {source.name: fill(release, answers | (loop if i % 10 == 9 else {}))})
        grade = [sys.executable, "-m", "autograder", "grade", assignment, "--jobs", "2", "--force"]
        for name, flags in [("fixed 120 s deadline (before)", ["--wall-seconds", "120"]),
                            ("fitted deadline (after)", [])]:
            start = time.perf_counter()
            done = subprocess.run(grade + flags, cwd=course.root, env=tool_env(),
                                  capture_output=True, text=True, check=False)
            seconds = time.perf_counter() - start
            fitted = [line for line in done.stderr.splitlines() if line.startswith("preflight")]
            print(f"  {name:<30} {seconds:7.1f} s   {60 * size / seconds:6.1f} submissions/min"
                  f"   {fitted[0] if fitted else ''}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("assignments", nargs="*")
    parser.add_argument("--per-notebook", type=int, default=40)
    parser.add_argument("--endless-loops", type=int, metavar="N",
                        help="grade N submissions, 10%% endless loops, before/after fitting")
    args = parser.parse_args()
    course = Course.at(REPO)
    if args.endless_loops:
        for assignment in args.assignments or ["01_gradient_descent"]:
            print(f"{assignment}: {args.endless_loops} submissions, 10% endless loops")
            endless_loops(assignment, args.endless_loops)
        return
    for assignment in args.assignments or course.assignments():
        print(f"{assignment}: {args.per_notebook} submissions")
        measure(assignment, args.per_notebook)


if __name__ == "__main__":
    main()
