"""End to end in a real browser: what a person sees in JupyterLab, in headless Chromium.

The session's JupyterLab (tests/conftest.py) serves a throw-away copy of the course, on which
`python -m autograder demo` grades the demo class in the background. In the browser:
- every solution notebook runs all its cells without an error, shows its "✓" check lines,
  renders its widgets, and a slider moved with the keyboard redraws the widget's plot;
- every student notebook is opened once (the fixture `student_visit`), and its three tests read
  that visit:
  - its first exercise is a stub; running up to the first check shows the friendly "not
    implemented yet" message; nbgrader's Validate button is in the toolbar (and, clicked in the
    first notebook, reports the same message) (..._shows_the_exercise_and_the_not_implemented_hint);
  - its explorer says which function to write while the exercises are stubs, and draws once the
    solutions are pasted into their answer cells (test_student_explorer_...);
  - run top to bottom (up to its first unsolved exercise), then through the steps above, it asks
    no other origin for anything (..._fetches_nothing_from_another_origin);
- nbgrader's formgrader (Nbgrader → Formgrader) lists the demo students with their scores.
Screenshots land in artifacts/browser/, the student explorers' (and a failed off-origin run's) in
artifacts/explorers/. Needs /usr/bin/chromium (Debian `chromium`) and `playwright` (pip);
skipped with the reason where either is missing (the fixture `browser`).
"""

import csv
import re
from collections import defaultdict

import pytest
from playwright.sync_api import TimeoutError as PageTimeout
from playwright.sync_api import expect

from tests.support.browser import POLL_MS, new_page, screenshot_on_failure
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
from tests.support.pagecheck import OffOrigin
from tests.support.visits import Visit
from tests.support.voila import PLOT, PLOT_ID

# the demo class is graded in the background while the notebooks are tested
pytestmark = pytest.mark.usefixtures("demo_class")

SHOTS = REPO / "artifacts" / "browser"
EXPLORER_SHOTS = REPO / "artifacts" / "explorers"  # the student explorers' shots, by the app's
FAILED = "This redraw failed"  # an explorer's message when a redraw raised
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
                               arg=[slider.element_handle(), state], timeout=5_000, polling=POLL_MS)
    except PageTimeout:
        return False  # at the end of its range
    try:
        page.wait_for_function(
            f"""([tag, src]) => {{
                const id = ({PLOT_ID})(
                    document.querySelector(`[data-browser-test='${{tag}}'] {PLOT}`));
                return !!id && id !== src;
            }}""", arg=[tag, src], timeout=TIMEOUT, polling=POLL_MS)
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


# ---- student notebooks: one visit each, three tests ------------------------------------------

FIRST_NEEDED = {"01": "gradient_descent", "02": "add_mul_graph", "03": "sigmoid",
                "04": "mse_loss", "05": "forward_sigmoid_net", "06": "softmax",
                "07": "iterate_minibatches", "08": "backward"}


@pytest.fixture(scope="module", params=RELEASES, ids=lambda p: p.parent.name)
def student_visit(request, browser, lab, demo_class):
    """One visit of a student notebook in JupyterLab, for its three tests. The off-origin
    recorder is attached before the page loads; then, in this order: the stub is read; Run All
    goes up to the first unsolved exercise; the cells up to the first check are run and its hint
    read (and nbgrader's Validate clicked, in the first notebook); the explorer is run, then the
    solutions are pasted and it is run again. The kernels are shut down before the tests read it."""
    # The demo releases every assignment again into notebooks/ of the course this JupyterLab
    # serves: while a folder is briefly gone, the file browser opens a "Directory not found"
    # dialog over the cells. The solution notebooks (solutions/) run meanwhile.
    demo_class.result()
    release = request.param
    part, name = release.parent.name, f"student-{release.parent.name}"
    SHOTS.mkdir(parents=True, exist_ok=True)
    try:
        with new_page(browser) as page:
            off = OffOrigin(page.context, lab.base)
            visit = Visit(page, name)
            visit.release = release
            hint, offline = (SHOTS, name), (EXPLORER_SHOTS, f"offline-lab-{part}")
            explorer, needs = (EXPLORER_SHOTS, name), ("load",)
            relpath = release.relative_to(REPO).as_posix()
            visit.step("load", lambda _: open_notebook(page, lab, relpath, workspace=name),
                       shot=hint)
            nb = read(release)
            visit.step("stub", lambda _: check_stub(page, nb), shot=hint, needs=needs)
            visit.step("run-all", lambda _: run_all(page), shot=offline, needs=needs)
            visit.step("hint", lambda _: check_hint(page, nb, name, release), shot=hint,
                       needs=needs)
            visit.step("explorer", lambda _: check_explorer(page, nb, name, release),
                       shot=explorer, needs=needs)
            visit.step("settle", lambda _: page.wait_for_load_state("networkidle"),
                       shot=offline, needs=needs)
            visit.off_origin, visit.script_errors = list(off.requests), list(page.script_errors)
    finally:
        lab.shutdown_kernels()
    yield visit


