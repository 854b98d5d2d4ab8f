"""The verdict on one submission, computed in the grader's own process.

Grading one submission takes three steps that can run in different places:
1. `plan.make_plan` (instructor side, once per assignment): which test cell checks which
   exercise on which cases, for how many points, and the expected outputs;
2. `job.make_job` + `job.run_job` (any worker): the submission's code cells and the test inputs
   go into the sandbox; what the student's functions returned, raised or warned comes back;
3. `judge_submission` (here, instructor side): every test cell's verdict, with the hints of the
   visible checks. Nothing the submission does to NumPy, builtins or the check helpers inside
   its sandbox can change it.
"""

from dataclasses import dataclass

from autograder.grading.job import is_public
from autograder.student.casefile import decode
from autograder.student.checks import EXERCISES, callee_message, failed_line, judge, passed_line
from autograder.student.wire import CellError, Done, Missing, Observation, Start, Violation


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


def judge_submission(plan, job, outcome):
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
        return judge(spec, case, args_after, observed)
    except Exception:  # a garbled observation: the submission tampered with its results
        return f"{case['label']}: the result could not be read back from your notebook."
