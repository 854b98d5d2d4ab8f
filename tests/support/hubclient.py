"""A student on the course hub, from a script: a token for their server, its contents API and
its kernels (execute over the kernel's websocket), as JupyterLab would. Used by the hub tests
and by benchmarks/hub_load.py."""

import http.cookiejar
import json
import struct
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field

import websocket

# What a student may run by mistake or on purpose: the load test and the hub tests both use them.
MEMORY_BOMB = "import numpy as np\nblocks = []\nwhile True:\n    blocks.append(np.ones(2**24))"
FORK_BOMB = ("import os, subprocess, time\n"  # bash's classic, then Python forks until refused
             "subprocess.Popen(['bash', '-c', ':(){ :|:& };:'], stderr=subprocess.DEVNULL)\n"
             "while True:\n"
             "    if os.fork() == 0:\n"
             "        time.sleep(600)\n"
             "        os._exit(0)")


@dataclass
class Run:
    """What one cell printed, and how it ended: 'ok', 'error', 'died' (the kernel was killed) or
    'timeout' (no end of the cell before the deadline)."""
    status: str
    stdout: str = ""
    stderr: str = ""
    error: str = ""
    seconds: float = 0.0
    outputs: list = field(default_factory=list)


def xsrf(opener):
    jar = next(h.cookiejar for h in opener.handlers
               if isinstance(h, urllib.request.HTTPCookieProcessor))
    return next(c.value for c in jar if c.name == "_xsrf")


class Student:
    """`running_hub.login(name)`'s opener turned into an API client of the student's server."""

    def __init__(self, running_hub, name, opener):
        self.base, self.name = running_hub.base, name
        self.timeout = max(120, running_hub.REQUEST_TIMEOUT)  # s for one request
        request = urllib.request.Request(
            f"{self.base}/hub/api/users/{name}/tokens", method="POST",
            data=json.dumps({"note": "script", "expires_in": 86400}).encode(),
            headers={"X-XSRFToken": xsrf(opener), "Content-Type": "application/json"})
        self.token = json.loads(opener.open(request, timeout=self.timeout).read())["token"]

    @property
    def server(self):
        return f"{self.base}/user/{self.name}"

    def api(self, method, path, body=None, timeout=None):
        request = urllib.request.Request(
            f"{self.server}/api/{path}", method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=timeout or self.timeout) as answer:
            text = answer.read()
        return json.loads(text) if text else None

    def hub_api(self, method, path, timeout=None):
        request = urllib.request.Request(f"{self.base}/hub/api/{path}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=timeout or self.timeout) as answer:
            text = answer.read()
        return json.loads(text) if text else None

    def lab_setting(self, plugin, values):
        """Set a JupyterLab user setting, as the Settings editor does."""
        request = urllib.request.Request(
            f"{self.server}/lab/api/settings/{plugin}", method="PUT",
            data=json.dumps({"raw": json.dumps(values)}).encode(),
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"})
        urllib.request.urlopen(request, timeout=self.timeout).read()

    def save(self, path, nb_json):
        """Save a notebook (a dict) as JupyterLab's save (and autosave) does."""
        return self.api("PUT", f"contents/{path}", {"type": "notebook", "content": nb_json})

    def kernel(self, path=""):
        """A new kernel whose working folder is `path` (relative to the student's home)."""
        return Kernel(self, self.api("POST", "kernels", {"name": "python3", "path": path})["id"])


class Kernel:
    def __init__(self, student, kernel_id):
        self.student, self.id = student, kernel_id
        self.session = uuid.uuid4().hex
        self.ws = None

    def connect(self, timeout):
        url = self.student.server.replace("http://", "ws://") + f"/api/kernels/{self.id}/channels"
        self.ws = websocket.create_connection(
            url, header=[f"Authorization: token {self.student.token}"], timeout=timeout)

    def execute(self, code, timeout=600):
        """Run `code` and collect its output until the kernel is idle again, or dies."""
        if self.ws is None:
            self.connect(timeout)
        msg_id = uuid.uuid4().hex
        self.ws.send(json.dumps({
            "header": {"msg_id": msg_id, "username": self.student.name, "session": self.session,
                       "msg_type": "execute_request", "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": True,
                        "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}}))
        run, started = Run("ok"), time.monotonic()
        deadline = started + timeout
        while True:
            if time.monotonic() > deadline:  # other messages kept coming: never wait past it
                run.status = "timeout"
                break
            self.ws.settimeout(max(1.0, deadline - time.monotonic()))
            msg = decode(self.ws.recv())
            kind, content = msg.get("msg_type"), msg.get("content", {})
            if kind == "status" and content.get("execution_state") in ("restarting", "dead"):
                run.status = "died"  # the server says so when the kernel process is gone
                break
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if kind == "stream":
                setattr(run, content["name"], getattr(run, content["name"]) + content["text"])
            elif kind == "error":
                run.status, run.error = "error", f"{content['ename']}: {content['evalue']}"
            elif kind in ("execute_result", "display_data"):
                run.outputs.append(content.get("data", {}))
            elif kind == "status" and content.get("execution_state") == "idle":
                break
        run.seconds = time.monotonic() - started
        return run

    def close(self):
        if self.ws is not None:
            self.ws.close()
            self.ws = None

    def wait_alive(self, timeout=120):
        """After a death: wait until the server has restarted the kernel, then reconnect."""
        self.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                state = self.student.api("GET", f"kernels/{self.id}")["execution_state"]
            except urllib.error.HTTPError:
                state = "gone"
            if state in ("idle", "busy", "starting"):
                return
            time.sleep(1)
        raise AssertionError(f"{self.student.name}'s kernel did not come back in {timeout} s")


def decode(frame):
    """A kernel message off the websocket: JSON text, or (when it carries buffers, e.g. a
    widget's) the binary framing: a count, offsets, the JSON first."""
    if isinstance(frame, str):
        return json.loads(frame)
    count = struct.unpack("!I", frame[:4])[0]
    offsets = struct.unpack(f"!{count}I", frame[4:4 + 4 * count])
    return json.loads(frame[offsets[0]:offsets[1] if count > 1 else None])


def cookie_opener():
    return urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