def first_answer(nb):
    return next(i for i, c in enumerate(nb.cells) if is_answer(c) and c.cell_type == "code")


def check_stub(page, nb):
    stub = page.locator(CELLS).nth(first_answer(nb)).locator(".cm-content").text_content()
    assert "raise NotImplementedError" in stub and "def " in stub, stub


def run_all(page):
    count = page.locator(CELLS).count()
    menu(page, "Run", "runmenu:run-all")
    wait_executed(page, range(count))  # or up to the first unsolved exercise's error


def check_hint(page, nb, name, release):
    answer = first_answer(nb)
    first_check = next(i for i in code_indices(nb, is_visible_check) if i > answer)
    cells = page.locator(CELLS)
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
    validate.click()  # saves the notebook first: before any solution is pasted
    dialog = page.locator(".jp-Dialog")
    try:
        expect(dialog).to_contain_text("not implemented yet", timeout=300_000)
        page.screenshot(path=SHOTS / f"{name}-validate.png")
    finally:  # the dialog would cover the cells the explorer's step clicks
        if dialog.count():
            dialog.locator(".jp-Dialog-footer button").last.click()  # its OK
            expect(dialog).to_have_count(0)


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


def check_explorer(page, nb, name, release):
    solutions = read(next(s for s in SOURCES if s.name == release.name))
    explorer = next(i for i, c in enumerate(nb.cells)
                    if c.cell_type == "code" and WIDGET_GUARD in c.source
                    and "autograder.student.explore" in c.source)
    answers = [i for i, c in enumerate(nb.cells[:explorer])
               if is_answer(c) and c.cell_type == "code"]
    # what the explorer needs: the imports, the given functions and data, the answer cells
    # (demonstrations in between would only cost time)
    needed = [i for i, c in enumerate(nb.cells[:explorer]) if c.cell_type == "code"
              and re.search(r"^(import |from |def )", c.source, re.M) and not is_graded(c)]
    cells = page.locator(CELLS)
    for i in needed:  # Run All would stop at the first failing check
        run_cell(page, i)
    widget = run_cell(page, explorer)
    expected = f"Write {FIRST_NEEDED[release.parent.name[:2]]}"
    expect(widget.locator(".widget-html", has_text=expected).first).to_be_visible()
    assert not widget.locator(PLOT).first.is_visible(), "a plot beside the message"
    widget.screenshot(path=EXPLORER_SHOTS / f"{name}-before.png")

    for i in answers:
        paste(page, cells.nth(i), solution_code(solutions.cells[i].source))
        run_cell(page, i)
    run_cell(page, explorer)
    widget.locator(PLOT).first.wait_for()
    page.wait_for_function(
        f"([sel, i]) => !!({PLOT_ID})(document.querySelectorAll(sel)[i].querySelector("
        f"'{PLOT}'))", arg=[CELLS, explorer], timeout=TIMEOUT, polling=POLL_MS)
    expect(widget.locator(PLOT).first).to_be_visible()
    assert "Write " not in widget.locator(".jupyter-widgets").first.inner_text()
    assert FAILED not in widget.inner_text()
    widget.scroll_into_view_if_needed()
    widget.screenshot(path=EXPLORER_SHOTS / f"{name}-after.png")


def test_student_notebook_shows_the_exercise_and_the_not_implemented_hint(student_visit):
    student_visit.result("stub")
    student_visit.result("hint")


def test_student_explorer_names_the_function_then_runs_the_pasted_solution(student_visit):
    visit = student_visit
    visit.result("explorer")
    assert not visit.script_errors, f"script errors: {visit.script_errors}"


def test_student_notebook_in_jupyterlab_fetches_nothing_from_another_origin(student_visit):
    visit = student_visit
    visit.result("load")
    assert not visit.off_origin, f"{visit.release.name} in JupyterLab asked another origin for: " \
                                 f"{visit.off_origin}"
    visit.result("run-all")
    visit.result("settle")


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
