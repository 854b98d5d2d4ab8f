"""Explorer of notebook 02: forward values and backward gradients on the drawn graph.

    GraphExplorer(add_mul_graph)     # f = (x + y)·z and its three gradients
"""

import html

import numpy as np

from autograder.student.explore.common import Explorer, call, slider
from autograder.student.graphs import draw_graph, number

NODES = {"x": (0, 2, "x"), "y": (0, 1, "y"), "z": (0, 0, "z"), "q": (1.6, 1.5, "+"),
         "f": (3.2, 0.75, "×"), "out": (4.6, 0.75, "f")}
EDGES = [("x", "q"), ("y", "q"), ("q", "f"), ("z", "f"), ("f", "out")]
PROBE = 1e-5  # the step of the central differences


class GraphExplorer(Explorer):
    """x, y, z -> the graph of f = (x + y)·z with the values (green) and gradients (red) that
    `add_mul_graph` returns, and beside them the gradients by central differences of its f."""

    margins = {"left": 0.02, "right": 0.98, "bottom": 0.02, "top": 0.9}

    def __init__(self, add_mul_graph, x=-2.0, y=5.0, z=-4.0):
        self.add_mul_graph = add_mul_graph
        (self.ax,) = self.figure(ncols=1, figsize=(7, 3.4), squeeze=False)[0]
        self.inputs = {name: slider("float", name, value, -6.0, 6.0, 0.1)
                       for name, value in (("x", x), ("y", y), ("z", z))}
        # the graph is drawn once; a redraw changes only the numbers on its edges
        draw_graph(self.ax, NODES, [(a, b, "", "") for a, b in EDGES],
                   title="f = (x + y)·z: forward values above the arrows, gradients below")
        self.animated = [text for pair in self.ax.edge_texts for text in pair]
        for text in self.animated:
            text.set_animated(True)
        self.finish(list(self.inputs.values()), self.inputs.values())

    def layout_key(self):
        return "fixed"

    def evaluate(self, x, y, z):
        return call(self.add_mul_graph, "add_mul_graph", x, y, z, exercise="section 3")

    def numerical(self, point):
        """∂f/∂x, ∂f/∂y, ∂f/∂z by central differences of the f that add_mul_graph returns."""
        grads = []
        for i in range(3):
            step = np.zeros(3)
            step[i] = PROBE
            up, down = self.evaluate(*(point + step))[0], self.evaluate(*(point - step))[0]
            grads.append((float(up) - float(down)) / (2 * PROBE))
        return grads

    def draw(self):
        point = np.array([s.value for s in self.inputs.values()])
        f, dfdx, dfdy, dfdz = (float(v) for v in self.evaluate(*point))
        x, y, z = point
        q = x + y  # the add node's output, drawn on its edge
        # the add node passes on the gradient that reaches it: the one x receives
        labels = [(x, dfdx), (y, dfdy), (q, dfdx), (z, dfdz), (f, 1.0)]
        for (value_text, gradient_text), (value, gradient) in zip(self.ax.edge_texts, labels):
            value_text.set_text(number(value))
            gradient_text.set_text(number(gradient))
        self.gradients = (dfdx, dfdy, dfdz)
        self.numeric = self.numerical(point)
        self.caption.value = self.table(point, self.gradients, self.numeric)

    @staticmethod
    def table(point, analytic, numeric):
        rows = "".join(
            f"<tr><td>∂f/∂{name}</td><td>{a:.4g}</td><td>{n:.4g}</td>"
            f"<td>{abs(a - n) / max(abs(a) + abs(n), 1e-8):.1e}</td></tr>"
            for name, a, n in zip("xyz", analytic, numeric))
        at = ", ".join(f"{v:g}" for v in point)
        return (f"<table style='font-size:90%'><tr><th>at (x, y, z) = ({html.escape(at)})"
                "</th><th>backward pass</th><th>central differences</th>"
                f"<th>relative error</th></tr>{rows}</table>")
