"""Explorer of notebook 03: where the sigmoid saturates, and what a chain of them passes back.

    SaturationExplorer(sigmoid, sigmoid_prime)     # sigmoid_prime may still be a stub
"""

import numpy as np

from autograder.student.explore.common import Explorer, call, slider, solved
from autograder.student.style import BLUE, GREEN, ORANGE, RED

Z_RANGE = (-10.0, 10.0)
MAX_DEPTH = 30
PROBE = 1e-5  # central differences stand in for sigmoid_prime until it is written


class SaturationExplorer(Explorer):
    """Pre-activation z and weight scale w -> σ(wz) and σ′(wz) with the point marked; depth L ->
    the gradient ∂h_L/∂h_0 of a chain h_k = σ(w h_{k−1}), h_0 = z, against the bound (w/4)^L."""

    def __init__(self, sigmoid, sigmoid_prime=None, z=1.0, w=1.0, depth=10):
        self.sigmoid, self.sigmoid_prime = sigmoid, sigmoid_prime
        self.ax_local, self.ax_chain = self.figure()
        self.z = slider("float", "pre-activation z", z, *Z_RANGE, 0.1)
        self.w = slider("log", "weight scale w", w, -1, 1, 0.02, base=10, readout_format=".2f")
        self.depth = slider("int", "depth L", depth, 1, MAX_DEPTH, 1)
        self.build()
        self.finish([self.z, self.w, self.depth], [self.z, self.w, self.depth])

    def layout_key(self):
        return "fixed"

    def build(self):
        """Fixed axes; every line is animated (see Explorer.render)."""
        ax = self.ax_local
        ax.set(xlim=Z_RANGE, ylim=(-0.02, 1.02), xlabel="z", title="One neuron: σ(wz) and σ′(wz)")
        ax.axhline(0.25, color=GREEN, ls=":", lw=1)
        (self.curve,) = ax.plot([], [], color=BLUE, label="σ(wz)", animated=True)
        (self.slope,) = ax.plot([], [], color=ORANGE, label="σ′(wz), at most ¼", animated=True)
        (self.point,) = ax.plot([], [], "o", color=RED, ms=7, animated=True)
        ax.legend(loc="upper left")
        ax = self.ax_chain
        ax.set(xlim=(0.5, MAX_DEPTH + 0.5), ylim=(1e-30, 1e4), yscale="log", xlabel="depth L",
               title="A chain of L neurons: |∂h_L / ∂h_0|")
        (self.bound,) = ax.plot([], [], color=RED, ls=":", label="bound (w/4)ᴸ", animated=True)
        (self.quarter,) = ax.plot(np.arange(1, MAX_DEPTH + 1), 0.25 ** np.arange(1, MAX_DEPTH + 1),
                                  color=GREEN, ls="--", lw=1, label="(¼)ᴸ")
        (self.chain,) = ax.plot([], [], "o-", color=BLUE, ms=3, label="the chain's gradient",
                                animated=True)
        (self.chosen,) = ax.plot([], [], "o", color=RED, ms=8, animated=True)
        ax.legend(loc="lower left")
        self.animated = (self.curve, self.slope, self.point, self.bound, self.chain, self.chosen)

    def local_slope(self, s):
        """σ′(s): the reader's sigmoid_prime, or central differences of their sigmoid."""
        if self.numerical:
            return (self.sigmoid(s + PROBE) - self.sigmoid(s - PROBE)) / (2 * PROBE)
        return np.asarray(self.sigmoid_prime(s), dtype=float)

    def draw(self):
        z, w, depth = self.z.value, self.w.value, self.depth.value
        zs = np.linspace(*Z_RANGE, 401)
        curve = np.asarray(call(self.sigmoid, "sigmoid", w * zs, exercise="section 1"))
        self.numerical = self.sigmoid_prime is None or not solved(self.sigmoid_prime, 0.0)
        self.curve.set_data(zs, curve)
        self.slope.set_data(zs, self.local_slope(w * zs))
        self.point.set_data([z, z], [float(self.sigmoid(w * z)), float(self.local_slope(w * z))])
        h, gradient, gradients = z, 1.0, []
        for _ in range(MAX_DEPTH):  # h_k = σ(w h_{k−1}): the chain rule multiplies w σ′(w h)
            gradient *= w * float(self.local_slope(w * h))
            h = float(self.sigmoid(w * h))
            gradients.append(abs(gradient))
        depths = np.arange(1, MAX_DEPTH + 1)
        self.chain.set_data(depths, np.maximum(gradients, 1e-300))
        self.bound.set_data(depths, (w / 4) ** depths)
        self.chosen.set_data([depth], [max(gradients[depth - 1], 1e-300)])
        how = (" (σ′ by central differences of your sigmoid, until you write sigmoid_prime)"
               if self.numerical else "")
        self.say(f"z = {z:.2f}, w = {w:.2f}: σ(wz) = {float(self.sigmoid(w * z)):.4f}, "
                 f"σ′(wz) = {float(self.local_slope(w * z)):.4f}; through {depth} layers "
                 f"|∂h_L/∂h_0| = {gradients[depth - 1]:.2e}, bound (w/4)^L = "
                 f"{(w / 4) ** depth:.2e}{how}")
