"""A class of N students on the course hub at once, then a deadline rush. Run as root:

    .venv/bin/python benchmarks/hub_load.py --students 30             # clean
    .venv/bin/python benchmarks/hub_load.py --students 30 --attack    # + a memory and a fork bomb

hub/setup makes the class (accounts bplt-s01..., an instructor, with --attack bplt-membomb and
bplt-forkbomb too) in its own prefix (/opt/backprop-hub-load) and the instructor releases
01_gradient_descent. Then every student at once, each on a thread:
- logs in (the hub spawns their server; spawn time = login to server ready),
- fetches the assignment (`nbgrader fetch_assignment`, as their unix user),
- pastes the solution in and saves (the contents API, as JupyterLab's save does),
- runs every cell through the kernel API (--browsers of them in headless Chromium instead),
- validates and submits (`nbgrader validate`, `nbgrader submit`).
Meanwhile a sampler times the hub's API every second and the machine's free memory; each
student's peak memory is their server's control group's high-water mark (hub/spawner.py).
With --attack, one student keeps filling memory and another fork-bombs, from their own kernels.
Then the deadline rush: every student changes their notebook and all N `nbgrader submit` at
once; the instructor collects and grades (`python -m autograder grade`). Checked: every
submission of both rounds in the exchange with its own content and a timestamp inside its
submit; the collected one is the later; every grade full marks. Prints a table and writes
artifacts/hub_load-{clean,attack}.json; exit status 1 if anything failed or was lost.
"""

import argparse
import concurrent.futures
import contextlib
import json
import os
import shutil
import subprocess
import sys
import threading
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

import nbformat

from autograder.grading import cgroup
from autograder.grading.submissions import fill, solutions
from tests.support.hub import REPO, Hub, RunningHub, remove_accounts
from tests.support.hubclient import FORK_BOMB, MEMORY_BOMB, Student

ASSIGNMENT = "01_gradient_descent"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"
PREFIX = Path("/opt/backprop-hub-load")
INSTRUCTOR = "bplt-instructor"
BOMBERS = {"bplt-membomb": "memory", "bplt-forkbomb": "fork"}
SPAWN_TIMEOUT = 1800  # s: 30 servers on 2 shared cores
CELL_TIMEOUT = 900
NBGRADER_TIMEOUT = 3600


def percentile(values, q):
    values = sorted(values)
    if not values:
        return float("nan")
    return values[min(len(values) - 1, round(q / 100 * (len(values) - 1)))]


def now_utc():
    return datetime.now(UTC).replace(tzinfo=None)


class Sampler(threading.Thread):
    """Times GET /hub/api/users/<instructor> every second; notes the machine's free memory."""

    def __init__(self, student):
        super().__init__(daemon=True)
        self.student, self.latencies, self.errors = student, [], 0
        self.min_available = self.available()
        self.stopping = threading.Event()

    @staticmethod
    def available():
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
        return 0

    def run(self):
        while not self.stopping.wait(1.0):
            started = time.monotonic()
            try:
                self.student.hub_api("GET", f"users/{self.student.name}", timeout=120)
                self.latencies.append(time.monotonic() - started)
            except OSError:
                self.errors += 1
            self.min_available = min(self.min_available, self.available())


def peak_memory(user):
    """The high-water mark of the user's server's control group (server + kernels), bytes."""
    groups = cgroup.own_groups()
    base = groups.get("memory") or groups.get("v2")
    peaks = []
    for folder in base.glob(f"jupyterhub-{user}-*"):
        for name in ("memory.max_usage_in_bytes", "memory.peak"):
            with contextlib.suppress(OSError, ValueError):
                peaks.append(int((folder / name).read_text()))
    return max(peaks, default=0)


