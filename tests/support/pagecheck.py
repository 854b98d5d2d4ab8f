"""What every page of the course must pass in the browser: nothing fetched from another origin,
and no serious or critical accessibility violation found by axe-core.

axe-core comes from the pinned `axe-playwright-python` wheel (its `axe.min.js`, axe 4.12): the
script is injected from that local file, so checking a page fetches nothing either. Each page's
findings, at every level, are written to artifacts/a11y/<page>.txt.
"""

from pathlib import Path
from urllib.parse import urlsplit

from tests.support.course import REPO

REPORTS = REPO / "artifacts" / "a11y"
BLOCKING = ("critical", "serious")  # axe's impact levels that fail a test
LOCAL_SCHEMES = {"data", "blob", "about", "file"}  # never leave the machine


def origin(url):
    """(host, port) of an http(s)/ws(s) URL; ws and http of one server are one origin here."""
    parts = urlsplit(url)
    default = {"http": 80, "ws": 80, "https": 443, "wss": 443}.get(parts.scheme)
    return parts.hostname, parts.port or default


class OffOrigin:
    """Every request a browser context makes to another origin than `home` (a URL, or None for a
    page opened from a file, where any network request is off-origin)."""

    def __init__(self, context, home=None):
        self.home = origin(home) if home else None
        self.requests = []
        self.context = context
        context.on("request", self.seen)  # every page's and frame's requests
        context.on("page", self.watch)  # websockets are reported per page only
        for page in context.pages:
            self.watch(page)

    def watch(self, page):
        page.on("websocket", self.seen)

    def seen(self, request_or_socket):
        self.check(request_or_socket.url)

    def close(self):
        self.context.remove_listener("request", self.seen)
        self.context.remove_listener("page", self.watch)
        for page in self.context.pages:
            page.remove_listener("websocket", self.seen)

    def check(self, url):
        scheme = urlsplit(url).scheme
        if scheme in LOCAL_SCHEMES:
            return
        if self.home is None or origin(url) != self.home:
            self.requests.append(url)


def axe_script():
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()


def axe_violations(page, name):
    """Run axe-core on the page as it is now; write every finding to artifacts/a11y/<name>.txt
    and return the list of violations (axe's dicts)."""
    page.evaluate(axe_script())
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    violations = results["violations"]
    REPORTS.mkdir(parents=True, exist_ok=True)
    lines = [describe(v) for v in sorted(violations, key=lambda v: impact_rank(v["impact"]))]
    (REPORTS / f"{name}.txt").write_text("\n".join(lines or ["no violation"]) + "\n")
    return violations


def impact_rank(impact):
    order = ["critical", "serious", "moderate", "minor"]
    return order.index(impact) if impact in order else len(order)


def describe(violation):
    targets = [", ".join(map(str, node["target"])) for node in violation["nodes"][:3]]
    return (f"{violation['impact']}: {violation['id']} — {violation['help']} "
            f"({len(violation['nodes'])} elements, e.g. {'; '.join(targets)})")


def blocking(violations):
    """The violations that fail a test, one line each."""
    return [describe(v) for v in violations if v["impact"] in BLOCKING]
