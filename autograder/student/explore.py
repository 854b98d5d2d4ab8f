"""Explorers: widgets that run the student's own functions as the reader drags a slider.

    from autograder.student.explore import LearningRateExplorer
    LearningRateExplorer(gradient_descent)     # in an ungraded notebook cell
"""

import warnings

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from IPython.display import display

from autograder.student.landscapes import BOWL, CUBIC, PARABOLA
from autograder.student.style import BLUE, ORANGE, RED, use_course_style

ESCAPED = 1e6  # beyond this distance from the start a trajectory counts as diverged


class LearningRateExplorer:
    """Learning rate, steps, start point and landscape -> trajectory and loss per step."""

    LANDSCAPES = {"x²": PARABOLA, "x³ + 3x²": CUBIC, "2-D bowl (curvatures 1 and 10)": BOWL}

    def __init__(self, gradient_descent, landscape="x²", lr=0.3, steps=12, start=1.0):
        use_course_style()
        self.gradient_descent = gradient_descent
        self.landscape = widgets.Dropdown(options=list(self.LANDSCAPES), value=landscape,
                                          description="function")
        self.lr = widgets.FloatLogSlider(value=lr, base=10, min=-3, max=0, step=0.01,
                                         description="lr", readout_format=".3f")
        self.steps = widgets.IntSlider(value=steps, min=0, max=60, description="steps")
        self.start = widgets.FloatSlider(value=start, min=-1.9, max=2.0, step=0.05,
                                         description="start")
        self.output = widgets.Output()
        self.message = widgets.HTML()  # says what to do while the student's function is a stub
        self.fig, (self.ax_path, self.ax_loss) = plt.subplots(1, 2, figsize=(10, 4))
        plt.close(self.fig)  # shown through the Output widget, not by the notebook
        for control in (self.landscape, self.lr, self.steps, self.start):
            control.observe(self.redraw, names="value")
        self.widget = widgets.VBox([
            widgets.HBox([self.landscape, self.lr]), widgets.HBox([self.steps, self.start]),
            self.message, self.output])
        self.redraw()

    def _ipython_display_(self):
        display(self.widget)

    @property
    def problem(self):
        return self.LANDSCAPES[self.landscape.value]

    def start_point(self):
        if len(self.problem.minimum) == 2:
            return np.array([self.start.value, self.start.value])
        return self.start.value

    def trajectory(self):
        """The student's trajectory for the current settings (warnings of a divergence muted)."""
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return np.asarray(self.gradient_descent(
                self.problem.grad, self.start_point(), self.lr.value, self.steps.value))

    def redraw(self, change=None):
        try:
            path = self.trajectory()
        except NotImplementedError:
            self.message.value = ("<b>Implement gradient_descent above, run its cell, "
                                  "then this one.</b>")
            return
        self.message.value = ""
        shown = path[: self.escape_index(path)]
        for ax in (self.ax_path, self.ax_loss):
            ax.clear()
        if path.ndim == 1:
            self.draw_curve(shown)
        else:
            self.draw_contours(shown)
        self.draw_loss(shown)
        self.fig.suptitle(self.verdict(path))
        with self.output:
            self.output.clear_output(wait=True)
            display(self.fig)

    def escape_index(self, path):
        """How many points to draw: up to the first that is non-finite or far away."""
        distance = np.abs(path - path[0]).reshape(len(path), -1).max(axis=1)
        gone = ~np.isfinite(distance) | (distance > ESCAPED)
        return int(np.argmax(gone)) if gone.any() else len(path)

    def draw_curve(self, path):
        f = self.problem.f
        low, high = min(-2.5, np.min(path) - 0.2), max(2.0, np.max(path) + 0.2)
        xs = np.linspace(low, high, 400)
        self.ax_path.plot(xs, f(xs), color=BLUE, label=self.problem.name)
        self.ax_path.plot(path, f(path), "o-", color=ORANGE, ms=4, lw=1, label="trajectory")
        self.ax_path.set(xlabel="x", ylabel="f(x)", title="Steps on the curve")
        self.ax_path.legend()

    def draw_contours(self, path):
        span = max(2.5, np.abs(path).max() * 1.1)
        grid = np.linspace(-span, span, 200)
        X, Y = np.meshgrid(grid, grid)
        self.ax_path.contour(X, Y, self.problem.f(np.stack([X, Y], axis=-1)), levels=15,
                             cmap="Blues")
        self.ax_path.plot(path[:, 0], path[:, 1], "o-", color=ORANGE, ms=4, lw=1)
        self.ax_path.set(xlabel="x", ylabel="y", title="Steps on the contours", aspect="equal")

    def draw_loss(self, path):
        losses = np.array([self.problem.f(p) for p in path])
        self.ax_loss.plot(np.arange(len(path)), losses, "o-", color=RED, ms=4)
        self.ax_loss.set(xlabel="step k", ylabel="f(x_k)", title="Loss per step",
                         yscale="symlog")

    def verdict(self, path):
        limit = 2 / self.problem.curvature
        side = ">" if self.lr.value > limit else "≤"
        final = path[-1]
        distance = np.abs(path - np.array(self.problem.minimum)).reshape(len(path), -1).max(1)
        where = f"x = {np.round(final, 3)} after {len(path) - 1} steps"
        if not np.all(np.isfinite(final)) or np.abs(final - path[0]).max() > ESCAPED:
            outcome = "diverges"
        elif distance[-1] < 1e-3:
            outcome = "converges to the minimum"
        elif distance[-1] < distance[0] and np.all(np.diff(distance[-4:]) <= 0):
            outcome = f"heads for the minimum ({where})"
        else:
            outcome = f"does not settle ({where})"
        return f"lr = {self.lr.value:.3f} {side} 2/curvature = {limit:.3f}: {outcome}"


