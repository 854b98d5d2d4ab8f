"""Where one graded submission is written down: nbgrader's gradebook, autograded/, the state file.

`finish` records a submission everywhere; `previous` reads back the stored result when the very
same submission was already graded by the very same grader, so a second run skips it. This
module alone reads and writes the state file (autograded/<student>/<assignment>/grading.json):
everyone else asks `load_graded` or `load_class` for typed records.
"""

import json
import warnings
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook, MissingEntry
from sqlalchemy.exc import SAWarning

from autograder.student import cells

STATE = "grading.json"  # in autograded/<student>/<assignment>/: what was graded, and the result


@dataclass
class Result:
    """One student's grade on one assignment, as the table, the CSV and the report show it."""

    student: str
    score: float = 0.0
    max_score: float = 0.0
    failed: list = field(default_factory=list)  # grade ids of test cells that lost points
    problem: str = ""  # why a submission could not be (fully) graded, in plain words
    reused: bool = False  # unchanged since the last run: not graded again
    mistakes: str = ""  # each failed exercise's hint, shortened: what the table shows


@dataclass
class Graded:
    """What the state file holds of one graded submission."""

    result: Result
    messages: dict  # test cell grade id -> its check line, as the feedback shows it
    fingerprint: str  # what was graded, by which grader (see classroom.fingerprint)


def autograded_notebook(plan, submission, verdicts, problem):
    """The feedback's notebook: the release, the student's answers, our verdicts as outputs."""
    nb = nbformat.from_dict(json.loads(json.dumps(plan.release)))
    answers = {} if submission is None else {
        exercise: cell.source for exercise, cell in cells.answer_cells(submission).items()
        if exercise in plan.answers}
    by_id = {v.grade_id: v for v in verdicts}
    for cell in nb.cells:
        grade_id = cells.grade_id(cell)
        if grade_id in answers:
            cell.source = answers[grade_id]
        if grade_id in by_id:
            cell.outputs = [verdict_output(by_id[grade_id])]
    if problem:
        nb.cells.insert(0, nbformat.v4.new_markdown_cell(f"**Grading note:** {problem}."))
    return nb


def verdict_output(verdict):
    """A test cell's output in the feedback: the check line, as the notebook would show it."""
    if verdict.passed:
        return nbformat.v4.new_output("stream", name="stdout", text=verdict.message + "\n")
    return nbformat.v4.new_output("error", ename="AssertionError", evalue=verdict.message,
                                  traceback=[f"AssertionError: {verdict.message}"])


@contextmanager
def open_gradebook(gradebook_url):
    """nbgrader's gradebook, opened once for all of a run's records: opened per submission it
    cost four times the CPU (SQLAlchemy compiles its statements once per engine). Each record
    is still committed on its own, so a run that stops keeps what it recorded."""
    with warnings.catch_warnings(), Gradebook(gradebook_url) as gradebook:
        # nbgrader's add_submission trips SQLAlchemy's autoflush warnings; they are harmless
        warnings.simplefilter("ignore", SAWarning)
        yield gradebook


def record(gradebook, plan, student, verdicts, timestamp):
    """Write the verdicts into nbgrader's gradebook (a fresh submission each time)."""
    notebook = Path(plan.notebook).stem
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


def finish(course, gradebook, plan, student, submission, verdicts, problem, stamp, mistakes=""):
    """Record one graded submission everywhere: `gradebook` (open_gradebook's), autograded/,
    the state file; `mistakes` is the table's one-line summary of what went wrong."""
    folder = course.submission_folder(student, plan.assignment)
    timestamp_file = folder / "timestamp.txt"
    timestamp = (timestamp_file.read_text().strip() if timestamp_file.is_file()
                 else datetime.now(UTC).isoformat())
    try:
        record(gradebook, plan, student, verdicts, timestamp)
    except Exception:  # an unparsable timestamp.txt must not cost the grade
        gradebook.db.rollback()
        record(gradebook, plan, student, verdicts, datetime.now(UTC).isoformat())
    out = course.autograded_folder(student, plan.assignment)
    out.mkdir(parents=True, exist_ok=True)
    for name in ("timestamp.txt", "submission_secret.txt"):  # nbgrader's release_feedback
        if (folder / name).is_file():  # reads them there, as `nbgrader autograde` leaves them
            (out / name).write_bytes((folder / name).read_bytes())
    nbformat.write(autograded_notebook(plan, submission, verdicts, problem), out / plan.notebook)
    result = Result(student, sum(v.score for v in verdicts), sum(v.points for v in verdicts),
                    [v.grade_id for v in verdicts if not v.passed], problem, mistakes=mistakes)
    state = {"fingerprint": stamp, "result": asdict(result),
             "messages": {v.grade_id: v.message for v in verdicts}}
    (out / STATE).write_text(json.dumps(state, indent=1))  # read back by load_graded
    return result


def roster(gradebook_url):
    """The students nbgrader's gradebook knows (`nbgrader db student import`, earlier grading)."""
    with warnings.catch_warnings(), Gradebook(gradebook_url) as gradebook:
        warnings.simplefilter("ignore", SAWarning)
        return sorted(student.id for student in gradebook.students)


def knows_assignment(gradebook_url, assignment, notebooks):
    """Whether nbgrader's gradebook holds `assignment` with these notebooks (names without
    .ipynb), as a release leaves it."""
    try:
        with warnings.catch_warnings(), Gradebook(gradebook_url) as gradebook:
            warnings.simplefilter("ignore", SAWarning)
            found = {notebook.name for notebook in gradebook.find_assignment(assignment).notebooks}
    except MissingEntry:
        return False
    return set(notebooks) <= found


def load_graded(course, assignment, student):
    """The Graded record of one student's assignment, or None if there is none (or it cannot
    be read: a damaged file counts as not graded)."""
    path = course.autograded_folder(student, assignment) / STATE
    try:
        state = json.loads(path.read_text())
        return Graded(Result(**state["result"]), dict(state.get("messages", {})),
                      state.get("fingerprint"))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def load_class(course, assignment, students):
    """{student: Graded or None} for each of `students`."""
    return {student: load_graded(course, assignment, student) for student in students}


def previous(course, assignment, student, stamp):
    """The stored result if this exact submission was graded by this exact grader, else None."""
    graded = load_graded(course, assignment, student)
    if graded is None or graded.fingerprint != stamp:
        return None
    return replace(graded.result, reused=True)
