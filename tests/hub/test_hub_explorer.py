"""The explorer app as the course hub's service, opened by a student in headless Chromium.

A student logs into the hub and opens /services/explorer/: the app's list of pages, then an
explorer page that draws, redraws when a slider moves by keyboard, and asks no other origin for
anything. Without a login the address sends the visitor to the hub's login page. The service's
copy of the course (it holds the reference) is closed to students. The memory the service's
processes take per open page is printed (README, "The explorer app on the hub").
Needs root, npm and Chromium (tests/support/hub.py, browser.py); skipped with the reason.
"""

import json
import pwd
import re
import urllib.request
from pathlib import Path

from playwright.sync_api import expect

from tests.support.browser import POLL_MS, screenshot_on_failure
from tests.support.course import REPO
from tests.support.pagecheck import OffOrigin

SHOTS = REPO / "artifacts" / "hub"
SERVICE = "/services/explorer/"
PAGE = "01_gradient_descent"
PLOT = "img.widget-image"
TIMEOUT = 240_000  # ms: the hub, the student's server and the kernel start on a busy machine


def service_memory(user):
    """Resident memory (MB) of every process the service's account runs: Voilà and kernels."""
    uid, total = pwd.getpwnam(user).pw_uid, 0
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and proc.stat().st_uid == uid:
                rss = re.search(r"VmRSS:\s+(\d+) kB", (proc / "status").read_text())
                total += int(rss[1]) if rss else 0
        except OSError:
            continue
    return total / 1024


def log_in(page, hub, name):
    page.goto(f"{hub.base}/hub/login")
    page.fill("#username_input", name)
    page.fill("#password_input", hub.password)
    page.click("#login_submit")
    page.wait_for_url(re.compile(rf"/user/{name}/"), timeout=TIMEOUT)


def open_explorer(context, hub):
    page = context.new_page()
    page.goto(f"{hub.base}{SERVICE}voila/render/{PAGE}.ipynb", timeout=TIMEOUT)
    page.wait_for_function(f"() => !!document.querySelector('{PLOT}')?.getAttribute('src')",
                           timeout=TIMEOUT, polling=POLL_MS)
    return page


def test_a_student_opens_the_explorer_app_through_the_hub(course_hub, browser):
    hub, student = course_hub.hub, course_hub.hub.students[2]
    account = json.loads((hub.prefix / "hub.json").read_text())["explorer"]
    refused = hub.run_as(student, "ls", hub.prefix / "explorer", check=False)
    assert refused.returncode != 0 and "Permission denied" in refused.stderr, refused

    anonymous = urllib.request.urlopen(f"{course_hub.base}{SERVICE}", timeout=60)
    assert "/hub/login" in anonymous.url, f"no login asked: {anonymous.url}"

    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1300, "height": 1000})
    context.set_default_timeout(TIMEOUT)
    page = context.new_page()
    try:
        with screenshot_on_failure(page, SHOTS, "explorer"):
            log_in(page, course_hub, student)
            before = service_memory(account)
            off = OffOrigin(context, course_hub.base)
            page.goto(f"{course_hub.base}{SERVICE}", timeout=TIMEOUT)
            expect(page.get_by_text(f"{PAGE}.ipynb", exact=True)).to_be_visible()
            page.screenshot(path=SHOTS / "explorer-tree.png")
            shown = open_explorer(context, course_hub)
            first = shown.evaluate(f"() => document.querySelector('{PLOT}').src")
            handle = shown.locator("[role=slider]").first
            handle.focus()
            shown.keyboard.press("ArrowLeft")
            shown.wait_for_function(f"s => document.querySelector('{PLOT}').src !== s",
                                    arg=first, timeout=TIMEOUT, polling=POLL_MS)
            shown.screenshot(path=SHOTS / "explorer-page.png", full_page=True)
            one = service_memory(account)
            for _ in range(2):  # two more visitors' pages
                open_explorer(context, course_hub)
            three = service_memory(account)
    finally:
        context.close()
    assert not off.requests, f"the app on the hub asked another origin for: {off.requests}"
    print(f"explorer service memory: {before:.0f} MB before any page, {one:.0f} MB with one "
          f"page open, {three:.0f} MB with three; {(three - one) / 2:.0f} MB per more page")
