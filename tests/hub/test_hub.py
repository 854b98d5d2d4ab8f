"""The course hub on one machine (hub/setup, hub/jupyterhub_config.py): separate unix accounts
that cannot read each other's work, the instructor's course, solutions or gradebook; servers
that run as their user; nbgrader's instructor tools only for the instructor.

Each "cannot read" is tried as the student (runuser) and must fail with "Permission denied".
"""

import urllib.error

import pytest

ASSIGNMENT = "01_gradient_descent"


@pytest.fixture(scope="module")
def hub(hub_machine):
    """The hub's machine with something to protect: a student's work, the gradebook."""
    alice, bob = hub_machine.students[:2]
    hub_machine.run_as(bob, "mkdir", "-p", hub_machine.home(bob) / "work")
    hub_machine.run_as(bob, "tee", hub_machine.home(bob) / "work" / "answer.py",
                       input="def gradient_descent(): ...\n")
    hub_machine.nbgrader(hub_machine.instructor, "db", "student", "list",
                         cwd=hub_machine.course)  # creates gradebook.db if nothing did yet
    assert (hub_machine.course / "gradebook.db").is_file()
    return hub_machine


def denied(hub, user, *argv):
    done = hub.run_as(user, *argv, check=False)
    return done.returncode != 0 and "Permission denied" in done.stderr, done


def test_a_student_cannot_read_a_classmates_files(hub):
    alice, bob = hub.students[:2]
    for argv in (["ls", hub.home(bob)], ["cat", hub.home(bob) / "work" / "answer.py"]):
        refused, done = denied(hub, alice, *argv)
        assert refused, f"{alice} ran {argv}: {done.stdout!r} {done.stderr!r}"


@pytest.mark.parametrize("target", ["course", "solutions", "gradebook", "reference"])
def test_a_student_cannot_read_the_instructors_course(hub, target):
    path = {"course": hub.course, "solutions": hub.course / "solutions" / ASSIGNMENT,
            "gradebook": hub.course / "gradebook.db",
            "reference": hub.course / "autograder" / "reference" / "__init__.py"}[target]
    assert path.exists(), path
    refused, done = denied(hub, hub.students[0], "ls" if path.is_dir() else "cat", path)
    assert refused, f"a student read {path}: {done.stdout[:200]!r}"


def test_the_hub_environment_holds_the_student_package_only(hub):
    python = hub.venv / "bin" / "python"
    done = hub.run_as(hub.students[0], python, "-c",
                      "import autograder.student.checks, autograder; print(autograder.__file__)")
    assert done.stdout.strip().startswith(str(hub.venv)), done.stdout
    done = hub.run_as(hub.students[0], python, "-c", "import autograder.reference", check=False)
    assert "ModuleNotFoundError" in done.stderr, done.stderr


def test_homes_are_private_and_the_exchange_is_shared(hub):
    for user in (hub.instructor, *hub.students):
        assert hub.home(user).stat().st_mode & 0o777 == 0o700, user
    assert hub.exchange.stat().st_mode & 0o7777 == 0o1777


def test_each_server_runs_as_its_user_and_only_the_instructor_has_the_formgrader(course_hub):
    hub = course_hub.hub
    student = hub.students[0]
    for user, formgrader in [(student, False), (hub.instructor, True)]:
        opener = course_hub.login(user)
        lab = opener.open(f"{course_hub.base}/user/{user}/lab", timeout=60)
        assert lab.status == 200 and "JupyterLab" in lab.read().decode(), user
        status = server_status(opener, f"{course_hub.base}/user/{user}/formgrader")
        assert (status == 200) == formgrader, f"{user}: /formgrader answered {status}"
        pid = int(open(next((hub.home(user) / ".local/share/jupyter/runtime").glob(
            "jpserver-*.json"))).read().split('"pid":')[1].split(",")[0])
        owner = open(f"/proc/{pid}/status").read().split("\nUid:")[1].split()[0]
        assert int(owner) == hub_uid(user), f"{user}'s server runs as uid {owner}"


def server_status(opener, url):
    try:
        return opener.open(url, timeout=60).status
    except urllib.error.HTTPError as error:
        return error.code


def hub_uid(user):
    import pwd

    return pwd.getpwnam(user).pw_uid
