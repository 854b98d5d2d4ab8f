"""Grade every submission of one assignment: sandboxed, in parallel, with feedback and a report.

    python -m autograder grade 01_gradient_descent
    python -m autograder grade 01_gradient_descent --jobs 4 --force
    python -m autograder grade 01_gradient_descent --scheduler tcp://10.0.0.5:8786

Reads submitted/<student>/<assignment>/<notebook>.ipynb (nbgrader's layout). Each submission
runs in its own bubblewrap sandbox (no course files, no network, memory/CPU/time limits) where
its functions are only called on the test inputs; the verdicts are computed here, written to
nbgrader's gradebook, to autograded/ and, as HTML, to feedback/<student>/<assignment>/. Broken
submissions score 0 with a plain reason. Unchanged submissions are not graded again (--force
regrades them). Prints a table; writes grades.csv and reports/<assignment>/*.png.
"""

import csv
import hashlib
import json
import os
import sys
import warnings
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook, MissingEntry
from sqlalchemy.exc import SAWarning

import autograder
from autograder import sandbox
from autograder.cli.release import release
from autograder.course import Course
from autograder.grading import Verdict, judge, make_job, make_plan, run_job
from autograder.report import write_report
from autograder.sandbox import Limits

HELP = "grade submitted/ in sandboxes: gradebook, feedback, grades.csv, report"
MAX_NOTEBOOK_BYTES = 50 << 20
STATE = "grading.json"  # in autograded/<student>/<assignment>/: what was graded, and the result


@dataclass
class Result:
    student: str
    score: float = 0.0
    max_score: float = 0.0
    failed: list = field(default_factory=list)  # grade ids of test cells that lost points
    problem: str = ""  # why a submission could not be (fully) graded, in plain words
    reused: bool = False  # unchanged since the last run: not graded again


def add_arguments(parser):
    parser.add_argument("assignment", help="e.g. 01_gradient_descent")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="submissions graded at once (default: the number of cores)")
    parser.add_argument("--scheduler", help="grade on a Dask cluster: the scheduler's address")
    parser.add_argument("--force", action="store_true", help="regrade unchanged submissions")
    defaults = Limits()
    parser.add_argument("--wall-seconds", type=float, default=defaults.wall_seconds,
                        help="wall-clock limit per submission (default: %(default)s)")
    parser.add_argument("--cpu-seconds", type=int, default=defaults.cpu_seconds,
                        help="CPU-time limit per submission (default: %(default)s)")
    parser.add_argument("--memory-mb", type=int, default=defaults.memory_bytes >> 20,
                        help="memory limit per submission in MiB (default: %(default)s)")
    parser.add_argument("--no-sandbox", action="store_true",
                        help="run submissions without bubblewrap (limits still apply): only for "
                             "trusted notebooks, or where bwrap cannot be installed")


def students(course, assignment):
    if not course.submitted.is_dir():
        return []
    return sorted(p.name for p in course.submitted.iterdir() if (p / assignment).is_dir())


def fingerprint(folder, plan_version):
    """A hash of everything a grade depends on: the submitted files and the grading code."""
    digest = hashlib.sha256(plan_version.encode())
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode() + b"\0")
        with open(path, "rb") as f:  # in chunks: a submitted file may be huge
            for chunk in iter(lambda: f.read(1 << 20), b""):
                digest.update(chunk)
    return digest.hexdigest()


def grading_version(course, assignment):
    """Changes when the source notebook, the reference, the cases or the checks change."""
    digest = hashlib.sha256()
    package = Path(autograder.__file__).parent
    for path in [*course.source_notebooks(assignment), *sorted(package.rglob("*.py")),
                 *sorted(package.glob("student/vectors/*.json"))]:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def read_submission(folder, name):
    """(notebook, '') or (None, a plain-language problem)."""
    path = folder / name
    if not path.is_file():
        found = ", ".join(sorted(p.name for p in folder.glob("*.ipynb"))) or "no notebook"
        return None, f"{name} is missing (found: {found})"
    if path.stat().st_size > MAX_NOTEBOOK_BYTES:
        return None, f"{name} is larger than {MAX_NOTEBOOK_BYTES >> 20} MB (outputs saved in it?)"
    text = path.read_bytes()
    if not text.strip():
        return None, f"{name} is an empty file"
    try:
        return nbformat.reads(text.decode("utf-8"), as_version=4), ""
    except Exception as error:  # JSON, encoding and format errors all mean the same to a student
        return None, f"{name} is not a readable notebook ({type(error).__name__}: {error})"[:300]


