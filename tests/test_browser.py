"""End to end in a real browser: what a person sees in JupyterLab, in headless Chromium.

The session's JupyterLab (tests/conftest.py) serves a throw-away copy of the course, on which
`python -m autograder demo` grades the demo class in the background. In the browser:
- every solution notebook runs all its cells without an error, shows its "✓" check lines,
  renders its widgets, and a slider moved with the keyboard redraws the widget's plot;
- every student notebook shows its first exercise as a stub; running up to the first check
  shows the friendly "not implemented yet" message; nbgrader's Validate button is in the toolbar
  (and, clicked in the first notebook, reports the same message);
- nbgrader's formgrader (Nbgrader → Formgrader) lists the demo students with their scores.
Screenshots land in artifacts/browser/. Needs /usr/bin/chromium (Debian `chromium`) and
`playwright` (pip); skipped with the reason where either is missing (the fixture `browser`).
"""

import csv
import re
from collections import defaultdict

import pytest
from playwright.sync_api import TimeoutError as PageTimeout
from playwright.sync_api import expect

from tests.support.browser import new_page, screenshot_on_failure
from tests.support.course import RELEASES, REPO, SOURCES, read
from tests.support.lab import (
    CELLS,
    STDOUT,
    errors_shown,
    menu,
    open_notebook,
    run_cell,
    wait_executed,
    wait_kernel_idle,
)
from tests.support.voila import PLOT, PLOT_ID

# the demo class is graded in the background while the notebooks are tested
pytestmark = pytest.mark.usefixtures("demo_class")

SHOTS = REPO / "artifacts" / "browser"
DEMO_STUDENTS = ("demo-full", "demo-untouched", "demo-partly-wrong")
WIDGET_GUARD = "NBGRADER_EXECUTION"  # the course's convention: widget cells carry this guard
TIMEOUT = 60_000  # ms, for any single wait on the page


def code_indices(nb, keep=lambda cell: True):
    return [i for i, c in enumerate(nb.cells)
            if c.cell_type == "code" and c.source.strip() and keep(c)]


def is_graded(cell):
    return cell.metadata.get("nbgrader", {}).get("grade", False)


def is_answer(cell):
    return cell.metadata.get("nbgrader", {}).get("solution", False)


def is_visible_check(cell):
    return is_graded(cell) and "check(" in cell.source and "BEGIN HIDDEN TESTS" not in cell.source


@pytest.fixture
def page(browser, lab):
    """A fresh browser context; its kernels are shut down afterwards."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    with new_page(browser) as page:
        yield page
    lab.shutdown_kernels()


# ---- solution notebooks: run all, no errors, checks pass, widgets respond ----------------------

# what a person reads off a slider widget: the handle's position and the readout
SLIDER_STATE_JS = """w => {
    const h = w.querySelector('[role=slider]');
    const r = w.querySelector('.widget-readout');
    return [h.getAttribute('aria-valuenow'), h.getAttribute('aria-valuetext'),
            r ? r.innerText : ''].join('|');
}"""


def plot_source(page, tag):
    """What identifies the widget's current picture: an image's source, a playground frame's
    number (07's live playground draws SVG frames, not images)."""
    return page.evaluate(
        f"tag => ({PLOT_ID})(document.querySelector(`[data-browser-test='${{tag}}'] {PLOT}`))",
        tag)


def press_and_wait_for_redraw(page, slider, tag, key):
    """Press `key` on the focused slider; True (after the plot redrew) if the slider moved."""
    state, src = slider.evaluate(SLIDER_STATE_JS), plot_source(page, tag)
    page.keyboard.press(key)
    try:
        page.wait_for_function(f"([w, state]) => ({SLIDER_STATE_JS})(w) !== state",
                               arg=[slider.element_handle(), state], timeout=5_000)
    except PageTimeout:
        return False  # at the end of its range
    try:
        page.wait_for_function(
            f"""([tag, src]) => {{
                const id = ({PLOT_ID})(
                    document.querySelector(`[data-browser-test='${{tag}}'] {PLOT}`));
                return !!id && id !== src;
            }}""", arg=[tag, src], timeout=TIMEOUT)
    except PageTimeout:
        moved_to = slider.evaluate(SLIDER_STATE_JS)
        raise AssertionError(f"widget {tag}: the slider moved ({state} -> {moved_to}) but the "
                             f"plot was not redrawn within {TIMEOUT // 1000} s") from None
    return True


def move_slider_and_compare_plots(page, cell, tag, name):
    """Focus the widget's first slider, press arrow keys; the plot must change."""
    cell.evaluate("(e, tag) => e.setAttribute('data-browser-test', tag)", tag)
    widget = cell.locator(".jp-OutputArea-output .jupyter-widgets").first
    plot = cell.locator(PLOT).first
    slider = cell.locator(".widget-slider").first
    slider.scroll_into_view_if_needed()
    before = plot.screenshot()
    widget.screenshot(path=SHOTS / f"{name}-widget-before.png")
    slider.locator("[role=slider]").focus()
    key = next((k for k in ("ArrowRight", "ArrowLeft")
                if press_and_wait_for_redraw(page, slider, tag, k)), None)
    assert key, f"{name}: the first slider of widget {tag} does not move with the arrow keys"
    for _ in range(2):
        press_and_wait_for_redraw(page, slider, tag, key)
    wait_kernel_idle(page)
    after = plot.screenshot()
    widget.screenshot(path=SHOTS / f"{name}-widget-after.png")
    assert after != before, f"{name}: moving a slider of widget {tag} left the plot unchanged"


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.parent.name)
def test_solution_notebook_runs_in_jupyterlab_and_its_widgets_respond(page, lab, source):
    name = source.parent.name
    nb = read(source)
    with screenshot_on_failure(page, SHOTS, name):
        open_notebook(page, lab, source.relative_to(REPO).as_posix(), workspace=name)
        cells = page.locator(CELLS)
        assert cells.count() == len(nb.cells), "not every cell is in the page"
        menu(page, "Run", "runmenu:run-all")
        wait_executed(page, code_indices(nb))

        errors = errors_shown(page)
        assert not errors, f"{name}: error output in the page:\n" + "\n---\n".join(errors)
        assert not page.locator(".jp-OutputArea-output", has_text="Error displaying widget").count()

        for i in code_indices(nb, is_visible_check):
            check_line = cells.nth(i).locator(STDOUT).filter(has_text=re.compile(r"^✓"))
            expect(check_line).to_be_visible()

        widget_cells = code_indices(nb, lambda c: WIDGET_GUARD in c.source)
        moved = 0
        for i in widget_cells:
            cell = cells.nth(i)
            cell.locator(".jp-OutputArea-output .jupyter-widgets").first.wait_for()
            if cell.locator(".widget-slider [role=slider]").count():
                cell.locator(PLOT).first.wait_for()
                move_slider_and_compare_plots(page, cell, str(i), f"{name}-cell{i}")
                moved += 1
        if widget_cells:
            assert moved, f"{name}: no widget with a slider and a plot"
            cells.nth(widget_cells[0]).scroll_into_view_if_needed()
        page.screenshot(path=SHOTS / f"{name}.png")
        assert not errors_shown(page), "the widgets wrote an error"
        assert not page.script_errors, f"script errors in the page: {page.script_errors}"


