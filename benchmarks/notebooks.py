"""How long each solution notebook takes to execute top to bottom (target: under 20 s).

    .venv/bin/python benchmarks/notebooks.py          # every solution notebook, 3 runs each

Prints one line per notebook: the best and the median of the runs, kernel start included.
"""

import statistics
import sys
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


def main(runs=3):
    for path in sorted(REPO.glob("solutions/*/*.ipynb")):
        times = [execute_seconds(path) for _ in range(runs)]
        print(f"{path.parent.name:<24} best {min(times):5.1f} s   median "
              f"{statistics.median(times):5.1f} s   ({runs} runs)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
