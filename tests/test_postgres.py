"""nbgrader's gradebook on PostgreSQL: a private server on a Unix socket, started by the test.

Skips, saying why, where PostgreSQL's server programs or psycopg2 are missing.
"""

import csv
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from autograder.grading.submissions import fill, solutions, submit
from tests.support.course import GRADE_FLAGS, autograder, make_course, read
from tests.support.servers import free_port

pytestmark = pytest.mark.grading

psycopg2 = pytest.importorskip("psycopg2", reason="PostgreSQL test needs psycopg2-binary")
SERVER = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
ASSIGNMENT = "01_gradient_descent"
NAME = f"{ASSIGNMENT}.ipynb"


def as_postgres(*command):
    """Run a server program as the `postgres` user (PostgreSQL refuses to run as root)."""
    prefix = ["runuser", "-u", "postgres", "--"] if shutil.which("runuser") else []
    subprocess.run(prefix + [str(c) for c in command], check=True, capture_output=True)


@pytest.fixture
def server():
    if not SERVER:
        pytest.skip("PostgreSQL's server programs are not installed (apt-get install postgresql)")
    bin_dir = SERVER[-1].parent
    folder = Path(tempfile.mkdtemp(prefix="pg-"))  # not under pytest's root-only folder
    shutil.chown(folder, "postgres", "postgres")
    data, port = folder / "data", free_port()
    as_postgres(bin_dir / "initdb", "-D", data, "-U", "postgres", "--auth=trust")
    as_postgres(bin_dir / "pg_ctl", "-D", data, "-w", "-l", folder / "log", "-o",
                f"-k {folder} -p {port} -c listen_addresses=''", "start")
    try:
        as_postgres(bin_dir / "createdb", "-h", folder, "-p", port, "-U", "postgres",
                    "gradebook")
        yield f"postgresql+psycopg2://postgres@/gradebook?host={folder}&port={port}"
    finally:
        as_postgres(bin_dir / "pg_ctl", "-D", data, "-m", "immediate", "stop")
        shutil.rmtree(folder, ignore_errors=True)


def test_grading_writes_nbgraders_gradebook_in_postgresql(tmp_path, server):
    course = make_course(tmp_path)
    config = course.root / "nbgrader_config.py"
    config.write_text(config.read_text() + f"\nc.CourseDirectory.db_url = {server!r}\n")
    release = course.release_notebook(ASSIGNMENT, NAME)
    answer = solutions(read(course.solutions / ASSIGNMENT / NAME))["gradient_descent"]
    submit(course, "right", ASSIGNMENT, {NAME: fill(release, {"gradient_descent": answer})})
    submit(course, "stub", ASSIGNMENT, {NAME: fill(release, {})})
    autograder(course, "grade", ASSIGNMENT, *GRADE_FLAGS)
    assert not (course.root / "gradebook.db").exists()
    with psycopg2.connect(server.replace("postgresql+psycopg2", "postgresql")) as db:
        cursor = db.cursor()
        cursor.execute("select student_id from submitted_assignment order by student_id")
        assert [row[0] for row in cursor.fetchall()] == ["right", "stub"]
    with open(course.root / "grades.csv") as f:
        scores = {r["student"]: float(r["score"]) for r in csv.DictReader(f)}
    assert scores == {"right": 4.0, "stub": 0.0}
    assert (course.root / "feedback" / "right" / ASSIGNMENT).is_dir()
