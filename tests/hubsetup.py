"""The course hub's machine for the tests: `hub/setup` run once per session, real unix accounts.

`hub/setup` installs into PREFIX (a venv from Debian's python3 with JupyterHub, the course stack
and the student wheel; configurable-http-proxy from npm; nbgrader's exchange) and creates the
accounts. The venv is kept between runs (reinstalled when requirements.txt or the student
package change); the test accounts, their homes and the exchange are made fresh for every
session and removed afterwards. Needs root (CI runs as root); skipped with the reason elsewhere.
"""

import http.cookiejar
import json
import os
import pwd
import re
import secrets
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

# BACKPROP_HUB_TEST_TAG keeps two checkouts' hub tests on one machine apart (own prefix, own
# accounts); unset, as in CI, the names below are used as they are.
TAG = os.environ.get("BACKPROP_HUB_TEST_TAG", "")
PREFIX = Path(f"/opt/backprop-hub-test{TAG}")
INSTRUCTOR = f"bpt{TAG}-instructor"
STUDENTS = tuple(f"bpt{TAG}-{name}" for name in ("alice", "bob", "carol", "dana", "erin"))
COURSE_ID = "backprop"
SETUP_TIMEOUT = 1500  # s: a first install downloads JupyterHub and the course stack


def why_not():
    """Why the hub tests cannot run here, or '' when they can."""
    if os.geteuid() != 0:
        return "the course hub's tests create unix accounts and run as them: they need root"
    for tool in ("useradd", "userdel", "runuser"):
        if not shutil.which(tool):
            return f"{tool} is missing (Debian: passwd, util-linux)"
    if not Path("/usr/bin/python3").is_file() or subprocess.run(
            ["/usr/bin/python3", "-c", "import ensurepip"], capture_output=True).returncode:
        return "Debian's /usr/bin/python3 cannot make a venv (apt-get install python3-venv)"
    if not shutil.which("npm"):
        return "npm is missing: configurable-http-proxy cannot be installed (apt-get install npm)"
    return ""


@dataclass(frozen=True)
class Hub:
    prefix: Path
    instructor: str
    students: tuple

    @property
    def venv(self):
        return self.prefix / "venv"

    @property
    def exchange(self):
        return self.prefix / "exchange"

    def home(self, user):
        return Path(pwd.getpwnam(user).pw_dir)

    @property
    def course(self):
        return self.home(self.instructor) / COURSE_ID

    def run_as(self, user, *argv, cwd=None, input=None, timeout=600, check=True):
        """Run argv as `user` (runuser), in their home unless `cwd`, with the hub's venv first on
        PATH and nothing of root's environment. Returns the CompletedProcess."""
        home = self.home(user)
        env = ["env", "-i", f"HOME={home}", f"USER={user}", "LANG=C.UTF-8",
               f"PATH={self.venv / 'bin'}:/usr/bin:/bin"]
        done = subprocess.run(["runuser", "-u", user, "--", *env, *map(str, argv)],
                              cwd=cwd or home, input=input, capture_output=True, text=True,
                              timeout=timeout)
        if check and done.returncode != 0:
            raise AssertionError(f"as {user}: {' '.join(map(str, argv))} failed "
                                 f"({done.returncode}):\n{done.stdout}\n{done.stderr}")
        return done

    def nbgrader(self, user, *args, cwd=None, check=True):
        return self.run_as(user, self.venv / "bin" / "nbgrader", *args, cwd=cwd, check=check)


def remove_accounts(users):
    for user in users:
        try:
            pwd.getpwnam(user)
        except KeyError:
            continue
        subprocess.run(["userdel", "--force", "--remove", user], capture_output=True)


@pytest.fixture(scope="session")
def hub_machine():
    """Accounts, venv, proxy and exchange of a one-machine course hub, set up by hub/setup."""
    reason = why_not()
    if reason:
        pytest.skip(reason)
    users = (INSTRUCTOR, *STUDENTS)
    remove_accounts(users)  # a clean class, whatever an interrupted run left
    shutil.rmtree(PREFIX / "exchange", ignore_errors=True)
    done = subprocess.run([str(REPO / "hub" / "setup"), "--prefix", str(PREFIX), "--instructor",
                           INSTRUCTOR, "--students", " ".join(STUDENTS)],
                          capture_output=True, text=True, timeout=SETUP_TIMEOUT)
    assert done.returncode == 0, f"hub/setup failed:\n{done.stdout}\n{done.stderr[-5000:]}"
    hub = Hub(PREFIX, INSTRUCTOR, STUDENTS)
    assert json.loads((PREFIX / "hub.json").read_text())["students"] == list(STUDENTS)
    try:
        yield hub
    finally:
        remove_accounts(users)
        shutil.rmtree(PREFIX / "exchange", ignore_errors=True)


