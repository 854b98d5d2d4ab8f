"""Notebook 01, gradient descent: the update rule."""

import numpy as np


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
