"""Nothing a student receives contains reference code, solutions or hidden tests.

What students receive: notebooks/, and the `autograder.student` package with its vectors.
"""

import ast
import re

import pytest

from autograder import layout, reference
from tests.support.course import RELEASES, REPO, SOURCES, read
from tests.support.leaks import MARKERS, code_lines, reference_body_lines

STUDENT_PACKAGE = REPO / "autograder" / "student"
STUDENT_FILES = sorted(STUDENT_PACKAGE.rglob("*.py"))
INSTRUCTOR_MODULES = layout.instructor_modules()
def earlier_exercises(assignment):
    """Exercises of the assignments before this one. Assignments are handed out one at a time,
    in order: a later notebook may show a worked version of an earlier exercise it builds on."""
    names = set()
    for source in SOURCES:
        if source.parent.name < assignment:
            names |= {c.metadata.nbgrader["grade_id"] for c in read(source).cells
                      if c.metadata.get("nbgrader", {}).get("solution")}
    return names


def student_package_texts():
    """Every file of the student package (code and vectors), by name."""
    texts = {str(p.relative_to(REPO)): p.read_text() for p in STUDENT_FILES}
    for vector in STUDENT_PACKAGE.glob("vectors/*.json"):
        texts[str(vector.relative_to(REPO))] = vector.read_text()
    return texts


def solution_regions(nb):
    """The text between BEGIN and END SOLUTION of every cell: what the stub replaces."""
    regions = []
    for cell in nb.cells:
        regions += re.findall(r"### BEGIN SOLUTION(.*?)### END SOLUTION", cell.source, re.S)
    return "\n".join(regions)


@pytest.mark.parametrize("path", RELEASES, ids=lambda p: p.parent.name)
def test_student_notebooks_have_no_solutions_or_hidden_tests(path):
    text = path.read_text()
    for marker in MARKERS:
        assert marker not in text, f"{path.name} contains {marker!r}"
    source = next(p for p in SOURCES if p.name == path.name)
    solution = code_lines(solution_regions(read(source)))
    assert solution, "the source notebook has no solution to protect"
    released = "\n".join(cell.source for cell in read(path).cells)
    leaked = [line for line in solution if line in released]
    assert not leaked, f"{path.name} contains solution lines: {leaked[:3]}"


@pytest.mark.parametrize("path", STUDENT_FILES, ids=lambda p: str(p.relative_to(STUDENT_PACKAGE)))
def test_student_package_imports_nothing_from_the_instructor_side(path):
    for node in ast.walk(ast.parse(path.read_text())):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""] + [f"{node.module}.{a.name}" for a in node.names]
        for name in names:
            assert not any(name == m or name.startswith(m + ".") for m in INSTRUCTOR_MODULES), (
                f"{path.name} imports {name}")
            assert name != "autograder" or isinstance(node, ast.ImportFrom)


def test_student_package_defines_no_reference_function_and_copies_no_reference_line():
    contract = {name for name, _ in vars(reference).items() if not name.startswith("_")}
    body = reference_body_lines()
    for name, text in student_package_texts().items():
        if name.endswith(".py"):
            defined = {n.name for n in ast.walk(ast.parse(text)) if isinstance(n, ast.FunctionDef)}
            assert not defined & contract, f"{name} defines {defined & contract}"
        copied = [line for line in body if line in text]
        assert not copied, f"{name} contains reference code: {copied[:3]}"


@pytest.mark.parametrize("path", RELEASES, ids=lambda p: p.parent.name)
def test_student_notebook_copies_no_reference_line_of_this_or_a_later_exercise(path):
    body = reference_body_lines(exclude=earlier_exercises(path.parent.name))
    text = "\n".join(cell.source for cell in read(path).cells)
    copied = [line for line in body if line in text]
    assert not copied, f"{path.name} contains reference code: {copied[:3]}"


def test_every_module_outside_the_student_package_is_instructor_only():
    """Derived from the files: a module added anywhere outside student/ is protected at once."""
    modules = set(INSTRUCTOR_MODULES)
    for path in (REPO / "autograder").rglob("*.py"):
        relative = path.relative_to(REPO).with_suffix("")
        if "student" in relative.parts or relative.parts == ("autograder", "__init__"):
            continue
        name = ".".join(relative.parts[:-1] if relative.name == "__init__" else relative.parts)
        assert name in modules, f"{name} is not treated as instructor-only"
    assert {"autograder.reference", "autograder.cases", "autograder.reports.charts",
            "autograder.grading.classroom"} <= modules
    assert not any(m.startswith("autograder.student") for m in modules)


def test_the_grader_flags_an_answer_that_names_any_instructor_module():
    pattern = layout.mentions()
    for module in INSTRUCTOR_MODULES:
        assert pattern.search(f"import {module}"), module
        assert pattern.search(f"from autograder import {module.split('.')[1]}"), module
    assert pattern.search("open('../solutions/01.ipynb')")
    for harmless in ("from autograder.student.checks import check", "import numpy as np"):
        assert not pattern.search(harmless), harmless


def test_vectors_hold_data_only():
    for vector in STUDENT_PACKAGE.glob("vectors/*.json"):
        assert not re.search(r"\bdef |\bimport |lambda", vector.read_text()), vector.name
