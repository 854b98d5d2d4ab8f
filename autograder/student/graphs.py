"""Computational graphs drawn with matplotlib: forward values above the edges, gradients below.

    from autograder.student.graphs import draw_graph
    nodes = {"x": (0, 1, "x"), "y": (0, 0, "y"), "q": (1, 0.5, "+")}
    draw_graph(ax, nodes, [("x", "q", -2, -4), ("y", "q", 5, -4)])

A node is `name: (x, y, label)` or `name: (x, y, label, "op")`: an operation is drawn as a circle
(short labels without letters, like "+" or "×", are operations anyway), a variable as plain
text. An edge is
`(source, target, value, gradient)`: the value flows forwards along the arrow and is written above
it (green), the gradient of the output with respect to that value flows backwards and is written
below it (red). Either may be None.
"""

import matplotlib.patches as patches

from autograder.student.style import BLACK, GREEN, RED

RADIUS = 0.22  # of an operation's circle, in data units


def number(value):
    """A value or gradient as a short string."""
    if value is None or isinstance(value, str):
        return value
    text = f"{float(value):.3g}"
    return "0" if text == "-0" else text


def is_operation(node):
    label = node[2]
    short_symbol = len(label) <= 2 and not any(ch.isalpha() for ch in label)
    return node[3:] == ("op",) or (len(node) == 3 and short_symbol)


def draw_graph(ax, nodes, edges, title=None, legend=True):
    """Draw the graph on `ax` (axes hidden); returns `ax`.

    `ax.edge_texts` lists each edge's (value text, gradient text) artists, None where not drawn,
    so that an explorer can change the numbers without drawing the graph again.
    """
    ax.edge_texts = []
    for source, target, value, gradient in edges:
        x0, y0 = nodes[source][:2]
        x1, y1 = nodes[target][:2]
        start = RADIUS if is_operation(nodes[source]) else 0.2
        end = RADIUS if is_operation(nodes[target]) else 0.2
        dx, dy = x1 - x0, y1 - y0
        length = (dx**2 + dy**2) ** 0.5
        ux, uy = dx / length, dy / length
        ax.annotate("", xy=(x1 - end * ux, y1 - end * uy),
                    xytext=(x0 + start * ux, y0 + start * uy),
                    arrowprops={"arrowstyle": "-|>", "color": BLACK, "lw": 1.2})
        mx, my = (x0 + x1) / 2, (y0 + y1) / 2
        nx, ny = -uy, ux  # the normal to the edge, pointing "up" on a left-to-right edge
        if ny < 0:
            nx, ny = -nx, -ny
        texts = [None, None]
        if value is not None:
            texts[0] = ax.text(mx + 0.13 * nx, my + 0.13 * ny, number(value), color=GREEN,
                               ha="center", va="center", fontsize=10, fontweight="bold")
        if gradient is not None:
            texts[1] = ax.text(mx - 0.13 * nx, my - 0.13 * ny, number(gradient), color=RED,
                               ha="center", va="center", fontsize=10, fontweight="bold")
        ax.edge_texts.append(tuple(texts))
    for node in nodes.values():
        x, y, label = node[:3]
        if is_operation(node):
            ax.add_patch(patches.Circle((x, y), RADIUS, facecolor="white", edgecolor=BLACK, lw=1.2))
            ax.text(x, y, label, ha="center", va="center", fontsize=11)
        else:
            ax.text(x, y, label, ha="center", va="center", fontsize=12, style="italic")
    xs = [node[0] for node in nodes.values()]
    ys = [node[1] for node in nodes.values()]
    ax.set(xlim=(min(xs) - 0.4, max(xs) + 0.4), ylim=(min(ys) - 0.5, max(ys) + 0.5),
           aspect="equal")
    ax.axis("off")
    if title:
        ax.set_title(title)
    if legend:
        ax.text(min(xs) - 0.35, min(ys) - 0.45, "green: forward value    red: gradient",
                fontsize=9, color=BLACK)
    return ax
