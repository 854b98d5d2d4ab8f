"""Drive a real JupyterLab in headless Chromium: the server, and what a person does on a page.

Used by tests/test_browser.py. The server runs on a free loopback port with a random token and
its own configuration, settings, workspaces and runtime folders, so nothing of the machine's
Jupyter set-up leaks in and nothing is left behind: `stop()` shuts the kernels down, ends the
server's process group and kills any kernel that still holds one of its connection files.
"""

import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from autograder.course import tool_env

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

# User settings of the test JupyterLab: no "get notified about news?" pop-up, and every cell in
# the DOM (JupyterLab 4 otherwise renders only the cells near the viewport).
USER_SETTINGS = {
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false"},
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
}

START_TIMEOUT = 120  # s until the server answers
STOP_TIMEOUT = 20  # s for a graceful stop before SIGKILL


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class JupyterLab:
    """`jupyter lab` serving `root`, with private Jupyter folders under `home`."""

    def __init__(self, root, home):
        self.root, self.home = Path(root), Path(home)
        self.token = secrets.token_hex(16)
        self.port = free_port()
        self.process = None
        self.log_path = self.home / "jupyterlab.log"
        self.config_dir = self.home / "config"
        self.runtime_dir = self.home / "runtime"
        self.settings_dir = self.config_dir / "lab" / "user-settings"

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
        command = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--allow-root",
                   f"--ServerApp.token={self.token}", f"--ServerApp.port={self.port}",
                   "--ServerApp.ip=127.0.0.1", f"--ServerApp.root_dir={self.root}",
                   "--ServerApp.port_retries=0", "--LabApp.extension_manager=readonly"]
        with open(self.log_path, "w") as log:
            self.process = subprocess.Popen(command, cwd=self.root, env=self.environment(),
                                            stdout=log, stderr=subprocess.STDOUT,
                                            start_new_session=True)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"JupyterLab exited with {self.process.returncode}:\n"
                                   f"{self.log()}")
            try:
                self.api("GET", "api/status")
                return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"JupyterLab did not answer within {START_TIMEOUT} s:\n{self.log()}")

    def log(self):
        return self.log_path.read_text(errors="replace")[-5000:]

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
        if self.process is None:
            return
        try:
            if self.process.poll() is None:
                self.shutdown_kernels()
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        finally:
            self._end_process_group()
            self._kill_own_kernels()
            self.process = None

    def _end_process_group(self):
        pid = self.process.pid
        for sig, wait in [(signal.SIGTERM, STOP_TIMEOUT), (signal.SIGKILL, STOP_TIMEOUT)]:
            try:
                os.killpg(pid, sig)
            except ProcessLookupError:
                break
            try:
                self.process.wait(timeout=wait)
                break
            except subprocess.TimeoutExpired:
                continue
        try:  # the server is gone; end whatever else it left in its group
            os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def _kill_own_kernels(self):
        """Kernels run in their own session; they are ours if their connection file is ours."""
        for pid in self.own_processes():
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def own_processes(self):
        marker = str(self.runtime_dir).encode()
        found = []
        for proc in Path("/proc").iterdir():
            if not proc.name.isdigit():
                continue
            try:
                if marker in (proc / "cmdline").read_bytes():
                    found.append(int(proc.name))
            except OSError:
                continue
        return found


@contextlib.contextmanager
def chromium(sync_api):
    """Debian's Chromium, headless, through Playwright's sync API."""
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextlib.contextmanager
def screenshot_on_failure(page, path):
    """A screenshot of the whole page at `path` if the block fails."""
    try:
        yield
    except BaseException:
        with contextlib.suppress(Exception):
            page.screenshot(path=path, full_page=True)
        raise


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
    page.wait_for_function(KERNEL_IDLE_JS, timeout=timeout)


def menu(page, top, command):
    """Click a menu-bar entry, then the item that runs `command` (e.g. 'runmenu:run-all')."""
    page.locator("li.lm-MenuBar-item", has_text=top).click()
    page.locator(f"li.lm-Menu-item[data-command='{command}']").click()


def wait_executed(page, indices, timeout=300_000):
    page.wait_for_function(EXECUTED_JS, arg=[CELLS, list(indices)], timeout=timeout)
    wait_kernel_idle(page, timeout)


def run_cell(page, index, timeout=120_000):
    """Select cell `index` in command mode and run it with Ctrl+Enter, as a person would."""
    cell = page.locator(CELLS).nth(index)
    cell.scroll_into_view_if_needed()
    cell.locator(".jp-InputPrompt").click()
    page.keyboard.press("Control+Enter")
    page.wait_for_function(
        "([selector, i]) => /^\\[\\d+\\]:$/.test(document.querySelectorAll(selector)[i]"
        ".querySelector('.jp-InputPrompt').innerText.trim())",
        arg=[CELLS, index], timeout=timeout)
    wait_kernel_idle(page, timeout)
    return cell


def errors_shown(page):
    """The text of every stderr/error output on the page."""
    return page.locator(STDERR).all_inner_texts()