class TrainingExplorer:
    """Learning rate, momentum, weight decay, hidden width and data set -> the student's `train`
    retrains, and the loss curve and the decision boundary are redrawn.

        TrainingExplorer(train, forward_classifier, {"square": (X, y), ...})
    """

    GRID = 70  # points per axis of the decision-boundary picture

    def __init__(self, train, forward_classifier, datasets, epochs=60, batch_size=16, seed=0,
                 lr=1.0, momentum=0.9, weight_decay=0.0, width=8):
        use_course_style()
        self.train, self.forward_classifier = train, forward_classifier
        self.datasets, self.epochs, self.batch_size = datasets, epochs, batch_size
        self.seed = seed
        self.dataset = widgets.Dropdown(options=list(datasets), description="data")
        self.lr = widgets.FloatLogSlider(value=lr, base=10, min=-2, max=1, step=0.05,
                                         description="lr", readout_format=".3f")
        self.momentum = widgets.FloatSlider(value=momentum, min=0.0, max=0.99, step=0.01,
                                            description="momentum")
        self.weight_decay = widgets.FloatSlider(value=weight_decay, min=0.0, max=0.05,
                                                step=0.001, description="decay",
                                                readout_format=".3f")
        self.width = widgets.IntSlider(value=width, min=1, max=32, description="hidden width")
        self.output = widgets.Output()
        self.message = widgets.HTML()  # says what to do while the student's functions are stubs
        self.fig, (self.ax_loss, self.ax_boundary) = plt.subplots(1, 2, figsize=(10, 4))
        plt.close(self.fig)  # shown through the Output widget, not by the notebook
        self.controls = (self.dataset, self.lr, self.momentum, self.weight_decay, self.width)
        for control in self.controls:
            control.observe(self.redraw, names="value")
        self.widget = widgets.VBox([
            widgets.HBox([self.dataset, self.lr, self.momentum]),
            widgets.HBox([self.weight_decay, self.width]), self.message, self.output])
        self.history = None
        self.redraw()

    def _ipython_display_(self):
        display(self.widget)

    def settings(self):
        """The arguments of `train` for the current controls."""
        X, y = self.datasets[self.dataset.value]
        sizes = [X.shape[1], self.width.value, int(y.max()) + 1]
        return (X, y, sizes, self.lr.value, self.epochs, self.batch_size, self.momentum.value,
                self.weight_decay.value, self.seed)

    def redraw(self, change=None):
        X, y, sizes, *rest = self.settings()
        try:
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                params, history = self.train(X, y, sizes, *rest)
                grid, P = self.probabilities(X, params)
        except NotImplementedError:
            self.message.value = ("<b>Implement iterate_minibatches, sgd_step and train above, "
                                  "run their cells, then this one.</b>")
            return
        self.message.value = ""
        self.history = history = np.asarray(history, dtype=float)
        for ax in (self.ax_loss, self.ax_boundary):
            ax.clear()
        epochs = np.arange(1, len(history) + 1)
        self.ax_loss.plot(epochs, history[:, 0], color=RED, label="loss")
        self.ax_loss.set(xlabel="epoch", ylabel="mean cross-entropy (training set)",
                         yscale="log", title="Loss per epoch")
        self.draw_boundary(X, y, grid, P)
        accuracy = history[-1, 1] if len(history) else np.nan
        self.fig.suptitle(f"{self.dataset.value}, hidden width {self.width.value}: training "
                          f"accuracy {accuracy:.1%} after {len(history)} epochs")
        with self.output:
            self.output.clear_output(wait=True)
            display(self.fig)

    def probabilities(self, X, params):
        """The grid around the data and the network's probability of class 1 on it."""
        low, high = X.min(axis=0) - 0.5, X.max(axis=0) + 0.5
        axes = [np.linspace(lo, hi, self.GRID) for lo, hi in zip(low, high)]
        grid = np.meshgrid(*axes)
        points = np.column_stack([g.ravel() for g in grid])
        P = np.asarray(self.forward_classifier(points, params)[-1])[:, 1]
        return grid, P.reshape(grid[0].shape)

    def draw_boundary(self, X, y, grid, P):
        ax = self.ax_boundary
        ax.contourf(grid[0], grid[1], P, levels=np.linspace(0, 1, 11), cmap="RdBu", alpha=0.6)
        ax.contour(grid[0], grid[1], P, levels=[0.5], colors="black", linewidths=1.5)
        ax.scatter(X[y == 0, 0], X[y == 0, 1], s=10, color=ORANGE, edgecolor="white", lw=0.3,
                   label="class 0")
        ax.scatter(X[y == 1, 0], X[y == 1, 1], s=10, color=BLUE, edgecolor="white", lw=0.3,
                   label="class 1")
        ax.set(xlabel="$x_1$", ylabel="$x_2$", title="Decision boundary (P = 0.5)",
               aspect="equal")
