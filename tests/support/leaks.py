"""What a solution or the reference looks like, for the tests that prove nothing of it reaches a
student (test_no_leak.py: the notebooks and the package; test_distribution.py: the wheel)."""

import ast
import re
from pathlib import Path

from autograder import reference
from autograder.student.checks import EXERCISES

MARKERS = ["BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS",
           "autograder.grading", "autograder.reference", "check_hidden", "autograder.cases"]


INPUT_COERCION = re.compile(r"^\w+ = np\.(as(array|anyarray)\(\w+(, dtype=\w+)?\)|"
                            r"random\.default_rng\(\w+\))$")


def code_lines(text):
    """Lines that carry logic: long enough to be specific, not comments, docstrings, stubs or
    the bare conversion of an input to an array or a seed to a generator (boilerplate)."""
    lines = set()
    for line in text.splitlines():
        line = line.strip()
        if (len(line) >= 16 and not line.startswith(("#", "'", '"', "raise NotImplementedError"))
                and not INPUT_COERCION.match(line)):
            lines.add(line)
    return lines


def reference_body_lines(exclude=()):
    """Logic lines of every reference function except those named in `exclude`, and except the
    helpers that only those functions call (a worked exercise shows its helper's lines too)."""
    functions = {}
    for module in sorted(Path(reference.__file__).parent.glob("*.py")):  # explorer nets too
        tree = ast.parse(module.read_text())
        functions |= {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}
    exercises = set(EXERCISES)  # callers that are no exercise (explorer helpers) do not count
    callers = {name: {caller for caller, node in functions.items()
                      if caller != name and caller in exercises and any(
                          isinstance(n, ast.Name) and n.id == name for n in ast.walk(node))}
               for name in functions}
    exclude = set(exclude) | {name for name, by in callers.items() if by and by <= set(exclude)}
    lines = set()
    for name, node in functions.items():
        if name not in exclude:
            body = node.body[1:] if ast.get_docstring(node) else node.body
            lines |= code_lines("\n".join(ast.unparse(stmt) for stmt in body))
    return lines
