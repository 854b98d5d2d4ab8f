"""Finding an exercise's answer on the page before its answer cell.

An exercise's *answer expressions* are the expressions of its `### BEGIN SOLUTION` block, with
the block's local variables inlined (so `s = sigmoid(z); return s * (1 - s)` also yields
`sigmoid(z) * (1 - sigmoid(z))`). Each becomes a pattern whose variable names are wildcards: a
wildcard stands for any sub-expression, the same one wherever the name recurs. So
`(Delta_next @ W_next.T) * act_prime` is found in `(Delta2 @ W2.T) * (H1 * (1 - H1))`, and
renaming every variable hides nothing. Function names that are called, `np.…` and attribute
names (`.T`, `.mean`) stay literal: they are the substance of an answer.

A pattern with less structure than `MIN_WEIGHT` (`Y_hat - Y`, `x.copy()`) would match half the
course under wildcards; such a pattern is searched for with its names as written instead.
"""

import ast
import builtins
import copy
import re
import textwrap

from autograder.student.cells import answer_cells

SOLUTION = re.compile(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", re.S)
INLINE_CODE = re.compile(r"(?<!`)`([^`\n]+)`(?!`)")
FENCED_CODE = re.compile(r"```[a-z]*\n(.*?)```", re.S)
LITERAL_NAMES = set(dir(builtins)) | {"np", "math"}
NUMPY_MATH = {"exp", "log", "log1p", "expm1", "maximum", "minimum", "clip", "outer", "diag",
              "sum", "mean", "abs", "sqrt", "tanh", "where", "dot", "matmul", "einsum", "max",
              "logaddexp", "square", "sign"}
MIN_WEIGHT = 3  # a pattern this weighty is specific enough to search for under wildcards
ARITHMETIC = (ast.BinOp, ast.UnaryOp, ast.Compare, ast.BoolOp, ast.IfExp)


def solution_blocks(source_nb):
    """{exercise: the code between its answer cell's solution markers} of a source notebook
    (what stands outside the markers is handed to the student: not an answer)."""
    return {exercise: "\n".join(SOLUTION.findall(cell.source))
            for exercise, cell in answer_cells(source_nb).items()}


def parse(code):
    """The module of `code` (dedented; a bare `return` is accepted), or None."""
    code = textwrap.dedent(code)
    for attempt in (code, "def _():\n" + textwrap.indent(code, "    ")):
        try:
            return ast.parse(attempt)
        except SyntaxError:
            continue
    return None


def snippets(cell):
    """The Python on a cell: a code cell's source; a markdown cell's inline code and code
    blocks (LaTeX is not code: stating an equation the exercise implements is allowed)."""
    if cell.cell_type == "code":
        return [cell.source]
    return FENCED_CODE.findall(cell.source) + INLINE_CODE.findall(cell.source)


def expressions(code):
    """Every expression node of `code` (lines that do not parse alone are tried one by one)."""
    tree = parse(code)
    trees = [tree] if tree else [t for t in map(parse, code.splitlines()) if t]
    return [n for t in trees for n in ast.walk(t) if isinstance(n, ast.expr)]


class Inliner(ast.NodeTransformer):
    def __init__(self, values):
        self.values = values

    def visit_Name(self, node):
        if isinstance(node.ctx, ast.Load) and node.id in self.values:
            return copy.deepcopy(self.values[node.id])
        return node


def inlined(expression, values):
    """A copy of `expression` with the local variables in `values` replaced by their values."""
    return Inliner(values).visit(copy.deepcopy(expression))


def statements(tree):
    """(statement, {local: its value, earlier locals inlined}) for every statement of `tree`,
    with the values assigned before it."""
    values = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.stmt) and not isinstance(node, ast.FunctionDef):
            yield node, values
            if (isinstance(node, ast.Assign) and len(node.targets) == 1
                    and isinstance(node.targets[0], ast.Name)):
                values[node.targets[0].id] = inlined(node.value, values)


def valued(statement):
    """Whether the statement hands on a value: returned, yielded or assigned."""
    return isinstance(statement, (ast.Return, ast.Assign, ast.AugAssign)) or (
        isinstance(statement, ast.Expr)
        and isinstance(statement.value, (ast.Yield, ast.YieldFrom)))


def answer_expressions(solution):
    """The expressions of a solution block, each also with earlier local assignments inlined."""
    tree, found = parse(solution), []
    for node, values in statements(tree) if tree else []:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.expr) and not isinstance(child, ast.Name):
                for whole in (child, inlined(child, values)):
                    found += [n for n in ast.walk(whole) if isinstance(n, ast.expr) and (
                        weight(n) >= MIN_WEIGHT or (n is whole and valued(node)))]
    return found


def called_names(node):
    return {n.func.id for n in ast.walk(node)
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}


def wildcards(node):
    """The names in `node` that stand for any sub-expression."""
    literal = LITERAL_NAMES | called_names(node)
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and n.id not in literal}


