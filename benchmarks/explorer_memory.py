"""Memory of the explorer app per visitor: Voilà started as the README says, then visitors'
pages opened one after another in headless Chromium, each a new browser context (a new visitor).

    .venv/bin/python benchmarks/explorer_memory.py [--visitors 4] [--page 01_gradient_descent]

Prints the resident memory of the Voilà server and all its kernels (summed RSS; shared pages
counted in every process, so an upper bound) after each visitor, and the mean growth per
visitor: the cost of one kernel per visitor, which decides one kernel per visitor against a
shared server (README, "The explorer app on the hub"). Needs /usr/bin/chromium and Playwright.
"""

import argparse
import re
from pathlib import Path

from tests.support.browser import chromium
from tests.support.voila import PLOT, VoilaApp


def rss_mb(pids):
    total = 0
    for pid in pids:
        try:
            found = re.search(r"VmRSS:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text())
        except OSError:
            continue
        total += int(found[1]) if found else 0
    return total / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--visitors", type=int, default=4)
    parser.add_argument("--page", default="01_gradient_descent")
    args = parser.parse_args()
    log = Path("/tmp") / "explorer_memory_voila.log"
    app = VoilaApp(log).start()
    try:
        with chromium() as browser:
            sizes = [rss_mb([app.process.pid])]
            print(f"Voilà alone: {sizes[0]:.0f} MB")
            contexts = []
            for visitor in range(1, args.visitors + 1):
                context = browser.new_context()
                contexts.append(context)
                page = context.new_page()
                page.goto(f"{app.base}/voila/render/{args.page}.ipynb", timeout=300_000)
                page.wait_for_function(
                    f"() => !!document.querySelector('{PLOT}')?.getAttribute('src')",
                    timeout=300_000)
                sizes.append(rss_mb([app.process.pid, *app.kernels()]))
                print(f"{visitor} visitor(s), {len(app.kernels())} kernel(s): {sizes[-1]:.0f} MB")
            growth = (sizes[-1] - sizes[1]) / max(1, args.visitors - 1)
            print(f"per visitor after the first: {growth:.0f} MB (first visitor: "
                  f"{sizes[1] - sizes[0]:.0f} MB, Voilà alone {sizes[0]:.0f} MB)")
    finally:
        app.stop()


if __name__ == "__main__":
    main()
