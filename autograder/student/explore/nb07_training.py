"""Explorer of notebook 07: retrain a small classifier as the settings change.

    TrainingExplorer(train, forward_classifier, {"square": (X, y), ...})
"""

import ipywidgets as widgets
import numpy as np

from autograder.student.explore.common import Explorer, call, slider
from autograder.student.style import BLUE, ORANGE, RED


class TrainingExplorer(Explorer):
    """Learning rate, momentum, weight decay, hidden width and data set -> `train` retrains
    from scratch, and the loss curve and the decision boundary are redrawn.

    Retraining takes a good part of a second, so the sliders act when released.
    """

    GRID = 70  # points per axis of the decision-boundary picture

    def __init__(self, train, forward_classifier, datasets, epochs=60, batch_size=16, seed=0,
                 lr=1.0, momentum=0.9, weight_decay=0.0, width=8):
        self.train, self.forward_classifier = train, forward_classifier
        self.datasets, self.epochs, self.batch_size = datasets, epochs, batch_size
        self.seed = seed
        self.ax_loss, self.ax_boundary = self.figure()
        self.dataset = widgets.Dropdown(options=list(datasets), description="data")
        self.lr = slider("log", "learning rate", lr, -2, 1, 0.05, continuous=False, base=10,
                         readout_format=".3f")
        self.momentum = slider("float", "momentum", momentum, 0.0, 0.99, 0.01, continuous=False)
        self.weight_decay = slider("float", "weight decay", weight_decay, 0.0, 0.05, 0.001,
                                   continuous=False, readout_format=".3f")
        self.width = slider("int", "hidden width", width, 1, 32, 1, continuous=False)
        self.history = None
        self.finish([widgets.HBox([self.dataset, self.lr, self.momentum]),
                     widgets.HBox([self.weight_decay, self.width])],
                    [self.dataset, self.lr, self.momentum, self.weight_decay, self.width])

    def settings(self):
        """The arguments of `train` for the current controls."""
        X, y = self.datasets[self.dataset.value]
        sizes = [X.shape[1], self.width.value, int(y.max()) + 1]
        return (X, y, sizes, self.lr.value, self.epochs, self.batch_size, self.momentum.value,
                self.weight_decay.value, self.seed)

    def draw(self):
        X, y, sizes, *rest = self.settings()
        params, history = call(self.train, "iterate_minibatches, sgd_step and train", X, y,
                               sizes, *rest)
        grid, P = self.probabilities(X, params)
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

    def probabilities(self, X, params):
        """The grid around the data and the network's probability of class 1 on it."""
        low, high = X.min(axis=0) - 0.5, X.max(axis=0) + 0.5
        axes = [np.linspace(lo, hi, self.GRID) for lo, hi in zip(low, high)]
        grid = np.meshgrid(*axes)
        points = np.column_stack([g.ravel() for g in grid])
        P = np.asarray(call(self.forward_classifier, "forward_classifier", points,
                            params)[-1])[:, 1]
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
