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
