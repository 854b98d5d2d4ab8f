"""Before a class is graded, the instructor's own solution goes through exactly the same plan,
job, sandbox and limits as every submission.

It must score full marks. If it does not, the set-up is at fault — a grader that cannot import
itself in the sandbox, limits too tight for Python to start, a reference or a solution that
disagree — and grading the class would record that as every student's zero. So the run stops
before anything is recorded, and says what went wrong, with the runner's own stderr.

Its run time also sets the deadline a submission gets (unless one is given): DEADLINE_FACTOR
times the solution's, at least DEADLINE_FLOOR seconds.
"""

import math
from dataclasses import dataclass, replace

import nbformat

from autograder.grading.job import make_job, run_job
from autograder.grading.judge import judge_submission
from autograder.grading.plan import SetupError
from autograder.grading.submissions import fill, solutions

DEADLINE_FACTOR = 10
DEADLINE_FLOOR = 15.0
PREFLIGHT_SECONDS = 120.0  # the solution's own deadline, when none is given


@dataclass(frozen=True)
class Preflight:
    score: float
    max_score: float
    seconds: float  # the solution's whole run in the sandbox, Python's start-up included

    def deadline(self):
        return math.ceil(max(DEADLINE_FLOOR, DEADLINE_FACTOR * self.seconds))


def run_preflight(course, plan, limits):
    """Grade the instructor's solution of `plan`'s assignment; SetupError unless full marks."""
    (source_path,) = course.source_notebooks(plan.assignment)
    solution = fill(plan.release, solutions(nbformat.read(source_path, as_version=4)))
    job = make_job(plan, solution)
    outcome = run_job(job, replace(limits, wall_seconds=limits.wall_seconds or
                                   PREFLIGHT_SECONDS))
    verdicts, problem = judge_submission(plan, job, outcome)
    check = Preflight(sum(v.score for v in verdicts), sum(v.points for v in verdicts),
                      outcome.seconds)
    if check.score < check.max_score or problem:
        lines = [f"The instructor's solution of {plan.assignment} scored {check.score:g} / "
                 f"{check.max_score:g} in the grading sandbox, so the grading set-up is broken "
                 "(or the solution is wrong). Nothing was graded or recorded.",
                 *[f"  {v.grade_id}: {v.message}" for v in verdicts if not v.passed]]
        if problem:
            lines.append(f"  the run: {problem}")
        stderr = outcome.stderr.strip()
        lines.append("The runner's stderr:\n" + stderr if stderr else "The runner wrote nothing "
                     "to stderr.")
        raise SetupError("\n".join(lines))
    return check
