"""A class on the course hub, in a real browser (headless Chromium), end to end and timed.

Two students log into the hub, fetch 01_gradient_descent from the Assignments tab, one answers
right and one makes a typical mistake, validate (nbgrader's Validate button) and submit; the
instructor collects, grades with `python -m autograder grade` (sandboxed) and releases
feedback (commands run as the instructor); both students fetch their feedback in the
Assignments tab and read it: the score, and for the wrong answer the hint. Screenshots of each
step land in artifacts/hub/. Needs root (unix accounts), npm (the proxy), /usr/bin/chromium
and Playwright; skipped with the reason where one is missing (the fixtures `hub_machine` and
`browser`).
"""

import contextlib
import re
import time

from autograder.grading.submissions import solutions
from tests.catalogue import catalogues
from tests.support.browser import screenshot_on_failure
from tests.support.course import REPO, read
from tests.support.lab import CELLS, menu, wait_kernel_idle

SHOTS = REPO / "artifacts" / "hub"
ASSIGNMENT = "01_gradient_descent"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"
WRONG = next(a for a in catalogues()[ASSIGNMENT] if a.name == "climbs uphill")
TIMEOUT = 120_000  # ms for one wait on a page: servers start and commands run on a busy machine
SPAWN_TIMEOUT = 240_000  # ms from login to JupyterLab


class Student:
    """One student's browser context on the hub, and what they do in JupyterLab."""

    def __init__(self, browser, hub, name, answer):
        self.hub, self.name, self.answer = hub, name, answer
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000})
        self.context.set_default_timeout(TIMEOUT)
        self.page = self.context.new_page()

    def failing(self, step):
        """A screenshot of this student's page if the block fails."""
        return screenshot_on_failure(self.page, SHOTS, f"{self.name}-{step}")

    def shot(self, step):
        self.page.screenshot(path=SHOTS / f"{self.name}-{step}.png")

    def log_in(self):
        page = self.page
        page.goto(f"{self.hub.base}/hub/login")
        page.fill("#username_input", self.name)
        page.fill("#password_input", self.hub.password)
        self.shot("1-login")
        page.click("#login_submit")
        page.wait_for_url(re.compile(rf"/user/{self.name}/lab"), timeout=SPAWN_TIMEOUT)
        page.wait_for_selector("#jp-main-dock-panel", timeout=SPAWN_TIMEOUT)
        self.shot("2-lab")

    def assignments(self):
        """The Assignments tab (nbgrader's assignment list), opened or brought to the front."""
        menu(self.page, "Nbgrader", "nbgrader:open-assignment-list")
        panel = self.page.locator("#nbgrader-assignment-list")
        panel.wait_for()
        return panel

    def fetch(self):
        panel = self.assignments()
        released = panel.locator("#released_assignments_list .list_item", has_text=ASSIGNMENT)
        released.get_by_role("button", name="Fetch").click()
        fetched = panel.locator("#fetched_assignments_list .list_item", has_text=ASSIGNMENT)
        fetched.first.wait_for()
        self.shot("3-fetched")
        return fetched

    def open_and_answer(self, fetched, answer_index):
        fetched.locator("a.assignment-notebooks-link").first.click()
        self.page.locator("#fetched_assignments_list a:not(.assignment-notebooks-link)",
                          has_text=ASSIGNMENT).first.click()
        self.page.wait_for_selector(CELLS)
        wait_kernel_idle(self.page, TIMEOUT)
        editor = self.page.locator(CELLS).nth(answer_index).locator(".cm-content")
        editor.scroll_into_view_if_needed()
        editor.click()
        self.page.keyboard.press("Control+a")
        self.page.keyboard.insert_text(self.answer)  # pasted: no auto-indent or auto-close
        self.page.keyboard.press("Escape")
        self.page.keyboard.press("Control+s")
        self.page.locator(".lm-TabBar-tab.jp-mod-dirty").wait_for(state="detached")
        self.shot("4-answered")

    def validate(self):
        toolbar = self.page.locator(".jp-NotebookPanel-toolbar")  # the one open notebook
        toolbar.get_by_role("button", name="Validate").click()
        dialog = self.page.locator(".jp-Dialog", has_text="Validation Results")
        dialog.wait_for(timeout=300_000)
        said = dialog.inner_text()
        self.shot("5-validated")
        dialog.get_by_role("button", name="Ok").click()
        return said

    def submit(self):
        panel = self.assignments()
        row = panel.locator("#fetched_assignments_list .list_item", has_text=ASSIGNMENT).first
        row.get_by_role("button", name="Submit").click()
        panel.locator("#submitted_assignments_list .list_item", has_text=ASSIGNMENT).first\
            .wait_for()
        self.shot("6-submitted")

    def fetch_feedback(self):
        panel = self.assignments()
        panel.locator("#refresh_assignments_list").click()
        submitted = panel.locator("#submitted_assignments_list .list_item", has_text=ASSIGNMENT)
        submitted.get_by_role("button", name="Fetch Feedback").click()
        view = panel.get_by_text("(view feedback)")
        view.wait_for()
        self.shot("7-feedback-fetched")
        view.click()
        listing = self.page.locator(".jp-DirListing-item", has_text=f"{ASSIGNMENT}.html")
        listing.dblclick()
        frame = self.page.frame_locator("#jp-main-dock-panel iframe").first
        body = frame.locator("body")
        body.wait_for()
        text = body.inner_text()
        self.shot("8-feedback")
        failed = frame.locator(".output_error, .output_stderr").first
        if failed.count():  # a lost point: show its hint
            failed.scroll_into_view_if_needed()
            self.shot("9-hint")
        return text

    def close(self):
        with contextlib.suppress(Exception):
            self.context.close()


