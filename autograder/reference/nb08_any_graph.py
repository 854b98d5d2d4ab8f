"""Notebook 08, reverse mode on any expression graph given as plain lists."""

import numpy as np

# A graph as plain lists, one entry per node: ops[i] names its operation ("leaf" for an input or
# a constant), children[i] lists the nodes it is computed from, data[i] holds its forward value.


def local_backward(op, inputs, out_grad):
    """One operation's backward: the gradients it sends to its inputs (chain rule, `003`).

    Inputs:
    - op: "add", "sub", "mul", "div", "pow", "exp", "log" or "tanh"
    - inputs: list of the inputs' forward values, [a, b] (for "pow": [a, n], n a constant) or [a]
    - out_grad: float, the gradient of the root with respect to this operation's output
    Returns: tuple, one float per input (0.0 for pow's constant exponent).
    """
    a = inputs[0]
    if op == "add":
        return (out_grad, out_grad)
    if op == "sub":
        return (out_grad, -out_grad)
    if op == "mul":
        return (out_grad * inputs[1], out_grad * a)
    if op == "div":
        b = inputs[1]
        return (out_grad / b, -out_grad * a / b**2)
    if op == "pow":
        n = inputs[1]
        return (out_grad * n * a ** (n - 1), 0.0)
    if op == "exp":
        return (out_grad * np.exp(a),)
    if op == "log":
        return (out_grad / a,)
    if op == "tanh":
        return (out_grad * (1 - np.tanh(a) ** 2),)
    raise ValueError(f"unknown operation {op!r}")


def topological_order(children, root):
    """Every node the root depends on, each after all of its children, the root last.

    Depth first, children in their listed order (one valid order of many).
    Inputs: children, list of lists of node indices; root, int.
    Returns: list of node indices, each once.
    """
    order, visited = [], set()

    def visit(node):
        if node not in visited:
            visited.add(node)
            for child in children[node]:
                visit(child)
            order.append(node)

    visit(root)
    return order


def accumulate(grads, inputs, contributions):
    """Add each contribution to its input's gradient; an input listed twice receives both.

    Inputs: grads, list of floats (one per node); inputs, list of node indices; contributions,
    list of floats, one per input.
    Returns: a new list of floats; grads stays untouched.
    """
    total = list(grads)
    for node, contribution in zip(inputs, contributions):
        total[node] += contribution
    return total


def backward(ops, children, data, root):
    """Reverse mode on the whole graph: d data[root] / d data[i] for every node i.

    Inputs: ops, list of str; children, list of lists of int; data, list of floats; root, int.
    Returns: list of floats, one per node (0.0 for nodes the root does not depend on).
    """
    grads = [0.0] * len(data)
    grads[root] = 1.0
    for node in reversed(topological_order(children, root)):
        if children[node]:
            inputs = [data[child] for child in children[node]]
            grads = accumulate(grads, children[node],
                               local_backward(ops[node], inputs, grads[node]))
    return grads
