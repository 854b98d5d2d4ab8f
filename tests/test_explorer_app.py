"""The explorer app in a real browser (headless Chromium), started from the README's command on a
free port.

- The app lists every explorer, and its list fetches nothing from another origin.
- Every explorer page (every notebook in explorers/, found by name, so a new page is covered) is
  visited once, and its three tests read that visit:
  - it renders its text and widget with no code visible, every control changes the plot, and
    nothing errors (..._renders_without_code_and_every_control_redraws);
  - loaded, every control moved and used by keyboard, it asks no other origin for anything
    (..._fetches_nothing_from_another_origin);
  - axe-core finds no serious or critical violation on the freshly loaded page; Tab reaches every
    control, each shows a visible focus and has a name, the keyboard alone moves it, and the
    picture's text alternative changes with the picture (..._is_accessible).
- A visitor's browser cannot run code in an explorer's kernel.
The student notebooks' explorers are tested in JupyterLab in tests/test_browser.py; the feedback
HTML, the class report and the similarity page in tests/test_class_report.py. Screenshots land in
artifacts/explorers/, axe's findings per page in artifacts/a11y/. Needs /usr/bin/chromium and
Playwright (the fixture `browser`), and the session's explorer app (tests/conftest.py).
"""

import json
import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.support.browser import new_page
from tests.support.course import REPO, read
from tests.support.pagecheck import OffOrigin, axe_violations, blocking
from tests.support.visits import Visit
from tests.support.voila import (
    APPS,
    CONTROLS,
    move_every_control,
    open_explorer,
    operate,
    picture_text,
    plot_source,
    tab_through,
    text_after,
    wait_for_new_plot,
)

SHOTS = REPO / "artifacts" / "explorers"
FAILED = "This redraw failed"
# Voilà's page bundles JupyterLab 4.2 core packages; the widget manager warns about the version
# mismatch and FontAwesome comes from a CDN that an offline machine cannot reach: harmless.
HARMLESS_CONSOLE = re.compile(r"version|fontawesome|font-awesome|favicon|ERR_NAME_NOT_RESOLVED|"
                              r"ERR_INTERNET_DISCONNECTED|net::ERR", re.I)


@pytest.fixture
def page(browser):
    """A fresh browser context; script errors and console errors are collected."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    with new_page(browser, width=1300) as page:
        yield page


def finish(visit, page, off):
    """What the whole visit left: requests to other origins, script and console errors."""
    visit.off_origin = list(off.requests)
    visit.script_errors, visit.console_errors = list(page.script_errors), list(page.console_errors)


# ---- the app's list of pages ----------------------------------------------------------------

@pytest.fixture(scope="module")
def app_list(browser, explorer_app):
    """One visit of the app's list of pages, for the two tests about it."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    with new_page(browser, width=1300) as page:
        off = OffOrigin(page.context, explorer_app.base)  # before anything loads
        visit = Visit(page, "app-list")
        shot, needs = (SHOTS, "app-tree"), ("load",)
        visit.step("load", lambda _: page.goto(explorer_app.base + "/"), shot=shot)
        visit.step("list", lambda _: list_every_explorer(page), shot=shot, needs=needs)
        visit.step("settle", lambda _: settle_list(page), shot=shot, needs=needs)
        finish(visit, page, off)
    yield visit


def list_every_explorer(page):
    for name in APPS:
        expect(page.get_by_text(f"{name}.ipynb", exact=True)).to_be_visible()
    page.screenshot(path=SHOTS / "app-tree.png")
    assert len(APPS) == 8


def settle_list(page):
    page.get_by_text(f"{APPS[0]}.ipynb", exact=True).wait_for()
    page.wait_for_load_state("networkidle")


def test_the_app_lists_every_explorer(app_list):
    app_list.result("list")


def test_the_app_list_fetches_nothing_from_another_origin(app_list):
    app_list.result("load")
    assert not app_list.off_origin, \
        f"the app's list of pages asked another origin for: {app_list.off_origin}"
    app_list.result("settle")


# ---- every explorer page: one visit, three tests ----------------------------------------------

