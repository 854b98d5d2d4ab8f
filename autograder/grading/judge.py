"""Grading one submission, in three steps that can run in different places.

1. `make_plan` (instructor side, once per assignment): from the source notebook, which test cell
   checks which exercise on which cases, for how many points — and the expected outputs.
2. `make_job` + `run_job` (any worker): the submission's code cells and the test inputs go into
   the sandbox; what the student's functions returned, raised or warned comes back as data.
3. `judge` (instructor side): the verdict of every test cell, computed in the grader's own
   process with the same hints as the visible checks. Nothing the submission does to NumPy,
   builtins or the check helpers inside its sandbox can change it.
"""

import ast
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from autograder import layout
from autograder.cases import hidden_cases
from autograder.grading import sandbox
from autograder.grading.sandbox import Limits
from autograder.grading.twins import twins
from autograder.student.casefile import decode, load_cases
from autograder.student.checks import EXERCISES, callee_message, failed_line, passed_line
from autograder.student.checks import judge as judge_case
from autograder.student.wire import (
    CaseInput,
    CellError,
    CellToRun,
    Done,
    Job,
    Missing,
    Observation,
    Outcome,
    Start,
    Violation,
    read_event,
)

MAX_RESULTS_BYTES = 64 << 20


@dataclass(frozen=True)
class TestCell:
    grade_id: str
    points: float
    checks: tuple  # (exercise, group) pairs; group None means the hidden cases


@dataclass
class Plan:
    root: Path  # the course directory
    assignment: str
    notebook: str  # file name, e.g. 01_gradient_descent.ipynb
    release: nbformat.NotebookNode
    answers: tuple  # exercise names, in notebook order (the answer cells' grade ids)
    tests: list
    cases: dict = field(default_factory=dict)  # exercise -> [case with "id" and "expected"]

    def case_group(self, exercise, group):
        wanted = "hidden" if group is None else group
        return [c for c in self.cases[exercise] if c["group"] == wanted and "twin_of" not in c]

    def twin_group(self, exercise, group):
        """The unpublished twins of a public group's cases (see autograder.grading.twins)."""
        return [c for c in self.cases[exercise] if c["group"] == group and "twin_of" in c]


def checks_in(source):
    """(exercise, group) for every check(...) and check_hidden(...) call of a test cell."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("check",
                                                                              "check_hidden"):
            exercise = node.args[0].value
            group = next((k.value.value for k in node.keywords if k.arg == "group"), None)
            found.append((exercise, group if node.func.id == "check" else None))
    return tuple(found)


def make_plan(course, assignment):
    """What to grade and how, from the instructor's source notebook (never the submission)."""
    (source_path,) = course.source_notebooks(assignment)
    source = nbformat.read(source_path, as_version=4)
    answers, tests = [], []
    for cell in source.cells:
        grading = cell.metadata.get("nbgrader", {})
        if grading.get("solution") and cell.cell_type == "code":
            answers.append(grading["grade_id"])
        elif grading.get("grade"):
            checks = checks_in(cell.source)
            if not checks:
                raise ValueError(f"test cell {grading['grade_id']} calls neither check() nor "
                                 "check_hidden(): the grader cannot judge it")
            tests.append(TestCell(grading["grade_id"], float(grading["points"]), checks))
    release = course.release_notebook(assignment, source_path.name)
    plan = Plan(course.root, assignment, source_path.name, release, tuple(answers), tests)
    for exercise in answers:
        cases = load_cases(exercise) + hidden_cases(exercise)
        plan.cases[exercise] = [case | {"id": f"{case['group']}/{i}"} for i, case in
                                enumerate(cases)]
        plan.cases[exercise] += twins(exercise, [c for c in plan.cases[exercise]
                                                 if c["group"] != "hidden"])
    return plan


def make_job(plan, submission):
    """The sandbox's work order: the submission's code cells without test cells, the inputs."""
    test_ids = {t.grade_id for t in plan.tests}
    mentions = layout.mentions()
    cells, violations = [], []
    for index, cell in enumerate(submission.cells):
        grading = cell.metadata.get("nbgrader", {})
        if cell.cell_type != "code" or grading.get("grade") or grading.get("grade_id") in test_ids:
            continue
        answer = grading.get("grade_id") if grading.get("grade_id") in plan.answers else None
        cells.append(CellToRun(index, cell.source, answer))
        mention = mentions.search(cell.source) if answer else None
        if mention:
            violations.append(Violation({"exercise": answer}, f"mentions {mention[0]}"))
    exercises = {name: [CaseInput(c["id"], c["args"]) for c in plan.cases[name]]
                 for name in plan.answers}
    callees = {name: {callee: [case for case in exercises[callee] if is_public(case)]
                      for callee in EXERCISES[name].calls if callee in exercises}
               for name in plan.answers}
    return Job(cells, exercises, callees=callees,
               protected_paths=[str(plan.root), str(layout.PACKAGE.parent)],
               allowed_paths=[str(layout.STUDENT), *map(str, layout.SHARED_FILES),
                              *sandbox.python_homes()],  # a .venv inside the course
               protected_modules=list(layout.instructor_modules()),
               static_violations=violations)


def run_job(job, limits=None):
    """Run a job in a fresh sandbox; returns its Outcome. Picklable: runs on any worker."""
    limits = limits or Limits()
    scratch = Path(tempfile.mkdtemp(prefix="autograder-"))
    try:
        (scratch / "job.json").write_text(job.to_json())
        argv = [sys.executable, "-m", "autograder.student.runner", str(scratch / "job.json"),
                str(scratch / "results.jsonl")]
        finished = sandbox.run(argv, scratch, limits, outputs=("results.jsonl",))
        events = read_events(scratch / "results.jsonl")
        return Outcome(events, finished.returncode, finished.seconds, limits.wall_seconds,
                       exceeded=limits_hit(finished, events, limits), stderr=finished.stderr)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


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


