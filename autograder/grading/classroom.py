"""Grade a whole class on one assignment: plan, sandboxed jobs, verdicts, gradebook, feedback
and the class report (grades.csv is exports.py's, rebuilt from the gradebook). The CLI's
`grade` and `demo` call `grade_assignment`; so can any other program.

    from autograder.grading.classroom import GradingOptions, grade_assignment, table
    results = grade_assignment(course, "01_gradient_descent", GradingOptions(jobs=4))
    print(table("01_gradient_descent", results))

Submissions are read from submitted/<student>/<assignment>/<notebook>.ipynb (nbgrader's layout).
Each one runs in its own sandbox where its functions are only called on the test inputs; the
verdicts are computed here. Broken submissions score 0 with a plain reason. Unchanged
submissions are not graded again unless `force` is set. While it works, `grade_assignment`
tells a callback how far it got; it prints nothing itself.
"""

import hashlib
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field, replace

from autograder.grading import zygote
from autograder.grading.job import make_job, run_job
from autograder.grading.judge import Verdict, judge_submission
from autograder.grading.prepare import prepare
from autograder.grading.recording import Result, finish, open_gradebook, previous, roster
from autograder.grading.sandbox import Limits
from autograder.grading.submissions import read_submission
from autograder.reports.class_report import write_class_report
from autograder.reports.mistakes import case_labels, short_mistakes
from autograder.student.checks import failed_line
from autograder.student.wire import Outcome

NO_SUBMISSION = "no submission"


@dataclass(frozen=True)
class GradingOptions:
    """How to grade a class; the defaults suit one machine and this course's notebooks."""

    jobs: int = os.cpu_count() or 1  # submissions graded at once: one sandbox per core
    scheduler: str | None = None  # a Dask scheduler's address, to grade on a cluster instead
    force: bool = False  # regrade submissions that did not change since the last run
    limits: Limits = field(default_factory=Limits)  # per submission: memory, CPU, deadline


@dataclass(frozen=True)
class Progress:
    """What `grade_assignment` reports while it works: one more submission graded, or a
    warning about the run (never about a student's work, which goes into the results)."""

    assignment: str
    done: int
    total: int
    student: str = ""
    warning: str = ""
    note: str = ""  # about the run, e.g. the preflight's result and the deadline it fitted


def fingerprint(folder, plan_version):
    """A hash of everything a grade depends on: the submitted files and the grading code."""
    digest = hashlib.sha256(plan_version.encode())
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode() + b"\0")
        with open(path, "rb") as f:  # in chunks: a submitted file may be huge
            for chunk in iter(lambda: f.read(1 << 20), b""):
                digest.update(chunk)
    return digest.hexdigest()


def execute(work, options):
    """Run (key, job) pairs on local threads (each drives its own sandbox) or a Dask cluster;
    yields (key, Outcome) as they finish."""
    if options.scheduler:
        from distributed import Client
        from distributed import as_completed as dask_completed

        with Client(options.scheduler) as client:
            futures = {client.submit(run_job, job, options.limits, pure=False): key
                       for key, job in work}
            for future in dask_completed(futures):
                yield futures[future], outcome_of(future, options.limits)
        return
    with ThreadPoolExecutor(max(1, options.jobs)) as pool:
        futures = {pool.submit(run_job, job, options.limits): key for key, job in work}
        for future in as_completed(futures):
            yield futures[future], outcome_of(future, options.limits)


def outcome_of(future, limits):
    try:
        return future.result()
    except Exception as error:  # the worker failed, not the student: say so
        return Outcome([], None, 0.0, limits.wall_seconds, grader_error=str(error)[:300])


