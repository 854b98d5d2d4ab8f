"""How long each solution notebook takes to execute top to bottom (target: under 10 s on a
quiet 2-core machine).

    .venv/bin/python benchmarks/notebooks.py                  # every solution notebook, 3 runs each
    .venv/bin/python benchmarks/notebooks.py --runs 1 05 07   # only the notebooks named 05*, 07*

Prints one line per notebook: the best and the median of the runs, kernel start included.
"""

import argparse
import statistics
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[1]


def execute_seconds(path):
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(nb, timeout=300, kernel_name="python3", shutdown_kernel="immediate",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    return time.perf_counter() - start


def main(runs=3, prefixes=()):
    for path in sorted(REPO.glob("solutions/*/*.ipynb")):
        if prefixes and not path.parent.name.startswith(tuple(prefixes)):
            continue
        times = [execute_seconds(path) for _ in range(runs)]
        print(f"{path.parent.name:<24} best {min(times):5.1f} s   median "
              f"{statistics.median(times):5.1f} s   ({runs} runs)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("notebooks", nargs="*", help="name prefixes, e.g. 05 07 (default: all)")
    options = parser.parse_args()
    main(options.runs, options.notebooks)