def autograded_notebook(plan, submission, verdicts, problem):
    """The feedback's notebook: the release, the student's answers, our verdicts as outputs."""
    nb = nbformat.from_dict(json.loads(json.dumps(plan.release)))
    answers = {}
    for cell in getattr(submission, "cells", []):
        grading = cell.metadata.get("nbgrader", {})
        if grading.get("solution") and grading.get("grade_id") in plan.answers:
            answers.setdefault(grading["grade_id"], cell.source)
    by_id = {v.grade_id: v for v in verdicts}
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell.source = answers[grade_id]
        if grade_id in by_id:
            cell.outputs = [verdict_output(by_id[grade_id])]
    if problem:
        nb.cells.insert(0, nbformat.v4.new_markdown_cell(f"**Grading note:** {problem}."))
    return nb


def verdict_output(verdict):
    if verdict.passed:
        return nbformat.v4.new_output("stream", name="stdout", text=verdict.message + "\n")
    return nbformat.v4.new_output("error", ename="AssertionError", evalue=verdict.message,
                                  traceback=[f"AssertionError: {verdict.message}"])


def record(course, plan, student, verdicts, timestamp):
    """Write the verdicts into nbgrader's gradebook (a fresh submission each time)."""
    notebook = Path(plan.notebook).stem
    with warnings.catch_warnings(), Gradebook(course.gradebook_url) as gradebook:
        # nbgrader's add_submission trips SQLAlchemy's autoflush warnings; they are harmless
        warnings.simplefilter("ignore", SAWarning)
        gradebook.update_or_create_student(student)
        try:
            gradebook.remove_submission(plan.assignment, student)
        except MissingEntry:
            pass
        gradebook.add_submission(plan.assignment, student, timestamp=timestamp)
        for verdict in verdicts:
            grade = gradebook.find_grade(verdict.grade_id, notebook, plan.assignment, student)
            grade.auto_score, grade.needs_manual_grade = verdict.score, False
        gradebook.db.commit()


def finish(course, plan, student, submission, verdicts, problem, stamp):
    """Record one graded submission everywhere: gradebook, autograded/, the state file."""
    folder = course.submitted / student / plan.assignment
    timestamp_file = folder / "timestamp.txt"
    timestamp = (timestamp_file.read_text().strip() if timestamp_file.is_file()
                 else datetime.now(UTC).isoformat())
    try:
        record(course, plan, student, verdicts, timestamp)
    except Exception:  # an unparsable timestamp.txt must not cost the grade
        record(course, plan, student, verdicts, datetime.now(UTC).isoformat())
    out = course.root / "autograded" / student / plan.assignment
    out.mkdir(parents=True, exist_ok=True)
    for name in ("timestamp.txt", "submission_secret.txt"):  # release_feedback needs them
        if (folder / name).is_file():
            (out / name).write_bytes((folder / name).read_bytes())
    nbformat.write(autograded_notebook(plan, submission, verdicts, problem), out / plan.notebook)
    result = Result(student, sum(v.score for v in verdicts), sum(v.points for v in verdicts),
                    [v.grade_id for v in verdicts if not v.passed], problem)
    state = {"fingerprint": stamp, "result": asdict(result),
             "messages": {v.grade_id: v.message for v in verdicts}}
    (out / STATE).write_text(json.dumps(state, indent=1))
    return result


def previous(course, assignment, student, stamp):
    """The stored result if this exact submission was graded by this exact grader, else None."""
    path = course.root / "autograded" / student / assignment / STATE
    try:
        state = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    if state.get("fingerprint") != stamp:
        return None
    return Result(**(state["result"] | {"reused": True}))


class Progress:
    """A one-line progress bar on stderr (a line per step where stderr is not a terminal)."""

    def __init__(self, total, label):
        self.total, self.done, self.label = total, 0, label
        self.tty = sys.stderr.isatty()

    def step(self, note=""):
        self.done += 1
        filled = int(30 * self.done / max(self.total, 1))
        line = f"{self.label} [{'#' * filled}{'.' * (30 - filled)}] {self.done}/{self.total} {note}"
        print(("\r" + line.ljust(100)) if self.tty else line, end="" if self.tty else "\n",
              file=sys.stderr, flush=True)
        if self.tty and self.done == self.total:
            print(file=sys.stderr)


def execute(work, jobs, scheduler, limits):
    """Run (key, job) pairs on local threads (each drives its own sandbox) or a Dask cluster;
    yields (key, outcome) as they finish."""
    if scheduler:
        from distributed import Client
        from distributed import as_completed as dask_completed

        with Client(scheduler) as client:
            futures = {client.submit(run_job, job, limits, pure=False): key for key, job in work}
            for future in dask_completed(futures):
                yield futures[future], outcome_of(future)
        return
    with ThreadPoolExecutor(max(1, jobs)) as pool:
        futures = {pool.submit(run_job, job, limits): key for key, job in work}
        for future in as_completed(futures):
            yield futures[future], outcome_of(future)


