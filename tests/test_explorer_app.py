"""The explorers in a real browser (headless Chromium): the Voilà app and the student notebooks.

- The app starts from the README's command (on a free port) and lists every explorer; each page
  renders its text and widget with no code visible, every control changes the plot, and nothing
  errors. Screenshots land in artifacts/explorers/.
- In JupyterLab, each student notebook's explorer says which function to write while the
  exercises are stubs, and draws once the solutions are pasted into their answer cells.
Needs /usr/bin/chromium and playwright, like tests/test_browser.py.
"""

import contextlib
import os
import re
import shlex
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from autograder.course import tool_env
from tests import labdriver
from tests.conftest import RELEASES, REPO, SOURCES, make_course, read
from tests.labdriver import (
    CELLS,
    CHROMIUM,
    STOP_TIMEOUT,
    JupyterLab,
    free_port,
    open_notebook,
    run_cell,
)

if not CHROMIUM.is_file():
    pytest.skip(f"browser tests need Chromium at {CHROMIUM} (apt-get install -y chromium)",
                allow_module_level=True)
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="browser tests need Playwright (pip install playwright)")

SHOTS = REPO / "artifacts" / "explorers"
APPS = sorted(p.stem for p in (REPO / "explorers").glob("*.ipynb"))
TIMEOUT = 60_000  # ms
# a picture: the explorers' PNG image, or a frame of 07's live playground (inline SVG, numbered)
PLOT = "img.widget-image, .playground-frame"
PLOT_ID = "el => el ? (el.getAttribute('src') || el.dataset.frame || null) : null"
FAILED = "This redraw failed"
# Voilà's page bundles JupyterLab 4.2 core packages; the widget manager warns about the version
# mismatch and FontAwesome comes from a CDN that an offline machine cannot reach: harmless.
HARMLESS_CONSOLE = re.compile(r"version|fontawesome|font-awesome|favicon|ERR_NAME_NOT_RESOLVED|"
                              r"ERR_INTERNET_DISCONNECTED|net::ERR", re.I)


def readme_command():
    """The README's "Explore" command, `cd FOLDER && VOILA ARGS...` -> (folder, argv)."""
    text = (REPO / "README.md").read_text()
    section = text.split("## Explore", 1)[1].split("\n## ", 1)[0]
    line = next(line for line in section.splitlines() if "bin/voila" in line)
    cd, command = (part.strip() for part in line.split("&&"))
    return REPO / shlex.split(cd)[1], shlex.split(command)


class VoilaApp:
    """The README's command, run from the repository root on a free loopback port."""

    def __init__(self, log_path):
        self.port, self.log_path, self.process = free_port(), log_path, None

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        folder, command = readme_command()
        assert (folder / command[0]).resolve() == (REPO / ".venv/bin/voila").resolve()
        command[0] = str(Path(os.sys.executable).parent / "voila")  # this venv's voila
        command[1:1] = [f"--port={self.port}", "--Voila.ip=127.0.0.1"]
        env = tool_env()
        env.pop("MPLBACKEND", None)  # as a person's shell would have it
        with open(self.log_path, "w") as log:
            self.process = subprocess.Popen(command, cwd=folder, env=env, stdout=log,
                                            stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"voila exited with {self.process.returncode}:\n{self.log()}")
            try:
                urllib.request.urlopen(self.base, timeout=5).read()
                return self
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"voila did not answer within 120 s:\n{self.log()}")

    def log(self):
        return self.log_path.read_text(errors="replace")[-5000:]

    def connection_dir(self):
        found = re.search(r"Storing connection files in (\S+?)\.?$", self.log(), re.M)
        return found[1] if found else None

    def kernels(self):
        """PIDs of processes that hold one of this server's connection files."""
        marker = self.connection_dir()
        if not marker:
            return []
        pids = []
        for proc in Path("/proc").iterdir():
            with contextlib.suppress(OSError):
                if proc.name.isdigit() and marker.encode() in (proc / "cmdline").read_bytes():
                    pids.append(int(proc.name))
        return pids

    def stop(self):
        if self.process is None:
            return
        kernels = self.kernels()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)  # Voilà shuts its kernels down
        try:
            self.process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        for pid in kernels:  # any kernel the shutdown missed
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self.process = None


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    server = VoilaApp(tmp_path_factory.mktemp("voila") / "voila.log").start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def browser():
    SHOTS.mkdir(parents=True, exist_ok=True)
    with labdriver.chromium(sync_api) as chromium:
        yield chromium


