"""The explorer app as a visitor gets it: the README's Voilà command on a free loopback port;
and what a visitor does on its pages, with the mouse and with the keyboard alone."""

import os
import re
import shlex
import sys
import urllib.request

from playwright.sync_api import TimeoutError as PageTimeout

from autograder.course import tool_env
from tests.support.browser import POLL_MS
from tests.support.course import REPO
from tests.support.servers import ServerProcess, free_port, kill, pids_mentioning

APPS = sorted(p.stem for p in (REPO / "explorers").glob("*.ipynb"))
TIMEOUT = 60_000  # ms
# a picture: the explorers' PNG image, or a frame of 07's live playground (inline SVG, numbered)
PLOT = "img.widget-image, .playground-frame"
PLOT_ID = "el => el ? (el.getAttribute('src') || el.dataset.frame || null) : null"


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
        self.port = free_port()
        folder, command = readme_command()
        assert (folder / command[0]).resolve() == (REPO / ".venv/bin/voila").resolve()
        command[0] = os.path.join(os.path.dirname(sys.executable), "voila")  # this venv's voila
        command[1:1] = [f"--port={self.port}", "--Voila.ip=127.0.0.1"]
        env = tool_env()
        env.pop("MPLBACKEND", None)  # as a person's shell would have it
        self.server = ServerProcess("voila", command, log_path, cwd=folder, env=env,
                                    ready=lambda: urllib.request.urlopen(self.base, timeout=5))

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        self.server.start()
        return self

    def connection_dir(self):
        found = re.search(r"Storing connection files in (\S+?)\.?$", self.server.log(), re.M)
        return found[1] if found else None

    def stop(self):
        marker = self.connection_dir()
        kernels = pids_mentioning(marker) if marker else []
        self.server.stop()  # SIGTERM: Voilà shuts its kernels down
        kill(kernels)  # any kernel the shutdown missed


# ---- an explorer page in the browser -----------------------------------------------------

def open_explorer(page, server, name):
    page.goto(f"{server.base}/voila/render/{name}.ipynb", timeout=120_000)
    page.wait_for_function(f"() => !!({PLOT_ID})(document.querySelector('{PLOT}'))",
                           timeout=120_000, polling=POLL_MS)


def plot_source(page):
    return page.evaluate(f"() => ({PLOT_ID})(document.querySelector('{PLOT}'))")


def wait_for_new_plot(page, before, what):
    try:
        page.wait_for_function(
            f"src => {{ const id = ({PLOT_ID})(document.querySelector('{PLOT}'));"
            " return !!id && id !== src; }", arg=before, timeout=TIMEOUT, polling=POLL_MS)
    except PageTimeout:
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


# ---- a keyboard user on an explorer page --------------------------------------------------

# What a keyboard user can operate on an explorer page: ipywidgets' controls.
CONTROLS = (".jupyter-widgets [role=slider], .jupyter-widgets select, "
            ".jupyter-widgets button, .jupyter-widgets input, .jupyter-widgets textarea")

# The focused element: an id for it, its name as assistive technology computes it (the
# aria-labelledby / label / aria-label / title / text order of the accessible-name rules, for
# the cases ipywidgets produces), and whether the focus is drawn (an outline or a ring).
FOCUSED_JS = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    if (!el.dataset.kbId) el.dataset.kbId = String(Math.random());
    const byIds = (ids) => ids.split(/\\s+/).map(i => document.getElementById(i)?.innerText ?? '')
                                .join(' ');
    let name = el.getAttribute('aria-labelledby') ? byIds(el.getAttribute('aria-labelledby'))
             : (el.labels && el.labels.length ? [...el.labels].map(l => l.innerText).join(' ')
             : (el.getAttribute('aria-label') || el.getAttribute('title')
                || (el.tagName === 'BUTTON' ? el.innerText : '')));
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    const ring = style.boxShadow && style.boxShadow !== 'none';
    return {id: el.dataset.kbId, tag: el.tagName, role: el.getAttribute('role'),
            name: (name || '').trim(), visible: outline || ring,
            html: el.outerHTML.slice(0, 160)};
}"""


# the text alternative of the explorer's picture (its accessible name)
PICTURE_TEXT_JS = f"""() => {{
    const el = document.querySelector('{PLOT}');
    if (!el) return '';
    if (el.tagName === 'IMG') return el.getAttribute('alt') || el.getAttribute('title') || '';
    return [...el.querySelectorAll('[role=img]')]  // 07's playground: one svg per picture
        .map(svg => svg.getAttribute('aria-label') || '').join(' ');
}}"""


def picture_text(page):
    return page.evaluate(PICTURE_TEXT_JS)


def text_after(page, described):
    """The picture's text alternative once it differs from `described`, or after TIMEOUT the
    same text. 07's step button first pauses the playground, and the pause publishes a frame
    that still shows the old epoch: a new frame alone does not mean the control took effect."""
    try:
        page.wait_for_function(f"old => ({PICTURE_TEXT_JS})() !== old", arg=described,
                               timeout=TIMEOUT, polling=POLL_MS)
    except PageTimeout:
        pass
    return picture_text(page)


def tab_through(page, limit=80):
    """Press Tab until the focus comes back round; returns what was focused, in order."""
    seen, order = set(), []
    page.locator("body").click(position={"x": 2, "y": 2})
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED_JS)
        if focused is None:
            continue
        if focused["id"] in seen:
            break
        seen.add(focused["id"])
        order.append(focused)
    return order


def operate(page, focused):
    """Use the focused control with the keyboard alone: an arrow key on a slider or a list,
    Enter on a button that is not already pressed. Returns False if there is nothing to do."""
    if focused["role"] == "slider":
        at_max = page.evaluate("() => document.activeElement.getAttribute('aria-valuenow') =="
                               " document.activeElement.getAttribute('aria-valuemax')")
        page.keyboard.press("ArrowLeft" if at_max else "ArrowRight")
    elif focused["tag"] == "SELECT":
        last = page.evaluate("() => { const s = document.activeElement;"
                             " return s.selectedIndex === s.options.length - 1; }")
        page.keyboard.press("ArrowUp" if last else "ArrowDown")
    elif focused["tag"] == "BUTTON" and "mod-active" not in focused["html"]:
        page.keyboard.press("Enter")
    else:
        return False
    return True