# ---- student notebooks: the exercise, the friendly message, nbgrader's Validate ---------------

@pytest.mark.parametrize("release", RELEASES, ids=lambda p: p.parent.name)
def test_student_notebook_shows_the_exercise_and_the_not_implemented_hint(page, lab, release):
    name = f"student-{release.parent.name}"
    nb = read(release)
    answer = next(i for i, c in enumerate(nb.cells) if is_answer(c) and c.cell_type == "code")
    first_check = next(i for i in code_indices(nb, is_visible_check) if i > answer)
    with screenshot_on_failure(page, SHOTS, name):
        open_notebook(page, lab, release.relative_to(REPO).as_posix(), workspace=name)
        cells = page.locator(CELLS)
        stub = cells.nth(answer).locator(".cm-content").text_content()
        assert "raise NotImplementedError" in stub and "def " in stub, stub

        for i in code_indices(nb, lambda c: not is_graded(c)):
            if i < answer:
                run_cell(page, i)
        run_cell(page, answer)
        assert not cells.nth(answer).locator(".jp-OutputArea-output").count()
        check = run_cell(page, first_check)
        message = check.locator(".jp-OutputArea-output").inner_text()
        assert "not implemented yet" in message and "answer cell above" in message, message
        page.screenshot(path=SHOTS / f"{name}.png")

        toolbar = page.locator(".jp-NotebookPanel-toolbar")
        validate = toolbar.get_by_role("button", name="Validate")
        expect(validate).to_be_visible()
        if release != RELEASES[0]:
            return  # one click shows that nbgrader's server side answers; each costs a full run
        validate.click()
        dialog = page.locator(".jp-Dialog")
        expect(dialog).to_contain_text("not implemented yet", timeout=300_000)
        page.screenshot(path=SHOTS / f"{name}-validate.png")


# ---- instructors: the demo class in nbgrader's formgrader -------------------------------------

def demo_totals(course_root):
    """Per demo student: (score, max score) summed over assignments, from grades.csv."""
    totals = defaultdict(lambda: [0.0, 0.0])
    with open(course_root / "grades.csv") as f:
        for row in csv.DictReader(f):
            totals[row["student"]][0] += float(row["score"])
            totals[row["student"]][1] += float(row["max_score"])
    return totals


def column(frame, title):
    """Index of the formgrader table's column headed `title`."""
    headers = frame.locator("table thead th")
    headers.first.wait_for()
    return [h.strip() for h in headers.all_inner_texts()].index(title)


def test_formgrader_lists_the_demo_class_and_their_scores(page, lab, demo_class):
    course = demo_class.course
    code, output = demo_class.result()
    assert code == 0, f"autograder demo failed:\n{output}"
    expected = demo_totals(course.root)
    assert set(expected) == set(DEMO_STUDENTS)
    with screenshot_on_failure(page, SHOTS, "formgrader"):
        page.goto(lab.url("lab/workspaces/formgrader"))
        menu(page, "Nbgrader", "nbgrader:open-formgrader")
        frame = page.frame_locator("iframe[src*='formgrader']")
        assignments = frame.locator("table tbody tr")
        for assignment in course.assignments():
            row = assignments.filter(has_text=assignment)
            expect(row).to_have_count(1)
            submissions = row.locator("td").nth(column(frame, "# Submissions"))
            expect(submissions).to_have_text(str(len(DEMO_STUDENTS)))
        page.screenshot(path=SHOTS / "formgrader-assignments.png")

        frame.get_by_role("link", name="Manage Students").first.click()
        students = frame.locator("table tbody tr")
        for student, (score, max_score) in expected.items():
            row = students.filter(has_text=student)
            expect(row).to_have_count(1)
            score_cell = row.locator("td").nth(column(frame, "Overall Score"))
            shown = re.fullmatch(r"\s*([\d.]+)\s*/\s*([\d.]+)\s*", score_cell.inner_text())
            assert shown, f"{student}: no score in {row.inner_text()!r}"
            assert (float(shown[1]), float(shown[2])) == pytest.approx((score, max_score),
                                                                       abs=0.01), student
        page.screenshot(path=SHOTS / "formgrader-students.png")
