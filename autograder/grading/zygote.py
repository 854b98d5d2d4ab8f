"""One runner zygote per grading worker: the runner's imports paid once, not once per job.

A zygote (autograder/student/runner_zygote.py) is a Python that has imported NumPy, matplotlib,
IPython and the checks and then only forks. For each job `sandbox.run` still starts bubblewrap
with the job's own limits, control group and fresh namespaces and tmpfs mounts, exactly as
without a zygote, but with an idle process in place of the runner; the zygote forks a child
into that sandbox (its namespaces, root, control group, rlimits, no capability) which runs the
runner there. When the job ends the sandbox is killed as always, and everything the job started
with it. Where a zygote cannot run (not root, no bubblewrap, it fails to start or to enter a
sandbox), jobs run as before: `run_job` starts the runner itself.

A zygote lives as long as the thread that started it (it gets SIGKILL when that thread ends),
and ends after a few idle seconds (the thread's next job starts a new one): one per thread of
the local pool, one per thread of a Dask worker.
"""

import atexit
import ctypes
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from autograder.grading.sandbox import bwrap_command, limit, rlimits, sandbox_environment
from autograder.student.wire import ForkRequest

RUNNER = [sys.executable, "-m", "autograder.student.runner"]
HOLDER = ["/bin/sh", "-c", "echo ready; exec sleep 1000000"]  # the sandbox's idle process
SETUP_FAILED = 125  # as runner_zygote: the child could not enter the sandbox
REPLY_SECONDS = 30.0  # after the sandbox was killed, its job's end reaches the zygote by then
LOCAL, STARTED = threading.local(), []
SPARE, SPARE_LOCK = [], threading.Lock()  # zygotes handed over by a thread done with them


class ZygoteError(Exception):
    """The zygote cannot run this job (not the job's fault): run it without one."""


def die_with_this_thread():
    ctypes.CDLL(None).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG


class Zygote:
    def __init__(self, shared=()):
        self.folder = Path(tempfile.mkdtemp(prefix="autograder-zygote-"))
        for host, inside in shared:  # matplotlib's font list, for the zygote's own import
            (self.folder / inside).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(host, self.folder / inside)
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.process = subprocess.Popen(
            [*RUNNER[:2], "autograder.student.runner_zygote", str(theirs.fileno())],
            pass_fds=(theirs.fileno(),), env=sandbox_environment(self.folder), cwd=self.folder,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True, preexec_fn=die_with_this_thread)
        theirs.close()
        self.sock = ours
        STARTED.append(self)
        ours.settimeout(120)
        try:
            ready = ours.recv(64).decode()
        except OSError as error:
            ready = str(error)
        if ready != "ready 1":  # one thread: anything else could not be forked safely
            self.close()
            raise ZygoteError(f"the zygote did not start: {ready!r}")

    def start(self, argv, scratch, limits, group, outputs, shared):
        """Start the job's sandbox with its idle process, and have the zygote fork the runner
        into it; returns the Forked job (for sandbox.run, which waits for it and kills it)."""
        if argv[:3] != RUNNER or len(argv) != 5:
            raise ZygoteError("a zygote runs the runner only")
        info_read, info_write = os.pipe()
        err_read, err_write = os.pipe()
        command = bwrap_command(HOLDER, scratch, limits, outputs, shared)
        at = command.index("--")
        command[at:at] = ["--info-fd", str(info_write)]
        try:
            holder = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                      stderr=err_write, pass_fds=(info_write,), cwd=scratch,
                                      start_new_session=True, preexec_fn=limit(limits, group))
        finally:
            os.close(info_write)
        forked = Forked(self, holder, os.fdopen(err_read, "rb"))
        try:
            init = read_info(info_read).get("child-pid")
            if init is None or holder.stdout.readline() != b"ready\n":
                raise ZygoteError("bubblewrap did not start the sandbox")
            (pid, *_) = Path(f"/proc/{init}/task/{init}/children").read_text().split()
            request = ForkRequest(int(pid), str(scratch), argv[3], argv[4],
                                  sandbox_environment(scratch), rlimits(limits),
                                  list(group.procs) if group is not None else [])
            socket.send_fds(self.sock, [request.to_json().encode()], [err_write])
        except OSError as error:  # the sandbox or the zygote went away
            forked.kill()
            discard(for_good=False)
            raise ZygoteError(f"the zygote could not start the job: {error}") from error
        except BaseException:
            forked.kill()
            raise
        finally:
            os.close(err_write)
        return forked

    def reply(self, timeout):
        self.sock.settimeout(timeout)
        try:
            answer = self.sock.recv(64)
        except TimeoutError:
            raise
        except OSError as error:  # the socket, closed or broken
            raise ZygoteError(f"the zygote is gone: {error}") from error
        if not answer:
            raise ZygoteError("the zygote is gone")
        return int(answer)

    def close(self):
        self.sock.close()
        self.process.kill()
        self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