def outcome_of(future):
    try:
        return future.result()
    except Exception as error:  # the worker failed, not the student: say so, grade 0
        return {"events": [], "returncode": f"grading error: {error}", "seconds": 0.0,
                "wall_seconds": 0.0}


def grade_assignment(course, assignment, jobs=1, scheduler=None, force=False, limits=None):
    """Grade all submissions of `assignment` and chart the class; returns one Result per
    student, sorted by name."""
    release(course, assignment)  # records the assignment and its test cells in the gradebook
    plan = make_plan(course, assignment)
    version = grading_version(course, assignment)
    results, work, pending = {}, [], {}
    for student in students(course, assignment):
        folder = course.submitted / student / assignment
        stamp = fingerprint(folder, version)
        reused = None if force else previous(course, assignment, student, stamp)
        if reused:
            results[student] = reused
            continue
        submission, problem = read_submission(folder, plan.notebook)
        if submission is None:
            verdicts = [Verdict(t.grade_id, t.points, f"✗ not graded: {problem}")
                        for t in plan.tests]
            results[student] = finish(course, plan, student, None, verdicts, problem, stamp)
            continue
        job = make_job(plan, submission)
        pending[student] = (submission, job, stamp)
        work.append((student, job))
    progress = Progress(len(work), f"grading {assignment}")
    for student, outcome in execute(work, jobs, scheduler, limits or Limits()):
        submission, job, stamp = pending[student]
        verdicts, problem = judge(plan, job, outcome)
        results[student] = finish(course, plan, student, submission, verdicts, problem, stamp)
        progress.step(student)
    if len(results) > sum(r.reused for r in results.values()):
        feedback(course, assignment)
    graded = [results[s] for s in sorted(results)]
    write_report(course.root / "reports" / assignment, graded, plan)
    return graded


def feedback(course, assignment):
    """HTML feedback for every graded student, through nbgrader's own feedback converter."""
    for _attempt in range(2):  # a second try, in case another nbgrader held the database
        done = course.nbgrader("generate_feedback", assignment, "--force")
        if done.returncode == 0:
            return
    if done.returncode != 0:
        print(f"warning: nbgrader could not write all feedback:\n{done.stderr[-2000:]}",
              file=sys.stderr)


def table(assignment, results):
    """The score table as text, one line per student."""
    width = max([len(r.student) for r in results] + [7])
    lines = [f"{assignment}: {len(results)} submission(s)",
             f"{'student':<{width}}  {'score':>11}  notes"]
    for r in results:
        notes = r.problem or ("every check failed" if r.failed and not r.score else
                              ("lost points on " + ", ".join(r.failed)) if r.failed else "")
        notes += " (unchanged, not regraded)" * r.reused
        lines.append(f"{r.student:<{width}}  {r.score:>5g} / {r.max_score:<3g}  {notes}")
    return "\n".join(lines)


def write_csv(path, graded):
    """grades.csv from {assignment: [Result, ...]}."""
    with open(path, "w", newline="") as f:
        writer = csv.DictWriter(f, ["assignment", "student", "score", "max_score", "failed",
                                    "problem"], extrasaction="ignore")
        writer.writeheader()
        for assignment, results in graded.items():
            for r in results:
                writer.writerow(asdict(r) | {"assignment": assignment,
                                             "failed": " ".join(r.failed)})


def limits_from(args):
    if not args.no_sandbox and not sandbox.available():
        raise SystemExit("bubblewrap is not installed, so submissions cannot be isolated. "
                         "Install it (Debian/Ubuntu: apt-get install bubblewrap), or pass "
                         "--no-sandbox to grade trusted notebooks without isolation.")
    return Limits(wall_seconds=args.wall_seconds, cpu_seconds=args.cpu_seconds,
                  memory_bytes=args.memory_mb << 20, isolate=not args.no_sandbox)


def run(args):
    course = Course.at(args.root)
    if args.assignment not in course.assignments():
        raise SystemExit(f"no assignment {args.assignment!r}; known: {course.assignments()}")
    limits = limits_from(args)
    results = grade_assignment(course, args.assignment, args.jobs, args.scheduler, args.force,
                               limits)
    write_csv(course.root / "grades.csv", {args.assignment: results})
    print(table(args.assignment, results))
    print(f"feedback: {course.root / 'feedback'}/<student>/{args.assignment}/  "
          f"scores: {course.root / 'grades.csv'}  "
          f"charts: {course.root / 'reports' / args.assignment}/")
