"""Explorer of notebook 08: any expression's graph, every node's value and gradient.

    AnyGraphExplorer(backward)     # backward(ops, children, data, root) -> one gradient per node
"""

import html

import ipywidgets as widgets

from autograder.student.explore.common import Explorer, call, slider
from autograder.student.graphs import draw_graph, number

# The forward computation of each operation (the notebook's FORWARD), and how a node is drawn.
FORWARD = {"add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b,
           "div": lambda a, b: a / b, "pow": lambda a, n: a**n}
SYMBOL = {"add": "+", "sub": "−", "mul": "×", "div": "÷", "pow": "**"}
EXPRESSIONS = {
    "x·x + x·y": ("add", ("mul", "x", "x"), ("mul", "x", "y")),
    "tanh(x·y + 0.5)": ("tanh", ("add", ("mul", "x", "y"), 0.5)),
    "(x + y)·(x − y)": ("mul", ("add", "x", "y"), ("sub", "x", "y")),
    "1 / (1 + exp(−x·y))": ("div", 1.0, ("add", 1.0, ("exp", ("mul", -1.0, ("mul", "x", "y"))))),
    "log(x² + y² + 1)": ("log", ("add", ("add", ("pow", "x", 2), ("pow", "y", 2)), 1.0)),
}
PROBE = 1e-5  # the step of the central differences


def forward_of(op):
    import math
    return FORWARD.get(op) or getattr(math, op)


def graph_of(expression, values):
    """(ops, children, data, root, labels) of a nested-tuple expression: one node per name
    however often it is used, one per number and per operation."""
    ops, children, data, labels, named = [], [], [], [], {}

    def build(node):
        if isinstance(node, str) and node in named:
            return named[node]
        if isinstance(node, (str, int, float)):
            ops.append("leaf"), children.append([])
            data.append(float(values[node]) if isinstance(node, str) else node)
            labels.append(node if isinstance(node, str) else f"{node:g}")
            if isinstance(node, str):
                named[node] = len(data) - 1
            return len(data) - 1
        op, *operands = node
        inputs = [build(operand) for operand in operands]
        ops.append(op), children.append(inputs), labels.append(SYMBOL.get(op, op))
        data.append(float(forward_of(op)(*[data[i] for i in inputs])))
        return len(data) - 1

    root = build(expression)
    return ops, children, data, root, labels


def layout(children, root, labels):
    """{node: (x, y, label, "op" or "leaf")}: each operation one column right of its furthest input,
    a leaf just left of its first user, the nodes of a column spread top to bottom."""
    column = {}

    def place(node):
        if node not in column:
            column[node] = 1 + max((place(c) for c in children[node]), default=-1)
        return column[node]

    place(root)
    for node in column:  # a leaf sits just left of the first operation that uses it
        parents = [column[p] for p in column if node in children[p]]
        if not children[node] and parents:
            column[node] = min(parents) - 1
    nodes = {}
    for col in sorted(set(column.values())):
        members = sorted(n for n in column if column[n] == col)
        for rank, node in enumerate(members):
            y = (len(members) - 1) / 2 - rank
            kind = "op" if children[node] else "leaf"  # a number is a leaf, not an operation
            nodes[node] = (1.5 * col, 1.1 * y, labels[node], kind)
    return nodes


class AnyGraphExplorer(Explorer):
    """An expression and its inputs -> its graph drawn with each node's forward value (green)
    and, from `backward`, its gradient (red); a table compares the inputs' gradients with
    central differences of the forward pass."""

    margins = {"left": 0.02, "right": 0.98, "bottom": 0.02, "top": 0.9}

    def __init__(self, backward, expression="x·x + x·y", x=3.0, y=1.0):
        self.backward = backward
        (self.ax,) = self.figure(ncols=1, figsize=(8, 3.8), squeeze=False)[0]
        self.expression = widgets.Dropdown(options=list(EXPRESSIONS), value=expression,
                                           description="f =")
        self.inputs = {"x": slider("float", "x", x, -3.0, 3.0, 0.1),
                       "y": slider("float", "y", y, -3.0, 3.0, 0.1)}
        self.finish([self.expression, widgets.HBox(list(self.inputs.values()))],
                    [self.expression, *self.inputs.values()])

    def values(self):
        return {name: s.value for name, s in self.inputs.items()}

    def gradients(self, values):
        ops, children, data, root, _ = graph_of(EXPRESSIONS[self.expression.value], values)
        return call(self.backward, "backward", ops, children, data, root)

    def numerical(self, values, name):
        """∂f/∂name by central differences of the forward pass."""
        up, down = dict(values), dict(values)
        up[name] += PROBE
        down[name] -= PROBE
        expression = EXPRESSIONS[self.expression.value]
        f_up, f_down = (graph_of(expression, v) for v in (up, down))
        return (f_up[2][f_up[3]] - f_down[2][f_down[3]]) / (2 * PROBE)

    def draw(self):
        values = self.values()
        ops, children, data, root, labels = graph_of(EXPRESSIONS[self.expression.value], values)
        grads = self.gradients(values)
        nodes = layout(children, root, labels)
        x_root, y_root = nodes[root][:2]
        nodes["out"] = (x_root + 1.4, y_root, "f")
        edges = [(c, n, data[c], grads[c]) for n in range(len(ops)) if n in nodes
                 for c in dict.fromkeys(children[n])]
        edges.append((root, "out", data[root], grads[root]))
        self.ax.clear()
        draw_graph(self.ax, nodes, edges, title=f"f = {self.expression.value}: values above the "
                   "arrows, gradients ∂f/∂(node) below")
        self.caption.value = self.table(values, ops, labels, grads)

    def table(self, values, ops, labels, grads):
        used = [n for n in range(len(ops)) if ops[n] == "leaf" and labels[n] in values]
        rows = "".join(
            f"<tr><td>∂f/∂{labels[n]}</td><td>{float(grads[n]):.6g}</td>"
            f"<td>{self.numerical(values, labels[n]):.6g}</td></tr>" for n in used)
        at = ", ".join(f"{k} = {v:g}" for k, v in values.items())
        return (f"<table style='font-size:90%'><tr><th>at {html.escape(at)}</th><th>your backward"
                f"</th><th>central differences</th></tr>{rows}</table>"
                f"<small>{number(len(ops))} nodes</small>")
