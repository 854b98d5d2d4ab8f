"""A server for the tests: started in the background with its output in a log, polled until it
answers, and stopped so that nothing it started outlives it. JupyterLab, Voilà and the course
hub all run through `ServerProcess`."""

import contextlib
import os
import signal
import socket
import subprocess
import time
from pathlib import Path


def free_port():
    """A port nobody listens on at 127.0.0.1 (the OS's choice)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_free(port):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port_run():
    """A port P with P ... P+3 free on loopback (the hub, its API, the proxy's API, the explorer
    service)."""
    for _ in range(50):
        port = free_port()
        if port < 65000 and all(port_free(port + k) for k in (1, 2, 3)):
            return port
    raise RuntimeError("no four consecutive free ports on 127.0.0.1")


def pids_mentioning(marker):
    """PIDs of the processes whose command line contains `marker` (a kernel names its connection
    file there, so a server's kernels are found by its runtime folder)."""
    marker = str(marker).encode()
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            with contextlib.suppress(OSError):
                if marker in (proc / "cmdline").read_bytes():
                    found.append(int(proc.name))
    return found


class ServerProcess:
    """`argv` run in the background, output to `log_path`; `start()` returns once `ready()`
    returns without an OSError (connection refused, HTTP errors, timeouts), and fails with the
    log's tail if the process exits first or `start_timeout` passes.

    `stop()` sends SIGTERM and, after `stop_timeout`, SIGKILL. With `own_group` (the default) the
    server runs in a session of its own and both signals go to its whole process group, which
    is then swept with SIGKILL; without it only the server's own PID is signalled — for a server
    (the hub) that stops its children itself and must not lose them to a kill of the group."""

    def __init__(self, name, argv, log_path, *, ready, cwd=None, env=None, own_group=True,
                 start_timeout=120, stop_timeout=20):
        self.name, self.argv, self.log_path = name, [str(a) for a in argv], Path(log_path)
        self.ready, self.cwd, self.env, self.own_group = ready, cwd, env, own_group
        self.start_timeout, self.stop_timeout = start_timeout, stop_timeout
        self.process = None

    def start(self):
        with open(self.log_path, "w") as log:
            self.process = subprocess.Popen(self.argv, cwd=self.cwd, env=self.env, stdout=log,
                                            stderr=subprocess.STDOUT,
                                            start_new_session=self.own_group)
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}:\n"
                                   f"{self.log()}")
            try:
                self.ready()
                return self
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"{self.name} did not answer within {self.start_timeout} s:\n"
                           f"{self.log()}")

    def log(self):
        return self.log_path.read_text(errors="replace")[-5000:]

    @property
    def running(self):
        return self.process is not None and self.process.poll() is None

    def stop(self):
        if self.process is None:
            return
        for sig in (signal.SIGTERM, signal.SIGKILL):
            if self.process.poll() is not None:
                break
            self._signal(sig)
            try:
                self.process.wait(timeout=self.stop_timeout)
            except subprocess.TimeoutExpired:
                continue
        self.process.wait()
        if self.own_group:  # the server is gone; end whatever else it left in its group
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
        self.process = None

    def _signal(self, sig):
        with contextlib.suppress(ProcessLookupError):
            if self.own_group:
                os.killpg(self.process.pid, sig)
            else:
                self.process.send_signal(sig)


def kill(pids):
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
