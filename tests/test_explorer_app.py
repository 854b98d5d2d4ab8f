"""The explorers in a real browser (headless Chromium): the Voilà app and the student notebooks.

- The app starts from the README's command (on a free port) and lists every explorer; each page
  renders its text and widget with no code visible, every control changes the plot, and nothing
  errors. Screenshots land in artifacts/explorers/.
- In JupyterLab, each student notebook's explorer says which function to write while the
  exercises are stubs, and draws once the solutions are pasted into their answer cells.
Needs /usr/bin/chromium and playwright, like tests/test_browser.py (the fixture `browser`).
"""

import re

import pytest
from playwright.sync_api import expect

from tests.support.browser import new_page, screenshot_on_failure
from tests.support.course import RELEASES, REPO, SOURCES, read
from tests.support.lab import CELLS, open_notebook, run_cell
from tests.support.voila import APPS, PLOT, PLOT_ID, TIMEOUT, move_every_control

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


# ---- the app -------------------------------------------------------------------------------

def test_the_app_lists_every_explorer(page, explorer_app):
    page.goto(explorer_app.base + "/")
    for name in APPS:
        expect(page.get_by_text(f"{name}.ipynb", exact=True)).to_be_visible()
    page.screenshot(path=SHOTS / "app-tree.png")
    assert len(APPS) == 8


@pytest.mark.parametrize("name", APPS)
def test_explorer_page_renders_without_code_and_every_control_redraws(page, explorer_app, name):
    source = (REPO / "explorers" / f"{name}.ipynb")
    code = [c.source for c in read(source).cells if c.cell_type == "code"]
    with screenshot_on_failure(page, SHOTS, f"app-{name}"):
        page.goto(f"{explorer_app.base}/voila/render/{name}.ipynb", timeout=120_000)
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


@pytest.fixture
def lab_page(page, lab):
    """A page on the session's JupyterLab; the kernels it started are shut down afterwards."""
    yield page
    lab.shutdown_kernels()


def solution_code(source_cell):
    """An answer cell as the student would write it: the solution without nbgrader's markers."""
    return re.sub(r"^\s*### (BEGIN|END) SOLUTION\n", "", source_cell, flags=re.M)


def paste(page, cell, code):
    """Replace the cell's text, as a person pasting the solution would."""
    editor = cell.locator(".cm-content")
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(code)
    page.keyboard.press("Escape")


@pytest.mark.parametrize("release", RELEASES, ids=lambda p: p.parent.name)
def test_student_explorer_names_the_function_then_runs_the_pasted_solution(lab_page, lab,
                                                                          release):
    page = lab_page
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
    with screenshot_on_failure(page, SHOTS, name):
        open_notebook(page, lab, release.relative_to(REPO).as_posix(), workspace=name)
        cells = page.locator(CELLS)
        for i in needed:  # Run All would stop at the first failing check
            run_cell(page, i)
        widget = run_cell(page, explorer)
        expected = f"Write {FIRST_NEEDED[release.parent.name[:2]]}"
        expect(widget.locator(".widget-html", has_text=expected).first).to_be_visible()
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
        expect(widget.locator(PLOT).first).to_be_visible()
        assert "Write " not in widget.locator(".jupyter-widgets").first.inner_text()
        assert FAILED not in widget.inner_text()
        widget.scroll_into_view_if_needed()
        widget.screenshot(path=SHOTS / f"{name}-after.png")
    assert not page.script_errors, f"script errors: {page.script_errors}"
