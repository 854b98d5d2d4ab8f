"""After grading: the class report, the table's mistakes, grades.csv over every assignment, the
similarity page — on a class graded by real `python -m autograder grade` runs, and the pages
opened in headless Chromium (screenshots in artifacts/report/).

One course for the module: 01 graded for one student first (so grades.csv must keep it), then
a class of 05 (two students with the same transposed-W mistake, one summing over the batch, a
correct variant and its disguised copy, an untouched notebook, a corrupt file).
"""

import csv
import re
from urllib.parse import unquote, urlparse

import pytest

from autograder.grading.submissions import fill, solutions, submit
from tests.catalogue import catalogues
from tests.support.browser import new_page
from tests.support.copied_class import disguised, with_docstring
from tests.support.course import GRADE_FLAGS, REPO, autograder, make_course, read
from tests.support.pagecheck import OffOrigin, axe_violations, blocking

pytestmark = pytest.mark.grading

ASSIGNMENT, NAME = "05_deep_delta", "05_deep_delta.ipynb"
SHOTS = REPO / "artifacts" / "report"


def attempt(exercise, name):
    return next(a for a in catalogues()[ASSIGNMENT] if a.exercise == exercise and a.name == name)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = make_course(tmp_path_factory.mktemp("report"))
    first = read(course.solutions / "01_gradient_descent" / "01_gradient_descent.ipynb")
    release01 = course.release_notebook("01_gradient_descent", "01_gradient_descent.ipynb")
    submit(course, "full", "01_gradient_descent",
           {"01_gradient_descent.ipynb": fill(release01, solutions(first))})
    autograder(course, "grade", "01_gradient_descent", *GRADE_FLAGS)

    release = course.release_notebook(ASSIGNMENT, NAME)
    starter = {c.metadata.nbgrader["grade_id"]: c.source for c in release.cells
               if c.metadata.get("nbgrader", {}).get("solution")}
    answers = solutions(read(course.solutions / ASSIGNMENT / NAME))
    variant = {a.exercise: with_docstring(a.code, a.exercise, starter[a.exercise])
               for a in catalogues()[ASSIGNMENT] if a.correct}
    transposed = attempt("backprop_delta", "W_next not transposed").code
    class_ = {
        "full": answers,
        "variant": variant,
        "variant-copy": {e: disguised(code, "all") for e, code in variant.items()},
        "transposed-1": answers | {"backprop_delta": transposed},
        "transposed-2": answers | {"backprop_delta": transposed,
                                   "forward_sigmoid_net": attempt("forward_sigmoid_net",
                                                                  "forgets H_0 = X").code},
        "sum-batch": answers | {"backward_sigmoid_net": attempt("backward_sigmoid_net",
                                                                "sum over the batch").code},
        "untouched": {},
    }
    for student, filled in class_.items():
        submit(course, student, ASSIGNMENT, {NAME: fill(release, filled)})
    submit(course, "broken", ASSIGNMENT, {NAME: '{"cells": [ oops'})
    output = autograder(course, "grade", ASSIGNMENT, *GRADE_FLAGS)
    return course, output


def page_of(course):
    return (course.root / "reports" / ASSIGNMENT / "index.html").read_text(encoding="utf-8")


def text_of(html_text):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html_text))


def test_the_table_names_the_mistake(graded):
    course, output = graded
    line = next(x for x in output.splitlines() if x.startswith("transposed-2 "))
    assert "backprop_delta: " in line and "needs a transpose" in line
    assert "forward_sigmoid_net: " in line and "H_0 = X" in line
    assert "test_" not in line and "lost points on" not in line
    assert "not a readable notebook" in next(x for x in output.splitlines()
                                             if x.startswith("broken "))
    assert f"report: {course.root / 'reports' / ASSIGNMENT / 'index.html'}" in output


def test_the_report_counts_each_mistake_and_links_the_students_feedback(graded):
    course, _ = graded
    page = page_of(course)
    text = text_of(page)
    transposed = attempt("backprop_delta", "W_next not transposed").hint
    assert re.search(r"2 of 8 [^<]*" + re.escape(transposed), text), text[:3000]
    assert "backprop_delta: 4 of 8 pass" in text  # full, variant, its copy, sum-batch
    # the solution's backward pass calls backprop_delta: the transposed W fails it too
    assert "backward_sigmoid_net: 3 of 8 pass" in text
    assert re.search(r"1 of 8 [^<]*missing 1/M", text)
    links = re.findall(r'href="(\.\./\.\./feedback/[^"]+)"', page)
    assert "../../feedback/transposed-1/05_deep_delta/05_deep_delta.html" in links
    for link in set(links) - {"../../feedback/broken/05_deep_delta/05_deep_delta.html"}:
        assert (course.root / "reports" / ASSIGNMENT / link).resolve().is_file(), link
    # self-contained: the charts are inside the page, nothing is fetched from elsewhere
    assert page.count('src="data:image/png;base64,') == 2
    assert not re.search(r'(src|href)="(https?:)?//', page) and "<script" not in page
    index = (course.root / "reports" / "index.html").read_text()
    assert 'href="05_deep_delta/index.html"' in index
    assert 'href="01_gradient_descent/index.html"' in index


