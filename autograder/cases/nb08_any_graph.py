"""Cases of notebook 08, backpropagation for any graph: local backward rules, topological
orders, accumulation and whole graphs given as plain lists (ops, children, data)."""

from functools import partial

import numpy as np

from autograder.cases.registry import hidden, make_case, public

FORWARD = {"add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b,
           "div": lambda a, b: a / b, "pow": lambda a, n: a**n, "exp": np.exp, "log": np.log,
           "tanh": np.tanh}


def graph_of(expression, values):
    """(ops, children, data, root) of a nested-tuple expression such as
    ("mul", ("add", "x", "y"), "x"): a name is a leaf (one node per name, however often it is
    used), a number a constant leaf, a tuple (op, operand, ...) an operation."""
    ops, children, data, named = [], [], [], {}

    def build(node):
        if isinstance(node, str) and node in named:
            return named[node]
        if isinstance(node, (str, int, float)):
            value = values[node] if isinstance(node, str) else node
            ops.append("leaf"), children.append([]), data.append(value)
            if isinstance(node, str):
                named[node] = len(data) - 1
            return len(data) - 1
        op, *operands = node
        inputs = [build(operand) for operand in operands]
        ops.append(op), children.append(inputs)
        data.append(float(FORWARD[op](*[data[i] for i in inputs])))
        return len(data) - 1

    root = build(expression)
    return ops, children, data, root


def relabelled(graph, rng, extra=0):
    """The same graph with its nodes numbered in a random order (so that the numbering is no
    longer a topological order), and `extra` leaves the root does not depend on."""
    ops, children, data, root = graph
    ops = list(ops) + ["leaf"] * extra
    children = [list(c) for c in children] + [[] for _ in range(extra)]
    data = list(data) + [float(v) for v in np.round(rng.uniform(-2, 2, size=extra), 2)]
    new = rng.permutation(len(ops))  # old index -> new index
    order = np.argsort(new)  # new index -> old index
    return ([ops[i] for i in order], [[int(new[c]) for c in children[i]] for i in order],
            [data[i] for i in order], int(new[root]))


NEURON = ("tanh", ("add", ("mul", "x", "w"), "b"))
SHARED = ("add", ("mul", "x", "x"), "x")
SIGMOID = ("div", 1.0, ("add", 1.0, ("exp", ("mul", -1.0, "z"))))
TEMPLATES = [
    NEURON, SHARED, SIGMOID,
    ("log", ("add", ("pow", "x", 2), "y")),
    ("sub", ("div", "a", "b"), ("mul", "a", "c")),
    ("mul", ("add", "x", "y"), ("sub", "x", "y")),
    ("add", ("mul", ("tanh", "x"), ("tanh", "x")), ("tanh", "x")),
    ("div", ("exp", "a"), ("add", ("exp", "a"), ("exp", "b"))),
    ("mul", ("pow", ("sub", "x", "y"), 2), ("log", "z")),
    ("tanh", ("add", ("mul", ("tanh", ("mul", "x", "w")), "v"), ("mul", "x", "u"))),
]


def draw_values(rng):
    """Values for every name of TEMPLATES; positive where a log or a denominator needs it."""
    return {"x": rng.uniform(-1.5, 1.5), "y": rng.uniform(-1.5, 1.5), "w": rng.uniform(-2, 2),
            "b": rng.uniform(-1, 1), "z": rng.uniform(0.3, 2.5), "a": rng.uniform(0.3, 2),
            "c": rng.uniform(-2, 2), "u": rng.uniform(-2, 2), "v": rng.uniform(-2, 2)}


# --- local_backward ---


@public("local_backward")
def local_backward_public():
    case = partial(make_case, "local_backward")
    return [
        case("sums and products", "add: a + b", "add", [1.5, -0.7], 0.8),
        case("sums and products", "sub: a − b", "sub", [2.0, 0.5], -1.3),
        case("sums and products", "mul: a · b", "mul", [1.5, -0.7], 0.8),
        case("sums and products", "div: a / b", "div", [1.2, 0.8], 0.6),
        case("sums and products", "div: a / b, a negative", "div", [-2.5, 1.6], -0.7),
        case("powers and functions", "pow: a ** 3, a negative", "pow", [-1.3, 3], 0.7),
        case("powers and functions", "pow: a ** 2.5", "pow", [1.4, 2.5], -0.6),
        case("powers and functions", "exp", "exp", [0.7], 1.8),
        case("powers and functions", "log", "log", [1.7], 0.6),
        case("powers and functions", "tanh", "tanh", [0.9], 2.5),
        case("powers and functions", "tanh, negative input", "tanh", [-0.4], -0.5),
    ]


@hidden("local_backward")
def local_backward_hidden(rng):
    cases = []
    for op in ["add", "sub", "mul", "div", "pow", "exp", "log", "tanh"]:
        for i in range(2):
            g = float(rng.uniform(-2, 2))
            if op in ("add", "sub", "mul"):
                inputs = [float(v) for v in rng.uniform(-2, 2, size=2)]
            elif op == "div":
                inputs = [float(rng.uniform(-2, 2)), float(rng.choice([-1, 1]) *
                                                           rng.uniform(0.5, 2))]
            elif op == "pow":
                inputs = [float(rng.uniform(-2, 2)), int(rng.integers(2, 5))] if i == 0 else \
                    [float(rng.uniform(0.3, 2)), float(rng.uniform(-1.5, 3))]
            elif op == "log":
                inputs = [float(rng.uniform(0.2, 3))]
            else:
                inputs = [float(rng.uniform(-2, 2))]
            cases.append(make_case("local_backward", "hidden", f"random {op} {i + 1}", op,
                                   inputs, g))
    return cases


