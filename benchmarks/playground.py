"""Explorer 07's live training playground, timed in the browser: frames per second while it
trains (target at least 10) and, per control, the 95th percentile from key press to the first
frame drawn with the new value (target under 150 ms).

    .venv/bin/python benchmarks/playground.py [--rounds 10] [--seconds 5]

It starts the explorer app with the README's command (as tests/test_explorer_app.py does), opens
page 07 in headless Chromium, presses play, counts the frames that land in the page over
`seconds`, then works every control `rounds` times with the keyboard while training runs
(sliders by an arrow key, drop-downs by ArrowDown/ArrowUp, the hidden widths by typing and
Enter) and the buttons pause, step, reset, play in turn. All times are the page's own clock
(tests/support/playground.py). Prints a Markdown table and the load average before and after.
"""

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

from playwright import sync_api

from tests.support import playground as pg
from tests.support.browser import chromium
from tests.support.voila import VoilaApp


def measure(page, rounds, seconds):
    pg.press(page, "play")
    pg.wait_for_frame(page, "f => f.running === 1", 0)
    page.wait_for_timeout(1000)  # past the first frames
    rate, _ = pg.fps(page, seconds)
    times = {control: [] for control in [*pg.CONTROLS, "pause", "step", "reset", "play"]}
    for round_ in range(rounds):
        for control in times:
            try:
                work = pg.control_latency if control in pg.CONTROLS else pg.button_latency
                times[control].append(work(page, control)[0])
            except sync_api.TimeoutError:
                sys.exit(f"round {round_ + 1}, {control}: no frame showed it; the page says\n"
                         + page.locator("body").inner_text()[-1500:])
        latest = ", ".join(f"{control} {ms[-1]:.0f}" for control, ms in times.items())
        print(f"round {round_ + 1} (ms): {latest}", file=sys.stderr)
    return rate, times


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10, help="presses per control")
    parser.add_argument("--seconds", type=float, default=5, help="of training to count frames")
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    app = VoilaApp(Path(tempfile.mkdtemp()) / "voila.log").start()
    try:
        with chromium() as browser:
            page = browser.new_page(viewport={"width": 1300, "height": 1100})
            pg.open_playground(page, app.base)
            rate, times = measure(page, args.rounds, args.seconds)
    finally:
        app.stop()
    print(f"frames per second while training: {rate:.1f} (target ≥ 10 "
          f"{'ok' if rate >= 10 else 'UNDER'})")
    print("| control | presses | median | p95 | target |")
    print("| --- | ---: | ---: | ---: | --- |")
    for control, values in times.items():
        p95 = pg.p95(values)
        print(f"| {control} | {len(values)} | {statistics.median(values):.0f} ms | "
              f"{p95:.0f} ms | < 150 ms {'ok' if p95 < 150 else 'OVER'} |")
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
