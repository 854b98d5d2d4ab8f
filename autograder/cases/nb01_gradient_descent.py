"""Cases of notebook 01, gradient descent: gradients of parabolas, cubics and tilted bowls."""

from functools import partial

import numpy as np

from autograder.cases.registry import hidden, make_case, public
from autograder.student.landscapes import gradient_from_spec


def spd_matrix(rng, n, low=0.5, high=3.0):
    """A random symmetric positive definite (n, n) matrix with eigenvalues in [low, high]."""
    Q, _ = np.linalg.qr(rng.normal(size=(n, n)))
    return (Q * rng.uniform(low, high, size=n)) @ Q.T


# --- 01 Gradient descent ---------------------------------------------------------------------

PARABOLA = gradient_from_spec({"poly": [0, 2]})  # f(x) = x², f'(x) = 2x
CUBIC = gradient_from_spec({"poly": [0, 6, 3]})  # f(x) = x³ + 3x², f'(x) = 6x + 3x²
BOWL = gradient_from_spec({"matrix": [[1, 0], [0, 10]], "shift": [0, 0]})


@public("gradient_descent")
def gradient_descent_public():
    case = partial(make_case, "gradient_descent")
    return [
        case("worked example", "f(x) = x², x0 = 1, lr = 0.3, 3 steps", PARABOLA, 1, 0.3, 3),
        case("general", "f(x) = x³ + 3x², x0 = 1.0, lr = 0.04, 5 steps", CUBIC, 1.0, 0.04, 5),
        case("general", "f(x) = x², x0 = -0.5, lr = 0.1, 10 steps", PARABOLA, -0.5, 0.1, 10),
        case("general", "2-D bowl, x0 = [1, -2], lr = 0.05, 4 steps", BOWL,
             np.array([1.0, -2.0]), 0.05, 4),
        case("general", "tilted 3-D bowl, x0 = [0.5, 0, -1], lr = 0.2, 6 steps",
             gradient_from_spec({"matrix": [[2, 0.5, 0], [0.5, 1, 0.2], [0, 0.2, 1.5]],
                                 "shift": [1, -1, 0.5]}),
             np.array([0.5, 0.0, -1.0]), 0.2, 6),
        case("general", "steps = 0: the trajectory is just [x0]", BOWL, np.array([3.0, 4.0]),
             0.1, 0),
    ]


@hidden("gradient_descent")
def gradient_descent_hidden(rng):
    cases = []
    for i in range(12):
        steps, lr = int(rng.integers(0, 25)), float(rng.uniform(0.01, 0.3))
        if i % 2 == 0:  # a scalar on a random quadratic-plus-cubic slope
            slope = [rng.normal(), rng.uniform(0.5, 3), 0.05 * rng.normal()]
            grad = gradient_from_spec({"poly": slope})
            x0 = float(rng.uniform(-1, 1))
        else:  # a vector on a random tilted bowl
            n = int(rng.integers(1, 6))
            grad = gradient_from_spec({"matrix": spd_matrix(rng, n).tolist(),
                                       "shift": rng.normal(size=n).tolist()})
            x0 = rng.normal(size=n)
        cases.append(make_case("gradient_descent", "hidden", f"random case {i + 1}", grad, x0,
                               lr, steps))
    return cases
