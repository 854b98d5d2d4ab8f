"""Run a command in a bubblewrap sandbox with resource limits and a hard wall-clock deadline.

What the sandbox protects (see README, "Grading safely"): the command sees the system read-only
(/usr, /etc, the Python installation and the virtual environment), the student-side package
`autograder/student` and its own scratch folder — nothing else of the course: no solutions, no
reference, no hidden tests, no other submission, no gradebook. It has no network and its own PID
namespace (when it ends, every process it started ends). Every resource it can take is bounded:

- memory: a control group counts all its processes and every file it keeps in RAM (where the
  machine lets the grader make groups, see grading/cgroup.py); each process's address space too;
- processes and threads: the control group's task count (without one, only the deadline);
- disk: everything writable (scratch, /tmp, /dev/shm) is a tmpfs of at most `disk_bytes`,
  and one file at most `file_bytes`; the host sees only the files named as outputs;
- open files, CPU time, wall-clock time: rlimits and a SIGKILL at the deadline.

What it does not protect: anything readable under /usr or /etc.
"""

import errno
import os
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import autograder
from autograder.grading import cgroup

MIB = 1 << 20
MPLCONFIG = ".config"  # matplotlib's folder in the scratch
STDERR_TAIL = 8192  # bytes of the command's stderr kept for the grader's own diagnosis


def python_homes():
    """The Python installation and the virtual environment, which a submission may read."""
    return sorted({os.path.realpath(sys.prefix), os.path.realpath(sys.base_prefix)})


@dataclass(frozen=True)
class Limits:
    """Per-submission limits; defaults suit this course's notebooks (each runs in a few seconds,
    with one BLAS thread, and writes next to nothing)."""

    wall_seconds: float | None = 120.0  # the whole submission, Python's start-up included
    # (None: not known yet; grading fits it to the solution's run time, see preflight)
    cpu_seconds: int = 120  # CPU time, all threads together
    memory_bytes: int = 1 << 30  # all its processes and RAM-backed files; also each address
    # space (every solution notebook runs within 300 MB of address space)
    file_bytes: int = 64 << 20  # largest file the submission may write
    disk_bytes: int = 128 << 20  # each writable folder: scratch, /tmp, /dev/shm
    tasks: int = 64  # processes and threads at once (a notebook needs 3-6)
    open_files: int = 256  # file descriptors per process
    isolate: bool = True  # False: limits only, no bubblewrap (trusted code, or no bwrap here)

    def exceeded(self, limit):
        """What a submission that hit `limit` reads, in plain words."""
        return {
            "memory": f"your notebook used more memory than allowed (limit "
                      f"{self.memory_bytes // MIB} MB, files it wrote included)",
            "tasks": f"your notebook started too many processes or threads (limit {self.tasks})",
            "disk": f"your notebook filled its disk space (limit {self.disk_bytes // MIB} MB)",
            "open files": f"your notebook opened too many files at once (limit {self.open_files})",
            "cpu": f"your notebook used up its CPU time (limit {self.cpu_seconds} s)",
            "file size": f"your notebook wrote a file larger than allowed (limit "
                         f"{self.file_bytes // MIB} MB)",
        }[limit]


PACKAGE = Path(autograder.__file__).resolve().parent


def available():
    return shutil.which("bwrap") is not None


def bwrap_command(argv, scratch, limits, outputs=(), shared=()):
    """The bubblewrap command line that runs `argv` with only the allowed paths visible.

    Inside, `scratch` is a fresh size-capped tmpfs holding the host scratch's files read-only,
    except `outputs`, which are bound writable (the only way anything gets out), and the
    grader's `shared` files, (host path, path relative to scratch) pairs, bound read-only."""
    size = ["--size", str(limits.disk_bytes)]
    command = ["bwrap", "--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc",
               "--dev", "/dev", "--proc", "/proc", *size, "--tmpfs", "/tmp"]  # before the binds
    # below: a later --tmpfs would hide a virtual environment or a course that lives under /tmp
    for link in ("bin", "lib", "lib64", "sbin"):
        if os.path.islink(f"/{link}"):
            command += ["--symlink", os.readlink(f"/{link}"), f"/{link}"]
    for home in python_homes():
        command += ["--ro-bind", home, home]
    command += ["--ro-bind", str(PACKAGE / "__init__.py"), str(PACKAGE / "__init__.py"),
                "--ro-bind", str(PACKAGE / "student"), str(PACKAGE / "student"),
                *size, "--tmpfs", str(scratch)]
    for entry in sorted(scratch.iterdir()):
        bind = "--bind" if entry.name in outputs else "--ro-bind"
        command += [bind, str(entry), str(entry)]
    for host, inside in shared:
        command += ["--ro-bind", str(host), str(scratch / inside)]
    command += ["--remount-ro", "/dev", *size, "--tmpfs", "/dev/shm",  # /dev is a tmpfs too
                "--chdir", str(scratch),
                "--unshare-all", "--die-with-parent", "--new-session", "--clearenv",
                "--cap-drop", "ALL"]  # run as root, bwrap would leave the submission root in
    # its user namespace: free to remount the read-only binds writable (the venv, this package)
    for key, value in sandbox_environment(scratch).items():
        command += ["--setenv", key, value]
    return command + ["--", *argv]


def sandbox_environment(scratch):
    """The variables a submission runs with: its own home, one BLAS thread, grading mode, and
    the grader's own copy of this package first on the path — not whichever one the virtual
    environment would find (a course folder may hold a copy other than the installed one)."""
    return {"HOME": str(scratch), "PATH": "/usr/bin:/bin", "MPLBACKEND": "Agg",
            "PYTHONPATH": str(PACKAGE.parent),
            "MPLCONFIGDIR": str(scratch / MPLCONFIG), "NBGRADER_EXECUTION": "autograde",
            "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
            "PYTHONDONTWRITEBYTECODE": "1", "PYTHONNOUSERSITE": "1"}


