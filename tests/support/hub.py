"""The course hub's machine for the tests: `hub/setup` run once per session, real unix accounts.
The session's fixtures `hub_machine` and `course_hub` (tests/conftest.py) are built from here.

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
import signal
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from tests.support.course import REPO
from tests.support.servers import ServerProcess, free_port_run

# BACKPROP_HUB_TEST_TAG keeps two checkouts' hub tests on one machine apart (own prefix, own
# accounts); unset, as in CI, the names below are used as they are.
TAG = os.environ.get("BACKPROP_HUB_TEST_TAG", "")
PREFIX = Path(f"/opt/backprop-hub-test{TAG}")
INSTRUCTOR = f"bpt{TAG}-instructor"
EXPLORER = f"{INSTRUCTOR}-explorer"  # the explorer app's account (hub/setup names it so)
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
        # a server or kernel the hub's stop missed (a hub killed under load leaves them) would
        # outlive its account, holding its memory and ports into the next run
        subprocess.run(["pkill", "--signal", "KILL", "--uid", user], capture_output=True)
        subprocess.run(["userdel", "--force", "--remove", user], capture_output=True)


def set_up(root_only):
    """hub/setup for the test class, run as an admin's shell might call it: with Jupyter's and
    XDG's folders pointing into `root_only`, a folder no other user may enter. The commands it
    runs as another user must not inherit them. Returns the Hub."""
    users = (INSTRUCTOR, *STUDENTS, EXPLORER)
    remove_accounts(users)  # a clean class, whatever an interrupted run left
    shutil.rmtree(PREFIX / "exchange", ignore_errors=True)
    Path(root_only).mkdir(mode=0o700, parents=True, exist_ok=True)
    env = os.environ | {"JUPYTER_CONFIG_DIR": str(Path(root_only) / "jupyter"),
                        "XDG_CACHE_HOME": str(Path(root_only) / "cache")}
    done = subprocess.run([str(REPO / "hub" / "setup"), "--prefix", str(PREFIX), "--instructor",
                           INSTRUCTOR, "--students", " ".join(STUDENTS)],
                          capture_output=True, text=True, timeout=SETUP_TIMEOUT, env=env)
    assert done.returncode == 0, f"hub/setup failed:\n{done.stdout}\n{done.stderr[-5000:]}"
    assert json.loads((PREFIX / "hub.json").read_text())["students"] == list(STUDENTS)
    return Hub(PREFIX, INSTRUCTOR, STUDENTS)


def tear_down(hub):
    remove_accounts((hub.instructor, *hub.students, EXPLORER))
    shutil.rmtree(hub.exchange, ignore_errors=True)


class RunningHub:
    """`hub/start PREFIX` on free loopback ports, logins through the shared-password
    authenticator, and a clean stop by the hub's own PID (which takes the proxy, the users'
    servers and their kernels with it)."""

    START_TIMEOUT = 120  # s until the hub answers
    SERVER_TIMEOUT = 180  # s until a user's server is ready (a loaded machine is slow)
    REQUEST_TIMEOUT = 60  # s for one request to the hub (benchmarks/hub_load.py: more)
    # s for the hub's own clean-up after SIGTERM: JupyterHub gives each managed service 30 s
    # after SIGINT and 30 more after SIGTERM (the explorer's Voila has used both), then stops
    # the users' servers and the proxy
    STOP_TIMEOUT = 120

    def __init__(self, hub, log_path, env=None, state=None):
        """`env`: more of the hub's settings (BACKPROP_HUB_CULL_TIMEOUT, ...); `state`: a folder
        of its own for its database, so that it can run beside the session's hub."""
        self.hub, self.log_path = hub, Path(log_path)
        self.state = Path(state or hub.prefix / "state")
        self.password = secrets.token_hex(12)
        self.port = free_port_run()
        env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": "/root",
               "BACKPROP_HUB_PORT": str(self.port), "BACKPROP_HUB_SHARED_PASSWORD": self.password,
               "BACKPROP_HUB_STATE": str(self.state), **(env or {})}
        self.server = ServerProcess(
            "the hub", [REPO / "hub" / "start", hub.prefix], log_path, env=env,
            ready=lambda: urllib.request.urlopen(f"{self.base}/hub/api", timeout=5).read(),
            own_group=False, start_timeout=self.START_TIMEOUT, stop_timeout=self.STOP_TIMEOUT)

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        self.state.mkdir(mode=0o700, exist_ok=True)
        for stale in ("jupyterhub.sqlite", "proxy.pid"):  # a fresh hub: users as hub.json says
            (self.state / stale).unlink(missing_ok=True)
        self.server.start()
        return self

    def log(self):
        return self.server.log()

    def stop(self):
        self.server.stop()
        # a hub killed at STOP_TIMEOUT leaves its proxy (root, its own session) running
        pid_file = self.state / "proxy.pid"
        try:
            pid = int(pid_file.read_text())
            if b"configurable-http-proxy" in Path(f"/proc/{pid}/cmdline").read_bytes():
                os.kill(pid, signal.SIGKILL)
        except (OSError, ValueError):
            pass  # no proxy left: the hub stopped it

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
