"""Grade every submission of one assignment: scores, feedback, a table and grades.csv.

    python -m autograder grade 01_gradient_descent

Reads submitted/<student>/<assignment>/*.ipynb (nbgrader's layout). Each student is autograded
in a separate nbgrader process, so a broken submission is reported and costs only its own
points; then HTML feedback goes to feedback/<student>/<assignment>/, the scores to grades.csv.
"""

import csv
import json
from dataclasses import asdict, dataclass, field

import nbformat
from nbgrader.api import Gradebook, MissingEntry

from autograder.cli.release import release
from autograder.course import Course

HELP = "autograde submitted/, write feedback, print a table and grades.csv"
AUTOGRADE_TIMEOUT = 600  # seconds for one student's whole assignment


@dataclass
class Result:
    student: str
    score: float = 0.0
    max_score: float = 0.0
    failed: list = field(default_factory=list)  # grade ids of tests that lost points
    problem: str = ""  # why a submission could not be (fully) graded, in plain words


def add_arguments(parser):
    parser.add_argument("assignment", help="e.g. 01_gradient_descent")


def students(course, assignment):
    if not course.submitted.is_dir():
        return []
    return sorted(p.name for p in course.submitted.iterdir() if (p / assignment).is_dir())


def inspect(course, assignment, student):
    """A plain-language problem with the submitted files, or '' if they look gradable."""
    folder = course.submitted / student / assignment
    problems = []
    for source in course.source_notebooks(assignment):
        path = folder / source.name
        if not path.is_file():
            found = ", ".join(p.name for p in folder.glob("*.ipynb")) or "no notebook"
            problems.append(f"{source.name} is missing (found: {found})")
            continue
        try:
            nbformat.validate(nbformat.reads(path.read_text(), as_version=4))
        except (json.JSONDecodeError, UnicodeDecodeError, nbformat.ValidationError) as error:
            problems.append(f"{source.name} is not a readable notebook ({type(error).__name__})")
        except Exception as error:  # nbformat raises several types for broken files
            problems.append(f"{source.name} is not a readable notebook ({error})")
    return "; ".join(problems)


def autograde(course, assignment, student):
    """Run nbgrader autograde for one student; '' on success, else the reason it failed."""
    try:
        done = course.nbgrader("autograde", assignment, "--student", student, "--force",
                               timeout=AUTOGRADE_TIMEOUT)
    except Exception as error:  # a timeout or a crash of nbgrader itself
        return f"autograding stopped: {error}"
    if done.returncode == 0:
        return ""
    lines = [line for line in (done.stdout + done.stderr).splitlines() if "ERROR" in line]
    return "autograding failed: " + (lines[-1] if lines else f"exit code {done.returncode}")


def feedback(course, assignment, names):
    """Write HTML feedback for every graded student (one by one if the batch fails)."""
    if course.nbgrader("generate_feedback", assignment, "--force").returncode == 0:
        return {}
    failed = {}
    for student in names:
        done = course.nbgrader("generate_feedback", assignment, "--student", student, "--force")
        if done.returncode != 0:
            failed[student] = "feedback could not be generated"
    return failed


def scores(course, assignment, result):
    """Fill `result` from the gradebook."""
    with Gradebook(course.gradebook_url) as gradebook:
        try:
            submission = gradebook.find_submission(assignment, result.student)
        except MissingEntry:
            result.max_score = gradebook.find_assignment(assignment).max_score
            return result
        result.score, result.max_score = submission.score, submission.max_score
        for notebook in submission.notebooks:
            result.failed += [g.name for g in notebook.grades if (g.score or 0) < g.max_score]
    return result


def grade_assignment(course, assignment, say=print):
    """Grade all submissions of `assignment`; returns one Result per student."""
    release(course, assignment)  # records the assignment and its test cells in the gradebook
    results = []
    for student in students(course, assignment):
        result = Result(student)
        result.problem = inspect(course, assignment, student)
        if not result.problem or "missing" in result.problem:
            result.problem = "; ".join(filter(None, [result.problem,
                                                     autograde(course, assignment, student)]))
        say(f"  graded {student}" + (f" ({result.problem})" if result.problem else ""))
        results.append(result)
    unfeedbacked = feedback(course, assignment, [r.student for r in results if not r.problem])
    for result in results:
        scores(course, assignment, result)
        if result.student in unfeedbacked:
            result.problem = result.problem or unfeedbacked[result.student]
    return results


def table(assignment, results):
    """The score table as text, one line per student."""
    width = max([len(r.student) for r in results] + [7])
    lines = [f"{assignment}: {len(results)} submission(s)",
             f"{'student':<{width}}  {'score':>11}  notes"]
    for r in results:
        notes = r.problem or (("lost points on " + ", ".join(r.failed)) if r.failed else "")
        lines.append(f"{r.student:<{width}}  {r.score:>5g} / {r.max_score:<3g}  {notes}")
    return "\n".join(lines)


def write_csv(path, graded):
    """grades.csv from {assignment: [Result, ...]}."""
    with open(path, "w", newline="") as f:
        writer = csv.DictWriter(f, ["assignment", "student", "score", "max_score", "failed",
                                    "problem"])
        writer.writeheader()
        for assignment, results in graded.items():
            for r in results:
                writer.writerow(asdict(r) | {"assignment": assignment,
                                             "failed": " ".join(r.failed)})


def run(args):
    course = Course.at(args.root)
    if args.assignment not in course.assignments():
        raise SystemExit(f"no assignment {args.assignment!r}; known: {course.assignments()}")
    results = grade_assignment(course, args.assignment)
    write_csv(course.root / "grades.csv", {args.assignment: results})
    print(table(args.assignment, results))
    print(f"feedback: {course.root / 'feedback'}/<student>/{args.assignment}/  "
          f"scores: {course.root / 'grades.csv'}")
