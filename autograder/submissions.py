"""Build submissions from notebooks: a student's work is the release with answer cells filled in.

Used by `demo` (a simulated class) and by the tests (good, wrong and hostile submissions).
Answer cells are nbgrader solution cells; their `grade_id` is the exercise's name.
"""

import shutil

import nbformat

MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION")


def solution_code(source_cell):
    """The instructor's answer without nbgrader's solution markers."""
    lines = source_cell.source.splitlines()
    return "\n".join(line for line in lines if line.strip() not in MARKERS)


def answer_cells(nb):
    """grade_id -> cell, for every answer (solution) code cell of a notebook."""
    return {
        cell.metadata.nbgrader["grade_id"]: cell
        for cell in nb.cells
        if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("solution")
    }


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
    folder = course.submitted / student / assignment
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name, nb in notebooks.items():
        if isinstance(nb, (str, bytes)):
            (folder / name).write_bytes(nb.encode() if isinstance(nb, str) else nb)
        else:
            nbformat.write(nb, folder / name)
    return folder
