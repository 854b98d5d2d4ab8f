"""How long one redraw of notebook 07's training explorer takes (target: under a second).

    .venv/bin/python benchmarks/explorer_redraw.py

A redraw retrains from scratch (the explorer's default 60 epochs, batches of 16) with the
reference `train` — the speed of a student's own, written as the notebook asks — and redraws the
loss curve and the decision boundary. Prints the median of 5 redraws per data set and width.
"""

import contextlib
import io
import os
import statistics
import time

os.environ.setdefault("MPLBACKEND", "Agg")

import numpy as np  # noqa: E402

from autograder import reference  # noqa: E402
from autograder.student.explore import TrainingExplorer  # noqa: E402


def datasets(rng):
    """Data of the sizes notebook 07 uses: 200 points in clouds, 160 in a square, 240 spirals."""
    y = np.arange(200) % 2
    clouds = np.array([[-1.5, 1.0], [1.5, -1.0]])[y] + rng.normal(scale=0.6, size=(200, 2))
    box = rng.uniform(-4, 4, size=(160, 2))
    t = np.sqrt(rng.uniform(0.02, 1, 120)) * 1.75 * 2 * np.pi
    arm = np.column_stack([t * np.cos(t), t * np.sin(t)]) * (4 / (1.75 * 2 * np.pi))
    return {"separable": (clouds, y),
            "square": (box, (np.abs(box).max(axis=1) < 2).astype(int)),
            "spirals": (np.vstack([arm, -arm]), np.repeat([0, 1], 120))}


def main(runs=5):
    with contextlib.redirect_stdout(io.StringIO()):
        explorer = TrainingExplorer(reference.train, reference.forward_classifier,
                                    datasets(np.random.default_rng(4)))
    for name in explorer.datasets:
        with contextlib.redirect_stdout(io.StringIO()):
            explorer.dataset.value = name
        for width in (8, 32):
            with contextlib.redirect_stdout(io.StringIO()):
                explorer.width.value = width
            times = []
            for k in range(runs):
                start = time.perf_counter()
                with contextlib.redirect_stdout(io.StringIO()):  # no notebook to show it in
                    explorer.lr.value = 1.0 + 0.01 * (k + 1)  # a slider move: retrain, redraw
                    explorer.fig.canvas.draw()  # what the Output widget's PNG costs
                times.append(time.perf_counter() - start)
            print(f"{name:<10} width {width:>2}: median redraw {statistics.median(times):.2f} s "
                  f"(best {min(times):.2f} s)")


if __name__ == "__main__":
    main()
