"""Hostile and broken submissions: each costs its author points and gets a plain reason; none
changes anyone else's grade, reaches instructor files, or survives its deadline.

One class of notebook 01 is graded with `--jobs 2`, a 15 s wall-clock limit and small resource
limits (memory, processes, disk, file size, open files) that some submissions run into; a
control class (the same good and wrong students alone, default limits) is graded separately and
must come out identical.
"""

import csv
import html
import os
import re
import sqlite3
from pathlib import Path

import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell

from autograder.grading import cgroup
from autograder.grading.submissions import fill, solutions, submit
from tests.support.course import autograder, make_course, read

pytestmark = [pytest.mark.sandbox, pytest.mark.grading]

ASSIGNMENT = "01_gradient_descent"
NAME = f"{ASSIGNMENT}.ipynb"
GOOD = None  # the instructor's solution, filled in by the fixture
WRONG_SIGN = '''def gradient_descent(grad, x0, lr, steps):
    x = np.array(x0, dtype=float)
    trajectory = [x]
    for _ in range(steps):
        x = x + lr * grad(x)
        trajectory.append(x)
    return np.stack(trajectory)'''


def with_good(code):
    """An answer cell: the correct function, preceded by `code`."""
    return code + "\n\n" + GOOD


HOSTILE = {  # student -> answer cell; each should score 0 on the exercise
    "monkeypatch-numpy": "np.allclose = lambda *a, **k: True\n"
                         "np.array_equal = lambda *a, **k: True\n" + WRONG_SIGN,
    "monkeypatch-builtins": "import builtins\nbuiltins.abs = lambda x: 0\nbuiltins.max = "
                            "lambda *a, **k: 0\n" + WRONG_SIGN,
    "monkeypatch-checks": "import autograder.student.checks as c\n"
                          "c.judge = lambda *a, **k: None\nc.compare = lambda *a, **k: None\n"
                          "c.verify = lambda *a, **k: None\n" + WRONG_SIGN,
    "imports-reference": "from autograder.reference import gradient_descent as _g\n"
                         "def gradient_descent(grad, x0, lr, steps):\n"
                         "    return _g(grad, x0, lr, steps)",
    "reads-solutions": "import glob\n"
                       "def gradient_descent(grad, x0, lr, steps):\n"
                       "    for path in glob.glob('/**/solutions/**/*.ipynb', recursive=True):\n"
                       "        open(path).read()\n"
                       "    raise RuntimeError('no solution found')",
    "killed": "import os, signal\n"
              "def gradient_descent(grad, x0, lr, steps):\n"
              "    os.kill(os.getpid(), signal.SIGKILL)",
    "sigint-immune-loop": "import signal\n"
                          "def gradient_descent(grad, x0, lr, steps):\n"
                          "    signal.signal(signal.SIGINT, signal.SIG_IGN)\n"
                          "    signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
                          "    while True:\n"
                          "        pass",
    "sleeps": "import time\n"
              "def gradient_descent(grad, x0, lr, steps):\n"
              "    time.sleep(10**6)",
    "syntax-error": "def gradient_descent(grad, x0, lr, steps)\n    return x0",
    "returns-a-function": "def gradient_descent(grad, x0, lr, steps):\n    return grad",
}

LIMITS = ["--memory-mb", "600", "--processes", "40", "--disk-mb", "32", "--file-mb", "16",
          "--open-files", "128"]
GREEDY = {  # student -> answer cell that runs into a resource limit, then the correct function
    "many-small-files": "for i in range(10**7):\n"
                        "    with open(f'note{i}.txt', 'w') as f:\n"
                        "        f.write('x' * 1000)",
    "huge-file": "with open('big.bin', 'wb') as f:\n    f.write(b'x' * (20 << 20))",
    "opens-every-file": "import os\nheld = [open(os.devnull) for _ in range(10**6)]",
}
GREEDY_REASONS = {
    "many-small-files": "your notebook filled its disk space (limit 32 MB)",
    "huge-file": "your notebook wrote a file larger than allowed (limit 16 MB)",
    "opens-every-file": "your notebook opened too many files at once (limit 128)",
    "fills-memory": "your notebook used more memory than allowed (limit 600 MB",
    "fork-bomb": "your notebook started too many processes or threads (limit 40)",
}
# Without control groups nothing bounds these two but the deadline (README, "Grading safely"):
# they join the class only where the grader can make groups.
CGROUPS = cgroup.probe() == ""
needs_cgroups = pytest.mark.skipif(not CGROUPS, reason=f"{cgroup.probe()}: memory in files and "
                                   "the number of processes are bounded only by control groups")
