"""The explorers build and redraw headless, plot what the functions they are given return, say
which function to write first, and show a failing function's error inside the widget."""

import numpy as np

from autograder import reference
from autograder.student.explore import LearningRateExplorer
from autograder.student.landscapes import BOWL, CUBIC
from tests.support.explorers import small_datasets


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


def test_training_explorer_plots_the_loss_history_that_train_returns():
    from autograder.student.explore import TrainingExplorer

    explorer = TrainingExplorer(reference.train, reference.forward_classifier, small_datasets(),
                                epochs=15, batch_size=8)
    explorer.dataset.value = "line"
    explorer.lr.value, explorer.momentum.value = 0.5, 0.5
    explorer.weight_decay.value, explorer.width.value = 0.01, 5
    X, y, sizes, *rest = explorer.settings()
    assert sizes == [2, 5, 2] and np.array_equal(X, small_datasets()["line"][0])
    _, history = reference.train(X, y, sizes, *rest)
    plotted = explorer.ax_loss.lines[-1]
    assert np.allclose(plotted.get_xdata(), np.arange(1, 16))
    assert np.allclose(plotted.get_ydata(), history[:, 0])
    assert f"{history[-1, 1]:.1%}" in explorer.fig._suptitle.get_text()
    assert not explorer.lr.continuous_update, "retraining must wait for the slider's release"


def test_training_explorer_waits_politely_for_an_unwritten_train():
    from autograder.student.explore import TrainingExplorer

    def stub(*args):
        raise NotImplementedError

    explorer = TrainingExplorer(stub, reference.forward_classifier, small_datasets())
    assert ("Write <code>iterate_minibatches</code>, <code>sgd_step</code> and <code>train</code>"
            in explorer.message.value)