def read_info(fd):
    """bubblewrap's --info-fd JSON ({} if it ends before one arrives); closes `fd`."""
    data = b""
    with os.fdopen(fd, "rb", buffering=0) as info:
        while chunk := info.read(4096):
            data += chunk
            try:
                return json.loads(data)
            except ValueError:
                continue
    return {}


class Forked:
    """A job the zygote forked into its sandbox, seen like the Popen of a plain run: `pid` is
    bubblewrap's (killing its process group ends the sandbox and every process in it)."""

    def __init__(self, zygote, holder, stderr):
        self.zygote, self.holder, self.stderr = zygote, holder, stderr
        self.pid, self.status = holder.pid, None

    def wait(self, timeout=None):
        if self.status is None:
            self.status = self.reply(timeout)
            if self.status == SETUP_FAILED:
                discard()
                raise ZygoteError("the zygote could not enter the sandbox")
        if timeout is None:
            self.holder.wait()
        return self.status

    def reply(self, timeout):
        """The job's exit status from the zygote; TimeoutExpired after `timeout` seconds.
        Once the sandbox is gone (it ended, or was killed), the job has ended too: a zygote
        that does not say so within REPLY_SECONDS is stuck, and discarded."""
        start, gone = time.monotonic(), None
        while True:
            try:
                return self.zygote.reply(0.5)
            except TimeoutError:
                now = time.monotonic()
                if timeout is not None and now - start >= timeout:
                    raise subprocess.TimeoutExpired("zygote", timeout) from None
                if self.holder.poll() is not None:
                    gone = gone or now
                    if now - gone > REPLY_SECONDS:
                        discard()
                        raise ZygoteError("the zygote did not report the job's end") from None

    def kill(self):
        try:
            os.killpg(self.holder.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.holder.wait()


def for_this_thread(shared=()):
    """This thread's zygote, started on first use; None where none can run."""
    if getattr(LOCAL, "failed", False) or os.geteuid() != 0 or not shutil.which("bwrap"):
        return None
    if getattr(LOCAL, "zygote", None) is not None and LOCAL.zygote.process.poll() is not None:
        LOCAL.zygote.close()  # it ended after a while without jobs (runner_zygote.IDLE_SECONDS)
        LOCAL.zygote = None
    if getattr(LOCAL, "zygote", None) is None:
        LOCAL.zygote = take_spare()
    if getattr(LOCAL, "zygote", None) is None:
        try:
            LOCAL.zygote = Zygote(shared)
        except (OSError, ZygoteError):
            LOCAL.failed = True
    return getattr(LOCAL, "zygote", None)


def hand_over():
    """Give this thread's zygote to the next thread that needs one: the preflight's, started
    on the grader's main thread, then serves the first grading worker instead of idling out
    while that worker starts its own (about a core-second). It lives as long as this thread."""
    zygote, LOCAL.zygote = getattr(LOCAL, "zygote", None), None
    if zygote is not None and zygote.process.poll() is None:
        with SPARE_LOCK:
            SPARE.append(zygote)


def take_spare():
    with SPARE_LOCK:
        while SPARE:
            zygote = SPARE.pop()
            if zygote.process.poll() is None:
                return zygote
            zygote.close()
    return None


def discard(for_good=True):
    """Stop this thread's zygote after it failed; the thread's next jobs run without one
    (`for_good`), or with a new one."""
    zygote, LOCAL.zygote = getattr(LOCAL, "zygote", None), None
    LOCAL.failed = getattr(LOCAL, "failed", False) or for_good
    if zygote is not None:
        zygote.close()


@atexit.register
def close_all():
    for zygote in STARTED:
        if zygote.process.poll() is None:
            zygote.close()
