"""Submissions: reading one safely, and building them from notebooks (a student's work is the
release with answer cells filled in).

`read_submission` serves the grader and the similarity report; the builders serve `demo` (a
simulated class) and the tests (good, wrong and hostile submissions).
Which cell is an answer cell is nbgrader's rule, in autograder.student.cells.
"""

import shutil

import nbformat
from nbgrader.api import Gradebook

from autograder.student.cells import answer_cells

MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION")
MAX_NOTEBOOK_BYTES = 50 << 20  # larger means outputs saved in the notebook, or worse


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


def solution_code(source_cell):
    """The instructor's answer without nbgrader's solution markers."""
    lines = source_cell.source.splitlines()
    return "\n".join(line for line in lines if line.strip() not in MARKERS)


def solutions(source_nb):
    """grade_id -> the instructor's answer code, for every answer cell of a source notebook."""
    return {grade_id: solution_code(cell) for grade_id, cell in answer_cells(source_nb).items()}


def fill(release_nb, answers):
    """A copy of the release notebook with the given answer cells replaced by `answers`."""
    nb = nbformat.from_dict(release_nb)
    cells = answer_cells(nb)
    for grade_id, code in answers.items():
        cells[grade_id].source = code
    return nb


def submit(course, student, assignment, notebooks):
    """Write {notebook file name: notebook or raw text} as submitted/<student>/<assignment>/."""
    folder = course.submission_folder(student, assignment)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name, nb in notebooks.items():
        if isinstance(nb, (str, bytes)):
            (folder / name).write_bytes(nb.encode() if isinstance(nb, str) else nb)
        else:
            nbformat.write(nb, folder / name)
    return folder


# --- the demo's simulated class ---------------------------------------------------------------

DEMO_NAMES = {"demo-full": ("Demo", "Full marks"), "demo-untouched": ("Demo", "Untouched"),
              "demo-partly-wrong": ("Demo", "Partly wrong")}

# Typical mistakes, one per exercise, used by the partly wrong student.
MISTAKES = {
    "gradient_descent": '''def gradient_descent(grad, x0, lr, steps):
    # Works for a number, breaks for a vector: float() of an array of two entries fails.
    x = float(x0)
    trajectory = [x]
    for _ in range(steps):
        x = x - lr * grad(x)
        trajectory.append(x)
    return np.array(trajectory)''',
}


def partly_wrong(answers):
    """The typical mistake where the catalogue has one; else the first half right, rest left."""
    ids = list(answers)
    right = set(ids[: (len(ids) + 1) // 2])
    return {i: MISTAKES.get(i, answers[i] if i in right else None) for i in ids}


def demo_class(course, assignment):
    """Write the three demo submissions of one assignment."""
    for source in course.source_notebooks(assignment):
        release_nb = course.release_notebook(assignment, source.name)
        answers = solutions(nbformat.read(source, as_version=4))
        wrong = {k: v for k, v in partly_wrong(answers).items() if v is not None}
        for student, filled in [("demo-full", answers), ("demo-untouched", {}),
                                ("demo-partly-wrong", wrong)]:
            submit(course, student, assignment, {source.name: fill(release_nb, filled)})


def name_demo_students(course):
    """Give the demo's students names in the gradebook, for nbgrader's formgrader."""
    with Gradebook(course.gradebook_url) as gradebook:
        for student, (first, last) in DEMO_NAMES.items():
            gradebook.update_or_create_student(student, first_name=first, last_name=last)