class Class:
    def __init__(self, args):
        self.args = args
        self.students = [f"bplt-s{i:02d}" for i in range(1, args.students + 1)]
        self.bombers = list(BOMBERS) if args.attack else []
        self.hub = Hub(PREFIX, INSTRUCTOR, tuple(self.students + self.bombers))
        release = nbformat.read(REPO / "notebooks" / ASSIGNMENT / NOTEBOOK, as_version=4)
        source = nbformat.read(REPO / "solutions" / ASSIGNMENT / NOTEBOOK, as_version=4)
        self.answered = fill(release, solutions(source))
        self.results, self.windows = {}, {}

    def setup(self):
        remove_accounts((INSTRUCTOR, *self.hub.students))
        shutil.rmtree(PREFIX / "exchange", ignore_errors=True)
        done = subprocess.run([str(REPO / "hub" / "setup"), "--prefix", str(PREFIX),
                               "--instructor", INSTRUCTOR, "--students",
                               " ".join(self.hub.students)], capture_output=True, text=True)
        if done.returncode:
            raise SystemExit(f"hub/setup failed:\n{done.stdout}\n{done.stderr[-3000:]}")
        roster = self.hub.course / "roster.csv"
        self.hub.run_as(INSTRUCTOR, "tee", roster,
                        input="id\n" + "".join(f"{s}\n" for s in self.students))
        self.instructor("db", "student", "import", roster)
        self.instructor("db", "assignment", "add", ASSIGNMENT)
        self.instructor("release_assignment", ASSIGNMENT)

    def nbgrader(self, user, *args, cwd=None, check=True):
        # Hub.nbgrader's 600 s is too short here: 30 nbgrader starts at once on 2 busy cores
        # took over 10 minutes (load average 30, other sessions running).
        return self.hub.run_as(user, self.hub.venv / "bin" / "nbgrader", *args, cwd=cwd,
                               check=check, timeout=NBGRADER_TIMEOUT)

    def instructor(self, *args):
        return self.nbgrader(INSTRUCTOR, *args, cwd=self.hub.course)

    def marked(self, student, round_name):
        """The answered notebook with a line naming its student and round (to tell them apart)."""
        nb = nbformat.from_dict(json.loads(nbformat.writes(self.answered)))
        nb.cells.insert(0, nbformat.v4.new_markdown_cell(f"submitted by {student}: {round_name}"))
        return nb

    def submit(self, student, round_name):
        before = now_utc()
        self.nbgrader(student, "submit", ASSIGNMENT)
        self.windows[student, round_name] = (before, now_utc())

    def one_student(self, running, name, browser):
        result = {"cells": [], "failures": []}
        self.results[name] = result
        started = time.monotonic()
        student = Student(running, name, running.login(name))
        result["spawn"] = time.monotonic() - started
        self.nbgrader(name, "fetch_assignment", ASSIGNMENT)
        relpath = f"{ASSIGNMENT}/{NOTEBOOK}"
        student.save(relpath, json.loads(nbformat.writes(self.marked(name, "first"))))
        if browser:  # every cell in the page, or Run All's progress cannot be read
            student.lab_setting("@jupyterlab/notebook-extension:tracker", {"windowingMode": "none"})
            result["browser run all"] = run_all_in_chromium(running, name, relpath)
        else:
            kernel = student.kernel(path=ASSIGNMENT)
            for cell in self.answered.cells:
                if cell.cell_type != "code":
                    continue
                run = kernel.execute(cell.source, timeout=CELL_TIMEOUT)
                result["cells"].append(run.seconds)
                if run.status != "ok":
                    result["failures"].append(f"cell {len(result['cells'])}: {run.status} "
                                              f"{run.error}")
            kernel.close()
        validated = self.nbgrader(name, "validate", self.hub.home(name) / relpath, check=False)
        if "Success" not in validated.stdout:
            result["failures"].append(f"validate: {validated.stdout[-300:]}")
        self.submit(name, "first")
        result["done"] = time.monotonic() - started
        return student

    def bomber(self, running, name, stop):
        student = Student(running, name, running.login(name))
        kernel = student.kernel()
        runs = []
        while not stop.is_set():
            run = kernel.execute(MEMORY_BOMB if BOMBERS[name] == "memory" else FORK_BOMB,
                                 timeout=CELL_TIMEOUT)
            runs.append(run.status)
            if run.status == "died":
                kernel.wait_alive(timeout=600)
            stop.wait(15)  # the student reads the message, then tries again
        kernel.close()
        self.results[name] = {"bomb runs": runs}

    def rush(self):
        """Every student's second version, submitted by all at the same moment."""
        for name in self.students:
            text = nbformat.writes(self.marked(name, "rush"))
            self.hub.run_as(name, "tee", self.hub.home(name) / ASSIGNMENT / NOTEBOOK, input=text)
        barrier = threading.Barrier(len(self.students))

        def go(name):
            barrier.wait()
            self.submit(name, "rush")

        with concurrent.futures.ThreadPoolExecutor(len(self.students)) as pool:
            list(pool.map(go, self.students))
        started = time.monotonic()
        self.instructor("collect", ASSIGNMENT)
        graded = self.hub.run_as(INSTRUCTOR, self.hub.venv / "bin" / "python", "-m",
                                 "autograder", "grade", ASSIGNMENT, "--jobs", "2",
                                 cwd=self.hub.course, timeout=7200)
        return time.monotonic() - started, graded.stdout

    def check_exchange(self, rushed=True):
        """Both rounds of every student in the inbound, own content, timestamps in the window;
        the collected copy the rush's; every grade full marks."""
        problems = []
        inbound = PREFIX / "exchange" / "backprop" / "inbound"
        for name in self.students:
            found = sorted(inbound.glob(f"{name}+{ASSIGNMENT}+*"))
            rounds = {}
            for folder in found:
                text = (folder / NOTEBOOK).read_text()
                owners = [s for s in self.students if f"submitted by {s}:" in text]
                stamp = datetime.strptime((folder / "timestamp.txt").read_text().strip()[:26],
                                          "%Y-%m-%d %H:%M:%S.%f")
                round_name = "rush" if ": rush" in text else "first"
                rounds[round_name] = stamp
                low, high = self.windows[name, round_name]
                if owners != [name]:
                    problems.append(f"{name}: {folder.name} holds {owners}'s work")
                if not low <= stamp <= high:
                    problems.append(f"{name} {round_name}: timestamp {stamp} not in {low}–{high}")
            wanted = {"first", "rush"} if rushed else {"first"}
            if set(rounds) != wanted or len(found) != len(wanted):
                problems.append(f"{name}: {len(found)} submissions in the exchange, {set(rounds)}")
            collected = self.hub.course / "submitted" / name / ASSIGNMENT / NOTEBOOK
            last = f"submitted by {name}: {'rush' if rushed else 'first'}"
            if not collected.is_file() or last not in collected.read_text():
                problems.append(f"{name}: the collected copy is not the later submission")
        return problems


