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
