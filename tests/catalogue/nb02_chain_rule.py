"""Attempts at the exercises of notebook 02 (chain rule and computational graphs)."""

from tests.catalogue import Attempt, from_table

ASSIGNMENT = "02_chain_rule"

ATTEMPTS = [
    # --- two_path: b = a², c = −7a, d = b·c ---
    Attempt("two_path", "only the path through b", '''
def two_path(a):
    b, c = a ** 2, -7 * a
    return b * c, c * 2 * a
''', "only the path through b"),
    Attempt("two_path", "only the path through c", '''
def two_path(a):
    b, c = a ** 2, -7 * a
    return b * c, b * -7
''', "only the path through c"),
    Attempt("two_path", "multiplies the paths", '''
def two_path(a):
    b, c = a ** 2, -7 * a
    return b * c, (c * 2 * a) * (b * -7)
''', "multiplies the two paths"),
    Attempt("two_path", "forgets the local derivatives", '''
def two_path(a):
    b, c = a ** 2, -7 * a
    dd_db, dd_dc = c, b
    return b * c, dd_db + dd_dc
''', "leaves out how b and c change with a"),
    Attempt("two_path", "c = 7a (sign slip in the forward pass)", '''
def two_path(a):
    b, c = a ** 2, 7 * a
    return b * c, c * 2 * a + b * 7
''', "Compute the forward values"),
    Attempt("two_path", "expands d = -7a³ first (correct)", '''
def two_path(a):
    return -7.0 * a ** 3, -21.0 * a ** 2
'''),
    Attempt("two_path", "a small graph with a dictionary of gradients (correct)", '''
def two_path(a):
    b, c = a * a, -7.0 * a
    d = b * c
    grad = {"d": 1.0}
    grad["b"] = grad["d"] * c
    grad["c"] = grad["d"] * b
    grad["a"] = grad["b"] * 2 * a + grad["c"] * -7.0
    return d, grad["a"]
'''),

    # --- add_mul_graph: f = (x + y)·z ---
    Attempt("add_mul_graph", "operator precedence: x + y * z", '''
def add_mul_graph(x, y, z):
    f = x + y * z
    return f, z, z, x + y
''', "brackets"),
    Attempt("add_mul_graph", "the multiply gate does not swap (dfdz = z)", '''
def add_mul_graph(x, y, z):
    q = x + y
    return q * z, z, z, z
''', "dfdz equals z itself"),
    Attempt("add_mul_graph", "dfdx = q instead of z", '''
def add_mul_graph(x, y, z):
    q = x + y
    return q * z, q, q, z
''', "dfdx equals q = x + y"),
    Attempt("add_mul_graph", "local gradient of the add gate only", '''
def add_mul_graph(x, y, z):
    q = x + y
    return q * z, 1.0, 1.0, q
''', "dfdx is 1"),
    Attempt("add_mul_graph", "treats f as the product x·y·z", '''
def add_mul_graph(x, y, z):
    return (x + y) * z, y * z, x * z, x * y
''', "would be right for f = x·y·z"),
    Attempt("add_mul_graph", "returns the gradients before f", '''
def add_mul_graph(x, y, z):
    q = x + y
    return z, z, q, q * z
''', "wrong order"),
    Attempt("add_mul_graph", "backward pass written gate by gate (correct)", '''
def add_mul_graph(x, y, z):
    q = x + y
    f = q * z
    df = 1.0
    dq, dz = z * df, q * df
    dx, dy = 1.0 * dq, 1.0 * dq
    return f, dx, dy, dz
'''),
    Attempt("add_mul_graph", "expanded f = xz + yz (correct)", '''
def add_mul_graph(x, y, z):
    return x * z + y * z, z, z, x + y
'''),

    # --- sigmoid_neuron: f = σ(w·x + b) ---
    Attempt("sigmoid_neuron", "w and x swapped in the gradients", '''
def sigmoid_neuron(w, x, b):
    f = 1 / (1 + np.exp(-(w @ x + b)))
    ds = f * (1 - f)
    return f, ds * w, ds * x, ds
''', "The multiply gate swaps"),
    Attempt("sigmoid_neuron", "no sigmoid factor", '''
def sigmoid_neuron(w, x, b):
    f = 1 / (1 + np.exp(-(w @ x + b)))
    return f, x.copy(), w.copy(), 1.0
''', "no sigmoid factor"),
    Attempt("sigmoid_neuron", "σ′ evaluated as s(1 − s) at the input", '''
def sigmoid_neuron(w, x, b):
    s = w @ x + b
    f = 1 / (1 + np.exp(-s))
    ds = s * (1 - s)
    return f, ds * x, ds * w, ds
''', "takes the sigmoid's output"),
    Attempt("sigmoid_neuron", "σ′ = σ, one factor only", '''
def sigmoid_neuron(w, x, b):
    f = 1 / (1 + np.exp(-(w @ x + b)))
    return f, f * x, f * w, f
''', "one factor of σ′"),
    Attempt("sigmoid_neuron", "forgets the sigmoid in the forward pass", '''
def sigmoid_neuron(w, x, b):
    s = w @ x + b
    ds = np.exp(-s) / (1 + np.exp(-s)) ** 2
    return s, ds * x, ds * w, ds
''', "the sigmoid is missing"),
    Attempt("sigmoid_neuron", "d/ds of e^(-s) without its inner -1: the sign flips", '''
def sigmoid_neuron(w, x, b):
    s = w @ x + b
    f = 1 / (1 + np.exp(-s))
    ds = -np.exp(-s) / (1 + np.exp(-s)) ** 2
    return f, ds * x, ds * w, ds
''', "wrong sign"),
    Attempt("sigmoid_neuron", "σ′ from the quotient rule, loops (correct)", '''
def sigmoid_neuron(w, x, b):
    s = b
    for wi, xi in zip(w, x):
        s = s + wi * xi
    f = 1.0 / (1.0 + np.exp(-s))
    ds = np.exp(-s) / (1.0 + np.exp(-s)) ** 2
    dw = np.array([ds * xi for xi in x])
    dx = np.array([ds * wi for wi in w])
    return f, dw, dx, ds
'''),
    Attempt("sigmoid_neuron", "tanh form of σ (correct)", '''
def sigmoid_neuron(w, x, b):
    f = 0.5 * (1 + np.tanh(0.5 * np.dot(w, x) + 0.5 * b))
    return f, f * (1 - f) * x, f * (1 - f) * w, f * (1 - f)
'''),

    # --- norm_sq_of_product: f = ‖W x‖² ---
    Attempt("norm_sq_of_product", "dfdW transposed: x qᵀ", '''
def norm_sq_of_product(W, x):
    q = W @ x
    return q @ q, 2 * np.outer(x, q), 2 * W.T @ q
''', "dfdW is transposed"),
    Attempt("norm_sq_of_product", "missing the 2", '''
def norm_sq_of_product(W, x):
    q = W @ x
    return q @ q, np.outer(q, x), W.T @ q
''', "brings a factor 2"),
    Attempt("norm_sq_of_product", "W instead of Wᵀ in dfdx", '''
def norm_sq_of_product(W, x):
    q = W @ x
    return q @ q, 2 * np.outer(q, x), 2 * W @ q
''', "transpose"),
    Attempt("norm_sq_of_product", "the norm instead of its square", '''
def norm_sq_of_product(W, x):
    q = W @ x
    return np.linalg.norm(q), 2 * np.outer(q, x), 2 * W.T @ q
''', "wants its square"),
    Attempt("norm_sq_of_product", "elementwise product instead of an outer product", '''
def norm_sq_of_product(W, x):
    q = W @ x
    return q @ q, 2 * q * x, 2 * W.T @ q
''', "one entry per weight"),
    Attempt("norm_sq_of_product", "a loop that overwrites dfdx: only the last path", '''
def norm_sq_of_product(W, x):
    q = W @ x
    f = float(q @ q)
    m, n = W.shape
    dW, dx = np.zeros((m, n)), np.zeros(n)
    for i in range(m):
        for j in range(n):
            dW[i, j] = 2 * q[i] * x[j]
            dx[j] = 2 * q[i] * W[i, j]
    return f, dW, dx
''', "only the path through the last q_i"),
    Attempt("norm_sq_of_product", "the worked example's gradient: upstream 1", '''
def norm_sq_of_product(W, x):
    q = W @ x
    f = float(q @ q)
    return f, np.tile(x, (W.shape[0], 1)), W.sum(axis=0)
''', "gradient of the worked example"),
    Attempt("norm_sq_of_product", "the sign of the upstream gradient flipped", '''
def norm_sq_of_product(W, x):
    q = W @ x
    f = float(q @ q)
    dq = -2 * q
    return f, np.outer(dq, x), W.T @ dq
''', "wrong sign"),
    Attempt("norm_sq_of_product", "loops over the entries (correct)", '''
def norm_sq_of_product(W, x):
    m, n = W.shape
    q = [sum(W[i, j] * x[j] for j in range(n)) for i in range(m)]
    f = sum(qi ** 2 for qi in q)
    dW = np.zeros((m, n))
    dx = np.zeros(n)
    for i in range(m):
        for j in range(n):
            dW[i, j] = 2 * q[i] * x[j]
            dx[j] += 2 * q[i] * W[i, j]
    return f, dW, dx
'''),
    Attempt("norm_sq_of_product", "einsum and broadcasting (correct)", '''
def norm_sq_of_product(W, x):
    q = np.einsum("ij,j->i", W, x)
    dq = 2 * q
    return float(np.sum(q ** 2)), dq[:, None] * x[None, :], np.einsum("ij,i->j", W, dq)
'''),

    # --- numerical_gradient: central differences ---
    Attempt("numerical_gradient", "forward difference", '''
def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros_like(x, dtype=float)
    fx = f(x)
    for i in np.ndindex(x.shape):
        xp = x.copy()
        xp[i] += h
        grad[i] = (f(xp) - fx) / h
    return grad
''', "one-sided"),
    Attempt("numerical_gradient", "x not restored", '''
def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros_like(x, dtype=float)
    for i in np.ndindex(x.shape):
        x[i] += h
        f_plus = f(x)
        x[i] -= 2 * h
        f_minus = f(x)
        grad[i] = (f_plus - f_minus) / (2 * h)
    return grad
''', "changed its input `x`"),
    Attempt("numerical_gradient", "probes pile up on a copy", '''
def numerical_gradient(f, x, h=1e-5):
    x = x.copy()
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        x[i] += h
        f_plus = f(x)
        x[i] -= 2 * h
        f_minus = f(x)
        grad[i] = (f_plus - f_minus) / (2 * h)
    return grad
''', "your probes pile up"),
    Attempt("numerical_gradient", "h not divided by 2", '''
def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros_like(x, dtype=float)
    for i in np.ndindex(x.shape):
        e = np.zeros_like(x, dtype=float)
        e[i] = h
        grad[i] = (f(x + e) - f(x - e)) / h
    return grad
''', "twice the expected"),
    Attempt("numerical_gradient", "loops over rows only", '''
def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros_like(x, dtype=float)
    for i in range(len(x)):
        e = np.zeros_like(x, dtype=float)
        e[i] = h
        grad[i] = (f(x + e) - f(x - e)) / (2 * h)
    return grad
''', "shift a whole row"),
    Attempt("numerical_gradient", "fixed probe size", '''
def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros_like(x, dtype=float)
    for i in np.ndindex(x.shape):
        e = np.zeros_like(x, dtype=float)
        e[i] = 1e-5
        grad[i] = (f(x + e) - f(x - e)) / 2e-5
    return grad
''', "use the probe size"),
    Attempt("numerical_gradient", "returns a flat gradient", '''
def numerical_gradient(f, x, h=1e-5):
    grad = []
    for i in np.ndindex(x.shape):
        e = np.zeros_like(x, dtype=float)
        e[i] = h
        grad.append((f(x + e) - f(x - e)) / (2 * h))
    return np.array(grad)
''', "shaped like x"),
    Attempt("numerical_gradient", "np.nditer, restoring in place (correct)", '''
def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros_like(x, dtype=float)
    it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
    while not it.finished:
        ix = it.multi_index
        old = x[ix]
        x[ix] = old + h
        fxph = f(x)
        x[ix] = old - h
        fxmh = f(x)
        x[ix] = old
        grad[ix] = (fxph - fxmh) / (2 * h)
        it.iternext()
    return grad
'''),
    Attempt("numerical_gradient", "flat views of copies (correct)", '''
def numerical_gradient(f, x, h=1e-5):
    flat = np.asarray(x, dtype=float).ravel()
    grad = np.empty(flat.size)
    for k in range(flat.size):
        up, down = flat.copy(), flat.copy()
        up[k] += h
        down[k] -= h
        grad[k] = (f(up.reshape(np.shape(x))) - f(down.reshape(np.shape(x)))) / (2 * h)
    return grad.reshape(np.shape(x))
'''),

    # --- relative_error ---
    Attempt("relative_error", "no 1e-8 floor", '''
def relative_error(a, b):
    return np.max(np.abs(a - b) / (np.abs(a) + np.abs(b)))
''', "the floor 1e-8"),
    Attempt("relative_error", "no abs around a - b", '''
def relative_error(a, b):
    return np.max((a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b)))
''', "take the absolute value"),
    Attempt("relative_error", "no abs in the denominator", '''
def relative_error(a, b):
    return np.max(np.abs(a - b) / np.maximum(1e-8, a + b))
''', "uses their absolute values"),
    Attempt("relative_error", "mean instead of max", '''
def relative_error(a, b):
    return np.mean(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b)))
''', "take the maximum"),
    Attempt("relative_error", "forgets the max", '''
def relative_error(a, b):
    return np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))
''', "Return one number"),
    Attempt("relative_error", "norm-based measure", '''
def relative_error(a, b):
    return np.linalg.norm(a - b) / max(1e-8, np.linalg.norm(a) + np.linalg.norm(b))
''', "through their norms"),
    Attempt("relative_error", "a loop over the entries (correct)", '''
def relative_error(a, b):
    a, b = np.broadcast_arrays(np.asarray(a, dtype=float), np.asarray(b, dtype=float))
    worst = 0.0
    for u, v in zip(a.ravel(), b.ravel()):
        worst = max(worst, abs(u - v) / max(1e-8, abs(u) + abs(v)))
    return worst
'''),
    Attempt("relative_error", "np.clip for the floor (correct)", '''
def relative_error(a, b):
    scale = np.clip(np.abs(a) + np.abs(b), 1e-8, None)
    return float((np.abs(np.subtract(a, b)) / scale).max())
'''),
]

# The first mistake again, answering the published cases from a table: graded, it earns no more.
ATTEMPTS.append(from_table(next(a for a in ATTEMPTS if not a.correct)))
