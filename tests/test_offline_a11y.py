"""Every page of the explorer app and every student notebook in JupyterLab, in headless Chromium:
nothing is fetched from another origin, and the explorer pages are accessible.

- Explorer pages (every notebook in explorers/, found by name, so a new page is covered): loaded
  and every control moved with no request leaving the server's origin; axe-core finds no serious
  or critical violation; Tab reaches every control, each shows a visible focus and has a name,
  the keyboard alone moves it, and the picture's text alternative changes with the picture.
- Student notebooks in JupyterLab, run top to bottom (up to their first unsolved exercise): no
  request to another origin.
The feedback HTML, the class report and the similarity page are checked in
tests/test_class_report.py. Findings per page: artifacts/a11y/. Needs /usr/bin/chromium and
Playwright; the session's explorer app, JupyterLab and Chromium (tests/conftest.py).
"""

import json
import uuid

import pytest

from tests.support.browser import screenshot_on_failure
from tests.support.course import RELEASES, REPO
from tests.support.lab import CELLS, menu, open_notebook, wait_executed
from tests.support.pagecheck import OffOrigin, axe_violations, blocking
from tests.support.voila import (
    APPS,
    PLOT,
    PLOT_ID,
    TIMEOUT,
    move_every_control,
    plot_source,
    wait_for_new_plot,
)

SHOTS = REPO / "artifacts" / "explorers"
pytestmark = pytest.mark.browser

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


def open_explorer(page, server, name):
    page.goto(f"{server.base}/voila/render/{name}.ipynb", timeout=120_000)
    page.wait_for_function(f"() => !!({PLOT_ID})(document.querySelector('{PLOT}'))",
                           timeout=120_000)


def picture_text(page):
    """The text alternative of the explorer's picture (its accessible name)."""
    return page.evaluate(f"""() => {{
        const el = document.querySelector('{PLOT}');
        if (!el) return '';
        if (el.tagName === 'IMG') return el.getAttribute('alt') || el.getAttribute('title') || '';
        return [...el.querySelectorAll('[role=img]')]  // 07's playground: one svg per picture
            .map(svg => svg.getAttribute('aria-label') || '').join(' ');
    }}""")


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1300, "height": 1000})
    context.set_default_timeout(TIMEOUT)
    try:
        yield context
    finally:
        context.close()


@pytest.mark.parametrize("name", APPS)
def test_explorer_page_fetches_nothing_from_another_origin(context, explorer_app, name):
    off = OffOrigin(context, explorer_app.base)
    page = context.new_page()
    with screenshot_on_failure(page, SHOTS, f"offline-{name}"):
        open_explorer(page, explorer_app, name)
        move_every_control(page, name)
        page.wait_for_load_state("networkidle")
    assert not off.requests, f"{name} asked another origin for: {off.requests}"


def test_the_app_list_fetches_nothing_from_another_origin(context, explorer_app):
    off = OffOrigin(context, explorer_app.base)
    page = context.new_page()
    page.goto(explorer_app.base + "/")
    page.get_by_text(f"{APPS[0]}.ipynb", exact=True).wait_for()
    page.wait_for_load_state("networkidle")
    assert not off.requests, f"the app's list of pages asked another origin for: {off.requests}"


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


