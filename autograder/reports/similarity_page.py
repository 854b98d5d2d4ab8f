"""The similarity report of one assignment: an HTML page of similar pairs, matching lines side by
side. Reads submitted/<student>/<assignment>/<notebook>.ipynb; the algorithm is similarity.py.
"""

import html
from dataclasses import dataclass, field

from autograder.grading.submissions import read_submission
from autograder.reports.similarity import fingerprint_class, similar_pairs
from autograder.student.cells import answer_cells


@dataclass
class ClassAnswers:
    assignment: str
    starter: dict  # exercise -> the released answer cell
    answers: dict  # student -> {exercise: code}
    unread: dict = field(default_factory=dict)  # student -> why the notebook was skipped


def class_answers(course, assignment):
    """Every student's answer cells of `assignment`, and the released starter code."""
    (source,) = course.source_notebooks(assignment)
    release = course.release_notebook(assignment, source.name)
    starter = {e: cell.source for e, cell in answer_cells(release).items()}
    found = ClassAnswers(assignment, starter, {})
    for student in course.students(assignment):
        nb, problem = read_submission(course.submission_folder(student, assignment), source.name)
        if nb is None:  # missing, corrupt or odd notebooks: listed, not compared
            found.unread[student] = problem[:200]
            continue
        cells = answer_cells(nb)
        found.answers[student] = {e: cells[e].source for e in starter if e in cells}
    return found


def similarity_report(found, threshold=0.5):
    """(pairs at or above `threshold`, submissions) of a ClassAnswers."""
    submissions = fingerprint_class(found.answers, found.starter)
    return similar_pairs(submissions, threshold), submissions


STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 75em; padding: 0 1em;
       color: #222; }
table.pairs { border-collapse: collapse; } .pairs td, .pairs th { padding: .25em .8em;
  border-bottom: 1px solid #ddd; text-align: left; }
.grid { display: grid; grid-template-columns: 1fr 1fr; gap: 1em; margin-bottom: 1.5em; }
pre { margin: 0; padding: .5em; background: #f7f7f7; border: 1px solid #ddd; overflow-x: auto;
      font-size: 13px; }
pre span { display: block; } pre span.match { background: #ffe08a; }
pre span::before { content: attr(data-n); display: inline-block; width: 2.5em; color: #999; }
h3 { margin-bottom: .3em; } .note { color: #555; }
"""


def code_block(code, matched):
    lines = code.splitlines() or [""]
    return "<pre tabindex=\"0\">" + "".join(  # scrollable: reachable by keyboard
        f'<span data-n="{n}"{" class=match" if n in matched else ""}>{html.escape(line)} </span>'
        for n, line in enumerate(lines, start=1)) + "</pre>"


def render(found, pairs, submissions, threshold):
    """The whole page as one self-contained HTML string."""
    code = {s.student: s.code for s in submissions}
    rows = "".join(
        f'<tr><td><a href="#pair-{i}">{100 * p.similarity:.0f}%</a></td>'
        f"<td>{html.escape(p.first)}</td><td>{html.escape(p.second)}</td>"
        f"<td>{p.shared}</td><td>{html.escape(', '.join(sorted(p.lines)))}</td></tr>"
        for i, p in enumerate(pairs))
    sections = []
    for i, p in enumerate(pairs):
        parts = [f'<h2 id="pair-{i}">{html.escape(p.first)} and {html.escape(p.second)}: '
                 f"{100 * p.similarity:.0f}%</h2>"]
        for exercise in (e for e in found.starter if e in p.lines):
            first, second = p.lines[exercise]
            parts.append(f"<h3>{html.escape(exercise)}</h3><div class=grid>"
                         f"{code_block(code[p.first].get(exercise, ''), first)}"
                         f"{code_block(code[p.second].get(exercise, ''), second)}</div>")
        sections.append("".join(parts))
    unread = "".join(f"<li>{html.escape(s)}: {html.escape(why)}</li>"
                     for s, why in sorted(found.unread.items()))
    title = f"{found.assignment}: similar submissions"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>{STYLE}</style></head><body>
<h1>{html.escape(title)}</h1>
<p class=note>{len(submissions)} submissions compared over their answer cells; the released
starter code and fingerprints most of the class shares are ignored; names, layout, comments and
the order of statements do not matter. Similarity = the share of the smaller submission's
fingerprints found in the other. Listed: {len(pairs)} pair(s) at or above
{100 * threshold:.0f}%. Similar code is a reason to look, not a verdict.</p>
{"<p>No pair reaches the threshold.</p>" if not pairs else ""}
{f'<table class=pairs><tr><th>similarity</th><th>student</th><th>student</th>'
 f'<th>shared fingerprints</th><th>exercises</th></tr>{rows}</table>' if pairs else ""}
{f"<h2>Not compared</h2><ul>{unread}</ul>" if unread else ""}
{"".join(sections)}
</body></html>
"""


def write_similarity_page(course, assignment, threshold=0.5):
    """Write reports/<assignment>/similarity.html; returns (path, pairs, ClassAnswers)."""
    found = class_answers(course, assignment)
    pairs, submissions = similarity_report(found, threshold)
    path = course.report_folder(assignment) / "similarity.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(found, pairs, submissions, threshold), encoding="utf-8")
    return path, pairs, found
