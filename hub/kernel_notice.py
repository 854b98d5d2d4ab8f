"""Tells a student, in their notebook, that their last kernel was killed for using too much memory.

Over the memory limit of their server's control group (hub/spawner.py) the machine's kernel
kills the student's Python kernel at once: JupyterLab only says "the kernel appears to have
died" and restarts it. This IPython extension (hub/setup installs it into the hub's venv and
loads it in every kernel) compares the group's count of such kills with the count the previous
kernel saw; when it grew, the first cell the student runs prints why, in the cell's output.
Stdlib only: it runs in every student's kernel.
"""

import os
import sys
from pathlib import Path


def memory_group():
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        _, controllers, path = line.split(":", 2)
        if "memory" in controllers.split(","):
            return Path("/sys/fs/cgroup/memory") / path.lstrip("/"), "memory.oom_control"
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        if line.startswith("0::"):
            return Path("/sys/fs/cgroup") / line[3:].lstrip("/"), "memory.events"
    return None, None


def kills(folder, name):
    try:
        for line in (folder / name).read_text().splitlines():
            key, _, value = line.partition(" ")
            if key == "oom_kill":
                return int(value)
    except (OSError, ValueError):
        pass
    return 0


def message():
    limit = int(os.environ.get("MEM_LIMIT", "0")) >> 20
    return (f"\n*** Your previous kernel was stopped: it used more than the "
            f"{limit or 'set'} MB of memory each student has on this course hub. ***\n"
            "Its variables are gone; your saved notebook is not. Run the cells you need again "
            "from the top, and look for what grew so large (an array far bigger than you meant,\n"
            "a list that grows in a loop).\n\n")


def load_ipython_extension(ip):
    folder, name = memory_group()
    if folder is None:
        return
    now = kills(folder, name)
    record = Path.home() / ".cache" / "backprop-kernel-memory"
    try:
        seen_folder, seen = record.read_text().rsplit(" ", 1)
        before = int(seen) if seen_folder == str(folder) else 0
    except (OSError, ValueError):
        before = 0
    try:
        record.parent.mkdir(parents=True, exist_ok=True)
        record.write_text(f"{folder} {now}")
    except OSError:
        pass
    if now <= before:
        return

    def tell(*_):
        ip.events.unregister("pre_run_cell", tell)
        print(message(), file=sys.stderr)

    ip.events.register("pre_run_cell", tell)
