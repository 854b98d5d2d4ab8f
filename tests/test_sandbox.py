"""The sandbox itself: what a submission can see, reach and keep running."""

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import time
from dataclasses import replace
from pathlib import Path

import pytest

from autograder.course import Course, tool_env
from autograder.grading import sandbox
from autograder.grading.job import make_job, read_events
from autograder.grading.plan import make_plan
from autograder.grading.sandbox import PACKAGE, Limits
from autograder.grading.submissions import fill, solutions, submit
from autograder.student.wire import CellError, CellToRun, Done, Violation
from tests.support.course import REPO, read

pytestmark = pytest.mark.sandbox

PROBE = textwrap.dedent("""
    import json, os, socket, subprocess, sys
    report = {}
    def attempt(name, action):
        try:
            action()
            report[name] = "allowed"
        except BaseException as error:
            report[name] = type(error).__name__
    attempt("read solutions", lambda: open(sys.argv[1]).read())
    attempt("read the reference", lambda: open(sys.argv[2]).read())
    attempt("import the reference", lambda: __import__("autograder.reference"))
    attempt("import the student checks", lambda: __import__("autograder.student.checks"))
    attempt("network", lambda: socket.create_connection(("1.1.1.1", 80), timeout=2))
    attempt("write /usr", lambda: open("/usr/evil", "w"))
    attempt("write the course", lambda: open(sys.argv[3], "w").write("x"))
    attempt("allocate 10 GB", lambda: bytearray(10 * 2**30))
    report["scratch writable"] = open("note.txt", "w").write("ok") == 2
    json.dump(report, open("report.json", "w"))
""")


def probe(tmp_path):
    (tmp_path / "probe.py").write_text(PROBE)
    outside = REPO / "sandbox-escape.txt"
    finished = sandbox.run([sys.executable, "probe.py",
                            str(next(REPO.glob("solutions/*/*.ipynb"))),
                            str(PACKAGE / "reference" / "__init__.py"), str(outside)], tmp_path,
                            outputs=("report.json",))
    assert finished.returncode == 0
    assert not outside.exists()  # the write landed in the sandbox's throw-away root
    return json.loads((tmp_path / "report.json").read_text())


def test_a_submission_sees_no_instructor_file_no_network_and_only_its_scratch(tmp_path):
    report = probe(tmp_path)
    assert report["read solutions"] == "FileNotFoundError"
    assert report["read the reference"] == "FileNotFoundError"
    assert report["import the reference"] == "ModuleNotFoundError"
    assert report["import the student checks"] == "allowed"
    assert report["network"] in ("OSError", "TimeoutError", "ConnectionRefusedError")
    assert report["write /usr"] in ("OSError", "PermissionError")
    assert report["allocate 10 GB"] == "MemoryError"
    assert report["scratch writable"] is True


def test_the_deadline_beats_a_loop_that_ignores_signals_and_kills_every_child(tmp_path):
    (tmp_path / "stubborn.py").write_text(textwrap.dedent("""
        import os, signal, subprocess
        for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(s, signal.SIG_IGN)
        subprocess.Popen(["sleep", "1234567"], start_new_session=True)
        while True:
            pass
    """))
    start = time.monotonic()
    finished = sandbox.run([sys.executable, "stubborn.py"], tmp_path, Limits(wall_seconds=3))
    assert finished.timed_out and time.monotonic() - start < 10
    time.sleep(0.5)
    survivors = subprocess.run(["pgrep", "-f", "sleep 1234567"], capture_output=True, text=True)
    assert survivors.stdout.strip() == ""


def test_cpu_time_is_capped(tmp_path):
    (tmp_path / "spin.py").write_text("while True:\n    pass\n")
    finished = sandbox.run([sys.executable, "spin.py"], tmp_path,
                           Limits(wall_seconds=30, cpu_seconds=2))
    assert not finished.timed_out and finished.returncode != 0 and finished.seconds < 15


def test_unisolated_mode_keeps_the_limits(tmp_path):
    (tmp_path / "nap.py").write_text("import time\ntime.sleep(60)\n")
    finished = sandbox.run([sys.executable, "nap.py"], tmp_path,
                           Limits(wall_seconds=2, isolate=False))
    assert finished.timed_out and finished.seconds < 10
    assert os.environ.get("NBGRADER_EXECUTION") is None  # the grader's own env is untouched
    assert Path(tmp_path).is_dir()


def test_reading_the_python_environment_is_never_a_violation(tmp_path):
    """A .venv inside the course folder: imports (and tracebacks) read it all the time."""
    plan = make_plan(Course.at(REPO), "01_gradient_descent")
    job = replace(make_job(plan, plan.release),
                  cells=[CellToRun(0, "def broken(:\n    pass", "relu"),
                         CellToRun(1, "import json, email.mime.text, numpy", None)],
                  exercises={},
                  protected_paths=[str(Path(h).parent) for h in sandbox.python_homes()])
    (tmp_path / "job.json").write_text(job.to_json())
    finished = sandbox.run([sys.executable, "-m", "autograder.student.runner", "job.json",
                            "results.jsonl"], tmp_path, outputs=("results.jsonl",))
    events = read_events(tmp_path / "results.jsonl")
    assert finished.returncode == 0 and isinstance(events[-1], Done)
    assert [e for e in events if isinstance(e, Violation)] == []
    assert any(isinstance(e, CellError) and e.cell == 0 and e.error == "SyntaxError"
               for e in events)


def test_a_course_folder_with_its_own_copy_of_the_package_is_graded_by_that_copy(tmp_path):
    """An instructor who copied the whole repository and grades from inside the copy: Python
    imports the copy's `autograder` (the current folder comes first), while the virtual
    environment's editable install points here. The sandbox must run the copy too; it used to
    run the installed one, which it cannot see, and every submission scored 0."""
    for part in ("autograder", "solutions", "notebooks"):
        shutil.copytree(REPO / part, tmp_path / part,
                        ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "nbgrader_config.py", tmp_path)
    course = Course.at(tmp_path)
    source = read(tmp_path / "solutions" / "01_gradient_descent" / "01_gradient_descent.ipynb")
    release = course.release_notebook("01_gradient_descent", "01_gradient_descent.ipynb")
    submit(course, "solution", "01_gradient_descent",
           {"01_gradient_descent.ipynb": fill(release, solutions(source))})
    done = subprocess.run([sys.executable, "-m", "autograder", "grade", "01_gradient_descent"],
                          cwd=tmp_path, capture_output=True, text=True, env=tool_env(),
                          timeout=600)
    assert done.returncode == 0, done.stderr
    imported = subprocess.run([sys.executable, "-c", "import autograder; print(autograder."
                               "__file__)"], cwd=tmp_path, capture_output=True, text=True,
                              env=tool_env())
    assert imported.stdout.startswith(str(tmp_path))  # the scenario: the copy is the grader
    assert re.search(r"^solution\s+4 / 4", done.stdout, re.M), done.stdout