@pytest.fixture(scope="module", params=APPS)
def explorer_visit(request, browser, explorer_app):
    """One visit of an explorer page, for its three tests. The off-origin recorder is attached
    before the page loads; axe runs on the fresh page, then the text is read, every control is
    moved and every control is used by keyboard; the page is closed before the tests read it."""
    name = request.param
    SHOTS.mkdir(parents=True, exist_ok=True)
    with new_page(browser, width=1300) as page:
        off = OffOrigin(page.context, explorer_app.base)
        visit = Visit(page, name)
        app, a11y, needs = (SHOTS, f"app-{name}"), (SHOTS, f"a11y-{name}"), ("load",)
        visit.step("load", lambda _: open_explorer(page, explorer_app, name), shot=app)
        visit.step("axe", lambda r: check_axe(page, name, r), shot=a11y, needs=needs)
        visit.step("text", lambda r: check_text(page, name, r), shot=app, needs=needs)
        visit.step("moves", lambda r: check_moves(page, name, r), shot=app, needs=needs)
        visit.step("keyboard", lambda r: check_keyboard(page, name, r), shot=a11y, needs=needs)
        visit.step("settle", lambda _: page.wait_for_load_state("networkidle"),
                   shot=(SHOTS, f"offline-{name}"), needs=needs)
        finish(visit, page, off)
    yield visit


def check_axe(page, name, record):
    violations = record["violations"] = axe_violations(page, f"explorer-{name}")
    assert not blocking(violations), f"{name}: {blocking(violations)}"


def check_text(page, name, record):
    source = (REPO / "explorers" / f"{name}.ipynb")
    code = [c.source for c in read(source).cells if c.cell_type == "code"]
    text = record["text"] = page.locator("body").inner_text()
    assert "Try:" in text and "Notice:" in text, "the page's text is missing"
    for line in "\n".join(code).splitlines():
        if len(line.strip()) > 12:
            assert line.strip() not in text, f"code is visible: {line.strip()!r}"
    editors = page.locator(".jp-CodeCell .jp-InputArea, .cm-editor").all()
    assert not [e for e in editors if e.is_visible()], "an input area is visible"
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True)


def check_moves(page, name, record):
    moved = record["moved"] = move_every_control(page, name)
    assert moved >= 2, f"{name}: only {moved} controls"
    assert FAILED not in page.locator("body").inner_text()
    assert not page.locator(".jp-OutputArea-output[data-mime-type*='error']").count()
    page.screenshot(path=SHOTS / f"{name}-moved.png", full_page=True)


def check_keyboard(page, name, record):
    controls = page.locator(CONTROLS).all()
    visible = [c for c in controls if c.is_visible()]
    reached = record["reached"] = tab_through(page)
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
        now = text_after(page, described)
        assert now != described, \
            f"{name}: the picture changed with {focused['name']!r}, its text did not: {now!r}"
        described, changed = now, changed + 1
    assert changed >= 2, f"{name}: only {changed} controls could be used by keyboard"
    page.screenshot(path=SHOTS / f"a11y-{name}.png", full_page=True)


def test_explorer_page_renders_without_code_and_every_control_redraws(explorer_visit):
    visit = explorer_visit
    visit.result("text")
    visit.result("moves")
    assert not visit.script_errors, f"script errors: {visit.script_errors}"
    serious = [m for m in visit.console_errors if not HARMLESS_CONSOLE.search(m)]
    assert not serious, f"console errors: {serious}"


def test_explorer_page_fetches_nothing_from_another_origin(explorer_visit):
    visit = explorer_visit
    visit.result("load")
    assert not visit.off_origin, f"{visit.name} asked another origin for: {visit.off_origin}"
    if "moved" not in visit.records["moves"]:
        visit.reraise("moves")  # not every control was moved: the page was not fully exercised
    visit.result("settle")


def test_explorer_page_is_accessible(explorer_visit):
    explorer_visit.result("axe")
    explorer_visit.result("keyboard")


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


def test_a_visitor_cannot_run_code_in_an_explorer_kernel(page, explorer_app, tmp_path):
    sockets = []
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
