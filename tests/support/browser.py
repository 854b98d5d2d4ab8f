"""Debian's Chromium, headless, through Playwright: the one guard, the launch, a page and the
screenshot of a failure. Every browser test gets Chromium through the session fixture `browser`
(tests/conftest.py), which skips with `unavailable()`'s reason and marks the test `browser`."""

import contextlib
import importlib.util
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")  # Debian's; Playwright's own download fails here
# How often a wait re-checks the page, in ms. Playwright's default re-runs the check on every
# animation frame: on a JupyterLab page that cost the renderer 0.15 core-seconds per second of
# waiting (EXECUTED_JS on 07's notebook), against 0.02-0.05 at 100 ms, and the browser tests
# spend most of their time waiting for cells and plots.
POLL_MS = 100
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def unavailable():
    """Why the browser tests cannot run here, or '' when they can."""
    if not CHROMIUM.is_file():
        return f"browser tests need Chromium at {CHROMIUM} (apt-get install -y chromium)"
    if importlib.util.find_spec("playwright") is None:
        return "browser tests need Playwright (pip install -r requirements.txt)"
    return ""


@contextlib.contextmanager
def chromium():
    """A headless Chromium for as long as the block runs."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextlib.contextmanager
def new_page(browser, width=1400, height=1000, timeout=60_000):
    """A page in a fresh browser context (own cookies and storage), closed afterwards. Uncaught
    script errors land in `page.script_errors`, console errors in `page.console_errors`."""
    context = browser.new_context(viewport={"width": width, "height": height})
    context.set_default_timeout(timeout)
    page = context.new_page()
    page.script_errors, page.console_errors = [], []
    page.on("pageerror", lambda error: page.script_errors.append(str(error)))
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    try:
        yield page
    finally:
        with contextlib.suppress(Exception):  # a crashed page must not hide the test's failure
            context.close()


@contextlib.contextmanager
def screenshot_on_failure(page, folder, name):
    """If the block fails, a screenshot of the whole page as `folder/NAME-FAILED.png`."""
    try:
        yield
    except BaseException:
        with contextlib.suppress(Exception):
            Path(folder).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=Path(folder) / f"{name}-FAILED.png", full_page=True)
        raise