if CGROUPS:
    GREEDY |= {
        # RAM-backed files everywhere it can write, each folder until full, then memfds
        "fills-memory": "import os\n"
                        "for folder in ('/tmp', '/dev/shm', '.'):\n"
                        "    try:\n"
                        "        for i in range(10**6):\n"
                        "            with open(f'{folder}/filler{i}', 'wb') as f:\n"
                        "                f.write(b'x' * (1 << 20))\n"
                        "    except OSError:\n"
                        "        pass\n"
                        "held = []\n"
                        "while True:\n"
                        "    held.append(os.memfd_create('filler'))\n"
                        "    for _ in range(4):\n"
                        "        os.write(held[-1], b'x' * (4 << 20))",
        "fork-bomb": "import os\nwhile True:\n    os.fork()",
    }

HARMLESS = {  # student -> extra code cell placed before a correct answer; full marks expected
    "sys-exit": "import sys\nsys.exit(3)",
    "prints-100-mb": "print('x' * 100_000_000)",
    "memory-bomb": "try:\n    big = np.ones(10**10)\nexcept MemoryError:\n    big = None",
    "exit-builtin": "exit()",
}

LATE_EXIT = "import os\nos._exit(0)"  # after the answer: the answer keeps its points


@pytest.fixture(scope="module")
def classes(tmp_path_factory):
    global GOOD
    hostile_course = make_course(tmp_path_factory.mktemp("hostile"))
    control_course = make_course(tmp_path_factory.mktemp("control"))
    source = read(hostile_course.solutions / ASSIGNMENT / NAME)
    release = hostile_course.release_notebook(ASSIGNMENT, NAME)
    GOOD = solutions(source)["gradient_descent"]
    for course in (hostile_course, control_course):
        submit(course, "good", ASSIGNMENT, {NAME: fill(release, {"gradient_descent": GOOD})})
        submit(course, "wrong", ASSIGNMENT, {NAME: fill(release,
                                                         {"gradient_descent": WRONG_SIGN})})
    course = hostile_course
    for student, answer in HOSTILE.items():
        submit(course, student, ASSIGNMENT, {NAME: fill(release, {"gradient_descent": answer})})
    for student, code in GREEDY.items():
        submit(course, student, ASSIGNMENT, {NAME: fill(release, {"gradient_descent": with_good(
            code)})})
    for student, code in HARMLESS.items():
        nb = fill(release, {"gradient_descent": GOOD})
        nb.cells.insert(3, new_code_cell(code))
        submit(course, student, ASSIGNMENT, {NAME: nb})
    nb = fill(release, {"gradient_descent": GOOD})
    answer_at = next(i for i, c in enumerate(nb.cells) if "nbgrader" in c.metadata
                     and c.metadata.nbgrader.get("solution"))
    nb.cells.insert(answer_at + 1, new_code_cell(LATE_EXIT))
    submit(course, "os-exit-after-answer", ASSIGNMENT, {NAME: nb})
    nb = fill(release, {"gradient_descent": WRONG_SIGN})  # tampered test cells, wrong answer
    for cell in nb.cells:
        grading = cell.metadata.get("nbgrader", {})
        if grading.get("grade"):
            cell.source, grading["points"] = "print('all good')", 100
    submit(course, "edits-test-cells", ASSIGNMENT, {NAME: nb})
    nb = fill(release, {"gradient_descent": GOOD})  # tests deleted or turned into markdown
    tests = [i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("grade")]
    for i in tests[:-1]:
        nb.cells[i] = new_markdown_cell(nb.cells[i].source)
    del nb.cells[tests[-1]]
    submit(course, "retyped-test-cells", ASSIGNMENT, {NAME: nb})
    submit(course, "empty-file", ASSIGNMENT, {NAME: ""})
    gradebook = course.root / "gradebook.db"
    submit(course, "overwrites-gradebook", ASSIGNMENT, {NAME: fill(release, {
        "gradient_descent": f"open({str(gradebook)!r}, 'w').write('gone')\n" + GOOD})})

    outputs = {
        "hostile": autograder(course, "grade", ASSIGNMENT, "--jobs", "2", "--wall-seconds", "15",
                              *LIMITS),
        "control": autograder(control_course, "grade", ASSIGNMENT, "--jobs", "2"),
    }
    return {"hostile": course, "control": control_course, "outputs": outputs}


def rows(course):
    with open(course.root / "grades.csv") as f:
        return {r["student"]: r for r in csv.DictReader(f)}


def feedback(course, student):
    page = (course.root / "feedback" / student / ASSIGNMENT / NAME.replace(".ipynb", ".html"))
    return html.unescape(re.sub(r"<[^>]+>", "", page.read_text()))


def score(course, student):
    return float(rows(course)[student]["score"])


@pytest.mark.parametrize("student", sorted(HOSTILE))
def test_hostile_answer_scores_zero(classes, student):
    assert score(classes["hostile"], student) == 0, rows(classes["hostile"])[student]


@pytest.mark.parametrize("student", sorted(HARMLESS) + ["os-exit-after-answer",
                                                         "retyped-test-cells"])
