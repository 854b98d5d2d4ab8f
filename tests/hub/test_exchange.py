"""The class loop through nbgrader's exchange, across real unix accounts, without a browser.

On the hub's machine (tests/support/hub.py: hub/setup, an instructor and three students):
the instructor adds the roster and a due date already past, releases 01_gradient_descent;
alice fetches it, submits it untouched, then again with the right answer (the later counts);
bob submits a typical mistake; carol never submits. Each student validates before submitting.
The instructor collects, grades with `python -m autograder grade` (sandboxed) and releases
feedback; alice and bob fetch theirs. Every command is nbgrader's own, run as its user.
"""

import csv
import html
import re
import time
import warnings

import nbformat
import pytest
from nbgrader.api import Gradebook

from autograder.grading.submissions import fill, solutions
from tests.catalogue import catalogues
from tests.support.course import REPO, read

ASSIGNMENT = "01_gradient_descent"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"
DUE = "2000-01-01 00:00:00 UTC"  # past: every submission is late, and must say by how much
WRONG = next(a for a in catalogues()[ASSIGNMENT] if a.name == "climbs uphill")


def plain(page):
    return html.unescape(re.sub(r"<[^>]+>", "", page))


class Loop:
    """The whole loop, run once for the module; the tests read what it left behind."""

    def __init__(self, hub):
        self.hub, self.seconds = hub, {}
        alice, bob, carol = hub.students[:3]
        self.alice, self.bob, self.carol = alice, bob, carol
        source = read(REPO / "solutions" / ASSIGNMENT / NOTEBOOK)
        release = read(REPO / "notebooks" / ASSIGNMENT / NOTEBOOK)
        right = fill(release, solutions(source))
        wrong = fill(release, {WRONG.exercise: WRONG.code})
        started = time.monotonic()
        with self.step("release"):
            roster = hub.course / "roster.csv"
            self.hub.run_as(hub.instructor, "tee", roster,
                            input="id\n" + "".join(f"{s}\n" for s in hub.students))
            self.instructor("db", "student", "import", roster)
            self.instructor("db", "assignment", "add", ASSIGNMENT, f"--duedate={DUE}")
            self.instructor("release_assignment", ASSIGNMENT)
        with self.step("students fetch, validate, submit"):
            for student in (alice, bob, carol):  # the others are the browser test's
                hub.nbgrader(student, "fetch_assignment", ASSIGNMENT)
            self.first_alice = self.work(alice, release)  # untouched: the stub
            self.submit(alice)
            self.submitted = {alice: self.work(alice, right), bob: self.work(bob, wrong)}
            self.validated = {s: self.validate(s) for s in (alice, bob)}
            self.submit(alice)
            self.submit(bob)
        with self.step("collect"):
            self.instructor("collect", ASSIGNMENT)
        with self.step("grade"):
            self.grade_output = hub.run_as(hub.instructor, hub.venv / "bin" / "python", "-m",
                                           "autograder", "grade", ASSIGNMENT, "--jobs", "2",
                                           cwd=hub.course).stdout
        with self.step("release and fetch feedback"):
            self.instructor("release_feedback", ASSIGNMENT)
            for student in (alice, bob, carol):
                hub.nbgrader(student, "fetch_feedback", ASSIGNMENT)
        self.seconds["whole loop"] = time.monotonic() - started
        print("exchange loop timing:", {k: round(v, 1) for k, v in self.seconds.items()})

    def step(self, name):
        loop = self

        class Timed:
            def __enter__(self):
                self.start = time.monotonic()

            def __exit__(self, *exc):
                loop.seconds[name] = time.monotonic() - self.start

        return Timed()

    def instructor(self, *args):
        return self.hub.nbgrader(self.hub.instructor, *args, cwd=self.hub.course)

    def fetched(self, student):
        return self.hub.home(student) / ASSIGNMENT / NOTEBOOK

    def work(self, student, nb):
        """The student saves `nb` over their fetched notebook (as themselves)."""
        text = nbformat.writes(nb)
        self.hub.run_as(student, "tee", self.fetched(student), input=text)
        return text

    def validate(self, student):
        return self.hub.nbgrader(student, "validate", self.fetched(student), check=False)

    def submit(self, student):
        self.hub.nbgrader(student, "submit", ASSIGNMENT)

    def feedback(self, student):
        """The text of the student's fetched feedback, newest first."""
        pages = sorted((self.hub.home(student) / ASSIGNMENT / "feedback").glob("*/*.html"),
                       reverse=True)
        return [plain(p.read_text()) for p in pages]

    def gradebook(self):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Gradebook(f"sqlite:///{self.hub.course / 'gradebook.db'}") as gradebook:
                rows = {}
                for student in self.hub.students:
                    try:
                        sub = gradebook.find_submission(ASSIGNMENT, student)
                    except Exception:
                        rows[student] = None
                        continue
                    rows[student] = {"score": sub.score, "max_score": sub.max_score,
                                     "timestamp": sub.timestamp,
                                     "seconds_late": sub.total_seconds_late}
                return rows