# --- topological_order ---

DIAMOND = [[], [0], [0], [1, 2]]  # 0 feeds 1 and 2, both feed 3
UNREACHABLE = [[], [], [0, 1], [0], [3, 2], [1]]  # 5 is not below the root 4


@public("topological_order")
def topological_order_public():
    case = partial(make_case, "topological_order")
    _, renumbered, _, top = relabelled(graph_of(TEMPLATES[6], {"x": 0.5}),
                                       np.random.default_rng(80))
    return [
        case("chains and trees", "a chain 0 → 1 → 2 → 3", [[], [0], [1], [2]], 3),
        case("chains and trees", "a tree numbered from the root down",
             [[1, 2], [3], [4, 5], [], [], []], 0),
        case("chains and trees", "a tree with a node the root does not depend on",
             [[], [], [0, 1], [], [2, 3], [4]], 4),
        case("shared nodes", "a diamond: node 0 reached along two paths", DIAMOND, 3),
        case("shared nodes", "x·x + x: node 0 used three times", [[], [0, 0], [1, 0]], 2),
        case("shared nodes", "shared nodes and a node left out", UNREACHABLE, 4),
        case("shared nodes", "tanh(x)·tanh(x) + tanh(x), renumbered", renumbered, top),
    ]


@hidden("topological_order")
def topological_order_hidden(rng):
    cases = []
    for i, template in enumerate(TEMPLATES):
        _, children, _, root = relabelled(graph_of(template, draw_values(rng)), rng,
                                          extra=int(rng.integers(0, 3)))
        cases.append(make_case("topological_order", "hidden", f"random graph {i + 1}",
                               children, root))
    return cases


# --- accumulate ---


@public("accumulate")
def accumulate_public():
    case = partial(make_case, "accumulate")
    return [
        case("two inputs", "two inputs, gradients still 0", [0.0, 0.0, 0.0, 1.0], [0, 1],
             [0.8, -1.5]),
        case("two inputs", "one input", [0.0, 0.0, 2.5], [1], [-0.7]),
        case("used twice", "x·x: node 0 is both inputs", [0.0, 0.0, 1.7], [0, 0], [0.6, 0.6]),
        case("used twice", "node 1 already holds a gradient from another use",
             [0.0, 0.4, 0.0, 1.2], [1, 0], [0.3, -0.9]),
        case("used twice", "both inputs already hold gradients",
             [0.5, -1.1, 0.2, 2.0], [2, 1], [1.3, 0.7]),
    ]


@hidden("accumulate")
def accumulate_hidden(rng):
    cases = []
    for i in range(10):
        n = int(rng.integers(3, 8))
        grads = [float(v) for v in np.round(rng.normal(size=n), 3) * rng.integers(0, 2, size=n)]
        inputs = [int(v) for v in rng.integers(0, n, size=int(rng.integers(1, 3)))]
        contributions = [float(v) for v in rng.normal(size=len(inputs))]
        cases.append(make_case("accumulate", "hidden", f"random {i + 1}", grads, inputs,
                               contributions))
    return cases


# --- backward ---


@public("backward")
def backward_public():
    case = partial(make_case, "backward")
    rng = np.random.default_rng(81)
    return [
        case("trees", "a tanh neuron, tanh(x·w + b)",
             *graph_of(NEURON, {"x": 0.5, "w": -1.2, "b": 0.3})),
        case("trees", "log(x ** 2 + y)", *graph_of(TEMPLATES[3], {"x": 1.5, "y": 0.7})),
        case("trees", "a / b − a·c, renumbered",
             *relabelled(graph_of(("sub", ("div", "a", "b"), ("mul", "c", "d")),
                                  {"a": 1.2, "b": 0.8, "c": -0.5, "d": 1.5}), rng, extra=1)),
        case("shared", "x·x + x: x used three times", *graph_of(SHARED, {"x": 3.0})),
        case("shared", "(x + y)(x − y)", *graph_of(TEMPLATES[5], {"x": 1.3, "y": -0.4})),
        case("shared", "the sigmoid 1 / (1 + exp(−z))", *graph_of(SIGMOID, {"z": 0.8})),
        case("shared", "t·t + t with t = tanh(x), renumbered, one node left out",
             *relabelled(graph_of(TEMPLATES[6], {"x": 0.6}), rng, extra=1)),
    ]


@hidden("backward")
def backward_hidden(rng):
    cases = []
    for i, template in enumerate(TEMPLATES):
        graph = relabelled(graph_of(template, draw_values(rng)), rng,
                           extra=int(rng.integers(0, 2)))
        cases.append(make_case("backward", "hidden", f"random graph {i + 1}", *graph))
    return cases
