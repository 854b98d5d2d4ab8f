"""Checks of notebook 08, backpropagation for any graph: `local_backward` (derived by the
student, checked against finite differences of the forward operations), `topological_order`,
`accumulate` and `backward`. A graph is plain lists: ops[i], children[i], data[i]."""

import math

import numpy as np

from autograder.student.checks.compare import agrees, describe, factor_off
from autograder.student.checks.engine import Exercise, register
from autograder.student.checks.numeric import STEP, stencil

# The forward computation of each operation, as the notebook gives it (not its backward).
FORWARD = {"add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b,
           "div": lambda a, b: a / b, "pow": lambda a, n: a**n, "exp": math.exp,
           "log": math.log, "tanh": math.tanh}
CONSTANT = {"pow": (1,)}  # inputs that are constants of the operation: they receive 0.0


def numerical_local_backward(args):
    """The gradients of `local_backward` by finite differences of the forward operation."""
    op, inputs, out_grad = args
    grads = []
    for k, value in enumerate(inputs):
        if k in CONSTANT.get(op, ()):
            grads.append(0.0)
            continue

        def along(t, k=k, value=value):
            moved = list(inputs)
            moved[k] = value + t
            return FORWARD[op](*moved)
        grads.append(out_grad * stencil(along, STEP * max(1.0, abs(value))))
    return tuple(grads)


def local_backward_hint(got, expected, args):
    """Recognises, in order: not one gradient per input; out_grad left out (the local slope
    alone); the inputs' gradients swapped; a wrong sign; for pow, a gradient for the constant
    exponent, the exponent not brought down, the power not lowered; for div, the power of b;
    the forward value returned instead of the slope; a slope written with the input where it
    needs the output; a multiplication where the slope divides. Otherwise names the input."""
    op, inputs, g = args
    if not isinstance(got, (tuple, list)) or len(got) != len(expected):
        return (f"{op} has {len(inputs)} input{'s' * (len(inputs) > 1)}: return a tuple of "
                f"{len(expected)} gradient{'s' * (len(expected) > 1)}, one per input, not "
                f"{describe(got)}.")
    try:
        got = [float(v) for v in got]
    except (TypeError, ValueError):
        return f"return plain numbers, one per input, not {describe(got)}."
    wrong = [k for k in range(len(got)) if not agrees(got[k], expected[k])]
    if not wrong:
        return None
    if abs(g) > 1e-9 and all(agrees(got[k] * g, expected[k]) for k in range(len(got))):
        return ("these are the local derivatives alone: the chain rule multiplies them by "
                "out_grad, the gradient that reaches the output.")
    if len(got) == 2 and agrees(got[::-1], list(expected)) and not agrees(*expected):
        return "each input received the gradient meant for the other input."
    k = wrong[0]
    name = "ab"[k]
    flipped = factor_off(got[k], expected[k], [
        (-1, f"the gradient of {name} has the wrong sign.")])
    if flipped:
        return flipped
    a = inputs[0]
    if op == "pow":
        n = inputs[1]
        if k == 1:
            return ("the exponent n is a constant of the operation, not a node of the graph: "
                    "return 0.0 for it.")
        if agrees(got[0] * n, expected[0]):
            return "a factor is missing: where did the exponent n go in the derivative?"
        if abs(a) > 1e-9 and agrees(got[0], expected[0] * a):
            return "the power of a is one too high: differentiating lowers it by one."
    if op == "div" and k == 1 and agrees(got[1] / inputs[1], expected[1]):
        return "the gradient of b is off by a factor of b: check the power of b."
    if op == "div" and k == 0 and agrees(got[0], expected[0] * inputs[1] ** 2):
        return "the gradient of a multiplies by b where a / b divides by it."
    forward = FORWARD[op](*inputs)
    if op != "exp" and agrees(got[k], g * forward):
        return (f"you multiplied out_grad by the forward value {op}(a) itself, not by the "
                "slope of the operation at a.")
    if op == "tanh" and agrees(got[0], g * (1 - a**2)):
        return ("the slope is written with the input a where it needs the output tanh(a) "
                "(the value the forward pass computed).")
    if op == "log" and agrees(got[0], g * a):
        return "you multiplied by a where the slope of log divides by it."
    return (f"the gradient of {name} is {got[k]:.6g}, expected {expected[k]:.6g}: write "
            f"{op}'s forward on paper, differentiate it with respect to {name}, and compare "
            "with a finite difference.")


register(Exercise(
    "local_backward",
    checked="one gradient per input, each operation's slope times out_grad",
    output_hint=local_backward_hint,
    inputs=("op", "inputs", "out_grad"),
    numerical=numerical_local_backward,
))


def reachable(children, root):
    """The set of nodes the root depends on, itself included (no order)."""
    seen, stack = set(), [root]
    while stack:
        node = stack.pop()
        if node not in seen:
            seen.add(node)
            stack.extend(children[node])
    return seen


