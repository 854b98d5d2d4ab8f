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
"""

import json
import os
from pathlib import Path

c = get_config()  # noqa: F821  (injected by traitlets when JupyterHub loads this file)

prefix = Path(os.environ.get("BACKPROP_HUB_PREFIX", "/opt/backprop-hub"))
people = json.loads((prefix / "hub.json").read_text())
ip = os.environ.get("BACKPROP_HUB_IP", "127.0.0.1")
port = int(os.environ.get("BACKPROP_HUB_PORT", "8000"))

c.JupyterHub.ip, c.JupyterHub.port = ip, port
c.JupyterHub.hub_ip, c.JupyterHub.hub_port = "127.0.0.1", port + 1
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{port + 2}"
c.ConfigurableHTTPProxy.command = [str(prefix / "proxy/node_modules/.bin/configurable-http-proxy")]
c.JupyterHub.db_url = f"sqlite:///{prefix / 'state' / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(prefix / "state" / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = str(prefix / "state" / "proxy.pid")

c.JupyterHub.spawner_class = "localprocess"  # each user's server as their own unix account
c.Spawner.cmd = [str(prefix / "venv" / "bin" / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.environment = {"PATH": f"{prefix / 'venv' / 'bin'}:/usr/bin:/bin"}
c.Spawner.http_timeout = 120  # a loaded machine can take a while to start a user's server

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
