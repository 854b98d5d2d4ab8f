"""Expected outputs from finite differences, for the exercises where the student derives a
gradient: their visible checks compare with the slope of the forward computation the notebook
gives, so the student package needs no reference answer (the grader's hidden cases still use
the reference).

A five-point stencil: its truncation error is about STEP⁴ and its rounding error about
1e-16 / STEP, both far below the course's comparison tolerance (`compare.RTOL`).
"""

import numpy as np

STEP = 1e-3  # relative to max(1, |x|)


def stencil(along, h):
    """The five-point central difference of the scalar function `along(t)` at t = 0."""
    return (-along(2 * h) + 8 * along(h) - 8 * along(-h) + along(-2 * h)) / (12 * h)


def slope(f, z):
    """The elementwise derivative of an elementwise function `f` at `z` (any shape).

    Inputs:
    - f: a function of an array that acts entry by entry
    - z: a float or an array of any shape
    Returns: an array shaped like z, dfᵢ/dzᵢ.
    """
    z = np.asarray(z, dtype=float)
    h = STEP * np.maximum(1.0, np.abs(z))
    return stencil(lambda t: np.asarray(f(z + t), dtype=float), h)


def gradient(f, x):
    """The gradient of a scalar function `f` at the array `x`, entry by entry; `x` unchanged.

    Inputs:
    - f: a function of one array, returning a float
    - x: an array of any shape
    Returns: an array shaped like x, df/dxᵢ.
    """
    x = np.array(x, dtype=float)
    grad = np.empty_like(x)  # every entry is written below
    for index in np.ndindex(*x.shape):
        def along(t, index=index):
            shifted = x.copy()
            shifted[index] += t
            return float(f(shifted))
        grad[index] = stencil(along, STEP * max(1.0, abs(x[index])))
    return grad
