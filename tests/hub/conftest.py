"""The course hub's fixtures: one set-up and one running hub for this package's tests.

Package-scoped rather than session-scoped: the hub is stopped and its accounts removed as soon
as the worker running this package moves on (tests/support/scheduling.py keeps the package on
one worker). Stopping a hub can take a minute (JupyterHub gives each service 30 s to answer
SIGINT and 30 s more after SIGTERM); at the end of the session that minute was the run's tail,
with both cores idle.
"""

import pytest

from tests.support import hub as hubs


@pytest.fixture(scope="package")
def hub_machine(tmp_path_factory):
    """Accounts, venv, proxy and exchange of a one-machine course hub, set up by hub/setup —
    called with JUPYTER_CONFIG_DIR and XDG_CACHE_HOME in a root-only folder, as an admin's
    environment may have them, so every hub test also proves setup does not depend on them."""
    reason = hubs.why_not()
    if reason:
        pytest.skip(reason)
    hub = hubs.set_up(tmp_path_factory.mktemp("root-only"))
    try:
        yield hub
    finally:
        hubs.tear_down(hub)


@pytest.fixture(scope="package")
def course_hub(hub_machine, tmp_path_factory):
    """The hub running on loopback for this package's tests."""
    hub = hubs.RunningHub(hub_machine, tmp_path_factory.mktemp("hub") / "jupyterhub.log").start()
    try:
        yield hub
    finally:
        hub.stop()