class RunningHub:
    """`hub/start PREFIX` on free loopback ports, logins through the shared-password
    authenticator, and a clean stop by the hub's own PID (which takes the proxy, the users'
    servers and their kernels with it)."""

    START_TIMEOUT = 120  # s until the hub answers
    SERVER_TIMEOUT = 180  # s until a user's server is ready (a loaded machine is slow)
    REQUEST_TIMEOUT = 60  # s for one request to the hub (benchmarks/hub_load.py: more)

    def __init__(self, hub, log_path, env=None, state=None):
        """`env`: more of the hub's settings (BACKPROP_HUB_CULL_TIMEOUT, ...); `state`: a folder
        of its own for its database, so that it can run beside the session's hub."""
        self.hub, self.log_path = hub, Path(log_path)
        self.extra_env, self.state = env or {}, Path(state or hub.prefix / "state")
        self.password = secrets.token_hex(12)
        self.port = free_port_triple()
        self.process = None

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": "/root",
               "BACKPROP_HUB_PORT": str(self.port), "BACKPROP_HUB_SHARED_PASSWORD": self.password,
               "BACKPROP_HUB_STATE": str(self.state), **self.extra_env}
        self.state.mkdir(mode=0o700, exist_ok=True)
        for stale in ("jupyterhub.sqlite", "proxy.pid"):  # a fresh hub: users as hub.json says
            (self.state / stale).unlink(missing_ok=True)
        with open(self.log_path, "w") as log:
            self.process = subprocess.Popen([str(REPO / "hub" / "start"), str(self.hub.prefix)],
                                            env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + self.START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the hub exited with {self.process.returncode}:\n{self.log()}")
            try:
                urllib.request.urlopen(f"{self.base}/hub/api", timeout=5).read()
                return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"the hub did not answer within {self.START_TIMEOUT} s:\n{self.log()}")

    def log(self):
        return self.log_path.read_text(errors="replace")[-5000:]

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def login(self, user):
        """A cookie-carrying opener logged in as `user`, once their server is ready."""
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = opener.open(f"{self.base}/hub/login", timeout=self.REQUEST_TIMEOUT).read()
        page = page.decode()
        xsrf = re.search(r'name="_xsrf"[^>]*value="([^"]+)"', page)[1]
        form = urllib.parse.urlencode({"username": user, "password": self.password,
                                       "_xsrf": xsrf}).encode()
        opener.open(f"{self.base}/hub/login?next=", data=form,
                    timeout=self.REQUEST_TIMEOUT).read()
        self.wait_ready(opener, user)
        return opener

    def wait_ready(self, opener, user):
        deadline = time.monotonic() + self.SERVER_TIMEOUT
        while time.monotonic() < deadline:
            request = urllib.request.Request(f"{self.base}/hub/api/users/{user}")
            try:
                model = json.loads(opener.open(request, timeout=self.REQUEST_TIMEOUT).read())
            except urllib.error.HTTPError as error:
                raise AssertionError(f"{user} is not logged in: {error}\n{self.log()}") from None
            if model.get("servers", {}).get("", {}).get("ready"):
                return model
            time.sleep(1)
        raise AssertionError(f"{user}'s server was not ready in {self.SERVER_TIMEOUT} s:\n"
                             f"{self.log()}")


def free_port_triple():
    """A port P with P, P+1 and P+2 free on loopback (the hub, its API, the proxy's API)."""
    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port < 65000 and all(port_free(port + k) for k in (1, 2)):
            return port
    raise RuntimeError("no three consecutive free ports on 127.0.0.1")


def port_free(port):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


@pytest.fixture(scope="session")
def course_hub(hub_machine, tmp_path_factory):
    """The hub running on loopback for the session's hub tests."""
    hub = RunningHub(hub_machine, tmp_path_factory.mktemp("hub") / "jupyterhub.log").start()
    try:
        yield hub
    finally:
        hub.stop()