def test_grades_csv_keeps_every_assignment_graded(graded):
    course, _ = graded
    with open(course.root / "grades.csv", newline="") as f:
        rows = {(r["assignment"], r["student"]): r for r in csv.DictReader(f)}
    assert rows["01_gradient_descent", "full"]["score"] == rows["01_gradient_descent",
                                                                "full"]["max_score"]
    assert rows["05_deep_delta", "full"]["submitted"] == "yes"
    assert rows["01_gradient_descent", "transposed-1"]["submitted"] == "no"
    assert "not a readable notebook" in rows["05_deep_delta", "broken"]["problem"]
    assert "test_backprop_delta" in rows["05_deep_delta", "transposed-1"]["failed"]
    assert len(rows) == 2 * 8  # two assignments, eight students in the gradebook


def test_the_similarity_command_finds_the_disguised_copy(graded):
    course, _ = graded
    output = autograder(course, "similarity", ASSIGNMENT)
    pairs = [line.split()[1:3] for line in output.splitlines() if line.startswith("  ") and "%"
             in line]
    assert ["variant", "variant-copy"] in pairs
    assert ["full", "variant"] not in pairs and ["full", "variant-copy"] not in pairs
    assert "not compared: broken" in output


# ---- in the browser ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def page(graded, browser):
    SHOTS.mkdir(parents=True, exist_ok=True)
    with new_page(browser, width=1200, height=900, timeout=30_000) as page:
        yield page


def test_the_report_opens_in_a_browser_and_links_to_feedback(graded, page):
    course, _ = graded
    page.goto((course.root / "reports" / "index.html").as_uri())
    page.screenshot(path=SHOTS / "index.png", full_page=True)
    page.click(f"text={ASSIGNMENT}")
    page.wait_for_selector("h1")
    assert page.locator("h1").inner_text() == f"{ASSIGNMENT}: the class report"
    images = page.locator("img")
    assert images.count() == 2
    for i in range(2):  # the charts decoded and drawn, not broken images
        assert images.nth(i).evaluate("img => img.complete && img.naturalWidth") > 300
    mistake = page.locator("tr", has_text="needs a transpose").first
    assert mistake.locator("td.count").inner_text() == "2 of 8"
    page.screenshot(path=SHOTS / "assignment.png", full_page=True)
    mistake.locator("a", has_text="transposed-1").click()
    page.wait_for_load_state()
    assert unquote(urlparse(page.url).path).endswith("feedback/transposed-1/05_deep_delta/"
                                                     "05_deep_delta.html")
    assert "needs a transpose" in page.content()
    page.screenshot(path=SHOTS / "feedback-from-report.png")


def test_the_similarity_page_shows_the_matching_lines_side_by_side(graded, page):
    course, _ = graded
    autograder(course, "similarity", ASSIGNMENT)
    page.goto((course.root / "reports" / ASSIGNMENT / "similarity.html").as_uri())
    page.click("text=variant-copy")  # the table row's link target is the pair's section
    grid = page.locator(".grid").first
    left, right = grid.locator("pre").nth(0), grid.locator("pre").nth(1)
    assert left.bounding_box()["x"] < right.bounding_box()["x"]  # side by side
    assert abs(left.bounding_box()["y"] - right.bounding_box()["y"]) < 2
    assert left.locator("span.match").count() > 0 and right.locator("span.match").count() > 0
    page.screenshot(path=SHOTS / "similarity.png", full_page=True)


@pytest.mark.browser
def test_the_pages_after_grading_fetch_nothing_elsewhere_and_pass_axe(graded, page):
    """The class report, its index, the similarity page and a student's HTML feedback: no
    request to another origin, no serious or critical axe-core violation (artifacts/a11y/)."""
    course, _ = graded
    autograder(course, "similarity", ASSIGNMENT)
    reports, feedback = course.root / "reports", course.root / "feedback"
    pages = {"report-index": reports / "index.html",
             "class-report": reports / ASSIGNMENT / "index.html",
             "similarity": reports / ASSIGNMENT / "similarity.html",
             "feedback": feedback / "transposed-1" / ASSIGNMENT / NAME.replace(".ipynb", ".html")}
    fetched, violations = {}, {}
    off = OffOrigin(page.context)
    try:
        for name, path in pages.items():
            off.requests.clear()
            page.goto(path.as_uri())
            page.wait_for_load_state("networkidle")
            if off.requests:
                fetched[name] = list(off.requests)
            violations[name] = blocking(axe_violations(page, name))
    finally:
        off.close()
    assert not fetched, f"requests to another origin: {fetched}"
    assert not any(violations.values()), f"axe: {violations}"
