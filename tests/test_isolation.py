"""Nothing of one student's job reaches the next one graded in the same worker.

Student A's job leaves everything it can: files in its folder, its home, /tmp and /dev/shm, a
`.pth` file and a module in the virtual environment and the student package (after trying to
make every read-only mount writable again with `mount -o remount,rw`), globals, patched NumPy
and checks modules, an environment variable, a thread, and a child process in its own session
holding a listening socket. Student B, graded next by the same worker, looks for all of it from
inside its own run, and that it holds no capability; once A's job has returned, no process of A
is alive on the machine. Both ways a worker runs jobs: forked by its zygote, and a fresh Python.
"""

import os
import subprocess
import sysconfig
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import pytest

from autograder.course import Course
from autograder.grading import zygote
from autograder.grading.job import font_cache, make_job, run_job
from autograder.grading.plan import make_plan
from autograder.grading.sandbox import PACKAGE
from autograder.student.wire import CellError, CellToRun
from tests.support.course import REPO

pytestmark = pytest.mark.sandbox

TOKEN = f"left-by-a-{uuid.uuid4().hex[:8]}"
# read-only in the sandbox; a job that made them writable would reach every later job (and the
# grader itself: a .pth file runs at every Python start-up)
KEPT = [str(PACKAGE / "student"), sysconfig.get_paths()["purelib"]]

STUDENT_A = f"""
import builtins, os, socket, subprocess, sys, threading, time
import numpy as np
import autograder.student.checks as checks

TOKEN, did = {TOKEN!r}, []
{TOKEN.replace("-", "_")} = "a global"
builtins.LEFT_BY_A = checks.LEFT_BY_A = np.LEFT_BY_A = True
np.allclose = lambda *args, **kwargs: True
os.environ["LEFT_BY_A"] = "1"
for folder in (os.getcwd(), os.environ["HOME"], "/tmp", "/dev/shm"):
    with open(os.path.join(folder, TOKEN), "w") as f:
        f.write("a")
    did.append("file " + folder)
with open("/proc/self/mounts") as f:
    for mount_point in [line.split()[1] for line in f]:
        subprocess.run(["mount", "-o", "remount,bind,rw", mount_point], capture_output=True)
for folder in {KEPT!r}:
    for name in (TOKEN + ".pth", TOKEN.replace("-", "_") + ".py"):
        try:
            with open(os.path.join(folder, name), "w") as f:
                f.write("/nonexistent-" + TOKEN + "\\n")
        except OSError:
            pass
threading.Thread(target=time.sleep, args=(3600,), name=TOKEN, daemon=True).start()
did.append("thread")
subprocess.Popen([sys.executable, "-c", "import socket, time; s = socket.socket(socket.AF_UNIX); "
                  "s.bind('\\\\0' + {TOKEN!r}); s.listen(); time.sleep(3600)"],
                 start_new_session=True)
for _ in range(100):
    try:
        socket.socket(socket.AF_UNIX).connect("\\0" + TOKEN)
        did.append("child listening")
        break
    except OSError:
        time.sleep(0.05)
raise RuntimeError("did: " + ", ".join(did))
"""

STUDENT_B = f"""
import builtins, os, socket, sys, threading
import numpy as np
import autograder.student.checks as checks

TOKEN, seen = {TOKEN!r}, []
for folder in (os.getcwd(), os.environ["HOME"], "/tmp", "/dev/shm", *{KEPT!r}):
    seen += [folder + "/" + name for name in os.listdir(folder) if TOKEN.replace("-", "_")
             in name.replace("-", "_")]
if any(TOKEN in entry for entry in sys.path):
    seen.append("sys.path")
for where, module in (("builtins", builtins), ("checks", checks), ("numpy", np)):
    if hasattr(module, "LEFT_BY_A"):
        seen.append(where)
if np.allclose(1, 2):
    seen.append("np.allclose")
if "LEFT_BY_A" in os.environ:
    seen.append("environment")
if TOKEN.replace("-", "_") in globals():
    seen.append("global")
if any(thread.name == TOKEN for thread in threading.enumerate()):
    seen.append("thread")
for pid in filter(str.isdigit, os.listdir("/proc")):
    try:
        with open(f"/proc/{{pid}}/cmdline", "rb") as f:
            if TOKEN.encode() in f.read():
                seen.append("process " + pid)
    except OSError:
        pass
try:
    socket.socket(socket.AF_UNIX).connect("\\0" + TOKEN)
    seen.append("socket")
except OSError:
    pass
with open("/proc/self/status") as f:
    status = dict(line.split(":", 1) for line in f.read().splitlines())
seen += [k for k in ("CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb") if int(status[k], 16)]
if status["NoNewPrivs"].strip() != "1":
    seen.append("new privileges")
raise RuntimeError("seen: " + ", ".join(seen))
"""


def job_of(code):
    plan = make_plan(Course.at(REPO), "01_gradient_descent")
    return replace(make_job(plan, plan.release), cells=[CellToRun(0, code, None)],
                   exercises={}, callees={})


def said(outcome):
    """The message of the one cell's error (each student's cell reports by raising)."""
    errors = [e for e in outcome.events if isinstance(e, CellError)]
    assert len(errors) == 1, (outcome.events, outcome.stderr)
    return errors[0].message


def processes_of_a():
    found = subprocess.run(["pgrep", "-f", TOKEN], capture_output=True, text=True)
    return found.stdout.split()


def left_on_the_machine():
    return [str(path) for folder in [*KEPT, "/tmp", "/dev/shm"]
            for path in Path(folder).glob(f"*{TOKEN.split('-')[-1]}*")]


def test_the_preflights_zygote_is_handed_to_the_first_grading_worker():
    """grading/classroom.py hands the main thread's zygote (the preflight's) over: the first
    worker thread forks its jobs from it instead of starting one of its own."""
    mine = zygote.for_this_thread(font_cache(True))
    if mine is None:
        pytest.skip("no zygote here: it needs root (to enter a sandbox's namespaces)")
    try:
        zygote.hand_over()
        with ThreadPoolExecutor(1) as pool:
            theirs = pool.submit(zygote.for_this_thread, font_cache(True)).result()
            outcome = pool.submit(run_job, job_of(STUDENT_B)).result()
        assert theirs is mine and mine.process.poll() is None
        assert said(outcome) == "seen: "
        assert zygote.take_spare() is None  # taken, not shared: one job at a time per zygote
    finally:
        mine.close()


@pytest.mark.parametrize("use_zygote", [True, False], ids=["zygote", "fresh-python"])
def test_nothing_of_one_students_job_reaches_the_next_one_in_the_same_worker(use_zygote):
    worker = zygote.for_this_thread(font_cache(True)) if use_zygote else None
    if use_zygote and worker is None:
        pytest.skip("no zygote here: it needs root (to enter a sandbox's namespaces)")
    try:
        did = said(run_job(job_of(STUDENT_A), use_zygote=use_zygote))
        assert did.count("file ") == 4 and did.endswith(", thread, child listening"), did
        deadline = time.monotonic() + 5
        while processes_of_a() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert processes_of_a() == []
        assert left_on_the_machine() == []
        assert said(run_job(job_of(STUDENT_B), use_zygote=use_zygote)) == "seen: "
        if use_zygote:  # the same zygote forked both jobs
            assert zygote.for_this_thread() is worker and worker.process.poll() is None
    finally:
        for path in left_on_the_machine():
            os.remove(path)