@pytest.fixture
def page(browser):
    """A fresh browser context; script errors and console errors are collected."""
    context = browser.new_context(viewport={"width": 1300, "height": 1000})
    context.set_default_timeout(TIMEOUT)
    page = context.new_page()
    page.script_errors, page.console_errors = [], []
    page.on("pageerror", lambda error: page.script_errors.append(str(error)))
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    try:
        yield page
    finally:
        context.close()


def screenshot_on_failure(page, name):
    return labdriver.screenshot_on_failure(page, SHOTS / f"{name}-FAILED.png")


def plot_source(page):
    return page.evaluate(f"() => ({PLOT_ID})(document.querySelector('{PLOT}'))")


def wait_for_new_plot(page, before, what):
    try:
        page.wait_for_function(
            f"src => {{ const id = ({PLOT_ID})(document.querySelector('{PLOT}'));"
            " return !!id && id !== src; }", arg=before, timeout=TIMEOUT)
    except sync_api.TimeoutError:
        raise AssertionError(f"{what} did not change the plot") from None


def move_every_control(page, name):
    """Press an arrow key on every slider, pick another option of every dropdown and toggle;
    each must bring a new plot. Returns how many controls were moved."""
    moved = 0
    for slider in page.locator(".widget-slider").all():
        label = slider.locator(".widget-label").inner_text()
        before = plot_source(page)
        handle = slider.locator("[role=slider]")
        handle.focus()
        at_max = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
        page.keyboard.press("ArrowLeft" if at_max else "ArrowRight")
        wait_for_new_plot(page, before, f"{name}: slider {label!r}")
        moved += 1
    for dropdown in page.locator(".widget-dropdown select").all():
        before = plot_source(page)
        options = dropdown.locator("option").all_inner_texts()
        dropdown.select_option(label=options[-1] if dropdown.input_value() != options[-1]
                               else options[0])
        wait_for_new_plot(page, before, f"{name}: dropdown")
        moved += 1
    for toggles in page.locator(".widget-toggle-buttons").all():
        before = plot_source(page)
        toggles.locator("button:not(.mod-active)").first.click()
        wait_for_new_plot(page, before, f"{name}: toggle buttons")
        moved += 1
    return moved


# ---- the app -------------------------------------------------------------------------------

def test_the_app_lists_every_explorer(page, app):
    page.goto(app.base + "/")
    for name in APPS:
        sync_api.expect(page.get_by_text(f"{name}.ipynb", exact=True)).to_be_visible()
    page.screenshot(path=SHOTS / "app-tree.png")
    assert len(APPS) == 8


@pytest.mark.parametrize("name", APPS)
def test_explorer_page_renders_without_code_and_every_control_redraws(page, app, name):
    source = (REPO / "explorers" / f"{name}.ipynb")
    code = [c.source for c in read(source).cells if c.cell_type == "code"]
    with screenshot_on_failure(page, f"app-{name}"):
        page.goto(f"{app.base}/voila/render/{name}.ipynb", timeout=120_000)
        page.wait_for_function(f"() => !!({PLOT_ID})(document.querySelector('{PLOT}'))",
                               timeout=120_000)
        text = page.locator("body").inner_text()
        assert "Try:" in text and "Notice:" in text, "the page's text is missing"
        for line in "\n".join(code).splitlines():
            if len(line.strip()) > 12:
                assert line.strip() not in text, f"code is visible: {line.strip()!r}"
        editors = page.locator(".jp-CodeCell .jp-InputArea, .cm-editor").all()
        assert not [e for e in editors if e.is_visible()], "an input area is visible"
        page.screenshot(path=SHOTS / f"{name}.png", full_page=True)
        moved = move_every_control(page, name)
        assert moved >= 2, f"{name}: only {moved} controls"
        assert FAILED not in page.locator("body").inner_text()
        assert not page.locator(".jp-OutputArea-output[data-mime-type*='error']").count()
        page.screenshot(path=SHOTS / f"{name}-moved.png", full_page=True)
    assert not page.script_errors, f"script errors: {page.script_errors}"
    serious = [m for m in page.console_errors if not HARMLESS_CONSOLE.search(m)]
    assert not serious, f"console errors: {serious}"


