"""Explorer of notebook 05: how the gradient's size changes from layer to layer.

    GradientFlowExplorer({"sigmoid": (forward_sigmoid_net, backward_sigmoid_net)})
"""

import ipywidgets as widgets
import numpy as np

from autograder.student.explore.common import Explorer, call, slider
from autograder.student.style import BLUE, GREEN

MAX_DEPTH = 12
BATCH = 32  # examples of random inputs and targets
NORM_RANGE = (1e-24, 1e4)


class GradientFlowExplorer(Explorer):
    """Depth, width, initial weight scale and hidden activation -> ‖dW_k‖ of every layer k of
    a randomly initialised network with a sigmoid output and the MSE.

    `networks` maps an activation's name to (forward(X, params) -> Hs,
    backward(Hs, Y, params) -> [(dW_k, db_k), ...]).
    """

    margins = {"left": 0.11, "right": 0.98, "bottom": 0.14, "top": 0.9}

    def __init__(self, networks, depth=6, width=16, scale=1.0, seed=0):
        self.networks, self.seed = networks, seed
        (self.ax,) = self.figure(ncols=1, figsize=(8, 3.8), squeeze=False)[0]
        self.activation = widgets.Dropdown(options=list(networks), description="activation")
        self.depth = slider("int", "depth L", depth, 1, MAX_DEPTH, 1)
        self.width = slider("int", "width", width, 2, 64, 1)
        self.scale = slider("log", "weight scale", scale, -1, 1, 0.02, base=10,
                            readout_format=".2f")
        self.build()
        self.finish([widgets.HBox([self.activation, self.depth]),
                     widgets.HBox([self.width, self.scale])],
                    [self.activation, self.depth, self.width, self.scale])

    def layout_key(self):
        return "fixed"

    def build(self):
        self.ax.set(xlim=(0.5, MAX_DEPTH + 0.5), ylim=NORM_RANGE, yscale="log",
                    xlabel="layer k (1 = next to the input)", ylabel="‖dW_k‖",
                    title="Gradient of every layer's weights, one random batch")
        (self.norms,) = self.ax.plot([], [], "o-", color=BLUE, label="‖dW_k‖", animated=True)
        (self.ratio,) = self.ax.plot([], [], ":", color=GREEN, label="first layer / last layer",
                                     animated=True)
        self.ax.legend(loc="lower right")
        self.animated = (self.norms, self.ratio)

    def network(self):
        """Random inputs, targets and weights W_k ~ scale · N(0, 1/N_{k−1}), zero biases."""
        rng = np.random.default_rng(self.seed)
        width, depth = self.width.value, self.depth.value
        X, Y = rng.normal(size=(BATCH, width)), rng.uniform(size=(BATCH, width))
        params = [(self.scale.value * rng.normal(size=(width, width)) / np.sqrt(width),
                   np.zeros(width)) for _ in range(depth)]
        return X, Y, params

    def draw(self):
        forward, backward = self.networks[self.activation.value]
        X, Y, params = self.network()
        Hs = call(forward, "forward_sigmoid_net", X, params, exercise="section 2")
        grads = call(backward, "backward_sigmoid_net", Hs, Y, params, exercise="section 3")
        norms = np.array([np.linalg.norm(dW) for dW, _ in grads])
        layers = np.arange(1, len(norms) + 1)
        self.norms.set_data(layers, np.maximum(norms, NORM_RANGE[0]))
        self.ratio.set_data([1, len(norms)], [norms[0], norms[-1]])
        saturated = np.mean([np.mean((H < 0.01) | (H > 0.99)) for H in Hs[1:-1]] or [0.0])
        share = (f"; {saturated:.0%} of the hidden outputs within 0.01 of 0 or 1"
                 if self.activation.value == "sigmoid" else "")
        self.say(f"{self.activation.value}, depth {len(norms)}, width {self.width.value}, "
                 f"weight scale {self.scale.value:.2f}: ‖dW_1‖ / ‖dW_L‖ = "
                 f"{norms[0] / max(norms[-1], 1e-300):.1e}{share}")
