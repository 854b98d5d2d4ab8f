"""The sandbox's side of grading one submission: the job that goes in, the events that come out.

`make_job` (instructor side) puts the submission's code cells, without its test cells, and the
test inputs into a typed Job; `run_job` (any worker: picklable, it runs on a Dask cluster too)
runs it in a fresh sandbox and returns the Outcome — what the student's functions returned,
raised or warned, as data. Judging that is autograder.grading.judge's.
"""

import atexit
import shutil
import sys
import tempfile
import threading
from pathlib import Path

from autograder import layout
from autograder.grading import sandbox, zygote
from autograder.grading.sandbox import Limits
from autograder.student import cells
from autograder.student.checks import EXERCISES
from autograder.student.wire import (
    CaseInput,
    CellError,
    CellToRun,
    Job,
    Observation,
    Outcome,
    Violation,
    read_event,
)

MAX_RESULTS_BYTES = 64 << 20


def make_job(plan, submission):
    """The sandbox's work order: the submission's code cells without test cells, the inputs."""
    test_ids = {t.grade_id for t in plan.tests}
    mentions = layout.mentions()
    to_run, violations = [], []
    for index, cell in enumerate(submission.cells):
        if (cell.cell_type != "code" or cells.is_test(cell)
                or cells.grade_id(cell) in test_ids):
            continue
        answer = cells.grade_id(cell) if cells.grade_id(cell) in plan.answers else None
        to_run.append(CellToRun(index, cell.source, answer))
        mention = mentions.search(cell.source) if answer else None
        if mention:
            violations.append(Violation({"exercise": answer}, f"mentions {mention[0]}"))
    exercises = {name: [CaseInput(c["id"], c["args"]) for c in plan.cases[name]]
                 for name in plan.answers}
    callees = {name: {callee: [case for case in exercises[callee] if is_public(case)]
                      for callee in EXERCISES[name].calls if callee in exercises}
               for name in plan.answers}
    return Job(to_run, exercises, callees=callees,
               protected_paths=[str(plan.course.root), str(layout.PACKAGE.parent)],
               allowed_paths=[str(layout.STUDENT), *map(str, layout.SHARED_FILES),
                              *sandbox.python_homes()],  # a .venv inside the course
               protected_modules=list(layout.instructor_modules()),
               static_violations=violations)


def run_job(job, limits=None, use_zygote=True):
    """Run a job in a fresh sandbox; returns its Outcome. Picklable: runs on any worker.

    The runner is forked, pre-imported, by this thread's zygote (grading/zygote.py) where one
    can run, and started afresh otherwise; the sandbox and its limits are the same."""
    limits = limits or Limits()
    scratch = Path(tempfile.mkdtemp(prefix="autograder-"))
    try:
        (scratch / "job.json").write_text(job.to_json())
        argv = [*zygote.RUNNER, str(scratch / "job.json"), str(scratch / "results.jsonl")]
        shared = font_cache(limits.isolate)
        forker = zygote.for_this_thread(shared) if use_zygote and limits.isolate else None
        try:
            finished = sandbox.run(argv, scratch, limits, outputs=("results.jsonl",),
                                   shared=shared, zygote=forker)
        except zygote.ZygoteError:  # not the job's fault: run it again, without the zygote
            (scratch / "results.jsonl").write_bytes(b"")
            finished = sandbox.run(argv, scratch, limits, outputs=("results.jsonl",),
                                   shared=shared)
        events = read_events(scratch / "results.jsonl")
        return Outcome(events, finished.returncode, finished.seconds, limits.wall_seconds,
                       exceeded=limits_hit(finished, events, limits), stderr=finished.stderr)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


FONT_CACHE_BUILD = """
import glob, os, shutil, matplotlib, matplotlib.font_manager
(built,) = glob.glob(os.path.join(matplotlib.get_cachedir(), "fontlist-*.json"))
shutil.copy(built, "fontlist.json")
open("fontlist.name", "w").write(os.path.basename(built))
"""
FONT_CACHES, FONT_CACHE_LOCK = {}, threading.Lock()


def font_cache(isolate):
    """((host file, path in scratch),): matplotlib's font list, built once per grader process
    in the sandbox itself (so it lists the fonts a submission sees), and shared read-only with
    every job. Without it, each job's fresh MPLCONFIGDIR made matplotlib scan every font on
    its first import: the largest single cost of a notebook that plots. () if that fails."""
    with FONT_CACHE_LOCK:
        if isolate not in FONT_CACHES:
            FONT_CACHES[isolate] = build_font_cache(isolate)
        return FONT_CACHES[isolate]


def build_font_cache(isolate):
    folder = Path(tempfile.mkdtemp(prefix="autograder-fonts-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    (folder / "build.py").write_text(FONT_CACHE_BUILD)
    finished = sandbox.run([sys.executable, "build.py"], folder, Limits(isolate=isolate),
                           outputs=("fontlist.json", "fontlist.name"))
    name = (folder / "fontlist.name").read_text()
    if finished.returncode != 0 or not name.startswith("fontlist-"):
        return ()
    return ((folder / "fontlist.json", Path(sandbox.MPLCONFIG) / name),)


def limits_hit(finished, events, limits):
    """What the submission ran into, in plain words: limits the sandbox saw hit from outside,
    and those its own errors name (a full disk, too many open files)."""
    hit = list(finished.exceeded)
    for event in events:
        text = event.message if isinstance(event, CellError) else None
        raised = event.observed.get("raised") if isinstance(event, Observation) else None
        if isinstance(raised, list) and len(raised) == 2:
            text = raised[1]
        limit = sandbox.limit_in_error(str(text)) if text else None
        if limit and limit not in hit:
            hit.append(limit)
    return "; ".join(limits.exceeded(name) for name in hit)


def read_events(path):
    """The runner's events; a missing, huge or garbled file yields what can be read."""
    if not path.is_file():
        return []
    with open(path, "rb") as f:
        lines = f.read(MAX_RESULTS_BYTES).splitlines()
    return [event for event in map(read_event, lines) if event is not None]


def is_public(case):
    """Whether a case (a plan's dict, or the CaseInput sent to the sandbox) is a public one."""
    case_id = case.id if isinstance(case, CaseInput) else case["id"]
    return not case_id.startswith("hidden/")
