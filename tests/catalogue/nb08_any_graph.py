"""Attempts at the exercises of notebook 08 (backpropagation for any graph).

Each attempt is a whole answer cell and may use only `np` (and what it imports): what every
attempt at an exercise needs is written once in its prelude (`import math`; for `backward`, the
earlier exercises it calls, as a student's notebook holds them above).
"""

from tests.catalogue import Attempt, from_table

ASSIGNMENT = "08_any_graph"

PRELUDES = {
    "local_backward": "\nimport math\n",
    "backward": '''
import math


def local_backward(op, inputs, out_grad):
    a = inputs[0]
    b = inputs[1] if len(inputs) > 1 else None
    rules = {"add": lambda: (out_grad, out_grad), "sub": lambda: (out_grad, -out_grad),
             "mul": lambda: (out_grad * b, out_grad * a),
             "div": lambda: (out_grad / b, -out_grad * a / (b * b)),
             "pow": lambda: (out_grad * b * a ** (b - 1), 0.0),
             "exp": lambda: (out_grad * math.exp(a),), "log": lambda: (out_grad / a,),
             "tanh": lambda: (out_grad * (1 - math.tanh(a) ** 2),)}
    return rules[op]()


def topological_order(children, root):
    order, seen = [], set()

    def visit(node):
        if node in seen:
            return
        seen.add(node)
        for child in children[node]:
            visit(child)
        order.append(node)

    visit(root)
    return order


def accumulate(grads, inputs, contributions):
    new = list(grads)
    for node, c in zip(inputs, contributions):
        new[node] = new[node] + c
    return new
''',
}