def test_two_students_fetch_submit_and_read_their_feedback_in_the_browser(course_hub, browser):
    SHOTS.mkdir(parents=True, exist_ok=True)
    hub = course_hub.hub
    source = read(REPO / "solutions" / ASSIGNMENT / NOTEBOOK)
    release = read(REPO / "notebooks" / ASSIGNMENT / NOTEBOOK)
    answer_index = next(i for i, c in enumerate(release.cells)
                        if c.metadata.get("nbgrader", {}).get("solution"))
    right = solutions(source)[WRONG.exercise]
    names = hub.students[3:5]
    started, seconds = time.monotonic(), {}
    hub.nbgrader(hub.instructor, "release_assignment", ASSIGNMENT, "--force", cwd=hub.course)
    students = [Student(browser, course_hub, names[0], right),
                Student(browser, course_hub, names[1], WRONG.code)]
    try:
        validation = {}
        for student in students:
            with student.failing("hand-in"):
                student.log_in()
                fetched = student.fetch()
                student.open_and_answer(fetched, answer_index)
                validation[student.name] = student.validate()
                student.submit()
        seconds["log in, fetch, answer, validate, submit (2 students)"] = \
            time.monotonic() - started
        assert "Success" in validation[names[0]], validation[names[0]]
        said = validation[names[1]]
        assert "cell failed" in said and WRONG.hint in said, said

        mark = time.monotonic()
        hub.nbgrader(hub.instructor, "collect", ASSIGNMENT, cwd=hub.course)
        hub.run_as(hub.instructor, hub.venv / "bin" / "python", "-m", "autograder", "grade",
                   ASSIGNMENT, cwd=hub.course)
        hub.nbgrader(hub.instructor, "release_feedback", ASSIGNMENT, cwd=hub.course)
        seconds["collect, grade, release feedback"] = time.monotonic() - mark

        mark = time.monotonic()
        feedback = {}
        for student in students:
            with student.failing("feedback"):
                feedback[student.name] = student.fetch_feedback()
        seconds["fetch and read feedback (2 students)"] = time.monotonic() - mark
    finally:
        for student in students:
            student.close()
    seconds["whole loop"] = time.monotonic() - started
    print("hub browser loop timing:", {k: round(v, 1) for k, v in seconds.items()})

    good, bad = feedback[names[0]], feedback[names[1]]
    total = re.search(r"Score:\s*([\d.]+)\s*/\s*([\d.]+)", good)
    assert total and float(total[1]) == float(total[2]) > 0, good[:1500]
    total = re.search(r"Score:\s*([\d.]+)\s*/\s*([\d.]+)", bad)
    assert total and float(total[1]) < float(total[2]), bad[:1500]
    assert WRONG.hint in bad, bad[:3000]
    assert "✓ gradient_descent" in good
