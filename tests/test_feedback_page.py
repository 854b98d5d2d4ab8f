"""A student reads their HTML feedback in JupyterLab, 1400 px wide, in headless Chromium.

The page is a real one: the demo class's partly wrong student, graded by the session's
`python -m autograder demo` (tests/conftest.py) in the course the session's JupyterLab serves.
It is opened as a student opens fetched feedback: the Assignments tab's "(view feedback)" only
takes the file browser to the feedback's folder, so the test goes there and double-clicks the
page, which JupyterLab shows in its HTML viewer. Then:
- the hint of a failed check is shown whole under its cell: every word of it lies within the
  visible width, nothing scrolls sideways, and no word is cut across two lines;
- the top of the page lists that failed check under a heading, with its points lost and the same
  hint, and its link brings the check's cell into view;
- nothing is fetched from another origin.
Screenshots in artifacts/feedback/.
"""

import re

from playwright.sync_api import TimeoutError as PageTimeout

from tests.support.browser import new_page, screenshot_on_failure
from tests.support.course import REPO, read
from tests.support.pagecheck import OffOrigin

STUDENT, ASSIGNMENT = "demo-partly-wrong", "01_gradient_descent"
PAGE = f"{ASSIGNMENT}.html"
WIDTH, HEIGHT = 1400, 900
SHOTS = REPO / "artifacts" / "feedback"

# How the text of `el` lies on screen: the box of every word (of each piece of a word cut across
# lines), the horizontal span in which they can be seen (the frame's viewport, narrowed by every
# ancestor that clips or scrolls), which of the element and its ancestors scroll sideways, and
# which words are cut across two lines.
LAYOUT_JS = """el => {
    const vw = document.documentElement.clientWidth;
    let left = 0, right = vw;
    const scrolling = [];
    for (let e = el; e; e = e.parentElement) {
        const clips = e === el || getComputedStyle(e).overflowX !== 'visible';
        if (clips && e !== document.documentElement) {
            const r = e.getBoundingClientRect();
            left = Math.max(left, r.left + e.clientLeft);
            right = Math.min(right, r.left + e.clientLeft + e.clientWidth);
        }
        if (e.scrollWidth > e.clientWidth + 1 && (clips || e === document.documentElement))
            scrolling.push(`${e.tagName}.${e.className} ${e.scrollWidth} > ${e.clientWidth}`);
    }
    const boxes = [], split = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const m of node.data.matchAll(/\\S+/g)) {
            const word = document.createRange();
            word.setStart(node, m.index);
            word.setEnd(node, m.index + m[0].length);
            const rects = [...word.getClientRects()].filter(r => r.width > 0);
            rects.forEach(r => boxes.push({word: m[0], left: r.left, right: r.right,
                                           top: r.top, bottom: r.bottom}));
            if (new Set(rects.map(r => Math.round(r.top))).size > 1) split.push(m[0]);
        }
    }
    return {left, right, height: document.documentElement.clientHeight, boxes, scrolling, split,
            text: el.innerText, scrollX: window.scrollX};
}"""

# the element that shows a check's output under its cell (nbgrader marks the cell with an
# anchor named after the check's grade_id)
CHECK_CELL_JS = "id => document.querySelector(`a[name='${id}']`).closest('.cell')"
HINT_UNDER_CELL_JS = f"id => ({CHECK_CELL_JS})(id).querySelector('.output_error pre')"
# true once the check's cell and its hint are both in the frame's view (the page scrolled)
CELL_IN_VIEW_JS = f"""id => {{
    const a = document.querySelector(`a[name='${{id}}']`);
    if (!a || window.scrollY === 0) return false;
    const cell = ({CHECK_CELL_JS})(id);
    const top = cell.querySelector('.nbgrader_cell').getBoundingClientRect().top;
    const bottom = cell.querySelector('.output_error').getBoundingClientRect().bottom;
    return top >= -2 && bottom <= innerHeight;
}}"""
SCROLL_TO_JS = "el => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 150)"


