"""The class report: one self-contained HTML page per assignment, and an index of them.

A page shows the score distribution, every exercise's pass rate and the class's mistakes: for
each exercise, how many students each hint caught ("12 of 40: … needs a transpose"), with links
to those students' feedback. The same mistake groups together whatever case it showed on: the
case label is cut off the check line and numbers do not count.

`write_class_report` is called after grading; the rendering functions take the graded results
and every student's check lines (the grader's records, autograder.grading.recording). A page
whose text would not change is left as it is: drawing its charts (and importing matplotlib)
was most of a regrade's time when nothing had changed.
"""

import base64
import hashlib
import html
import json
import statistics
from dataclasses import dataclass
from pathlib import Path

from autograder.grading.recording import load_class
from autograder.reports.mistakes import case_labels, class_mistakes, short_mistakes

STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 62em; padding: 0 1em;
       color: #222; }
table { border-collapse: collapse; margin: .5em 0 1.5em; }
td, th { padding: .25em .8em; border-bottom: 1px solid #ddd; text-align: left;
         vertical-align: top; }
td.n { text-align: right; white-space: nowrap; } td:first-child { white-space: nowrap; }
.charts img { max-width: 48%; margin-right: 1%; border: 1px solid #eee; vertical-align: top; }
.count { font-weight: 600; white-space: nowrap; } .who { font-size: 13px; color: #555; }
.bar { display: inline-block; height: .7em; background: #e69f00; vertical-align: middle; }
h2 { margin-top: 1.6em; border-bottom: 1px solid #ccc; }
"""


def page(title, body):
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)}</title><style>{STYLE}</style></head><body>"
            f"<h1>{html.escape(title)}</h1>{body}</body></html>\n")


def image(png, alt):
    data = base64.b64encode(png).decode()
    return f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{data}">'


def feedback_link(student, assignment, notebook):
    """From reports/<assignment>/ to nbgrader's feedback/<student>/<assignment>/<notebook>.html."""
    target = f"../../feedback/{student}/{assignment}/{Path(notebook).stem}.html"
    return f'<a href="{html.escape(target)}">{html.escape(student)}</a>'


@dataclass
class AssignmentSummary:
    """What the index shows of one assignment."""
    assignment: str
    students: int
    mean: float
    max_score: float
    passing: dict  # exercise -> students passing every check of it


def render_assignment(assignment, notebook, results, exercises, passing, mistakes, charts,
                      notes=None):
    """The page of one assignment as an HTML string.

    Inputs:
    - results: [Result, ...] (student, score, max_score, problem)
    - exercises: exercise names in notebook order; passing: {exercise: students passing all}
    - mistakes: class_mistakes(...); charts: {"scores": png bytes, "pass_rates": png bytes}
    - notes: {student: what the students table says} (default: the grading problem)
    """
    notes = notes or {}
    n = len(results)
    scores = [r.score for r in results]
    maximum = max((r.max_score for r in results), default=0)
    link = {r.student: feedback_link(r.student, assignment, notebook) for r in results}
    parts = [f"<p>{n} submission(s); mean score {statistics.fmean(scores) if scores else 0:.2f}"
             f", median {statistics.median(scores) if scores else 0:g} of {maximum:g}.</p>",
             '<div class="charts">' + "".join(image(png, name) for name, png in charts.items())
             + "</div>", "<h2>Exercises</h2><table><tr><th>exercise</th><th>pass every check"
             "</th><th></th></tr>"]
    for exercise in exercises:
        share = passing.get(exercise, 0) / max(n, 1)
        parts.append(f'<tr><td><a href="#{exercise}">{exercise}</a></td><td class=n>'
                     f"{passing.get(exercise, 0)} of {n}</td><td><span class=bar style="
                     f'"width:{160 * share:.0f}px"></span></td></tr>')
    parts.append("</table><h2>The class's mistakes</h2>")
    for exercise in exercises:
        found = mistakes.get(exercise, [])
        parts.append(f'<h3 id="{exercise}">{exercise}: {passing.get(exercise, 0)} of {n} pass'
                     "</h3>")
        if not found:
            parts.append("<p>No mistakes.</p>")
            continue
        parts.append("<table>" + "".join(
            f"<tr><td class=count>{len(m.students)} of {n}</td><td>{html.escape(m.hint)}"
            f"<div class=who>{', '.join(link.get(s, html.escape(s)) for s in m.students)}</div>"
            "</td></tr>" for m in found) + "</table>")
    parts.append("<h2>Students</h2><table><tr><th>student</th><th>score</th><th>note</th></tr>")
    for r in results:
        parts.append(f"<tr><td>{link[r.student]}</td><td class=n>{r.score:g} / {r.max_score:g}"
                     f"</td><td>{html.escape(notes.get(r.student) or r.problem)}</td></tr>")
    parts.append("</table>")
    return page(f"{assignment}: the class report", "".join(parts))


def render_index(summaries):
    """The index across assignments: one row each, linking to its page."""
    rows = "".join(
        f'<tr><td><a href="{s.assignment}/index.html">{html.escape(s.assignment)}</a></td>'
        f"<td class=n>{s.students}</td><td class=n>{s.mean:.2f} / {s.max_score:g}</td><td>"
        + ", ".join(f"{e} {p}/{s.students}" for e, p in s.passing.items()) + "</td></tr>"
        for s in summaries)
    return page("Class report", "<table><tr><th>assignment</th><th>submissions</th>"
                f"<th>mean score</th><th>students passing each exercise</th></tr>{rows}</table>")


def stored_messages(course, assignment, students):
    """{student: {test cell grade id: check line}} from the grader's records ({} if none)."""
    return {student: graded.messages if graded else {}
            for student, graded in load_class(course, assignment, students).items()}


def passing_counts(results, plan):
    """{exercise: students who passed every test cell of it}, in notebook order."""
    return {e: sum(not (ids & set(r.failed)) for r in results)
            for e, ids in plan.exercises_of().items()}


STAMP = "inputs.sha256"  # beside the page: what it was made from
CHARTS = ("scores.png", "pass_rates.png")


def inputs_stamp(text_without_charts):
    """What a page depends on: its text (the charts show nothing the text does not hold) and
    the code that draws the charts."""
    hashed = hashlib.sha256(text_without_charts.encode())
    for module in ("reports/charts.py", "student/style.py"):
        hashed.update((Path(__file__).parents[1] / module).read_bytes())
    return hashed.hexdigest()


def write_class_report(course, plan, results, messages=None):
    """Write reports/<assignment>/: index.html with the charts inside, and the charts as
    scores.png and pass_rates.png; refresh reports/index.html.

    Inputs:
    - course: the Course; plan: the assignment's grading Plan
    - results: [Result, ...]; messages: {student: {grade id: check line}} (default: the
      grader's records)
    Returns:
    - the path of the assignment's page
    """
    folder = course.report_folder(plan.assignment)
    folder.mkdir(parents=True, exist_ok=True)
    if messages is None:
        messages = stored_messages(course, plan.assignment, [r.student for r in results])
    passing = passing_counts(results, plan)
    labels = case_labels(plan)
    mistakes = class_mistakes(messages, labels)
    exercises = list(dict.fromkeys([*plan.answers, *passing]))
    notes = {r.student: r.problem or short_mistakes(messages.get(r.student, {}), labels)
             for r in results}
    stamp = inputs_stamp(render_assignment(plan.assignment, plan.notebook, results, exercises,
                                           passing, mistakes, {}, notes))
    if not ((folder / STAMP).is_file() and (folder / STAMP).read_text() == stamp
            and all((folder / name).is_file() for name in ("index.html", *CHARTS))):
        from autograder.reports.charts import charts  # matplotlib: only when charts are drawn

        drawn = charts(results, plan, passing)  # once: into the page and beside it
        for name, png in drawn.items():
            (folder / name).write_bytes(png)
        html_text = render_assignment(plan.assignment, plan.notebook, results, exercises,
                                      passing, mistakes, drawn, notes)
        (folder / "index.html").write_text(html_text, encoding="utf-8")
        (folder / STAMP).write_text(stamp)
    summary = AssignmentSummary(plan.assignment, len(results),
                                statistics.fmean([r.score for r in results]) if results else 0.0,
                                max((r.max_score for r in results), default=0.0), passing)
    (folder / "summary.json").write_text(json.dumps(summary.__dict__, indent=1))
    write_index(course)
    return folder / "index.html"


def write_index(course):
    """reports/index.html from every assignment's summary.json; returns its path."""
    reports = course.reports
    summaries = []
    for path in sorted(reports.glob("*/summary.json")):
        try:
            summaries.append(AssignmentSummary(**json.loads(path.read_text())))
        except (OSError, ValueError, TypeError):
            continue  # a damaged summary: that assignment is left out until it is regraded
    (reports / "index.html").write_text(render_index(summaries), encoding="utf-8")
    return reports / "index.html"