def scores(hub, students):
    """{student: (score, max)} from the gradebook, read as the instructor."""
    code = ("import json, sys\nfrom nbgrader.api import Gradebook\n"
            "with Gradebook('sqlite:///gradebook.db') as g:\n"
            "    print(json.dumps({s: [g.find_submission(sys.argv[1], s).score,"
            " g.find_submission(sys.argv[1], s).max_score] for s in sys.argv[2:]}))")
    done = hub.run_as(INSTRUCTOR, hub.venv / "bin" / "python", "-c", code, ASSIGNMENT,
                      *students, cwd=hub.course)
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_all_in_chromium(running, name, relpath):
    """Log in in Chromium, open the saved notebook, Run All, wait; the seconds Run All took."""
    from tests.support.browser import chromium
    from tests.support.lab import CELLS, menu, wait_executed

    code_cells = [i for i, c in enumerate(nbformat.read(
        running.hub.home(name) / relpath, as_version=4).cells) if c.cell_type == "code"]
    with chromium() as browser:
        page = browser.new_page()
        page.set_default_timeout(SPAWN_TIMEOUT * 1000)
        page.goto(f"{running.base}/hub/login")
        page.fill("#username_input", name)
        page.fill("#password_input", running.password)
        page.click("#login_submit")
        page.wait_for_selector("#jp-main-dock-panel")
        page.goto(f"{running.base}/user/{name}/lab/workspaces/load/tree/{relpath}")
        page.wait_for_selector(CELLS)
        started = time.monotonic()
        menu(page, "Run", "runmenu:run-all")
        wait_executed(page, code_cells, timeout=CELL_TIMEOUT * 1000)
        seconds = time.monotonic() - started
        errors = page.locator(".jp-OutputArea-output[data-mime-type="
                              "'application/vnd.jupyter.stderr']").count()
        if errors:
            raise AssertionError(f"{name}: Run All showed {errors} error output(s)")
        return seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--browsers", type=int, default=2, help="of them in headless Chromium")
    parser.add_argument("--attack", action="store_true", help="+ a memory bomb and a fork bomb")
    parser.add_argument("--keep", action="store_true", help="keep the accounts afterwards")
    parser.add_argument("--no-rush", action="store_true", help="skip the deadline rush")
    args = parser.parse_args()
    if os.geteuid() != 0:
        raise SystemExit("run as root: the class is real unix accounts")
    mode = "attack" if args.attack else "clean"
    klass = Class(args)
    load_before = os.getloadavg()
    print(f"setting up {args.students} students ({mode}); load average {load_before}", flush=True)
    klass.setup()
    running = RunningHub(klass.hub, PREFIX / "state" / f"jupyterhub-{mode}.log")
    running.SERVER_TIMEOUT = SPAWN_TIMEOUT
    running.REQUEST_TIMEOUT = 600  # the hub answered 30 logins at once in > 60 s (load 25)
    running.start()
    report = {"mode": mode, "students": args.students, "browsers": args.browsers,
              "load average at start": load_before, "failures": []}
    try:
        sampler = Sampler(Student(running, INSTRUCTOR, running.login(INSTRUCTOR)))
        sampler.start()
        stop_bombs = threading.Event()
        started = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(args.students + 2) as pool:
            bombs = [pool.submit(klass.bomber, running, b, stop_bombs) for b in klass.bombers]
            jobs = {pool.submit(klass.one_student, running, s, i < args.browsers): s
                    for i, s in enumerate(klass.students)}
            for job in concurrent.futures.as_completed(jobs):
                if job.exception():
                    trace = "".join(traceback.format_exception(job.exception()))
                    report["failures"].append(f"{jobs[job]}: {trace[-800:]}")
            report["class seconds"] = time.monotonic() - started
            report["peak memory per student (MB)"] = {
                s: peak_memory(s) >> 20 for s in klass.students + klass.bombers}
            stop_bombs.set()
            report["bombers"] = [repr(b.exception() or "ran to the end") for b in bombs]
        report["load average after the class"] = os.getloadavg()
        report["rush collect+grade seconds"], report["scores"] = float("nan"), {}
        report["lost or mixed up"] = ["not checked"]
        try:  # whatever goes wrong here, the table of the class run is still printed
            if args.no_rush:
                klass.instructor("collect", ASSIGNMENT)
            else:
                report["rush collect+grade seconds"], report["grade output"] = klass.rush()
                report["scores"] = scores(klass.hub, klass.students)
            report["lost or mixed up"] = klass.check_exchange(rushed=not args.no_rush)
        except Exception:  # noqa: BLE001
            report["failures"].append(f"rush/check: {traceback.format_exc()[-1500:]}")
        sampler.stopping.set()
        report["hub API"] = {"p50": percentile(sampler.latencies, 50),
                             "p95": percentile(sampler.latencies, 95),
                             "samples": len(sampler.latencies), "errors": sampler.errors}
        report["min MemAvailable (MB)"] = sampler.min_available >> 20
        report["hub alive"] = running.server.running
    finally:
        running.stop()
        if not args.keep:
            remove_accounts((INSTRUCTOR, *klass.hub.students))
    for name, result in klass.results.items():
        report["failures"] += [f"{name}: {f}" for f in result.get("failures", [])]
    report["results"] = klass.results
    report["load average at end"] = os.getloadavg()
    print_table(report)
    out = REPO / "artifacts" / f"hub_load-{mode}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, indent=1, default=str))
    bad = (report["failures"] or report["lost or mixed up"] or not report["hub alive"]
           or any(s != m for s, m in report["scores"].values()))
    sys.exit(1 if bad else 0)


