"""The explorers build and redraw headless, plot what the functions they are given return, say
which function to write first, and show a failing function's error inside the widget."""

import numpy as np

from autograder import reference
from autograder.student.explore import LearningRateExplorer
from autograder.student.landscapes import BOWL, CUBIC


def plotted_path(explorer):
    return explorer.ax_path.lines[-1].get_xdata(), explorer.ax_path.lines[-1].get_ydata()


def test_explorer_plots_exactly_the_trajectory_after_each_change():
    explorer = LearningRateExplorer(reference.gradient_descent)
    explorer.landscape.value = "x³ + 3x²"
    explorer.lr.value, explorer.steps.value, explorer.start.value = 0.04, 17, 0.75
    expected = reference.gradient_descent(CUBIC.grad, 0.75, explorer.lr.value, 17)
    x, y = plotted_path(explorer)
    assert np.allclose(x, expected) and np.allclose(y, CUBIC.f(expected))
    assert np.allclose(explorer.ax_loss.lines[-1].get_ydata(), CUBIC.f(expected))
    assert "heads for the minimum" in explorer.caption.value


def test_explorer_on_the_bowl_shows_divergence_beyond_two_over_curvature():
    explorer = LearningRateExplorer(reference.gradient_descent,
                                    landscape="2-D bowl (curvatures 1 and 10)")
    explorer.lr.value = 0.15
    expected = reference.gradient_descent(BOWL.grad, np.array([1.0, 1.0]), 0.15, 12)
    x, y = plotted_path(explorer)
    assert np.allclose(x, expected[:, 0]) and np.allclose(y, expected[:, 1])
    explorer.lr.value, explorer.steps.value = 0.5, 60
    assert "diverges" in explorer.caption.value
    assert "&gt; 2/curvature = 0.200" in explorer.caption.value


def test_explorer_waits_politely_for_an_unwritten_function():
    def stub(grad, x0, lr, steps):
        raise NotImplementedError

    explorer = LearningRateExplorer(stub)
    assert "Write <code>gradient_descent</code>" in explorer.message.value
    assert explorer.status == "missing" and explorer.image.value == b""