@dataclass(frozen=True)
class Verdict:
    """The grader's finding on one test cell."""

    grade_id: str
    points: float  # what the cell is worth
    passed: bool
    message: str  # the check line, as the notebook's own check would print it

    @property
    def score(self):
        return self.points if self.passed else 0.0


def stop_reason(outcome):
    """Why the notebook did not run to the end, in plain words ('' if it did)."""
    events, exceeded = outcome.events, outcome.exceeded
    if outcome.grader_error:
        return f"the grader failed, not your notebook: {outcome.grader_error}"
    if any(isinstance(e, Done) for e in events):
        return exceeded
    started = [e.cell for e in events if isinstance(e, Start)]
    where = f" in cell {started[-1] + 1}" if started else " before its first cell"
    code = outcome.returncode
    if exceeded:
        return f"{exceeded}, and was stopped{where}"
    if code is None:
        return (f"your notebook did not finish within {outcome.wall_seconds:g} s and was "
                f"stopped{where} (an endless loop, or a very long computation?)")
    if code in (-9, 137):
        return (f"the Python process was killed{where}: it ran out of memory, or the notebook "
                "killed it")
    if code in (-24, 152):
        return f"the notebook used up its CPU time{where}"
    if code in (-25, 153):
        return f"the notebook wrote a file larger than allowed{where}"
    return f"the notebook ended Python{where} (exit code {code}: sys.exit, os._exit or exit?)"


def judge(plan, job, outcome):
    """Verdicts of every test cell, and a note on the whole notebook ('' if none)."""
    observed, missing, violations = {}, {}, {}  # missing: exercise -> error of its cell
    notes = []
    for event in job.static_violations + [e for e in outcome.events if isinstance(e, Violation)]:
        if event.where.get("exercise") in plan.answers:
            violations.setdefault(event.where["exercise"], event.what)
        else:
            notes.append(f"a cell outside the answers {event.what} (not allowed)")
    answer_cells = {cell.index: cell.answer_for for cell in job.cells if cell.answer_for}
    for event in outcome.events:
        if isinstance(event, Observation):
            observed[event.exercise, event.case] = event
        elif isinstance(event, Missing):
            missing.setdefault(event.exercise, "")
        elif isinstance(event, CellError) and event.cell in answer_cells:
            missing[answer_cells[event.cell]] = (
                f"your answer cell raised {event.error}: {event.message}")
    stopped = stop_reason(outcome)
    verdicts = [cell_verdict(plan, t, observed, missing, violations, stopped) for t in plan.tests]
    return verdicts, "; ".join(filter(None, [stopped, *sorted(set(notes))]))


def cell_verdict(plan, test, observed, missing, violations, stopped):
    """The first failing check of a test cell, or the success line of its last check."""
    fail = lambda exercise, problem: Verdict(test.grade_id, test.points, False,  # noqa: E731
                                             failed_line(exercise, problem))
    message = ""
    for exercise, group in test.checks:
        spec, cases = EXERCISES[exercise], plan.case_group(exercise, group)
        if exercise in violations:
            return fail(exercise, f"your answer uses instructor-only code or files "
                                  f"({violations[exercise]}), so this exercise scores 0.")
        for case in cases + plan.twin_group(exercise, group):  # twins: not a table of answers
            event = observed.get((exercise, case["id"]))
            if event is None:
                why = (f"no function named `{exercise}` exists after your notebook ran"
                       if exercise in missing else stopped or "it was never called")
                if missing.get(exercise):
                    why = f"{missing[exercise]}, so `{exercise}` was never defined"
                return fail(exercise, f"not checked: {why}.")
            problem = judged(spec, case, event)
            if problem and "twin_of" in case:
                return fail(exercise, f"right on the published cases only. {problem}")
            if problem:
                return fail(exercise, blamed_callee(plan, exercise, observed) or problem)
        message = passed_line(spec, len(cases))
    return Verdict(test.grade_id, test.points, True, message)


def is_public(case):
    """Whether a case (a plan's dict, or the CaseInput sent to the sandbox) is a public one."""
    case_id = case.id if isinstance(case, CaseInput) else case["id"]
    return not case_id.startswith("hidden/")


def blamed_callee(plan, exercise, observed):
    """When a failing exercise calls an earlier one that fails its own public checks (as the
    exercise saw it), the message that names the earlier one; otherwise None."""
    for callee in EXERCISES[exercise].calls:
        for case in filter(is_public, plan.cases.get(callee, [])):
            event = observed.get((f"{exercise}>{callee}", case["id"]))
            problem = event and judged(EXERCISES[callee], case, event)
            if problem:
                return callee_message(exercise, callee, problem)
    return None


def judged(spec, case, event):
    """judge() on one observation from the sandbox; anything malformed counts as wrong."""
    try:
        observed = dict(event.observed)
        if "returned" in observed:
            observed["returned"] = decode(observed["returned"])
        if "raised" in observed:
            kind, text = observed["raised"]
            observed["raised"] = (str(kind), str(text)[:300])
        args_after = [decode(a) for a in event.args_after]
        return judge_case(spec, case, args_after, observed)
    except Exception:  # a garbled observation: the submission tampered with its results
        return f"{case['label']}: the result could not be read back from your notebook."