def print_table(report):
    results = [r for r in report["results"].values() if "spawn" in r]
    spawn = [r["spawn"] for r in results]
    cells = [c for r in results for c in r["cells"]]
    per_student = [sum(r["cells"]) for r in results if r["cells"]]
    browser = [r["browser run all"] for r in results if "browser run all" in r]
    memory = [report["peak memory per student (MB)"][name] for name in report["results"]
              if name.startswith("bplt-s")]
    full = sum(1 for s, m in report["scores"].values() if s == m)
    rows = [
        ("students (browser)", f"{len(results)} ({len(browser)})"),
        ("spawn p50 / p95", f"{percentile(spawn, 50):.1f} s / {percentile(spawn, 95):.1f} s"),
        ("cell execution p50 / p95 / max", f"{percentile(cells, 50):.2f} / "
         f"{percentile(cells, 95):.2f} / {max(cells, default=0):.2f} s"),
        ("all cells of a student, p50 / max",
         f"{percentile(per_student, 50):.1f} / {max(per_student, default=0):.1f} s"),
        ("Run All in Chromium", ", ".join(f"{b:.1f} s" for b in browser) or "-"),
        ("hub API p50 / p95 (errors)", f"{report['hub API']['p50'] * 1000:.0f} / "
         f"{report['hub API']['p95'] * 1000:.0f} ms ({report['hub API']['errors']})"),
        ("peak memory per student median / max",
         f"{percentile(memory, 50)} / {max(memory, default=0)} MB"),
        ("lowest MemAvailable of the machine", f"{report['min MemAvailable (MB)']} MB"),
        ("class start to last submit", f"{report['class seconds']:.0f} s"),
        ("failures", str(len(report["failures"]))),
        ("rush: collect + grade", f"{report['rush collect+grade seconds']:.0f} s"),
        ("submissions lost or mixed up", str(len(report["lost or mixed up"]))),
        ("graded full marks", f"{full} of {len(report['scores'])}" if report["scores"]
         else "- (no rush)"),
        ("load average start / after class / end", " / ".join(
            f"{report[k][0]:.1f}" for k in ("load average at start",
                                             "load average after the class",
                                             "load average at end"))),
    ]
    for name, result in report["results"].items():
        if "bomb runs" in result:
            rows.append((f"{name}", f"{len(result['bomb runs'])} runs: "
                                    f"{', '.join(sorted(set(result['bomb runs'])))}, peak "
                                    f"{report['peak memory per student (MB)'][name]} MB"))
    print(f"\n| {report['mode']}, {report['students']} students | |\n| --- | --- |")
    for key, value in rows:
        print(f"| {key} | {value} |")
    for failure in report["failures"] + report["lost or mixed up"]:
        print("FAILED:", failure)


if __name__ == "__main__":
    main()