def first_failed_check(course_root):
    """(grade_id, points, hint) of the first check with an error in the graded notebook."""
    graded = read(course_root / "autograded" / STUDENT / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    for cell in graded.cells:
        grading = cell.metadata.get("nbgrader", {})
        errors = [o for o in cell.get("outputs", []) if o.output_type == "error"]
        if grading.get("grade") and not grading.get("solution") and errors:
            return grading["grade_id"], float(grading["points"]), errors[0].evalue
    raise AssertionError(f"{STUDENT} failed no check of {ASSIGNMENT}: the demo changed")


def words(text):
    return " ".join(text.split())


def assert_whole_on_screen(layout, what):
    """Every word of the text lies within the visible width and height, nothing scrolls
    sideways, no word is cut in two."""
    boxes = layout["boxes"]
    outside = [b for b in boxes
               if b["left"] < layout["left"] - 1 or b["right"] > layout["right"] + 1]
    assert not outside, (f"{what}: {len(outside)} of {len(boxes)} words reach past the visible "
                         f"width {layout['left']:.0f}..{layout['right']:.0f} px, from "
                         f"{outside[0]['word']!r} on (first cut at {outside[0]['right']:.0f} px); "
                         f"the text: {layout['text']!r}")
    assert not layout["scrolling"], f"{what} scrolls sideways: {layout['scrolling']}"
    assert layout["scrollX"] == 0, f"{what}: the page was scrolled sideways"
    off_screen = [b["word"] for b in boxes if b["top"] < 0 or b["bottom"] > layout["height"]]
    assert not off_screen, f"{what}: words above or below the frame's view: {off_screen}"
    assert not layout["split"], f"{what}: words cut across two lines: {layout['split']}"


def open_feedback_in_jupyterlab(page, lab):
    """The student's way in: the file browser at the feedback's folder, a double click on the
    page; returns the HTML viewer's iframe element."""
    page.goto(lab.url(f"lab/workspaces/feedback/tree/feedback/{STUDENT}/{ASSIGNMENT}"))
    page.locator(".jp-DirListing-item", has_text=PAGE).dblclick()
    iframe = page.wait_for_selector(".jp-HTMLViewer iframe")
    iframe.content_frame().wait_for_selector(".output_error pre")
    return iframe


def test_a_failed_checks_hint_is_read_whole_at_1400px_and_listed_at_the_top(browser, lab,
                                                                               demo_class):
    code, output = demo_class.result()
    assert code == 0, f"autograder demo failed:\n{output}"
    grade_id, points, hint = first_failed_check(demo_class.course.root)
    SHOTS.mkdir(parents=True, exist_ok=True)
    with new_page(browser, width=WIDTH, height=HEIGHT) as page, \
            screenshot_on_failure(page, SHOTS, "feedback-1400"):
        off = OffOrigin(page.context, lab.base)
        iframe = open_feedback_in_jupyterlab(page, lab)
        frame = iframe.content_frame()
        box = iframe.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, f"the viewer's frame: {box}"

        # under the cell: the whole hint, no sideways scrolling
        under = frame.evaluate_handle(HINT_UNDER_CELL_JS, grade_id)
        frame.evaluate(SCROLL_TO_JS, under)
        layout = frame.evaluate(LAYOUT_JS, under)
        assert words(hint) in words(layout["text"]), \
            f"the hint under {grade_id} reads {layout['text']!r}, not {hint!r}"
        assert_whole_on_screen(layout, f"the hint under {grade_id}")
        assert len({round(b["top"]) for b in layout["boxes"]}) >= 2, \
            f"the hint of {grade_id} fits one line at {WIDTH} px: it proves nothing about wrapping"
        page.screenshot(path=SHOTS / "feedback-hint-1400.png")

        # at the top: the failed check, its points lost, its hint and a link to its cell
        frame.evaluate("() => window.scrollTo(0, 0)")
        link = frame.locator(f"a[href='#{grade_id}']")
        item = frame.locator("li", has=link).filter(has_text=hint[:60])
        assert item.count() == 1, (f"the top of the page does not list {grade_id} with its hint; "
                                   f"it starts: {frame.locator('body').inner_text()[:600]!r}")
        summary = item.evaluate("""li => {
            const list = li.parentElement, heading = list.previousElementSibling;
            const first = document.querySelector('.cell');
            return {list: list.tagName,
                    heading: heading && /^H[1-6]$/.test(heading.tagName) ? heading.innerText : '',
                    beforeCells: !!(first && (list.compareDocumentPosition(first)
                                              & Node.DOCUMENT_POSITION_FOLLOWING))};
        }""")
        assert summary["list"] in ("UL", "OL") and summary["heading"], \
            f"the failed checks are not a list under a heading: {summary}"
        assert summary["beforeCells"], "the list of failed checks comes after the notebook"
        lost = re.search(r"\blost ([\d.]+) of ([\d.]+) point", item.inner_text())
        assert lost and (float(lost[1]), float(lost[2])) == (points, points), item.inner_text()
        assert link.first.inner_text().strip(), "the link to the cell has no text"
        assert_whole_on_screen(frame.evaluate(LAYOUT_JS, item.element_handle()),
                               f"the top's entry for {grade_id}")
        page.screenshot(path=SHOTS / "feedback-top-1400.png")

        # the link brings the check's cell into view (JupyterLab's viewer reloads the page from
        # its file server at the anchor: an untrusted page runs no script)
        item.locator(f"a[href='#{grade_id}']").click()
        frame = iframe.content_frame()
        try:
            frame.wait_for_function(CELL_IN_VIEW_JS, arg=grade_id, timeout=15_000)
        except PageTimeout:
            raise AssertionError(
                f"the link to {grade_id} did not bring its cell into view: the frame shows "
                f"{frame.url[:80]} scrolled to {frame.evaluate('scrollY')} px") from None
        page.screenshot(path=SHOTS / "feedback-after-link-1400.png")
        assert not off.requests, f"the feedback asked another origin for: {off.requests}"