@pytest.mark.parametrize("name", APPS)
def test_explorer_page_is_accessible(context, explorer_app, name):
    page = context.new_page()
    with screenshot_on_failure(page, SHOTS, f"a11y-{name}"):
        open_explorer(page, explorer_app, name)
        violations = axe_violations(page, f"explorer-{name}")
        assert not blocking(violations), f"{name}: {blocking(violations)}"

        controls = page.locator(CONTROLS).all()
        visible = [c for c in controls if c.is_visible()]
        reached = tab_through(page)
        widgets = [f for f in reached if f["role"] == "slider" or f["tag"] in
                   ("SELECT", "BUTTON", "INPUT", "TEXTAREA")]
        assert len(widgets) >= len(visible) >= 2, \
            f"{name}: Tab reached {len(widgets)} of {len(visible)} controls: {reached}"
        unnamed = [f["html"] for f in reached if not f["name"]]
        assert not unnamed, f"{name}: controls without a name: {unnamed}"
        unmarked = [f["html"] for f in reached if not f["visible"]]
        assert not unmarked, f"{name}: focus not drawn on: {unmarked}"

        described = picture_text(page)
        assert len(described) > 20, f"{name}: the picture's text alternative is {described!r}"
        changed = 0
        for focused in widgets:
            page.evaluate("id => document.querySelector(`[data-kb-id='${id}']`).focus()",
                          focused["id"])
            before = plot_source(page)
            if not operate(page, focused):
                continue
            wait_for_new_plot(page, before, f"{name}: {focused['name']!r} by keyboard")
            now = picture_text(page)
            assert now != described, \
                f"{name}: the picture changed with {focused['name']!r}, its text did not: {now!r}"
            described, changed = now, changed + 1
        assert changed >= 2, f"{name}: only {changed} controls could be used by keyboard"
        page.screenshot(path=SHOTS / f"a11y-{name}.png", full_page=True)


# ---- the student notebooks in JupyterLab -----------------------------------------------------

@pytest.mark.parametrize("release", RELEASES, ids=lambda p: p.parent.name)
def test_student_notebook_in_jupyterlab_fetches_nothing_from_another_origin(context, lab,
                                                                              release):
    off = OffOrigin(context, lab.base)
    page = context.new_page()
    name = f"offline-lab-{release.parent.name}"
    with screenshot_on_failure(page, SHOTS, f"{name}"):
        open_notebook(page, lab, release.relative_to(release.parents[2]).as_posix(),
                      workspace=name)
        count = page.locator(CELLS).count()
        menu(page, "Run", "runmenu:run-all")
        wait_executed(page, range(count))  # or up to the first unsolved exercise's error
        page.wait_for_load_state("networkidle")
    assert not off.requests, f"{release.name} in JupyterLab asked another origin for: " \
                             f"{off.requests}"


# ---- what a visitor's browser may send to the kernel ----------------------------------------

def send_over_kernel_socket(url, messages, wait_for):
    """Send JSON messages on a kernel's websocket; collect replies until one of type
    `wait_for` arrives. Returns the msg_types received."""
    import asyncio
    import concurrent.futures

    from tornado.websocket import websocket_connect

    async def talk():
        socket = await websocket_connect(url)
        for message in messages:
            await socket.write_message(json.dumps(message))
        seen = []
        while wait_for not in seen:
            reply = await asyncio.wait_for(socket.read_message(), timeout=60)
            if reply is None:
                break
            if isinstance(reply, str):
                seen.append(json.loads(reply)["header"]["msg_type"])
        socket.close()
        return seen

    with concurrent.futures.ThreadPoolExecutor(1) as thread:  # Playwright owns this loop
        return thread.submit(asyncio.run, talk()).result()


def message(kind, content, session):
    return {"header": {"msg_id": uuid.uuid4().hex, "username": "", "session": session,
                       "msg_type": kind, "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": {}, "content": content, "channel": "shell",
            "buffers": []}


def test_a_visitor_cannot_run_code_in_an_explorer_kernel(context, explorer_app, tmp_path):
    sockets = []
    page = context.new_page()
    page.on("websocket", lambda socket: sockets.append(socket.url))
    open_explorer(page, explorer_app, APPS[0])
    kernel = next(url for url in sockets if "/api/kernels/" in url).split("?")[0]
    marker = tmp_path / "ran"
    session = uuid.uuid4().hex
    code = f"open({str(marker)!r}, 'w').write('code ran')"
    seen = send_over_kernel_socket(
        f"{kernel}?session_id={session}",
        [message("execute_request", {"code": code, "silent": False, "store_history": False,
                                     "user_expressions": {}, "allow_stdin": False}, session),
         message("kernel_info_request", {}, session)],
        wait_for="kernel_info_reply")
    assert "kernel_info_reply" in seen, f"the kernel did not answer: {seen}"
    assert "execute_reply" not in seen and not marker.exists(), \
        f"code sent by a browser ran in the explorer's kernel: {seen}"
