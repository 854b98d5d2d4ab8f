"""Explorer of notebook 04: one sigmoid output, the MSE against the log-loss.

    LastLayerExplorer(sigmoid, mse_loss, mse_output_delta, logloss_output_delta)
"""

import ipywidgets as widgets
import numpy as np

from autograder.student.explore.common import Explorer, call, slider, solved
from autograder.student.style import BLUE, ORANGE, RED

I_RANGE = (-8.0, 8.0)
PROBE = 1e-5  # central differences stand in for a δ function not written yet
FUNCTIONS = {"MSE": "mse_output_delta", "log-loss": "logloss_output_delta"}


class LastLayerExplorer(Explorer):
    """Pre-activation i and target y of a two-class output unit ŷ = σ(i) -> both losses and
    both error terms δ = ∂loss/∂i along i, with the current point marked."""

    def __init__(self, sigmoid, mse_loss, mse_output_delta=None, logloss_output_delta=None,
                 i=-4.0, target=1):
        self.sigmoid, self.mse_loss = sigmoid, mse_loss
        self.deltas = {"MSE": mse_output_delta, "log-loss": logloss_output_delta}
        self.ax_loss, self.ax_delta = self.figure()
        self.i = slider("float", "pre-activation i", i, *I_RANGE, 0.1)
        self.target = widgets.ToggleButtons(options=[0, 1], value=target, description="target y")
        self.finish([widgets.HBox([self.i, self.target])], [self.i, self.target])

    def layout_key(self):
        return self.target.value, tuple(self.numerical)

    def losses(self, Y_hat, Y):
        """Per entry: (MSE, log-loss) of one output; Y_hat, Y (M, 1)."""
        mse = np.array([call(self.mse_loss, "mse_loss", Y_hat[m:m + 1], Y[m:m + 1],
                             exercise="section 2") for m in range(len(Y_hat))])
        # the binary log-loss of one output, −[y log ŷ + (1 − y) log(1 − ŷ)]
        log = -np.where(Y == 1, np.log(Y_hat), np.log1p(-Y_hat))[:, 0]
        return mse, log

    def delta(self, name, i, y):
        """δ = ∂loss/∂i at the pre-activations i (M,): the reader's function or central
        differences of the loss (theirs for the MSE)."""
        pre, Y = i[:, None], np.full((len(i), 1), float(y))
        if name not in self.numerical:
            return np.asarray(self.deltas[name](self.sigmoid(pre), Y), dtype=float)[:, 0]
        column = 0 if name == "MSE" else 1
        up = self.losses(self.sigmoid(pre + PROBE), Y)[column]
        down = self.losses(self.sigmoid(pre - PROBE), Y)[column]
        return (up - down) / (2 * PROBE)

    def draw(self):
        call(self.sigmoid, "sigmoid", 0.0)
        call(self.mse_loss, "mse_loss", np.zeros((1, 1)), np.zeros((1, 1)), exercise="section 2")
        self.numerical = [name for name, f in self.deltas.items()
                          if f is None or not solved(f, np.full((1, 1), 0.5), np.ones((1, 1)))]
        if self.layout_key() != self._background_key:
            self.build()
        i, y = self.i.value, self.target.value
        y_hat = float(self.sigmoid(i))
        mse, log = self.losses(np.array([[y_hat]]), np.array([[float(y)]]))
        d_mse, d_log = (float(self.delta(name, np.array([i]), y)[0]) for name in self.deltas)
        self.marks[0].set_data([i, i], [mse[0], log[0]])
        self.marks[1].set_data([i, i], [d_mse, d_log])
        wrong = (y == 1 and y_hat < 0.05) or (y == 0 and y_hat > 0.95)
        note = (": confidently wrong, and the MSE's δ has all but vanished" if wrong else "")
        waiting = " and ".join(FUNCTIONS[name] for name in self.numerical)
        how = (f" (δ by central differences until you write {waiting})" if waiting else "")
        self.say(f"i = {i:.1f}, ŷ = σ(i) = {y_hat:.4f}, y = {y}: MSE {mse[0]:.4f}, "
                 f"δ {d_mse:+.4f}; log-loss {log[0]:.4f}, δ {d_log:+.4f}{note}{how}")

    def build(self):
        """The curves along i for this target (fixed until the target changes)."""
        y = self.target.value
        i = np.linspace(*I_RANGE, 161)
        Y_hat, Y = self.sigmoid(i[:, None]), np.full((len(i), 1), float(y))
        mse, log = self.losses(Y_hat, Y)
        for ax in (self.ax_loss, self.ax_delta):
            ax.clear()
        self.ax_loss.plot(i, mse, color=BLUE, label="MSE")
        self.ax_loss.plot(i, log, color=ORANGE, label="log-loss")
        self.ax_loss.set(xlabel="pre-activation i", ylabel="loss", ylim=(-0.2, 8.5),
                         title=f"Loss of one output, target y = {y}")
        self.ax_delta.plot(i, self.delta("MSE", i, y), color=BLUE, label="MSE δ")
        self.ax_delta.plot(i, self.delta("log-loss", i, y), color=ORANGE, label="log-loss δ")
        self.ax_delta.axhline(0, color="black", lw=0.8)
        self.ax_delta.set(xlabel="pre-activation i", ylabel="δ = ∂loss/∂i", ylim=(-1.05, 1.05),
                          title="The error term that training follows")
        for ax in (self.ax_loss, self.ax_delta):
            ax.legend(loc="upper center")
        self.marks = [ax.plot([], [], "o", color=RED, ms=7, animated=True)[0]
                      for ax in (self.ax_loss, self.ax_delta)]
        self.animated = self.marks