def grade_assignment(course, assignment, options=None, progress: Callable = lambda p: None):
    """Grade all submissions of `assignment` and chart the class; returns one Result per
    student, sorted by name. `progress` receives a Progress after each submission.

    First the assignment is released and the instructor's solution goes through the same plan
    and sandbox (preflight.py): unless it scores full marks, SetupError is raised before
    anything is recorded. A wall-clock limit of None is fitted to the solution's run time. Both
    are kept and done again only when what they depend on changes, or with `force`
    (prepare.py)."""
    options = options or GradingOptions()
    ready = prepare(course, assignment, options.limits, force=options.force)
    zygote.hand_over()  # the preflight's runner zygote, to the first grading worker
    plan, check, version = ready.plan, ready.preflight, ready.version
    if options.limits.wall_seconds is None:
        options = replace(options, limits=replace(options.limits,
                                                  wall_seconds=check.deadline()))
    cached = " (cached: nothing it depends on changed)" * ("preflight" in ready.reused)
    progress(Progress(assignment, 0, 0, note=(
        f"preflight{cached}: the solution scored {check.score:g} / {check.max_score:g} in "
        f"{check.seconds:.2f} s; deadline per submission {options.limits.wall_seconds:g} s")))
    # A fresh release may mean a fresh gradebook (it was lost): record everyone in it again.
    regrade_all = options.force or "release" not in ready.reused
    results, work, pending = {}, [], {}
    with open_gradebook(course.gradebook_url) as gradebook:  # one connection for the run
        for student in course.students(assignment):
            folder = course.submission_folder(student, assignment)
            stamp = fingerprint(folder, version)
            reused = None if regrade_all else previous(course, assignment, student, stamp)
            if reused:
                results[student] = reused
                continue
            submission, problem = read_submission(folder, plan.notebook)
            if submission is None:
                verdicts = [Verdict(t.grade_id, t.points, False,
                                    failed_line("not graded", problem)) for t in plan.tests]
                results[student] = record_result(course, gradebook, plan, student, None,
                                                 verdicts, problem, stamp)
                continue
            job = make_job(plan, submission)
            pending[student] = (submission, job, stamp)
            work.append((student, job))
        for done, (student, outcome) in enumerate(execute(work, options), start=1):
            submission, job, stamp = pending[student]
            verdicts, problem = judge_submission(plan, job, outcome)
            results[student] = record_result(course, gradebook, plan, student, submission,
                                             verdicts, problem, stamp)
            progress(Progress(assignment, done, len(work), student))
    regraded = {student for student, result in results.items() if not result.reused}
    warning = write_feedback(course, assignment, plan.notebook, regraded)
    if warning:
        progress(Progress(assignment, len(work), len(work), warning=warning))
    for student in set(roster(course.gradebook_url)) - set(results):  # on the roster, but
        results[student] = Result(student, 0.0, sum(t.points for t in plan.tests),  # nothing
                                  [t.grade_id for t in plan.tests], NO_SUBMISSION)  # submitted
    graded = [results[s] for s in sorted(results)]
    write_class_report(course, plan, graded)
    return graded


def record_result(course, gradebook, plan, student, submission, verdicts, problem, stamp):
    """recording.finish, with the table's one-line summary of the mistakes."""
    mistakes = short_mistakes({v.grade_id: v.message for v in verdicts}, case_labels(plan))
    return finish(course, gradebook, plan, student, submission, verdicts, problem, stamp,
                  mistakes)


def write_feedback(course, assignment, notebook, regraded):
    """HTML feedback through nbgrader's own feedback converter, for the students graded in
    this run and any whose page is missing (a failed earlier run); the others keep theirs.
    Returns a warning ('' if all went well)."""
    page = f"{notebook.removesuffix('.ipynb')}.html"
    graded = {folder.parent.name for folder in course.autograded.glob(f"*/{assignment}")}
    keep = sorted(student for student in graded - regraded
                  if (course.feedback / student / assignment / page).is_file())
    if not graded - set(keep):
        return ""
    for _attempt in range(2):  # a second try, in case another nbgrader held the database
        done = course.nbgrader("generate_feedback", assignment, "--force",
                               f"--CourseDirectory.student_id_exclude={','.join(keep)}")
        if done.returncode == 0:
            return ""
    return f"nbgrader could not write all feedback:\n{done.log[-2000:]}"


def table(assignment, results):
    """The score table as text, one line per student: the score, and what went wrong (the
    mistake of each exercise that lost points, or why the notebook could not be graded)."""
    width = max([len(r.student) for r in results] + [7])
    lines = [f"{assignment}: {len(results)} submission(s)",
             f"{'student':<{width}}  {'score':>11}  notes"]
    for r in results:
        notes = r.problem or r.mistakes or ("lost points on " + ", ".join(r.failed)) * bool(
            r.failed)
        notes += " (unchanged, not regraded)" * r.reused
        lines.append(f"{r.student:<{width}}  {r.score:>5g} / {r.max_score:<3g}  {notes}")
    return "\n".join(lines)
