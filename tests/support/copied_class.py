"""A generated class for the similarity report: independent correct answers and disguised copies.

Independent students answer each exercise with a different correct text: the instructor's
solution and the catalogue's correct variants (student k takes the k-th; where an exercise has
fewer texts, the student left it as released). Copiers take another student's whole notebook
and disguise it (the first two students are copied in each way): renamed variables,
reformatting, reordered independent statements, added comments, or all four. Every answer
keeps the starter's signature and docstring, as students do.
"""

import ast
import re
from dataclasses import dataclass

import nbformat

from autograder.grading.submissions import solutions
from autograder.student.cells import answer_cells
from tests.catalogue import catalogues
from tests.support.course import REPO

INDEPENDENT = 3
COPIED = 2  # the first two independent students are copied, each in every disguise
DISGUISES = ("rename", "reformat", "reorder", "comment", "all")


@dataclass
class GeneratedClass:
    assignment: str
    starter: dict  # exercise -> released answer cell
    answers: dict  # student -> {exercise: code}
    copied_from: dict  # copier -> the student copied

    def planted(self):
        """Pairs of students whose answers share an origin (source-copy and copy-copy)."""
        origin = {s: self.copied_from.get(s, s) for s in self.answers}
        students = sorted(self.answers)
        return {(a, b) for i, a in enumerate(students) for b in students[i + 1:]
                if origin[a] == origin[b]}


def with_docstring(code, exercise, starter):
    """The attempt with the starter's docstring under its `def` line, as a student keeps it."""
    doc = re.search(r"\n(\s+)('''.*?''')", starter, re.S)
    lines = code.strip("\n").splitlines()
    for i, line in enumerate(lines):
        if line.startswith(f"def {exercise}(") and line.rstrip().endswith(":") and doc:
            return "\n".join([*lines[:i + 1], doc[1] + doc[2], *lines[i + 1:]])
    return "\n".join(lines)


def generated_class(assignment):
    source = nbformat.read(REPO / "solutions" / assignment / f"{assignment}.ipynb", 4)
    release = nbformat.read(REPO / "notebooks" / assignment / f"{assignment}.ipynb", 4)
    starter = {e: cell.source for e, cell in answer_cells(release).items()}
    texts = {e: [code] for e, code in solutions(source).items()}
    for attempt in catalogues()[assignment]:
        if attempt.correct:
            texts[attempt.exercise].append(with_docstring(attempt.code, attempt.exercise,
                                                          starter[attempt.exercise]))
    answers = {f"independent-{k}": {e: (t[k] if k < len(t) else starter[e])
                                     for e, t in texts.items()} for k in range(INDEPENDENT)}
    copied_from = {}
    for i, disguise in enumerate(DISGUISES):
        for k in range(COPIED):
            original, copier = f"independent-{k}", f"copy-{disguise}-of-{k}"
            answers[copier] = {e: disguised(code, disguise, seed=i)
                               for e, code in answers[original].items()}
            copied_from[copier] = original
    return GeneratedClass(assignment, starter, answers, copied_from)


def disguised(code, disguise, seed=0):
    steps = {"rename": [rename], "reformat": [reformat], "reorder": [reorder],
             "comment": [comment], "all": [reorder, rename, reformat, comment]}[disguise]
    for step in steps:
        code = step(code, seed)
    return code


def local_names(tree):
    """Names the student chose: arguments, assigned variables, inner functions, loop targets."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.FunctionDef) and node is not tree.body[0]:
            names.add(node.name)
    return names


def rename(code, seed=0):
    """Every local name replaced by another (attribute names like .T or .shape stay)."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return code
    words = ["alpha", "beta", "gamma", "delta", "eps", "zeta", "eta", "theta", "iota", "kappa",
             "lam", "mu", "nu", "xi", "omi", "rho", "sig", "tau", "ups", "phi", "chi", "psi"]
    mapping = {name: f"{words[(i + seed) % len(words)]}_{i}"
               for i, name in enumerate(sorted(local_names(tree)))}
    return re.sub(r"(?<![.\w])([A-Za-z_]\w*)\b", lambda m: mapping.get(m[1], m[1]), code)


def reformat(code, seed=0):
    """The layout a formatter would give (quotes, spaces, parentheses), comments lost."""
    try:
        return ast.unparse(ast.parse(code))
    except SyntaxError:
        return code


SWAPPABLE = (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.FunctionDef, ast.Import,
             ast.ImportFrom)


def effects(node):
    """(names a statement reads, names it writes or may mutate) when it runs."""
    if isinstance(node, ast.FunctionDef):  # defining a function runs none of its body
        parts = [*node.decorator_list, *node.args.defaults]
        return {n.id for p in parts for n in ast.walk(p) if isinstance(n, ast.Name)}, {node.name}
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return set(), {(a.asname or a.name).split(".")[0] for a in node.names}
    reads, writes = set(), set()
    for n in ast.walk(node):
        if isinstance(n, ast.Name):
            (writes if isinstance(n.ctx, ast.Store) else reads).add(n.id)
        elif isinstance(n, (ast.Subscript, ast.Attribute)) and isinstance(n.ctx, ast.Store):
            writes.update(b.id for b in ast.walk(n.value) if isinstance(b, ast.Name))
        elif isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute):
            writes.update(b.id for b in ast.walk(n.func.value) if isinstance(b, ast.Name))
    return reads, writes


def independent(first, second):
    """Two statements that can swap: neither reads or writes what the other writes."""
    if not (isinstance(first, SWAPPABLE) and isinstance(second, SWAPPABLE)):
        return False
    (read_a, write_a), (read_b, write_b) = effects(first), effects(second)
    return not (write_a & (read_b | write_b) or write_b & read_a)


def reorder(code, seed=0):
    """Adjacent independent statements swapped, one pair after another (lines moved as text)."""
    swapped = set()
    for _ in range(50):
        try:
            tree = ast.parse(code)
        except SyntaxError:
            return code
        lines = code.splitlines()
        pairs = [(a, b) for node in ast.walk(tree) if isinstance(getattr(node, "body", None), list)
                 for a, b in zip(node.body, node.body[1:]) if independent(a, b)]
        fresh = [(a, b) for a, b in pairs
                 if frozenset((ast.unparse(a), ast.unparse(b))) not in swapped]
        if not fresh:
            return code
        a, b = fresh[0]
        swapped.add(frozenset((ast.unparse(a), ast.unparse(b))))
        first, second = lines[a.lineno - 1:a.end_lineno], lines[b.lineno - 1:b.end_lineno]
        between = lines[a.end_lineno:b.lineno - 1]  # blank lines or comments stay in place
        lines[a.lineno - 1:b.end_lineno] = second + between + first
        code = "\n".join(lines)
    return code


def comment(code, seed=0):
    """A comment line above every statement, and one at the end of each `return`."""
    notes = ["# step by step", "# see the lecture notes", "# shapes checked by hand",
             "# this took me a while", "# batch-first rows"]
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return code
    starts = {n.lineno for n in ast.walk(tree) if isinstance(n, ast.stmt)}
    ends = {n.end_lineno for n in ast.walk(tree) if isinstance(n, ast.Return)}
    out = []
    for number, line in enumerate(code.splitlines(), start=1):
        if number in starts:
            indent = line[:len(line) - len(line.lstrip())]
            out.append(indent + notes[(number + seed) % len(notes)])
        out.append(line + "  # done" * (number in ends))
    return "\n".join(out)
