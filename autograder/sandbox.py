"""Run a command in a bubblewrap sandbox with resource limits and a hard wall-clock deadline.

What the sandbox protects (see README, "Grading safely"): the command sees the system read-only
(/usr, /etc, the Python installation and the virtual environment), the student-side package
`autograder/student` and its own scratch folder — nothing else of the course: no solutions, no
reference, no hidden tests, no other submission, no gradebook. It has no network, its own PID
namespace (when it ends, every process it started ends), and limits on memory, CPU time and
file size. What it does not protect: the CPU and memory of the machine beyond those limits, and
anything readable under /usr or /etc.
"""

import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import autograder


def python_homes():
    """The Python installation and the virtual environment, which a submission may read."""
    return sorted({os.path.realpath(sys.prefix), os.path.realpath(sys.base_prefix)})


@dataclass(frozen=True)
class Limits:
    """Per-submission limits; defaults suit this course's notebooks (each runs in a few seconds)."""

    wall_seconds: float = 120.0  # the whole submission, including Python's start-up
    cpu_seconds: int = 120  # CPU time, all threads together
    memory_bytes: int = 3 << 30  # address space; NumPy and OpenBLAS need some room
    file_bytes: int = 64 << 20  # largest file the submission may write in its scratch folder
    isolate: bool = True  # False: limits only, no bubblewrap (trusted code, or no bwrap here)


PACKAGE = Path(autograder.__file__).resolve().parent


def available():
    return shutil.which("bwrap") is not None


def bwrap_command(argv, scratch):
    """The bubblewrap command line that runs `argv` with only the allowed paths visible."""
    command = ["bwrap", "--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc",
               "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp"]  # before the binds below:
    # a later --tmpfs would hide a virtual environment or a course that lives under /tmp
    for link in ("bin", "lib", "lib64", "sbin"):
        if os.path.islink(f"/{link}"):
            command += ["--symlink", os.readlink(f"/{link}"), f"/{link}"]
    for home in python_homes():
        command += ["--ro-bind", home, home]
    command += ["--ro-bind", str(PACKAGE / "__init__.py"), str(PACKAGE / "__init__.py"),
                "--ro-bind", str(PACKAGE / "student"), str(PACKAGE / "student"),
                "--bind", str(scratch), str(scratch), "--chdir", str(scratch),
                "--unshare-all", "--die-with-parent", "--new-session", "--clearenv"]
    for key, value in sandbox_environment(scratch).items():
        command += ["--setenv", key, value]
    return command + ["--", *argv]


def sandbox_environment(scratch):
    """The variables a submission runs with: its own home, one BLAS thread, grading mode."""
    return {"HOME": str(scratch), "PATH": "/usr/bin:/bin", "MPLBACKEND": "Agg",
            "MPLCONFIGDIR": str(scratch / ".config"), "NBGRADER_EXECUTION": "autograde",
            "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
            "PYTHONDONTWRITEBYTECODE": "1", "PYTHONNOUSERSITE": "1"}


def limit(limits):
    """Applied in the child before bwrap starts; inherited by everything inside."""

    def apply():
        resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
        resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds))
        resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_bytes, limits.file_bytes))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    return apply


@dataclass
class Finished:
    returncode: int | None  # None when the deadline killed it
    seconds: float

    @property
    def timed_out(self):
        return self.returncode is None


def run(argv, scratch, limits=None):
    """Run `argv` sandboxed in `scratch`; kill it and everything it started at the deadline."""
    limits, start = limits or Limits(), time.monotonic()
    if limits.isolate:
        command, environment = bwrap_command(argv, Path(scratch)), None
    else:
        command, environment = argv, os.environ | sandbox_environment(Path(scratch))
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, cwd=scratch, env=environment,
                               start_new_session=True, preexec_fn=limit(limits))
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
    return Finished(returncode, time.monotonic() - start)