# ---- the student notebooks ------------------------------------------------------------------

WIDGET_GUARD = "NBGRADER_EXECUTION"
FIRST_NEEDED = {"01": "gradient_descent", "02": "add_mul_graph", "03": "sigmoid",
                "04": "mse_loss", "05": "forward_sigmoid_net", "06": "softmax",
                "07": "iterate_minibatches", "08": "backward"}


def solution_code(source_cell):
    """An answer cell as the student would write it: the solution without nbgrader's markers."""
    return re.sub(r"^\s*### (BEGIN|END) SOLUTION\n", "", source_cell, flags=re.M)


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    course = make_course(tmp_path_factory.mktemp("course"))
    server = JupyterLab(course.root, tmp_path_factory.mktemp("jupyter")).start()
    try:
        yield server
    finally:
        server.stop()


def paste(page, cell, code):
    """Replace the cell's text, as a person pasting the solution would."""
    editor = cell.locator(".cm-content")
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(code)
    page.keyboard.press("Escape")


@pytest.mark.parametrize("release", RELEASES, ids=lambda p: p.parent.name)
def test_student_explorer_names_the_function_then_runs_the_pasted_solution(page, lab, release):
    name = f"student-{release.parent.name}"
    nb = read(release)
    solutions = read(next(s for s in SOURCES if s.name == release.name))
    explorer = next(i for i, c in enumerate(nb.cells)
                    if c.cell_type == "code" and WIDGET_GUARD in c.source
                    and "autograder.student.explore" in c.source)
    answers = [i for i, c in enumerate(nb.cells[:explorer])
               if c.metadata.get("nbgrader", {}).get("solution") and c.cell_type == "code"]
    # what the explorer needs: the imports, the given functions and data, the answer cells
    # (demonstrations in between would only cost time)
    needed = [i for i, c in enumerate(nb.cells[:explorer]) if c.cell_type == "code"
              and re.search(r"^(import |from |def )", c.source, re.M)
              and not c.metadata.get("nbgrader", {}).get("grade")]
    with screenshot_on_failure(page, name):
        open_notebook(page, lab, release.relative_to(REPO).as_posix(), workspace=name)
        cells = page.locator(CELLS)
        for i in needed:  # Run All would stop at the first failing check
            run_cell(page, i)
        widget = run_cell(page, explorer)
        expected = f"Write {FIRST_NEEDED[release.parent.name[:2]]}"
        sync_api.expect(widget.locator(".widget-html", has_text=expected).first).to_be_visible()
        assert not widget.locator(PLOT).first.is_visible(), "a plot beside the message"
        widget.screenshot(path=SHOTS / f"{name}-before.png")

        for i in answers:
            paste(page, cells.nth(i), solution_code(solutions.cells[i].source))
            run_cell(page, i)
        run_cell(page, explorer)
        widget.locator(PLOT).first.wait_for()
        page.wait_for_function(
            f"([sel, i]) => !!({PLOT_ID})(document.querySelectorAll(sel)[i].querySelector("
            f"'{PLOT}'))", arg=[CELLS, explorer], timeout=TIMEOUT)
        sync_api.expect(widget.locator(PLOT).first).to_be_visible()
        assert "Write " not in widget.locator(".jupyter-widgets").first.inner_text()
        assert FAILED not in widget.inner_text()
        widget.scroll_into_view_if_needed()
        widget.screenshot(path=SHOTS / f"{name}-after.png")
    assert not page.script_errors, f"script errors: {page.script_errors}"