def weight(node):
    """How much arithmetic a pattern holds: operators, attributes (`.T`, `np.exp`), constants,
    and every repeated use of a wildcard (`s * (1 - s)` weighs 4, `Y_hat - Y` 1). Calls and
    indexing add nothing of their own: `sigmoid(z)` or `Hs[k]` is using the course, not an
    answer."""
    free = wildcards(node)
    seen, total = set(), 0
    for n in ast.walk(node):
        if isinstance(n, (*ARITHMETIC, ast.Attribute, ast.Constant)) and not negative_number(n):
            total += 1
        elif isinstance(n, ast.Name) and n.id in free:
            total += n.id in seen
            seen.add(n.id)
    return total


def negative_number(node):
    """`-1` parses as an operator on a constant; it is one number."""
    return isinstance(node, ast.UnaryOp) and isinstance(node.operand, ast.Constant)


def has_arithmetic(node):
    """Whether `node` computes something: an operator, or a NumPy function of mathematics."""
    return any(isinstance(n, ARITHMETIC) and not negative_number(n) or (
        isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == "np"
        and n.attr in NUMPY_MATH) for n in ast.walk(node))


def unify(pattern, node, free, bound):
    """Whether `node` is an instance of `pattern` (wildcards in `free`, bindings in `bound`)."""
    if isinstance(pattern, ast.Name) and pattern.id in free:
        if pattern.id in bound:
            return ast.dump(bound[pattern.id]) == ast.dump(node)
        bound[pattern.id] = node
        return True
    if type(pattern) is not type(node):
        return False
    for name, want in ast.iter_fields(pattern):
        if name == "ctx":
            continue
        got = getattr(node, name, None)
        if isinstance(want, ast.AST):
            if not isinstance(got, ast.AST) or not unify(want, got, free, bound):
                return False
        elif isinstance(want, list):
            if not isinstance(got, list) or len(want) != len(got):
                return False
            for w, g in zip(want, got):
                if isinstance(w, ast.AST):
                    if not isinstance(g, ast.AST) or not unify(w, g, free, bound):
                        return False
                elif w != g:
                    return False
        elif want != got:
            return False
    return True


class Pattern:
    """One answer expression, ready to be searched for."""

    def __init__(self, node):
        self.node = node
        self.text = ast.unparse(node)
        self.generic = weight(node) >= MIN_WEIGHT
        self.free = wildcards(node) if self.generic else set()

    def found_in(self, node):
        return unify(self.node, node, self.free, {})


def patterns(solution):
    """The searchable answer expressions of a solution block: deduplicated, each with some
    arithmetic (a bare call such as `np.zeros((epochs, 2))` is no answer)."""
    unique = {}
    for node in answer_expressions(solution):
        if has_arithmetic(node):
            unique.setdefault(ast.dump(node), node)
    return [Pattern(node) for node in unique.values()]


def answers_before(nb_source, nb_student):
    """[(exercise, cell index, the text shown, the answer expression it is an instance of)] for
    every answer expression that stands in a cell of the student notebook before the exercise's
    answer cell."""
    found = []
    positions = {cell.metadata.get("nbgrader", {}).get("grade_id"): i
                 for i, cell in enumerate(nb_student.cells)}
    for exercise, solution in solution_blocks(nb_source).items():
        searched = patterns(solution)
        for index, cell in enumerate(nb_student.cells[:positions[exercise]]):
            for snippet in snippets(cell):
                for node in expressions(snippet):
                    hit = next((p for p in searched if p.found_in(node)), None)
                    if hit:
                        found.append((exercise, index, ast.unparse(node), hit.text))
    return dedupe(found)


def dedupe(found):
    """Keep the outermost shown expression per (exercise, cell, answer expression)."""
    kept = {}
    for exercise, index, shown, answer in found:
        key = (exercise, index, answer)
        if key not in kept or len(shown) > len(kept[key]):
            kept[key] = shown
    return [(e, i, shown, a) for (e, i, a), shown in kept.items()]


def returned(solution):
    """The results of a solution block: what it returns (each item of a returned tuple), with
    its local variables inlined and as written, where weighty enough to search for."""
    tree, found = parse(solution), []
    for node, values in statements(tree) if tree else []:
        if isinstance(node, ast.Return) and node.value is not None:
            items = node.value.elts if isinstance(node.value, ast.Tuple) else [node.value]
            for item in items:
                found += [item, inlined(item, values)]
    unique = {ast.dump(n): n for n in found if weight(n) >= MIN_WEIGHT and has_arithmetic(n)}
    return [Pattern(n) for n in unique.values()]


def answers_in(solution, code):
    """[(the text shown, the result)] for every result of `solution` (see `returned`) that
    stands in `code` (a module's source)."""
    searched, found = returned(solution), []
    for node in expressions(code):
        hit = next((p for p in searched if p.found_in(node)), None)
        if hit:
            found.append((ast.unparse(node), hit.text))
    return found