@pytest.fixture(scope="module")
def loop(hub_machine):
    return Loop(hub_machine)


def test_validate_tells_each_student_before_they_submit(loop):
    assert "Success" in loop.validated[loop.alice].stdout, loop.validated[loop.alice].stdout
    bob = loop.validated[loop.bob]
    said = bob.stdout + bob.stderr
    assert "VALIDATION FAILED" in said and "✗ gradient_descent" in said, said


def test_the_later_submission_counts_and_nothing_is_lost_or_mixed_up(loop):
    hub = loop.hub
    for student, text in loop.submitted.items():
        collected = hub.course / "submitted" / student / ASSIGNMENT / NOTEBOOK
        assert collected.read_text() == text, f"{student}'s collected notebook is not theirs"
    # both of alice's submissions are still in the exchange, the first untouched
    inbound = sorted((hub.exchange / "backprop" / "inbound").glob(f"{loop.alice}+{ASSIGNMENT}+*"))
    assert len(inbound) == 2, inbound
    assert {(p / NOTEBOOK).read_text() for p in inbound} == {loop.first_alice,
                                                             loop.submitted[loop.alice]}
    assert not (hub.course / "submitted" / loop.carol).exists()
    assert loop.alice in loop.grade_output and loop.bob in loop.grade_output


def test_grades_and_late_timestamps_reach_the_gradebook(loop):
    rows = loop.gradebook()
    alice, bob = rows[loop.alice], rows[loop.bob]
    assert alice["score"] == alice["max_score"] > 0, alice
    assert bob["score"] < bob["max_score"], bob
    for student in (loop.alice, loop.bob):
        stamp = (loop.hub.course / "submitted" / student / ASSIGNMENT / "timestamp.txt")
        recorded = rows[student]["timestamp"]
        assert recorded.strftime("%Y-%m-%d %H:%M:%S") in stamp.read_text(), (recorded, stamp)
        assert rows[student]["seconds_late"] > 0, f"{student}'s late submission is not late"


def test_a_student_who_never_submitted_shows_zero_and_no_submission(loop):
    line = next(line for line in loop.grade_output.splitlines() if line.startswith(loop.carol))
    assert re.search(r"\b0 / [1-9]", line) and "no submission" in line, line
    with open(loop.hub.course / "grades.csv") as f:
        row = next(r for r in csv.DictReader(f) if r["student"] == loop.carol)
    assert float(row["score"]) == 0 and row["problem"] == "no submission", row
    assert loop.gradebook()[loop.carol] is None  # on the roster, no submission recorded


def test_each_student_fetches_their_own_feedback_with_the_hint(loop):
    (alice,) = loop.feedback(loop.alice)[:1]
    assert "✓ gradient_descent" in alice and "✗ gradient_descent" not in alice
    (bob,) = loop.feedback(loop.bob)[:1]
    assert WRONG.hint in bob, bob[:2000]
    assert not loop.feedback(loop.carol)
