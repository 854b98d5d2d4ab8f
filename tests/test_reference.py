"""The reference against independent truths: closed forms, central differences, the sources'
worked numbers."""

import numpy as np
import pytest

from autograder import reference
from autograder.student.landscapes import BOWL, CUBIC, PARABOLA, bowl, gradient_from_spec
from tests.support.oracles import central_difference


def test_gradient_descent_reproduces_the_worked_example_of_003():
    trajectory = reference.gradient_descent(PARABOLA.grad, 1, 0.3, 3)
    assert np.allclose(trajectory, [1, 0.4, 0.16, 0.064])


def test_gradient_descent_cubic_small_rate_converges_large_rate_does_not():
    small = reference.gradient_descent(CUBIC.grad, 0.5, 0.04, 200)
    large = reference.gradient_descent(CUBIC.grad, 0.5, 0.45, 200)
    assert abs(small[-1]) < 1e-6
    assert np.abs(large[-20:]).max() > 0.1  # still jumping around after 200 steps


@pytest.mark.parametrize("seed", range(5))
def test_gradient_descent_matches_the_closed_form_on_a_diagonal_quadratic(seed):
    rng = np.random.default_rng(seed)
    curvature, x0 = rng.uniform(0.5, 3, size=4), rng.normal(size=4)
    lr, steps = rng.uniform(0.01, 0.5), int(rng.integers(0, 30))
    trajectory = reference.gradient_descent(lambda x: curvature * x, x0, lr, steps)
    closed = (1 - lr * curvature) ** np.arange(steps + 1)[:, None] * x0
    assert trajectory.shape == (steps + 1, 4)
    assert np.allclose(trajectory, closed, rtol=1e-12, atol=1e-12)


def test_gradient_descent_keeps_its_input_and_handles_integers():
    x0 = np.array([1, 2])
    trajectory = reference.gradient_descent(lambda x: x, x0, 0.5, 2)
    assert np.array_equal(x0, [1, 2]) and trajectory.dtype == float
    assert np.allclose(trajectory[-1], [0.25, 0.5])


def test_bowl_diverges_exactly_beyond_two_over_the_largest_curvature():
    start = np.array([1.0, 1.0])
    below = reference.gradient_descent(BOWL.grad, start, 0.19, 300)
    above = reference.gradient_descent(BOWL.grad, start, 0.21, 300)
    assert np.abs(below[-1]).max() < 1e-6 and np.abs(above[-1]).max() > 1e6


@pytest.mark.parametrize("landscape", [PARABOLA, CUBIC, bowl(2.0, 5.0)], ids=lambda s: s.name)
def test_landscape_gradients_match_central_differences(landscape):
    rng = np.random.default_rng(0)
    for _ in range(5):
        x = rng.normal(size=len(landscape.minimum))
        f = (lambda p: landscape.f(p[0])) if len(landscape.minimum) == 1 else landscape.f
        grad = landscape.grad(x[0]) if len(landscape.minimum) == 1 else landscape.grad(x)
        assert np.allclose(central_difference(f, x), grad, rtol=1e-6, atol=1e-8)


def test_gradient_specs_are_the_gradients_they_describe():
    A = np.array([[2.0, 0.5], [0.5, 1.0]])
    c = np.array([1.0, -1.0])
    loss = lambda x: 0.5 * x @ A @ x + c @ x  # noqa: E731
    grad = gradient_from_spec({"matrix": A.tolist(), "shift": c.tolist()})
    x = np.array([0.3, -0.7])
    assert np.allclose(grad(x), central_difference(loss, x), atol=1e-8)
    cubic = gradient_from_spec({"poly": [0, 6, 3]})
    assert np.allclose(cubic(np.array([0.7])), central_difference(lambda x: CUBIC.f(x[0]),
                                                                   np.array([0.7])))