def order_problem(got, expected, args):
    """Any valid topological order is accepted. Recognises, in order: not a list of node
    indices; a node twice (no record of visited nodes); a node the root does not depend on; a
    node left out (children's children not visited); the root first (the order reversed); a
    node before one of its children (appended before visiting them)."""
    children, root = args
    if not isinstance(got, (list, tuple)) or not all(
            isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in got):
        return f"return a list of node indices (ints), not {describe(got)}."
    got = [int(v) for v in got]
    needed = reachable(children, root)
    twice = next((v for v in got if got.count(v) > 1), None)
    if twice is not None:
        return (f"node {twice} appears {got.count(twice)} times: it is reached along several "
                "paths. Keep a record of the nodes already visited and skip them.")
    extra = next((v for v in got if v not in needed), None)
    if extra is not None:
        return (f"node {extra} is in your order, but the root {root} does not depend on it: "
                "start from the root and follow children only.")
    missing = sorted(needed - set(got))
    if missing:
        return (f"node {missing[0]}, which the root depends on, is missing: visit the "
                "children's children too, all the way down to the leaves.")
    if got[-1] != root:
        if got[0] == root and len(got) > 1:
            return ("the root comes first: this order is reversed. Each node must come after "
                    "all of its children, so the root comes last.")
        return f"the root {root} must come last, after every node it depends on."
    position = {v: i for i, v in enumerate(got)}
    for node in got:
        late = [c for c in children[node] if position[c] > position[node]]
        if late:
            return (f"node {node} comes before its child {late[0]}: append a node only after "
                    "all of its children are in the order.")
    return None


register(Exercise(
    "topological_order",
    checked="every node the root depends on once, each after its children, the root last",
    compare=order_problem,
    inputs=("children", "root"),
))


ASSIGNED = ("a gradient was replaced, not added to: `=` where `+=` belongs. A node used twice "
            "(or already holding a gradient from another use) must keep every contribution.")


def accumulate_hint(got, expected, args):
    """Recognises, in order: not one gradient per node; `=` instead of `+=` (replaced);
    the node's earlier gradient dropped (started from zeros); the contributions sent to the
    wrong inputs (swapped)."""
    grads, inputs, contributions = args
    if not isinstance(got, (list, tuple)) or len(got) != len(grads):
        return (f"return the whole list of gradients, one per node ({len(grads)} here), not "
                f"{describe(got)}.")
    replaced = list(grads)
    for node, c in zip(inputs, contributions):
        replaced[node] = c
    if agrees(list(got), replaced):
        return ASSIGNED
    fresh = [0.0] * len(grads)
    for node, c in zip(inputs, contributions):
        fresh[node] += c
    if agrees(list(got), fresh):
        return ("the gradients that the nodes already had are gone: start from a copy of "
                "grads, not from zeros.")
    swapped = list(grads)
    for node, c in zip(inputs[::-1], contributions):
        swapped[node] += c
    if len(inputs) == 2 and agrees(list(got), swapped):
        return "each contribution went to the other input: pair inputs[k] with contributions[k]."
    return None


register(Exercise(
    "accumulate",
    checked="a new list, every contribution added to its input, a node used twice",
    output_hint=accumulate_hint,
    inputs=("grads", "inputs", "contributions"),
))


def backward_hint(got, expected, args):
    """Recognises, in order: not one gradient per node; every gradient 0 (the root not
    seeded); every gradient scaled by the root's value (seeded with data[root]); the root's own
    gradient wrong; a gradient for a node the root does not depend on; only nodes used more than
    once wrong (`=` for `+=`); a node left at 0 (sent back before it was complete: the order).
    Otherwise names the node nearest the root that is wrong."""
    ops, children, data, root = args
    if not isinstance(got, (list, tuple)) or len(got) != len(data):
        return (f"return a list with one gradient per node ({len(data)} here), not "
                f"{describe(got)}.")
    got = np.asarray(got, dtype=float)
    want = np.asarray(expected, dtype=float)
    if np.allclose(got, 0):
        return ("every gradient is 0: the pass needs a start. The root's gradient with respect "
                "to itself is 1.")
    if abs(data[root]) > 1e-9 and not agrees(data[root], 1) and agrees(got, want * data[root]):
        return ("every gradient is data[root] times too large: the pass starts from the root's "
                "gradient with respect to itself, d root / d root, not from its value.")
    if not agrees(got[root], 1.0):
        return f"the root's gradient with respect to itself is 1, got {got[root]:.6g}."
    needed = reachable(children, root)
    stray = [i for i in range(len(data)) if i not in needed and not agrees(got[i], 0)]
    if stray:
        return f"node {stray[0]} does not feed the root, so its gradient is 0."
    wrong = [i for i in range(len(data)) if not agrees(got[i], want[i])]
    uses = {i: sum(children[j].count(i) for j in needed) for i in needed}
    if all(uses[i] > 1 for i in wrong):
        return ("only nodes used more than once are wrong: " + ASSIGNED[0].lower()
                + ASSIGNED[1:] + " (accumulate does it.)")
    if any(agrees(got[i], 0) for i in wrong):
        return ("some nodes kept gradient 0: a node sent its gradient back before all the "
                "nodes that use it had sent theirs. Walk the topological order from the root "
                "back to the leaves.")
    return None


register(Exercise(
    "backward",
    calls=("topological_order", "local_backward", "accumulate"),
    checked="every node's gradient, shared nodes, renumbered graphs, inputs untouched",
    output_hint=backward_hint,
    inputs=("ops", "children", "data", "root"),
))
