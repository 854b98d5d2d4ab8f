"""Notebook 02, the chain rule on computational graphs, and the gradient check."""

import numpy as np

from autograder.reference.nb03_sigmoid import sigmoid


def two_path(a):
    """d = b·c with b = a², c = −7a; dd/da sums both paths: c·2a + b·(−7)  (`003`, many paths).

    Inputs: a, a float. Returns: (d, dd_da), two floats.
    """
    b, c = a**2, -7 * a  # the two intermediate variables
    d = b * c
    dd_da = c * (2 * a) + b * (-7)  # path through b + path through c
    return d, dd_da


def add_mul_graph(x, y, z):
    """f = (x + y)·z and its gradients by backpropagation through q = x + y  (slides, `001`).

    Inputs: x, y, z, floats. Returns: (f, dfdx, dfdy, dfdz), floats; at (−2, 5, −4):
    (−12, −4, −4, 3).
    """
    q = x + y  # forward
    f = q * z
    dfdq, dfdz = z, q  # the multiply gate swaps its inputs
    dfdx, dfdy = dfdq * 1.0, dfdq * 1.0  # the add gate hands dfdq to both inputs
    return f, dfdx, dfdy, dfdz


def sigmoid_neuron(w, x, b):
    """f = σ(w·x + b) and its gradients; σ' = σ(1 − σ)  (slides, `001`; tutorial 04, eq. 32).

    Inputs:
    - w, x: (n,), the weights and the inputs; b: float, the bias
    Returns:
    - (f, dfdw, dfdx, dfdb): float, (n,), (n,), float
    """
    f = float(sigmoid(w @ x + b))
    dfds = f * (1 - f)  # the local gradient of σ at s = w·x + b
    return f, dfds * x, dfds * w, dfds


def norm_sq_of_product(W, x):
    """f = ‖W x‖² in the column convention; ∇_W f = 2 q xᵀ, ∇_x f = 2 Wᵀ q  (slides, `001`).

    Inputs:
    - W: (m, n); x: (n,)
    Returns:
    - (f, dfdW, dfdx): float, (m, n), (n,)
    """
    q = W @ x  # (m,)
    dfdq = 2 * q  # (m,)
    return float(q @ q), np.outer(dfdq, x), W.T @ dfdq


def numerical_gradient(f, x, h=1e-5):
    """Central differences (f(x + h e_i) - f(x - h e_i)) / 2h for every entry i of x.

    The gradient check of CS231n's lecture notes (the Stanford course the slides `001` borrow
    from; the slides do not show it); its error is O(h²), a one-sided difference's O(h).

    Inputs:
    - f: function of an array shaped like x, returning a float
    - x: array of any shape (restored after every probe)
    - h: float, the probe size
    Returns:
    - grad: array shaped like x
    """
    x = np.asarray(x, dtype=float)
    grad = np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        saved = x[i]
        x[i] = saved + h
        f_plus = f(x)
        x[i] = saved - h
        f_minus = f(x)
        x[i] = saved
        grad[i] = (f_plus - f_minus) / (2 * h)
    return grad


def relative_error(a, b):
    """max |a - b| / max(1e-8, |a| + |b|): the gradient-check measure. The course's rule: the
    worst entry below 1e-6 means correct, 1e-2 or more a bug (notebook 02, section 6).

    Entrywise, as in CS231n's lecture notes; the floor 1e-8 keeps entries where a and b are both
    0 finite. Inputs: a, b, arrays of one shape (or floats). Returns: float.
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))))