def test_noise_around_a_correct_answer_costs_nothing(classes, student):
    assert score(classes["hostile"], student) == 4, rows(classes["hostile"])[student]


@pytest.mark.parametrize("student, reason", [
    ("imports-reference", "instructor-only"),
    ("reads-solutions", "instructor-only"),
    ("killed", "killed"),
    ("sigint-immune-loop", "did not finish within 15 s"),
    ("sleeps", "did not finish within 15 s"),
    ("syntax-error", "SyntaxError"),
    ("returns-a-function", "got a function"),
    ("empty-file", "empty file"),
    ("os-exit-after-answer", "ended Python"),
])
def test_the_student_reads_a_plain_reason(classes, student, reason):
    course = classes["hostile"]
    assert reason in feedback(course, student) + rows(course)[student]["problem"]


@pytest.mark.parametrize("student", [
    "many-small-files", "huge-file", "opens-every-file",
    pytest.param("fills-memory", marks=needs_cgroups),
    pytest.param("fork-bomb", marks=needs_cgroups)])
def test_a_submission_that_runs_into_a_resource_limit_scores_zero_and_reads_which(classes,
                                                                                  student):
    course = classes["hostile"]
    assert score(course, student) == 0, rows(course)[student]
    assert GREEDY_REASONS[student] in rows(course)[student]["problem"]
    assert GREEDY_REASONS[student] in feedback(course, student)


def test_the_grader_says_how_the_limits_are_enforced(classes):
    """Where control groups are made, the run says so (the tests above depend on it)."""
    counted = "memory and processes counted by a control group"
    assert (counted in classes["outputs"]["hostile"]) == CGROUPS


def test_tampered_test_cells_and_points_give_no_advantage(classes):
    course = classes["hostile"]
    assert rows(course)["edits-test-cells"]["score"] == "0.0"
    assert rows(course)["edits-test-cells"]["max_score"] == "4.0"
    assert "uphill" in feedback(course, "edits-test-cells")


def test_the_rest_of_the_class_is_graded_exactly_as_without_them(classes):
    hostile, control = rows(classes["hostile"]), rows(classes["control"])
    for student in ("good", "wrong"):  # all but when it was graded (grades.csv's timestamp)
        assert hostile[student] | {"timestamp": ""} == control[student] | {"timestamp": ""}
    assert float(hostile["good"]["score"]) == 4 and float(hostile["wrong"]["score"]) == 0


def test_the_gradebook_survives_and_records_every_submission(classes):
    course = classes["hostile"]
    with sqlite3.connect(course.root / "gradebook.db") as db:
        recorded = {name for (name,) in db.execute(
            "select student.id from submitted_assignment join student "
            "on submitted_assignment.student_id = student.id")}
    assert recorded == set(rows(course))


def test_feedback_shows_hints_and_points_not_hidden_tests(classes):
    course = classes["hostile"]
    text = feedback(course, "wrong")
    assert "uphill" in text and "0.0 / 2.0" in text
    assert "check_hidden" not in text and "BEGIN HIDDEN" not in text


def parent_of(pid):
    """The parent's PID from /proc (0 when the process is gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0
    return int(stat.rsplit(")", 1)[1].split()[1])


def cmdline_of(pid):
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def test_no_sandbox_process_outlives_grading(classes):
    """A sandboxed runner still alive after its grader ended is orphaned or still under this
    test run; runners of other grading runs on the machine (a developer's) are not ours."""
    leftovers = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or b"autograder.student.runner" not in cmdline_of(proc.name):
            continue
        ancestor = parent_of(proc.name)
        while ancestor > 1 and ancestor != os.getpid() and not re.search(
                rb"-m\x00autograder\x00(grade|demo)\b", cmdline_of(ancestor)):
            ancestor = parent_of(ancestor)
        if ancestor <= 1 or ancestor == os.getpid():  # orphaned, or still under this test run
            leftovers.append(cmdline_of(proc.name))
    assert not leftovers


def test_class_report_charts_are_written(classes):
    folder = classes["hostile"].root / "reports" / ASSIGNMENT
    for chart in ("scores.png", "pass_rates.png"):
        data = (folder / chart).read_bytes()
        assert data.startswith(b"\x89PNG") and len(data) > 5000


def test_regrading_is_idempotent_and_only_changed_submissions_are_regraded(classes):
    course = classes["control"]
    before = rows(course)
    output = autograder(course, "grade", ASSIGNMENT)
    assert output.count("(unchanged, not regraded)") == 2 and rows(course) == before
    release = course.release_notebook(ASSIGNMENT, NAME)
    submit(course, "wrong", ASSIGNMENT, {NAME: fill(release, {"gradient_descent": GOOD})})
    output = autograder(course, "grade", ASSIGNMENT)
    assert output.count("(unchanged, not regraded)") == 1
    assert score(course, "wrong") == 4
    output = autograder(course, "grade", ASSIGNMENT, "--force")
    assert "(unchanged, not regraded)" not in output
