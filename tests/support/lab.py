"""A private JupyterLab for the browser tests, and what a person does on its pages.

The server runs on a free loopback port with a random token and its own configuration,
settings, workspaces and runtime folders, so nothing of the machine's Jupyter set-up leaks in
and nothing is left behind: `stop()` shuts the kernels down, ends the server's process group and
kills any kernel that still holds one of its connection files. One server serves the session's
browser tests (the fixture `lab` in tests/conftest.py).
"""

import json
import secrets
import sys
import urllib.error
import urllib.request
from pathlib import Path

from autograder.course import tool_env
from tests.support.browser import POLL_MS
from tests.support.servers import ServerProcess, free_port, kill, pids_mentioning

# User settings of the test JupyterLab: no "get notified about news?" pop-up; every cell in the
# DOM (JupyterLab 4 otherwise renders only the cells near the viewport); no autosave, so that
# what one test types into a notebook never reaches the file another test opens.
USER_SETTINGS = {
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false"},
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
}

STOP_TIMEOUT = 20  # s for a graceful stop before SIGKILL


class JupyterLab:
    """`jupyter lab` serving `root`, with private Jupyter folders under `home`."""

    def __init__(self, root, home):
        self.root, self.home = Path(root), Path(home)
        self.token = secrets.token_hex(16)
        self.port = free_port()
        self.config_dir = self.home / "config"
        self.runtime_dir = self.home / "runtime"
        self.settings_dir = self.config_dir / "lab" / "user-settings"
        command = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--allow-root",
                   f"--ServerApp.token={self.token}", f"--ServerApp.port={self.port}",
                   "--ServerApp.ip=127.0.0.1", f"--ServerApp.root_dir={self.root}",
                   "--ServerApp.port_retries=0", "--LabApp.extension_manager=readonly"]
        self.server = ServerProcess("JupyterLab", command, self.home / "jupyterlab.log",
                                    ready=lambda: self.api("GET", "api/status"), cwd=self.root,
                                    env=self.environment(), stop_timeout=STOP_TIMEOUT)

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def url(self, path, **query):
        query = "&".join([*(f"{k}={v}" for k, v in query.items()), f"token={self.token}"])
        return f"{self.base}/{path.lstrip('/')}?{query}"

    def environment(self):
        env = tool_env() | {
            "JUPYTER_CONFIG_DIR": str(self.config_dir),
            "JUPYTER_RUNTIME_DIR": str(self.runtime_dir),
            "JUPYTERLAB_SETTINGS_DIR": str(self.settings_dir),
            "JUPYTERLAB_WORKSPACES_DIR": str(self.home / "workspaces"),
            "IPYTHONDIR": str(self.home / "ipython"),
        }
        # tests/conftest.py sets MPLBACKEND=Agg for headless plots; a kernel that inherits it
        # would not show any figure inline.
        env.pop("MPLBACKEND", None)
        return env

    def write_settings(self):
        for name, values in USER_SETTINGS.items():
            path = self.settings_dir / f"{name}.jupyterlab-settings"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values))
        self.runtime_dir.mkdir(parents=True, exist_ok=True)

    def start(self):
        self.write_settings()
        self.server.start()
        return self

    def log(self):
        return self.server.log()

    def api(self, method, path, timeout=10):
        request = urllib.request.Request(f"{self.base}/{path}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self):
        """Shut down every kernel of the server (a notebook page leaves its kernel running)."""
        for kernel in self.api("GET", "api/kernels"):
            try:
                self.api("DELETE", f"api/kernels/{kernel['id']}", timeout=30)
            except urllib.error.HTTPError as error:
                if error.code != 404:  # already gone
                    raise

    def stop(self):
        try:
            if self.server.running:
                self.shutdown_kernels()
        except OSError:
            pass
        finally:
            self.server.stop()
            kill(self.own_processes())  # kernels run in a session of their own

    def own_processes(self):
        """Kernels (and anything else) that hold one of this server's connection files."""
        return pids_mentioning(self.runtime_dir)


# ---- a person in front of the page ---------------------------------------------------------

CELLS = ".jp-Notebook .jp-Notebook-cell"
STDERR = ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"
STDOUT = ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stdout']"

KERNEL_IDLE_JS = """() => {
    const bar = document.querySelector('#jp-main-statusbar');
    return !!bar && /\\|\\s*Idle/.test(bar.innerText);
}"""

# true once every listed cell shows an execution count, or as soon as any cell shows an error
# (Run All stops there, so the rest would never get one)
EXECUTED_JS = """([selector, indices]) => {
    const cells = document.querySelectorAll(selector);
    const errors = document.querySelectorAll(
        ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']");
    if (errors.length) return true;
    return indices.every(i => cells[i] &&
        /^\\[\\d+\\]:$/.test(cells[i].querySelector('.jp-InputPrompt').innerText.trim()));
}"""


def open_notebook(page, lab, relpath, workspace):
    """Open a notebook in a fresh workspace (no tabs restored) and wait for an idle kernel."""
    assert (lab.root / relpath).is_file(), f"{relpath} is missing in the course copy"
    page.goto(lab.url(f"lab/workspaces/{workspace}/tree/{relpath}"))
    page.wait_for_selector(CELLS)
    wait_kernel_idle(page)


def wait_kernel_idle(page, timeout=120_000):
    page.wait_for_function(KERNEL_IDLE_JS, timeout=timeout, polling=POLL_MS)


def menu(page, top, command):
    """Click a menu-bar entry, then the item that runs `command` (e.g. 'runmenu:run-all')."""
    page.locator("li.lm-MenuBar-item", has_text=top).click()
    page.locator(f"li.lm-Menu-item[data-command='{command}']").click()


def wait_executed(page, indices, timeout=300_000):
    page.wait_for_function(EXECUTED_JS, arg=[CELLS, list(indices)], timeout=timeout,
                           polling=POLL_MS)
    wait_kernel_idle(page, timeout)


def run_cell(page, index, timeout=120_000):
    """Select cell `index` in command mode and run it with Ctrl+Enter, as a person would; returns
    once it shows a new execution count (a cell that ran before shows its old count, so the
    wait is for a count other than the one shown when Ctrl+Enter was pressed)."""
    cell = page.locator(CELLS).nth(index)
    cell.scroll_into_view_if_needed()
    prompt = cell.locator(".jp-InputPrompt")
    before = prompt.inner_text().strip()
    prompt.click()
    page.keyboard.press("Control+Enter")
    page.wait_for_function(
        "([selector, i, before]) => { const shown = document.querySelectorAll(selector)[i]"
        ".querySelector('.jp-InputPrompt').innerText.trim();"
        " return /^\\[\\d+\\]:$/.test(shown) && shown !== before; }",
        arg=[CELLS, index, before], timeout=timeout, polling=POLL_MS)
    wait_kernel_idle(page, timeout)
    return cell


def errors_shown(page):
    """The text of every stderr/error output on the page."""
    return page.locator(STDERR).all_inner_texts()
