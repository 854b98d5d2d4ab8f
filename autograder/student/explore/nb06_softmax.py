"""Explorer of notebook 06: logits and a temperature -> probabilities, loss and P − Y.

    SoftmaxExplorer(softmax, cross_entropy, softmax_ce_delta)   # the last may be a stub
"""

import ipywidgets as widgets
import numpy as np

from autograder.student.explore.common import Explorer, call, slider, solved
from autograder.student.style import BLUE, GREEN, RED

CLASSES = 3
PROBE = 1e-5  # central differences stand in for softmax_ce_delta until it is written


class SoftmaxExplorer(Explorer):
    """Logits z_1..z_3, temperature T and the correct class -> P = softmax(z / T) as bars, the
    cross-entropy, and the error term ∂L/∂(z/T) as bars."""

    def __init__(self, softmax, cross_entropy, softmax_ce_delta=None, logits=(2.0, 1.0, 0.1),
                 temperature=1.0, label=0):
        self.softmax, self.cross_entropy = softmax, cross_entropy
        self.softmax_ce_delta = softmax_ce_delta
        self.ax_p, self.ax_delta = self.figure()
        self.logits = [slider("float", f"logit z{k + 1}", value, -6.0, 6.0, 0.1)
                       for k, value in enumerate(logits)]
        self.temperature = slider("log", "temperature T", temperature, -1, 1, 0.02, base=10,
                                  readout_format=".2f")
        self.label = widgets.ToggleButtons(options=[("class 1", 0), ("class 2", 1),
                                                    ("class 3", 2)], value=label,
                                           description="correct")
        self.build()
        self.finish([widgets.HBox(self.logits), widgets.HBox([self.temperature, self.label])],
                    [*self.logits, self.temperature, self.label])

    def layout_key(self):
        return "fixed"

    def build(self):
        names = [f"class {k + 1}" for k in range(CLASSES)]
        self.p_bars = self.ax_p.bar(names, np.zeros(CLASSES), color=BLUE, animated=True)
        self.ax_p.set(ylim=(0, 1), ylabel="probability", title="P = softmax(z / T)")
        self.d_bars = self.ax_delta.bar(names, np.zeros(CLASSES), color=RED, animated=True)
        self.ax_delta.axhline(0, color="black", lw=0.8)
        self.ax_delta.set(ylim=(-1, 1), ylabel="∂L/∂(z/T)",
                          title="The error term at the logits")
        self.animated = (*self.p_bars, *self.d_bars)

    def delta(self, u, y):
        """∂L/∂u at u = z/T: softmax_ce_delta, or central differences of the reader's loss."""
        if self.numerical:
            def loss(v):
                return self.cross_entropy(self.softmax(v[None, :]), np.array([y]))

            steps = np.eye(CLASSES) * PROBE
            return np.array([(loss(u + s) - loss(u - s)) / (2 * PROBE) for s in steps])
        P = self.softmax(u[None, :])
        return np.asarray(self.softmax_ce_delta(P, np.array([y])), dtype=float)[0]

    def draw(self):
        z = np.array([s.value for s in self.logits])
        T, y = self.temperature.value, self.label.value
        u = z / T
        P = np.asarray(call(self.softmax, "softmax", u[None, :], exercise="section 1"))[0]
        loss = call(self.cross_entropy, "cross_entropy", P[None, :], np.array([y]),
                    exercise="section 2")
        self.numerical = (self.softmax_ce_delta is None
                          or not solved(self.softmax_ce_delta, P[None, :], np.array([y])))
        delta = self.delta(u, y)
        for k, (p_bar, d_bar) in enumerate(zip(self.p_bars, self.d_bars)):
            p_bar.set_height(P[k])
            p_bar.set_color(GREEN if k == y else BLUE)
            d_bar.set_height(delta[k])
        how = (" (by central differences of your cross_entropy until you write "
               "softmax_ce_delta)" if self.numerical else "")
        self.say(f"P = [{', '.join(f'{p:.3f}' for p in P)}], correct class {y + 1}: "
                 f"cross-entropy {float(loss):.3f}; ∂L/∂(z/T) = "
                 f"[{', '.join(f'{d:+.3f}' for d in delta)}]{how}")