ATTEMPTS = [
    # --- local_backward ---
    Attempt("local_backward", "forgets out_grad (local derivatives only)", '''
def local_backward(op, inputs, out_grad):
    a = inputs[0]
    if op == "add":
        return (1.0, 1.0)
    if op == "sub":
        return (1.0, -1.0)
    if op == "mul":
        return (inputs[1], a)
    if op == "div":
        return (1 / inputs[1], -a / inputs[1] ** 2)
    if op == "pow":
        return (inputs[1] * a ** (inputs[1] - 1), 0.0)
    if op == "exp":
        return (math.exp(a),)
    if op == "log":
        return (1 / a,)
    return (1 - math.tanh(a) ** 2,)
''', "multiplies them by out_grad"),
    Attempt("local_backward", "sub sends +out_grad to b", '''
def local_backward(op, inputs, out_grad):
    a = inputs[0]
    if op in ("add", "sub"):
        return (out_grad, out_grad)
    if op == "mul":
        return (out_grad * inputs[1], out_grad * a)
    if op == "div":
        return (out_grad / inputs[1], -out_grad * a / inputs[1] ** 2)
    if op == "pow":
        return (out_grad * inputs[1] * a ** (inputs[1] - 1), 0.0)
    if op == "exp":
        return (out_grad * math.exp(a),)
    if op == "log":
        return (out_grad / a,)
    return (out_grad * (1 - math.tanh(a) ** 2),)
''', "wrong sign"),
    Attempt("local_backward", "div: b not squared", '''
def local_backward(op, inputs, out_grad):
    a = inputs[0]
    if op == "add":
        return (out_grad, out_grad)
    if op == "sub":
        return (out_grad, -out_grad)
    if op == "mul":
        return (out_grad * inputs[1], out_grad * a)
    if op == "div":
        return (out_grad / inputs[1], -out_grad * a / inputs[1])
    if op == "pow":
        return (out_grad * inputs[1] * a ** (inputs[1] - 1), 0.0)
    if op == "exp":
        return (out_grad * math.exp(a),)
    if op == "log":
        return (out_grad / a,)
    return (out_grad * (1 - math.tanh(a) ** 2),)
''', "check the power of b"),
    Attempt("local_backward", "pow: the exponent not brought down", '''
def local_backward(op, inputs, out_grad):
    a = inputs[0]
    if op == "add":
        return (out_grad, out_grad)
    if op == "sub":
        return (out_grad, -out_grad)
    if op == "mul":
        return (out_grad * inputs[1], out_grad * a)
    if op == "div":
        return (out_grad / inputs[1], -out_grad * a / inputs[1] ** 2)
    if op == "pow":
        return (out_grad * a ** (inputs[1] - 1), 0.0)
    if op == "exp":
        return (out_grad * math.exp(a),)
    if op == "log":
        return (out_grad / a,)
    return (out_grad * (1 - math.tanh(a) ** 2),)
''', "where did the exponent n go"),
    Attempt("local_backward", "tanh's slope written with the input", '''
def local_backward(op, inputs, out_grad):
    a = inputs[0]
    if op == "add":
        return (out_grad, out_grad)
    if op == "sub":
        return (out_grad, -out_grad)
    if op == "mul":
        return (out_grad * inputs[1], out_grad * a)
    if op == "div":
        return (out_grad / inputs[1], -out_grad * a / inputs[1] ** 2)
    if op == "pow":
        return (out_grad * inputs[1] * a ** (inputs[1] - 1), 0.0)
    if op == "exp":
        return (out_grad * math.exp(a),)
    if op == "log":
        return (out_grad / a,)
    return (out_grad * (1 - a ** 2),)
''', "written with the input a"),
    Attempt("local_backward", "log: multiplies by a", '''
def local_backward(op, inputs, out_grad):
    a = inputs[0]
    if op == "add":
        return (out_grad, out_grad)
    if op == "sub":
        return (out_grad, -out_grad)
    if op == "mul":
        return (out_grad * inputs[1], out_grad * a)
    if op == "div":
        return (out_grad / inputs[1], -out_grad * a / inputs[1] ** 2)
    if op == "pow":
        return (out_grad * inputs[1] * a ** (inputs[1] - 1), 0.0)
    if op == "exp":
        return (out_grad * math.exp(a),)
    if op == "log":
        return (out_grad * a,)
    return (out_grad * (1 - math.tanh(a) ** 2),)
''', "multiplied by a where the slope of log divides"),
    Attempt("local_backward", "mul: each input gets its own value", '''
def local_backward(op, inputs, out_grad):
    a = inputs[0]
    if op == "add":
        return (out_grad, out_grad)
    if op == "sub":
        return (out_grad, -out_grad)
    if op == "mul":
        return (out_grad * a, out_grad * inputs[1])
    if op == "div":
        return (out_grad / inputs[1], -out_grad * a / inputs[1] ** 2)
    if op == "pow":
        return (out_grad * inputs[1] * a ** (inputs[1] - 1), 0.0)
    if op == "exp":
        return (out_grad * math.exp(a),)
    if op == "log":
        return (out_grad / a,)
    return (out_grad * (1 - math.tanh(a) ** 2),)
''', "meant for the other input"),
    Attempt("local_backward", "a table of rules, tanh from its output (correct)", '''
def local_backward(op, inputs, out_grad):
    a, *rest = inputs
    if op == "tanh":
        t = math.tanh(a)
        return (out_grad * (1 - t * t),)
    if op == "exp":
        return (out_grad * math.exp(a),)
    if op == "log":
        return (out_grad / a,)
    b = rest[0]
    slopes = {"add": (1.0, 1.0), "sub": (1.0, -1.0), "mul": (b, a),
              "div": (1 / b, -a / (b * b)), "pow": (b * a ** (b - 1), 0.0)}[op]
    return tuple(out_grad * s for s in slopes)
'''),
    Attempt("local_backward", "quotient rule, log via its inverse (correct)", '''
def local_backward(op, inputs, out_grad):
    if op == "div":
        a, b = inputs
        return (out_grad * b / b ** 2, out_grad * (0 * b - a * 1) / b ** 2)
    if op == "log":
        return (out_grad / math.exp(math.log(inputs[0])),)
    if op == "pow":
        a, n = inputs
        return (n * a ** (n - 1) * out_grad, 0.0)
    if op == "tanh":
        return (out_grad / math.cosh(inputs[0]) ** 2,)
    if op == "exp":
        return (math.exp(inputs[0]) * out_grad,)
    if op == "mul":
        return (inputs[1] * out_grad, inputs[0] * out_grad)
    return (out_grad, out_grad if op == "add" else -out_grad)
'''),
    # --- topological_order ---
    Attempt("topological_order", "appends a node before its children (pre-order)", '''
def topological_order(children, root):
    order, seen = [], set()
    def visit(node):
        if node not in seen:
            seen.add(node)
            order.append(node)
            for child in children[node]:
                visit(child)
    visit(root)
    return order
''', "the root comes first"),
    Attempt("topological_order", "no record of visited nodes", '''
def topological_order(children, root):
    order = []
    def visit(node):
        for child in children[node]:
            visit(child)
        order.append(node)
    visit(root)
    return order
''', "Keep a record of the nodes already visited"),
    Attempt("topological_order", "only the root's own children", '''
def topological_order(children, root):
    return list(dict.fromkeys(children[root])) + [root]
''', "visit the children's children too"),
    Attempt("topological_order", "every node, in index order", '''
def topological_order(children, root):
    return list(range(len(children)))
''', "does not depend on it"),
    Attempt("topological_order", "children appended, then parents, breadth first", '''
def topological_order(children, root):
    order, queue = [], [root]
    while queue:
        node = queue.pop(0)
        if node in order:
            order.remove(node)
        order.insert(0, node)
        queue.extend(children[node])
    return order[::-1]
''', "the root comes first"),
    Attempt("topological_order", "post-order with an explicit stack (correct)", '''
def topological_order(children, root):
    order, done, stack = [], set(), [(root, False)]
    while stack:
        node, expanded = stack.pop()
        if node in done:
            continue
        if expanded:
            done.add(node)
            order.append(node)
        else:
            stack.append((node, True))
            stack.extend((c, False) for c in reversed(children[node]) if c not in done)
    return order
'''),
    Attempt("topological_order", "Kahn's algorithm on the reachable nodes (correct)", '''
def topological_order(children, root):
    reach, stack = set(), [root]
    while stack:
        node = stack.pop()
        if node not in reach:
            reach.add(node)
            stack.extend(children[node])
    waiting = {n: len(set(children[n])) for n in reach}
    parents = {n: [p for p in reach if n in children[p]] for n in reach}
    ready = sorted(n for n in reach if waiting[n] == 0)
    order = []
    while ready:
        node = ready.pop()
        order.append(node)
        for p in parents[node]:
            waiting[p] -= 1
            if waiting[p] == 0:
                ready.append(p)
    return order
'''),
    # --- accumulate ---
    Attempt("accumulate", "= instead of +=", '''
def accumulate(grads, inputs, contributions):
    new = list(grads)
    for node, c in zip(inputs, contributions):
        new[node] = c
    return new
''', "`=` where `+=` belongs"),
    Attempt("accumulate", "adds into grads in place", '''
def accumulate(grads, inputs, contributions):
    for node, c in zip(inputs, contributions):
        grads[node] += c
    return grads
''', "changed its input"),
    Attempt("accumulate", "starts from zeros", '''
def accumulate(grads, inputs, contributions):
    new = [0.0] * len(grads)
    for node, c in zip(inputs, contributions):
        new[node] += c
    return new
''', "start from a copy of grads"),
    Attempt("accumulate", "contributions paired with the wrong inputs", '''
def accumulate(grads, inputs, contributions):
    new = list(grads)
    for node, c in zip(reversed(inputs), contributions):
        new[node] += c
    return new
''', "went to the other input"),
    Attempt("accumulate", "returns only the inputs' gradients", '''
def accumulate(grads, inputs, contributions):
    return [grads[node] + c for node, c in zip(inputs, contributions)]
''', "return the whole list of gradients"),
    Attempt("accumulate", "a comprehension over the nodes (correct)", '''
def accumulate(grads, inputs, contributions):
    return [g + sum(c for i, c in zip(inputs, contributions) if i == node)
            for node, g in enumerate(grads)]
'''),
    # --- backward ---
    Attempt("backward", "never seeds the root", '''

def backward(ops, children, data, root):
    grads = [0.0] * len(data)
    for node in reversed(topological_order(children, root)):
        if children[node]:
            sent = local_backward(ops[node], [data[c] for c in children[node]], grads[node])
            grads = accumulate(grads, children[node], sent)
    return grads
''', "The root's gradient with respect to itself is 1"),
    Attempt("backward", "seeds the root with its value", '''

def backward(ops, children, data, root):
    grads = [0.0] * len(data)
    grads[root] = data[root]
    for node in reversed(topological_order(children, root)):
        if children[node]:
            sent = local_backward(ops[node], [data[c] for c in children[node]], grads[node])
            grads = accumulate(grads, children[node], sent)
    return grads
''', "not from its value"),
    Attempt("backward", "= instead of accumulate", '''

def backward(ops, children, data, root):
    grads = [0.0] * len(data)
    grads[root] = 1.0
    for node in reversed(topological_order(children, root)):
        if children[node]:
            sent = local_backward(ops[node], [data[c] for c in children[node]], grads[node])
            for child, g in zip(children[node], sent):
                grads[child] = g
    return grads
''', "`=` where `+=` belongs"),
    Attempt("backward", "walks the order from the leaves", '''

def backward(ops, children, data, root):
    grads = [0.0] * len(data)
    grads[root] = 1.0
    for node in topological_order(children, root):
        if children[node]:
            sent = local_backward(ops[node], [data[c] for c in children[node]], grads[node])
            grads = accumulate(grads, children[node], sent)
    return grads
''', "before all the nodes that use it had sent theirs"),
    Attempt("backward", "walks the nodes by index, not in topological order", '''

def backward(ops, children, data, root):
    grads = [0.0] * len(data)
    grads[root] = 1.0
    for node in reversed(range(len(data))):
        if children[node]:
            sent = local_backward(ops[node], [data[c] for c in children[node]], grads[node])
            grads = accumulate(grads, children[node], sent)
    return grads
''', "before all the nodes that use it had sent theirs"),
    Attempt("backward", "in-place += without accumulate (correct)", '''

def backward(ops, children, data, root):
    order = topological_order(children, root)
    grads = [0.0 for _ in data]
    grads[root] = 1.0
    while order:
        node = order.pop()
        kids = children[node]
        if kids:
            for child, g in zip(kids, local_backward(ops[node], [data[k] for k in kids],
                                                     grads[node])):
                grads[child] += g
    return grads
'''),
]

ATTEMPTS.append(from_table(next(a for a in ATTEMPTS if not a.correct)))
