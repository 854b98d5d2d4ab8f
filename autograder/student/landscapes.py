"""Loss landscapes that the notebooks, the explorers and the test vectors share.

Each is a function `f` and its gradient `grad`, written out by hand (notebook 01 checks them
against finite differences).
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Landscape:
    """A function to minimise, its gradient, and its curvature at the minimum we aim for."""

    name: str
    f: Callable
    grad: Callable
    minimum: tuple  # the local minimum gradient descent should reach
    curvature: float  # largest second derivative there: lr > 2 / curvature diverges


PARABOLA = Landscape("f(x) = x²", lambda x: x**2, lambda x: 2 * x, (0.0,), 2.0)
CUBIC = Landscape(
    "f(x) = x³ + 3x²", lambda x: x**3 + 3 * x**2, lambda x: 3 * x**2 + 6 * x, (0.0,), 6.0
)


def bowl(a=1.0, b=10.0):
    """The 2-D quadratic bowl f(x, y) = (a x² + b y²) / 2, curvature a along x and b along y."""

    def f(p):
        p = np.asarray(p, dtype=float)
        return 0.5 * (a * p[..., 0] ** 2 + b * p[..., 1] ** 2)

    def grad(p):
        p = np.asarray(p, dtype=float)
        return np.array([a * p[0], b * p[1]])

    return Landscape(f"f(x, y) = ({a:g}x² + {b:g}y²) / 2", f, grad, (0.0, 0.0), max(a, b))


BOWL = bowl()


def gradient_from_spec(spec):
    """Build a gradient function from its description in a test vector.

    `{"poly": [c0, c1, c2, ...]}` is x -> c0 + c1 x + c2 x² + ... elementwise;
    `{"matrix": A, "shift": c}` is x -> A @ x + c for a vector x;
    `{"scalar": {"weights": w, "poly": [c0, c1, ...], "cubes": k}}` is not a gradient but a
    scalar function to differentiate: x -> c0 + c1 s + c2 s² + ... + sum(k x³), s = sum(w x),
    for an x of w's shape.
    """
    if "scalar" in spec:
        grad = scalar_from_spec(spec["scalar"])
    elif "poly" in spec:
        coefficients = [float(c) for c in spec["poly"]]

        def grad(x):
            return sum(c * np.asarray(x, dtype=float) ** k for k, c in enumerate(coefficients))

    else:
        A, c = np.array(spec["matrix"], dtype=float), np.array(spec["shift"], dtype=float)

        def grad(x):
            return A @ np.asarray(x, dtype=float) + c

    grad.spec = spec
    return grad


def scalar_from_spec(spec):
    """A scalar function of an array of one fixed shape (see `gradient_from_spec`)."""
    w = np.array(spec["weights"], dtype=float)
    cubes = np.array(spec.get("cubes", np.zeros_like(w)), dtype=float)
    coefficients = [float(c) for c in spec["poly"]]

    def f(x):
        x = np.asarray(x, dtype=float)
        if x.shape != w.shape:
            raise ValueError(f"this f takes an array of shape {w.shape}, not {x.shape}: call it "
                             "with an array shaped like x")
        s = np.sum(w * x)
        return float(sum(c * s**k for k, c in enumerate(coefficients)) + np.sum(cubes * x**3))

    return f