def limit(limits, group):
    """Applied in the child before bwrap starts; inherited by everything inside.

    No RLIMIT_NPROC: it counts all processes of the user (every sandbox and the grader alike)
    and root ignores it; the control group's task count is the bound that works."""

    def apply():
        if group is not None:
            group.enter()
        for name, value in rlimits(limits).items():
            resource.setrlimit(getattr(resource, name), (value, value))

    return apply


def rlimits(limits):
    """{resource name: limit}, soft and hard alike."""
    return {"RLIMIT_AS": limits.memory_bytes, "RLIMIT_CPU": limits.cpu_seconds,
            "RLIMIT_FSIZE": limits.file_bytes, "RLIMIT_NOFILE": limits.open_files,
            "RLIMIT_CORE": 0}


def control_group(limits):
    """A control group for one run, or None where the machine offers none (see cgroup.probe)."""
    if cgroup.probe():
        return None
    try:
        return cgroup.Group(limits.memory_bytes, limits.tasks)
    except OSError:
        return None


def describe(limits):
    """One line for the grader's log: the limits, and which of them a control group enforces."""
    wall = "fitted" if limits.wall_seconds is None else f"{limits.wall_seconds:g} s"
    lines = (f"limits per submission: {wall} wall clock, {limits.cpu_seconds} "
             f"s CPU, {limits.memory_bytes // MIB} MB memory, {limits.tasks} processes/threads, "
             f"{limits.disk_bytes // MIB} MB disk per folder, {limits.open_files} open files")
    why_not = cgroup.probe()
    if why_not:
        return (f"{lines}; {why_not}: memory is bounded per process only and the number of "
                "processes only by the deadline (run as root on a machine with cgroups for both)")
    return f"{lines}; memory and processes counted by a control group"


class Tail:
    """Keeps the last `size` bytes of a stream, read on a thread until it closes."""

    def __init__(self, stream, size=STDERR_TAIL):
        self.data, self.size = b"", size
        self.thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self.thread.start()

    def _read(self, stream):
        with stream:
            for chunk in iter(lambda: stream.read(65536), b""):
                self.data = (self.data + chunk)[-self.size:]

    def text(self):
        self.thread.join(timeout=5)
        return self.data.decode("utf-8", "replace")


@dataclass
class Finished:
    returncode: int | None  # None when the deadline killed it
    seconds: float
    exceeded: tuple = ()  # limits seen hit from outside: "memory", "tasks", "cpu", "file size"
    stderr: str = ""  # the last STDERR_TAIL bytes the command (and bwrap) wrote there

    @property
    def timed_out(self):
        return self.returncode is None


def run(argv, scratch, limits=None, outputs=(), shared=(), zygote=None):
    """Run `argv` sandboxed in `scratch`; kill it and everything it started at the deadline.

    Files of `scratch` named in `outputs` are the ones the command may write and the caller
    reads back (created empty if missing); the rest of what it writes is gone when it ends.
    `shared`: (host file, path relative to scratch) pairs it may read, bound (copied without
    isolation) into its scratch — files the grader made, that no submission ever writes.
    With a `zygote` (grading/zygote.py; isolated runs of the runner only), the sandbox holds an
    idle process and the zygote forks the runner, pre-imported, into it."""
    limits, start, scratch = limits or Limits(), time.monotonic(), Path(scratch)
    for name in outputs:
        (scratch / name).touch()
    if limits.isolate:
        command, environment = bwrap_command(argv, scratch, limits, outputs, shared), None
    else:
        command, environment = argv, os.environ | sandbox_environment(scratch)
        for host, inside in shared:
            (scratch / inside).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(host, scratch / inside)
    group = control_group(limits)
    try:
        if zygote is None:
            process = subprocess.Popen(command, stdin=subprocess.DEVNULL,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                       cwd=scratch, env=environment, start_new_session=True,
                                       preexec_fn=limit(limits, group))
        else:
            process = zygote.start(argv, scratch, limits, group, outputs, shared)
        stderr = Tail(process.stderr)
        try:
            returncode = process.wait(timeout=limits.wall_seconds)
        except subprocess.TimeoutExpired:
            returncode = None
        finally:  # bwrap dies, so does its PID namespace: no process outlives the submission
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.wait()
        exceeded = signalled(returncode)
        if group is not None:
            exceeded += ("memory",) * group.out_of_memory() + ("tasks",) * group.too_many_tasks()
    finally:
        if group is not None:
            group.close()
    return Finished(returncode, time.monotonic() - start, exceeded, stderr.text())


def signalled(returncode):
    """The limits a return code says were hit: SIGXCPU (CPU time) and SIGXFSZ (file size),
    directly or as bwrap reports them (128 + signal)."""
    return tuple(name for name, sig in (("cpu", signal.SIGXCPU), ("file size", signal.SIGXFSZ))
                 if returncode in (-sig, 128 + sig))


ERRNO_LIMITS = {errno.ENOSPC: "disk", errno.EDQUOT: "disk", errno.EMFILE: "open files",
                errno.EFBIG: "file size"}  # Python ignores SIGXFSZ: the write fails instead


def limit_in_error(message):
    """The limit an error message from inside names ('[Errno 28] No space left…'), or None."""
    for number, name in ERRNO_LIMITS.items():
        if message.startswith(f"[Errno {number}]"):
            return name
    return None
