"""How long an explorer takes from a control's new value to the new PNG (target: under 0.1 s),
95th percentile. Explorer 07, the live training playground, is timed in the browser by
benchmarks/playground.py.

    .venv/bin/python benchmarks/explorer_redraw.py [--positions 25]

Every explorer is built on the reference (as the explorer app builds it); each of its sliders is
set to `positions` values spread over its range, one after the other, and each setting is timed:
the callback computes, draws the figure and encodes the PNG the browser receives. The targets
are about dragging sliders; a dropdown or toggle (a click that may redraw the whole figure, e.g.
another landscape) is timed at each of its options and reported on its own. What it does not
count: the trip through the websocket and the browser's decoding of the image.
"""

import argparse
import os
import statistics
import time
from functools import partial

os.environ.setdefault("MPLBACKEND", "Agg")

import numpy as np  # noqa: E402

from autograder import reference  # noqa: E402
from autograder.reference import explorer_networks  # noqa: E402
from autograder.student import explore  # noqa: E402


def explorers():
    """(name, build) of every explorer, as explorers/*.ipynb build them."""
    networks = {name: (partial(explorer_networks.forward_net, activation=name),
                       partial(explorer_networks.backward_net, activation=name))
                for name in explorer_networks.HIDDEN_ACTIVATIONS}
    return [
        ("01 learning rate", lambda: explore.LearningRateExplorer(reference.gradient_descent)),
        ("02 graph", lambda: explore.GraphExplorer(reference.add_mul_graph)),
        ("03 saturation", lambda: explore.SaturationExplorer(reference.sigmoid,
                                                             reference.sigmoid_prime)),
        ("04 last layer", lambda: explore.LastLayerExplorer(
            reference.sigmoid, reference.mse_loss, reference.mse_output_delta,
            reference.logloss_output_delta)),
        ("05 gradient flow", lambda: explore.GradientFlowExplorer(networks)),
        ("06 softmax", lambda: explore.SoftmaxExplorer(reference.softmax, reference.cross_entropy,
                                                       reference.softmax_ce_delta)),
        ("08 any graph", lambda: explore.AnyGraphExplorer(reference.backward)),
    ]


def settings(control, positions):
    """The values a reader passes through: the slider's range, or every option."""
    if hasattr(control, "options"):
        return [o[1] if isinstance(o, tuple) else o for o in control.options]
    values = np.linspace(control.min, control.max, positions)
    if hasattr(control, "base"):  # a log slider's range is in exponents
        values = control.base ** values
    return [type(control.value)(v) for v in values]


def measure(explorer, positions):
    """Seconds per redraw over every slider's range, and per switch of a dropdown or toggle
    (each control goes back to its start value after)."""
    times = {"slider": [], "switch": []}
    for control in explorer.controls:
        start = control.value
        kind = "switch" if hasattr(control, "options") else "slider"
        for value in settings(control, positions):
            if value == control.value:
                continue
            began = time.perf_counter()
            control.value = value  # the callback: compute, draw, encode the PNG
            times[kind].append(time.perf_counter() - began)
            assert explorer.status == "drawn", explorer.error.value
        control.value = start
    return times


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--positions", type=int, default=25, help="values per slider")
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print("| explorer | slider moves | median | p95 | target | switches | switch max |")
    print("| --- | ---: | ---: | ---: | --- | ---: | ---: |")
    for name, build in explorers():
        explorer = build()
        times = measure(explorer, args.positions)
        slides, switches = times["slider"], times["switch"]
        target = 0.1
        p95 = float(np.percentile(slides, 95))
        switch = f"{max(switches) * 1000:.0f} ms" if switches else "–"
        print(f"| {name} | {len(slides)} | {statistics.median(slides) * 1000:.0f} ms | "
              f"{p95 * 1000:.0f} ms | < {target * 1000:.0f} ms {'ok' if p95 < target else 'OVER'}"
              f" | {len(switches)} | {switch} |")
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
