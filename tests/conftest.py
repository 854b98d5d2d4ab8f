"""Fixtures shared by the test modules, and the tiers every test is sorted into.

Tiers (pytest markers, README "Run the tests"): a test that uses the fixture `browser` is marked
`browser`, one that uses `hub_machine` is marked `hub`; modules that grade through real runs
are marked `grading`, the isolation tests `sandbox`; all of those, and anything else that takes
seconds, are `slow`. `pytest -m "not slow"` is the fast lane.
"""

import contextlib
import os
import subprocess
import sys

import pytest

from autograder.course import tool_env
from tests.support import browser as chromium
from tests.support import scheduling
from tests.support.course import NO_SANDBOX, SANDBOXED, make_course
from tests.support.lab import JupyterLab
from tests.support.voila import VoilaApp

os.environ.setdefault("MPLBACKEND", "Agg")  # headless plots in tests
# Three workers share two cores, so NumPy's BLAS threads in the workers, kernels and notebooks
# would mostly spin while they wait for a core (07's notebook: 11.2 -> 9.7 core-seconds with
# one thread on a busy machine). The sandbox sets the same for every submission.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

# a test that uses one of these fixtures (directly or through another fixture) gets the marker
FIXTURE_MARKERS = {"browser": "browser", "hub_machine": "hub"}
SLOW_MARKERS = ("browser", "hub", "grading", "sandbox")


@pytest.hookimpl(optionalhook=True, tryfirst=True)  # before xdist's own choice of scheduler
def pytest_xdist_make_scheduler(config, log):
    if config.getvalue("dist") == "loadscope":
        return scheduling.scheduler(config, log)
    return None


def pytest_collection_modifyitems(config, items):
    misplaced = scheduling.misplaced(items)
    if misplaced:
        raise pytest.UsageError("\n".join(
            f"{nodeid} uses {fixture}, which exists once per run: add its module to the "
            f"'{unit}' unit in tests/support/scheduling.py" for nodeid, fixture, unit in misplaced))
    items.sort(key=lambda item: scheduling.start_order(item.nodeid))  # stable: modules stay whole
    for item in items:
        for fixture, marker in FIXTURE_MARKERS.items():
            if fixture in item.fixturenames:
                item.add_marker(marker)
        if any(item.get_closest_marker(m) for m in SLOW_MARKERS):
            item.add_marker("slow")
        if item.get_closest_marker("sandbox") and not SANDBOXED:
            item.add_marker(pytest.mark.skip(reason=NO_SANDBOX))


@pytest.fixture
def course(tmp_path):
    return make_course(tmp_path)


# ---- the browser and the servers it visits: one of each for the session ---------------------

@pytest.fixture(scope="session")
def browser():
    """Headless Chromium, shared by every browser test (each opens its own context)."""
    reason = chromium.unavailable()
    if reason:
        pytest.skip(reason)
    with chromium.chromium() as launched:
        yield launched


@pytest.fixture(scope="session")
def explorer_app(tmp_path_factory):
    """The explorer app from the README's Voilà command, shared by every test that visits it."""
    app = VoilaApp(tmp_path_factory.mktemp("voila") / "voila.log").start()
    try:
        yield app
    finally:
        app.stop()


@pytest.fixture(scope="session")
def lab_course(tmp_path_factory):
    """The course copy that the session's JupyterLab serves (and the demo class is graded in)."""
    return make_course(tmp_path_factory.mktemp("lab-course"))


@pytest.fixture(scope="session")
def lab(lab_course, tmp_path_factory):
    """One JupyterLab for the session's browser tests. Autosave is off, so a test's typing never
    reaches the files; each test shuts down the kernels its pages started."""
    server = JupyterLab(lab_course.root, tmp_path_factory.mktemp("jupyter")).start()
    try:
        yield server
    finally:
        server.stop()
    assert not server.own_processes(), "a kernel of the test JupyterLab outlived it"


class BackgroundDemo:
    """`python -m autograder demo --root COURSE`, running while other tests run.

    Started by the first test that asks for it (test_browser.py asks at its start, so the class
    is graded while the notebooks are tested); `result()` waits for it. Its output goes to a
    log, never to a pipe."""

    def __init__(self, course):
        self.course = course
        self.log_path = course.root.parent / f"{course.root.name}-demo.log"
        with open(self.log_path, "w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "autograder", "demo", "--root", str(course.root)],
                stdout=log, stderr=subprocess.STDOUT, env=tool_env(), start_new_session=True)

    def result(self, timeout=1800):
        """(exit code, output) once the demo has finished."""
        code = self.process.wait(timeout=timeout)
        return code, self.log_path.read_text(errors="replace")

    def stop(self):
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, 9)
            self.process.wait()


@pytest.fixture(scope="session")
def demo_class(lab_course):
    """The demo class graded once for the session, in the course the JupyterLab serves."""
    demo = BackgroundDemo(lab_course)
    try:
        yield demo
    finally:
        demo.stop()
