"""A class on the course hub: each student's limits hold, and idle servers are stopped.

On the session's hub (tests/support/hub.py), while a classmate's kernel holds a variable and a
grading run works: one student's memory bomb kills only their own kernel, and their next cell
says why; their fork bomb fills only their own process budget; the hub and its proxy answer
throughout, the classmate's variable is still there, the grading run scores as it would alone,
and the bomber's saved notebook is as they saved it. Then, on a second hub process with a
short idle timeout (the same machine and accounts), jupyterhub-idle-culler stops a server
nobody uses, and the notebook its student saved is kept. Needs root (unix accounts, control
groups); skipped with the reason elsewhere.
"""

import json
import os
import pwd
import re
import subprocess
import threading
import time
import urllib.request

import nbformat
import pytest

from autograder.grading import cgroup
from autograder.grading.submissions import fill, solutions, submit
from tests.support.course import GRADE_FLAGS, REPO, autograder, make_course, read
from tests.support.hub import TAG, RunningHub, remove_accounts
from tests.support.hubclient import FORK_BOMB, MEMORY_BOMB, Student

pytestmark = [pytest.mark.hub, pytest.mark.skipif(
    bool(cgroup.probe()), reason=f"{cgroup.probe()}: per-student limits need memory and pids "
                                 "control groups, which root can make")]

ASSIGNMENT = "01_gradient_descent"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"
CULL_SECONDS = 20


def saved_notebook(marker):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(f"# {marker}\nx = 1")])
    return json.loads(nbformat.writes(nb))


def graded_alone(tmp_path):
    """A grading run of one right answer, on its own course copy, in a thread."""
    course = make_course(tmp_path)
    release = read(REPO / "notebooks" / ASSIGNMENT / NOTEBOOK)
    right = fill(release, solutions(read(REPO / "solutions" / ASSIGNMENT / NOTEBOOK)))
    submit(course, "graded-student", ASSIGNMENT, {NOTEBOOK: right})
    result = {}

    def run():
        try:
            result["output"] = autograder(course, "grade", ASSIGNMENT, *GRADE_FLAGS)
        except BaseException as error:  # noqa: BLE001  (reported by the test)
            result["error"] = error

    thread = threading.Thread(target=run)
    thread.start()
    return thread, result


def hub_answers(running_hub):
    return json.loads(urllib.request.urlopen(f"{running_hub.base}/hub/api", timeout=30).read())


def processes_of(user):
    uid = str(pwd.getpwnam(user).pw_uid)
    done = subprocess.run(["ps", "-o", "pid=,comm=", "-u", uid], capture_output=True, text=True)
    return done.stdout.split("\n") if done.stdout.strip() else []


def group_limits(pid):
    """{setting: value} of the control groups process `pid` is in (cgroup v1 or v2)."""
    limits = {}
    for line in open(f"/proc/{pid}/cgroup").read().splitlines():
        _, controllers, path = line.split(":", 2)
        for controller in controllers.split(",") or [""]:
            folder = cgroup.ROOT / controller / path.lstrip("/")
            for name in ("memory.limit_in_bytes", "memory.max", "pids.max", "cpu.shares",
                         "cpu.weight"):
                if (folder / name).is_file() and "jupyterhub-" in path:
                    limits[name] = (folder / name).read_text().strip()
    return limits


@pytest.fixture(scope="module")
def bombed(course_hub, tmp_path_factory):
    """Everything happens once; the tests read what it left behind."""
    hub = course_hub.hub
    classmate_name, bomber_name = hub.students[0], hub.students[1]
    classmate = Student(course_hub, classmate_name, course_hub.login(classmate_name))
    bomber = Student(course_hub, bomber_name, course_hub.login(bomber_name))
    seen = {"proxy pid": int((course_hub.state / "proxy.pid").read_text())}
    classmate_kernel = classmate.kernel()
    seen["classmate set x"] = classmate_kernel.execute("x = 6 * 7")
    pid = int(classmate_kernel.execute("import os\nprint(os.getpid())").stdout)
    seen["classmate groups"] = group_limits(pid)
    bomber.save("limits.ipynb", saved_notebook("saved before the bombs"))
    seen["saved"] = (hub.home(bomber_name) / "limits.ipynb").read_text()
    grading, seen["grading"] = graded_alone(tmp_path_factory.mktemp("grading"))
    kernel = bomber.kernel()
    seen["memory bomb"] = kernel.execute(MEMORY_BOMB, timeout=300)
    kernel.wait_alive()
    seen["next cell"] = kernel.execute("print('still here')")
    seen["fork bomb"] = kernel.execute(FORK_BOMB, timeout=120)
    # counted at once: under load the bash half of the bomb has time to die off before the stop
    seen["bomber processes after the bomb"] = len(processes_of(bomber_name))
    seen["hub during"] = hub_answers(course_hub)
    seen["classmate x"] = classmate_kernel.execute("print(x)")
    kernel.close()
    grading.join(timeout=1800)
    seen["hub after"] = hub_answers(course_hub)
    bomber.hub_api("DELETE", f"users/{bomber_name}/server")
    deadline = time.monotonic() + 60
    while processes_of(bomber_name) and time.monotonic() < deadline:
        time.sleep(1)
    seen["bomber processes after stop"] = processes_of(bomber_name)
    seen["saved after"] = (hub.home(bomber_name) / "limits.ipynb").read_text()
    classmate_kernel.close()
    return seen


