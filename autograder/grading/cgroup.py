"""A control group per submission (or per student's hub server, hub/spawner.py): its memory and its
number of tasks, counted for all it starts; optionally its share of the CPUs.

Why not rlimits alone: RLIMIT_AS bounds one process's address space, so it sees neither memory
held in files (a tmpfs, a memfd, SysV shared memory — RAM all the same) nor the sum over several
processes; RLIMIT_NPROC counts every process of the *user* on the machine (so `--jobs` sandboxes
and the grader itself share one budget) and root ignores it altogether. A control group counts
exactly the submission's tasks and pages, whoever and wherever they are.

Groups are made below the grader's own group, so whatever bounds the grader also bounds them:
cgroup v1 (a `memory` and a `pids` hierarchy) or v2 (one hierarchy with both controllers
delegated). Creating them needs write access there — in practice root. Where that fails,
`probe()` says why and the sandbox falls back to its rlimits and size-capped tmpfs.
"""

import functools
import os
import signal
import time
import uuid
from pathlib import Path

ROOT = Path("/sys/fs/cgroup")


def own_groups(proc_cgroup=None):
    """{'v2': dir} or {'memory': dir, 'pids': dir}: where this process's groups are."""
    text = proc_cgroup if proc_cgroup is not None else Path("/proc/self/cgroup").read_text()
    v1, v2 = {}, None
    for line in text.splitlines():
        _, controllers, path = line.split(":", 2)
        for name in controllers.split(","):
            if name in ("memory", "pids", "cpu"):
                v1[name] = ROOT / name / path.lstrip("/")
        if controllers == "":
            v2 = ROOT / path.lstrip("/")
    if {"memory", "pids"} <= set(v1):
        return v1
    if v2 is not None and (ROOT / "cgroup.controllers").is_file():
        return {"v2": v2}
    return {}


def read_counter(path, key):
    """The number after `key` in a flat-keyed cgroup file (memory.events, pids.events, ...)."""
    try:
        for line in path.read_text().splitlines():
            name, _, value = line.partition(" ")
            if name == key:
                return int(value)
    except (OSError, ValueError):
        pass
    return 0


class Group:
    """One submission's control group (one directory per hierarchy).

    `cpu_weight` (1-10000, 100 = an equal share) only where asked for: it is a share under
    contention, not a cap, so a lone student still gets the whole machine."""

    def __init__(self, memory_bytes, max_tasks, cpu_weight=None, label="autograder"):
        self.memory_bytes, self.max_tasks, self.cpu_weight = memory_bytes, max_tasks, cpu_weight
        name = f"{label}-{os.getpid()}-{uuid.uuid4().hex[:12]}"
        found = own_groups()
        if cpu_weight is None:
            found.pop("cpu", None)
        self.dirs = {kind: base / name for kind, base in found.items()}
        if not self.dirs:
            raise OSError("this machine offers no memory and pids control groups")
        made = []
        try:
            for folder in self.dirs.values():
                folder.mkdir()
                made.append(folder)
            self._set_limits()
        except OSError:
            for folder in made:
                folder.rmdir()
            raise
        self.procs = [str(folder / "cgroup.procs") for folder in self.dirs.values()]

    def _set_limits(self):
        if "v2" in self.dirs:
            parent = self.dirs["v2"].parent
            self._enable(parent, "memory", "pids")
            folder = self.dirs["v2"]
            (folder / "memory.max").write_text(str(self.memory_bytes))
            if (folder / "memory.swap.max").exists():
                (folder / "memory.swap.max").write_text("0")
            (folder / "pids.max").write_text(str(self.max_tasks))
            if self.cpu_weight is not None:
                self._enable(parent, "cpu")
                (folder / "cpu.weight").write_text(str(self.cpu_weight))
            return
        memory = self.dirs["memory"]
        (memory / "memory.limit_in_bytes").write_text(str(self.memory_bytes))
        if (memory / "memory.memsw.limit_in_bytes").exists():  # no escape into swap
            (memory / "memory.memsw.limit_in_bytes").write_text(str(self.memory_bytes))
        (self.dirs["pids"] / "pids.max").write_text(str(self.max_tasks))
        if "cpu" in self.dirs:  # v1's shares: 1024 is an equal share, as v2's weight 100
            (self.dirs["cpu"] / "cpu.shares").write_text(str(self.cpu_weight * 1024 // 100))

    @staticmethod
    def _enable(parent, *controllers):
        wanted = set(controllers) - set((parent / "cgroup.subtree_control").read_text().split())
        if wanted:
            (parent / "cgroup.subtree_control").write_text(
                " ".join(f"+{c}" for c in sorted(wanted)))

    def enter(self):
        """Move the calling process into the group (run in the child, before it execs)."""
        pid = str(os.getpid()).encode()
        for procs in self.procs:
            fd = os.open(procs, os.O_WRONLY)
            try:
                os.write(fd, pid)
            finally:
                os.close(fd)

    def out_of_memory(self):
        """Whether the kernel killed a task of the group because it reached its memory limit."""
        return self.oom_kills() > 0

    def oom_kills(self):
        """How many tasks of the group the kernel killed because it reached its memory limit."""
        if "v2" in self.dirs:
            return read_counter(self.dirs["v2"] / "memory.events", "oom_kill")
        return read_counter(self.dirs["memory"] / "memory.oom_control", "oom_kill")

    def too_many_tasks(self):
        """Whether a fork or a new thread was refused because the group had max_tasks."""
        folder = self.dirs.get("v2") or self.dirs["pids"]
        return read_counter(folder / "pids.events", "max") > 0

    def tasks(self):
        found = set()
        for procs in self.procs:
            try:
                found.update(int(p) for p in Path(procs).read_text().split())
            except OSError:
                pass
        return found

    def close(self, patience=5.0):
        """Kill whatever is still in the group and remove it."""
        deadline = time.monotonic() + patience
        while (left := self.tasks()) and time.monotonic() < deadline:
            for pid in left:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            time.sleep(0.05)
        for folder in self.dirs.values():
            while True:
                try:
                    folder.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:  # busy while the last tasks exit
                    if time.monotonic() > deadline:
                        break
                    time.sleep(0.05)


@functools.cache
def probe():
    """'' if groups can be made here, else why not (in plain words, for the grader's log)."""
    try:
        Group(1 << 30, 64).close()
        return ""
    except OSError as error:
        return f"no control groups ({error.strerror or error})"
