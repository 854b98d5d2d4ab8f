"""The reference implementation of every exercise: the one source of truth for every formula.

Instructor side only: hidden tests and the public test vectors are computed from it, and no
student-facing file imports it.

Tensor convention (curriculum.md): batch-first rows. `X` is (M, N0); layer k has `W[k]` of shape
(N_{k-1}, N_k) and `b[k]` of shape (N_k,); `I_k = H_{k-1} @ W_k + b_k`, `H_k = act(I_k)`.
Sources: tutorial 04 (`000`), lecture slides (`001`), MSE derivation (`002`), simple derivatives
(`003`), SGD text (`004`).
"""

import numpy as np

# --- 01 Gradient descent ---------------------------------------------------------------------


def gradient_descent(grad, x0, lr, steps):
    """Follow the negative gradient: x <- x - lr * grad(x)  (tutorial 04, eq. 2; `003`).

    Inputs:
    - grad: callable, point -> gradient at that point (same shape as the point)
    - x0: float or array, the starting point
    - lr: float, the learning rate alpha
    - steps: int >= 0, how many updates to make
    Returns:
    - trajectory: array (steps + 1,) + np.shape(x0); row 0 is x0, row k the point after k steps
    """
    x = np.array(x0, dtype=float)  # a float copy: x0 may be an int, and stays untouched
    trajectory = [x]
    for _ in range(steps):
        x = x - lr * np.asarray(grad(x), dtype=float)
        trajectory.append(x)
    return np.stack(trajectory)


# --- 02 Chain rule and computational graphs ---------------------------------------------------


def numerical_gradient(f, x, h=1e-5):
    """Central differences (f(x + h e_i) - f(x - h e_i)) / 2h for every entry i of x.

    Inputs:
    - f: function of an array shaped like x, returning a float
    - x: array of any shape (restored after every probe)
    - h: float, the probe size
    Returns:
    - grad: array shaped like x
    """
    x = np.asarray(x, dtype=float)
    grad = np.zeros_like(x)
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
    """max |a - b| / max(1e-8, |a| + |b|): the gradient-check measure (about 1e-7 = correct)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b)))


# --- 03 Sigmoid and its derivative -----------------------------------------------------------


def sigmoid(z):
    """σ(z) = 1 / (1 + e^(−z)), elementwise, without overflow (tutorial 04, eq. 32).

    For z < 0 it uses the equal form e^z / (1 + e^z), so no exponential of a large positive
    number is ever taken. Works on floats and arrays of any shape.
    """
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))  # in (0, 1]: never overflows
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def sigmoid_prime(z):
    """σ'(z) = σ(z) (1 − σ(z))  (tutorial 04, eq. 32)."""
    s = sigmoid(z)
    return s * (1 - s)


def relu(z):
    """ReLU(z) = max(0, z), elementwise."""
    return np.maximum(0.0, np.asarray(z, dtype=float))


def relu_prime(z):
    """ReLU'(z) = 1 for z > 0, else 0 (0 at z = 0, as in the simple-derivatives text)."""
    return (np.asarray(z, dtype=float) > 0).astype(float)
