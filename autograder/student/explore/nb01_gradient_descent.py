"""Explorer of notebook 01: the learning rate against the limit 2/curvature.

    LearningRateExplorer(gradient_descent)     # the reader's function, or the reference
"""

import ipywidgets as widgets
import numpy as np

from autograder.student.explore.common import Explorer, call, slider
from autograder.student.landscapes import BOWL, CUBIC, PARABOLA
from autograder.student.style import BLUE, ORANGE, RED

ESCAPED = 1e6  # beyond this distance from the start a trajectory counts as diverged
# The loss axis is fixed, so that a redraw only draws the lines (see Explorer.render): a steady
# convergence is a straight falling line on it, a divergence a straight rising one.
LOSS_RANGE = (1e-10, 1e12)


class LearningRateExplorer(Explorer):
    """Learning rate, steps, start point and landscape -> trajectory and loss per step."""

    LANDSCAPES = {"x²": PARABOLA, "x³ + 3x²": CUBIC, "2-D bowl (curvatures 1 and 10)": BOWL}
    LR_RANGE = (-3, 0.3)  # log10: up to 2.0, past every landscape's 2/curvature (largest 1.0)

    def __init__(self, gradient_descent, landscape="x²", lr=0.3, steps=12, start=1.0):
        self.gradient_descent = gradient_descent
        self.ax_path, self.ax_loss = self.figure()
        self.landscape = widgets.Dropdown(options=list(self.LANDSCAPES), value=landscape,
                                          description="function")
        self.lr = slider("log", "learning rate", lr, *self.LR_RANGE, 0.01,
                         base=10, readout_format=".3f")
        self.steps = slider("int", "steps", steps, 0, 60, 1)
        self.start = slider("float", "start", start, -1.9, 2.0, 0.05)
        self.finish([widgets.HBox([self.landscape, self.lr]),
                     widgets.HBox([self.steps, self.start])],
                    [self.landscape, self.lr, self.steps, self.start])

    @property
    def problem(self):
        return self.LANDSCAPES[self.landscape.value]

    def start_point(self):
        if len(self.problem.minimum) == 2:
            return np.array([self.start.value, self.start.value])
        return self.start.value

    def trajectory(self):
        return np.asarray(call(self.gradient_descent, "gradient_descent", self.problem.grad,
                               self.start_point(), self.lr.value, self.steps.value,
                               exercise="section 2"))

    def draw(self):
        path = self.trajectory()
        shown = path[: self.escape_index(path)]
        losses = np.array([self.problem.f(p) for p in shown])
        self.key = self.landscape.value
        if self.key != getattr(self, "built", None):
            self.build()
        if path.ndim == 1:
            self.walk.set_data(shown, self.problem.f(shown))
        else:
            self.walk.set_data(shown[:, 0], shown[:, 1])
        # a log axis: an exact 0 sits on the floor; a negative loss (x³ + 3x² far left) is off it
        floored = np.where(losses >= 0, np.maximum(losses, LOSS_RANGE[0]), np.nan)
        self.loss_line.set_data(np.arange(len(shown)), floored)
        self.say(self.verdict(path))

    def layout_key(self):
        return self.key

    def build(self):
        """The fixed part: the landscape, the axes' limits; empty animated lines on top."""
        for ax in (self.ax_path, self.ax_loss):
            ax.clear()
        if len(self.problem.minimum) == 1:
            xs = np.linspace(-2.5, 2.1, 300)
            self.ax_path.plot(xs, self.problem.f(xs), color=BLUE, label=self.problem.name)
            self.ax_path.set(xlabel="x", ylabel="f(x)", title="Steps on the curve",
                             xlim=(-2.5, 2.1), ylim=(-1, self.problem.f(2.1) + 1))
        else:
            grid = np.linspace(-2.5, 2.5, 120)
            X, Y = np.meshgrid(grid, grid)
            self.ax_path.contour(X, Y, self.problem.f(np.stack([X, Y], axis=-1)), levels=15,
                                 cmap="Blues")
            self.ax_path.set(xlabel="x", ylabel="y", title="Steps on the contours",
                             aspect="equal", xlim=(-2.5, 2.5), ylim=(-2.5, 2.5))
        (self.walk,) = self.ax_path.plot([], [], "o-", color=ORANGE, ms=4, lw=1,
                                         label="trajectory", animated=True)
        self.ax_path.legend(loc="upper center")
        (self.loss_line,) = self.ax_loss.plot([], [], "o-", color=RED, ms=4, animated=True)
        self.ax_loss.set(xlabel="step k", ylabel="f(x_k)", title="Loss per step (log scale)",
                         yscale="log", xlim=(-0.5, self.steps.max + 0.5), ylim=LOSS_RANGE)
        self.animated = (self.walk, self.loss_line)
        self.built = self.key

    def escape_index(self, path):
        """How many points to draw: up to the first that is non-finite or far away."""
        distance = np.abs(path - path[0]).reshape(len(path), -1).max(axis=1)
        gone = ~np.isfinite(distance) | (distance > ESCAPED)
        return int(np.argmax(gone)) if gone.any() else len(path)

    def verdict(self, path):
        limit = 2 / self.problem.curvature
        side = ">" if self.lr.value > limit else "≤"
        final = path[-1]
        distance = np.abs(path - np.array(self.problem.minimum)).reshape(len(path), -1).max(1)
        where = f"x = {np.round(final, 3)} after {len(path) - 1} steps"
        if not np.all(np.isfinite(final)) or np.abs(final - path[0]).max() > ESCAPED:
            outcome = "diverges"
        elif distance[-1] < 1e-3:
            outcome = f"converges to the minimum in {int(np.argmax(distance < 1e-3))} steps"
        elif distance[-1] < distance[0] and np.all(np.diff(distance[-4:]) <= 0):
            outcome = f"heads for the minimum ({where})"
        else:
            outcome = f"does not settle ({where})"
        return f"lr = {self.lr.value:.3f} {side} 2/curvature = {limit:.3f}: {outcome}"
