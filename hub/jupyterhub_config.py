"""JupyterHub for a class on one machine, after `hub/setup` (run as root):

    BACKPROP_HUB_PREFIX=/opt/backprop-hub jupyterhub -f hub/jupyterhub_config.py

(`hub/start PREFIX` does exactly that with the hub's own venv.) Each user's server runs as their
own unix account (LocalProcessSpawner), from the hub's venv, which holds the course stack and
the student wheel only. Accounts, exchange and nbgrader settings come from hub/setup;
`PREFIX/hub.json` says who the instructor and the students are.

Logins: PAM (the machine's own passwords) unless BACKPROP_HUB_SHARED_PASSWORD is set, which
switches to JupyterHub's shared-password authenticator — anyone with that password can log in
as any listed user, so it is for tests only. A real course uses its institution's single
sign-on (README, "Teaching a class").

Each student's server and its kernels run in a control group of their own (hub/spawner.py) and
a server idle for CULL_IDLE_SECONDS is stopped by jupyterhub-idle-culler (autosave has kept
the work by then: JupyterLab saves every 2 minutes).
"""

import json
import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821  (injected by traitlets when JupyterHub loads this file)

# A class's limits, in this one place (tests and the load test override them by environment).
MEMORY_PER_STUDENT = os.environ.get("BACKPROP_HUB_MEMORY", "1G")  # server + all its kernels
TASKS_PER_STUDENT = 256  # processes and threads: a fork bomb stops here
CPU_WEIGHT = 100  # everyone's equal share of the CPUs when they are all busy
CULL_IDLE_SECONDS = int(os.environ.get("BACKPROP_HUB_CULL_TIMEOUT", "3600"))

here = Path(__file__).resolve().parent
prefix = Path(os.environ.get("BACKPROP_HUB_PREFIX", "/opt/backprop-hub"))
state = Path(os.environ.get("BACKPROP_HUB_STATE", prefix / "state"))
people = json.loads((prefix / "hub.json").read_text())
ip = os.environ.get("BACKPROP_HUB_IP", "127.0.0.1")
port = int(os.environ.get("BACKPROP_HUB_PORT", "8000"))

c.JupyterHub.ip, c.JupyterHub.port = ip, port
c.JupyterHub.hub_ip, c.JupyterHub.hub_port = "127.0.0.1", port + 1
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{port + 2}"
c.ConfigurableHTTPProxy.command = [str(prefix / "proxy/node_modules/.bin/configurable-http-proxy")]
c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = str(state / "proxy.pid")

sys.path.insert(0, str(here))
from spawner import LimitedSpawner  # noqa: E402  (hub/spawner.py, beside this file)

c.JupyterHub.spawner_class = LimitedSpawner  # each user's server as their own unix account
c.Spawner.mem_limit = MEMORY_PER_STUDENT
c.LimitedSpawner.max_tasks = TASKS_PER_STUDENT
c.LimitedSpawner.cpu_weight = CPU_WEIGHT
c.Spawner.cmd = [str(prefix / "venv" / "bin" / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.environment = {"PATH": f"{prefix / 'venv' / 'bin'}:/usr/bin:/bin"}
c.Spawner.http_timeout = 120  # a loaded machine can take a while to start a user's server

c.JupyterHub.services = [{
    "name": "idle-culler",
    "command": [str(prefix / "venv" / "bin" / "python"), "-m", "jupyterhub_idle_culler",
                f"--timeout={CULL_IDLE_SECONDS}",
                f"--cull-every={min(600, max(5, CULL_IDLE_SECONDS // 4))}"],
}]
c.JupyterHub.load_roles = [{
    "name": "idle-culler", "services": ["idle-culler"],
    "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
}]

roster_token = state / "roster-token"  # written by hub/setup: hub/student adds and removes users
if roster_token.is_file():
    c.JupyterHub.services.append({"name": "roster", "api_token": roster_token.read_text().strip()})
    c.JupyterHub.load_roles.append({"name": "roster", "services": ["roster"],
                                    "scopes": ["admin:users", "admin:servers"]})

c.Authenticator.allowed_users = {people["instructor"], *people["students"]}
shared_password = os.environ.get("BACKPROP_HUB_SHARED_PASSWORD")
if shared_password:
    c.JupyterHub.authenticator_class = "shared-password"
    c.SharedPasswordAuthenticator.user_password = shared_password
else:
    c.JupyterHub.authenticator_class = "pam"

# The explorer app (explorers/, README "Explore") as a hub service: every logged-in user opens
# it at /services/explorer/. Voilà runs as its own unix account from hub/setup's copy of the
# explorers and the course package (PREFIX/explorer, readable by that account only); each
# visitor's page gets a kernel (about 110 MB), culled after 15 idle minutes (voila.json), and the
# browser can only send widget messages to it (Voilà's allow-list). README, "The explorer app
# on the hub", has the measurements behind one kernel per visitor.
explorer = prefix / "explorer"
c.JupyterHub.services = [*c.JupyterHub.get("services", []), {
    "name": "explorer",
    "display": True,
    "oauth_no_confirm": True,
    "url": f"http://127.0.0.1:{port + 3}",
    "user": people["explorer"],
    "cwd": str(explorer / "explorers"),
    "command": [str(prefix / "venv" / "bin" / "voila"), "--no-browser",
                f"--port={port + 3}", "--Voila.ip=127.0.0.1",
                "--Voila.base_url=/services/explorer/",
                "--Voila.identity_provider_class=explorer_auth.HubIdentity"],
    "environment": {"PATH": f"{prefix / 'venv' / 'bin'}:/usr/bin:/bin", "LANG": "C.UTF-8",
                    "HOME": str(explorer / "home"), "PYTHONPATH": str(explorer)},
}]
# every logged-in user may open it: the default `user` role plus the service's access scope
c.JupyterHub.load_roles = [*c.JupyterHub.get("load_roles", []), {
    "name": "user", "scopes": ["self", "access:services!service=explorer"]}]