def test_each_server_and_its_kernels_run_in_a_group_with_the_class_limits(bombed):
    limits = bombed["classmate groups"]
    assert limits.get("memory.limit_in_bytes", limits.get("memory.max")) == str(1 << 30), limits
    assert limits["pids.max"] == "256"
    assert limits.get("cpu.shares", limits.get("cpu.weight")) in ("1024", "100"), limits


def test_a_memory_bomb_kills_only_its_kernel_and_the_student_reads_why(bombed):
    assert bombed["memory bomb"].status == "died", bombed["memory bomb"]
    assert bombed["next cell"].stdout == "still here\n"
    assert "previous kernel was stopped: it used more than the 1024 MB" in \
        bombed["next cell"].stderr, bombed["next cell"]


def test_a_fork_bomb_fills_only_the_students_own_process_budget(bombed):
    assert bombed["fork bomb"].status == "error", bombed["fork bomb"]
    assert bombed["fork bomb"].error == "BlockingIOError: [Errno 11] Resource temporarily " \
                                        "unavailable", bombed["fork bomb"]
    assert bombed["bomber processes after the bomb"] > 200  # it reached the budget (256)
    assert bombed["bomber processes after stop"] == [], "the bomb outlived the student's server"


def test_the_classmate_the_hub_the_proxy_and_a_grading_run_are_untouched(bombed, course_hub):
    assert bombed["classmate set x"].status == "ok"
    assert bombed["classmate x"].stdout == "42\n", bombed["classmate x"]
    assert "version" in bombed["hub during"] and "version" in bombed["hub after"]
    assert course_hub.server.running
    os.kill(bombed["proxy pid"], 0)  # the same proxy still runs
    assert "error" not in bombed["grading"], bombed["grading"].get("error")
    score = re.search(r"graded-student\s+(\d+) / (\d+)", bombed["grading"]["output"])
    assert score and score[1] == score[2], bombed["grading"]["output"]  # full marks, as alone


def test_the_bombers_saved_notebook_keeps_its_last_saved_state(bombed):
    assert "saved before the bombs" in bombed["saved"]
    assert bombed["saved after"] == bombed["saved"]


def test_an_idle_server_is_culled_and_its_saved_work_kept(hub_machine, tmp_path):
    student_name = hub_machine.students[2]
    hub = RunningHub(hub_machine, tmp_path / "jupyterhub.log", state=tmp_path / "state",
                     env={"BACKPROP_HUB_CULL_TIMEOUT": str(CULL_SECONDS)}).start()
    try:
        student = Student(hub, student_name, hub.login(student_name))
        student.save("idle.ipynb", saved_notebook("saved before walking away"))
        deadline = time.monotonic() + CULL_SECONDS * 10
        while time.monotonic() < deadline:
            model = student.hub_api("GET", f"users/{student_name}")
            if "" not in model["servers"]:
                break
            time.sleep(2)
        assert "" not in model["servers"], f"not culled in {CULL_SECONDS * 10} s:\n{hub.log()}"
        assert "idle-culler" in hub.log() and "Culling server" in hub.log(), hub.log()
        saved = hub_machine.home(student_name) / "idle.ipynb"
        assert "saved before walking away" in saved.read_text()
    finally:
        hub.stop()


def test_one_command_adds_a_student_who_logs_in_at_once_and_one_removes_them(course_hub):
    hub, name = course_hub.hub, f"bpt{TAG}-frank"
    command = [str(REPO / "hub" / "student"), "add", name, str(hub.prefix)]
    env = {"PATH": "/usr/bin:/bin", "BACKPROP_HUB_PORT": str(course_hub.port)}
    try:
        added = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
        assert added.returncode == 0, added.stderr
        assert "running hub: 201" in added.stdout, added.stdout
        assert hub.home(name).stat().st_mode & 0o777 == 0o700
        assert name in json.loads((hub.prefix / "hub.json").read_text())["students"]
        assert name in hub.nbgrader(hub.instructor, "db", "student", "list",
                                    cwd=hub.course).stdout
        course_hub.login(name)  # their server starts: the running hub knows them
        uid = pwd.getpwnam(name).pw_uid
        command[1] = "remove"
        removed = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
        assert removed.returncode == 0, removed.stderr
        assert "running hub: 204" in removed.stdout, removed.stdout
        with pytest.raises(KeyError):
            pwd.getpwnam(name)
        assert not subprocess.run(["ps", "-u", str(uid)], capture_output=True).stdout.strip()\
            .splitlines()[1:], "their server outlived them"
        assert name not in json.loads((hub.prefix / "hub.json").read_text())["students"]
        assert name not in hub.nbgrader(hub.instructor, "db", "student", "list",
                                        cwd=hub.course).stdout
        archive = next((hub.prefix / "archive").glob(f"{name}-*.tar.gz"))
        listing = subprocess.run(["tar", "-tzf", archive], capture_output=True, text=True)
        assert f"{name}/" in listing.stdout, listing.stdout[:500]
    finally:
        remove_accounts([name])
