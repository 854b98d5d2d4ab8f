"""What grading an assignment needs before its first submission — the release, the plan, the
preflight and the deadline it fits — done once and kept until something it depends on changes,
so that a regrade with nothing changed starts grading at once.

The release (an nbgrader process) and the preflight (the solution in the sandbox) cost a few
core-seconds each; each is done again only when the fingerprint of its inputs changes:
- the release: the source notebooks, nbgrader_config.py, nbgrader's version, the gradebook's
  address; and also when notebooks/ no longer holds what it wrote or the gradebook lost the
  assignment (a deleted gradebook.db);
- the preflight: the grading version (source notebooks, this package — reference, cases,
  checks, runner — and the vectors), the release it ran on, the limits and how the sandbox
  enforces them, and the Python environment (interpreter, installed distributions).
`force` does both again. A failed preflight is never kept: the next run tries again. The plan
(below 0.1 core-s, measured in benchmarks/grading_profile.py) is made on every run.

The record is autograded/<assignment>.setup.json (Course.setup_file); this module alone reads
and writes it.
"""

import hashlib
import json
import os
import shutil
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

import nbgrader

import autograder
from autograder.grading import sandbox
from autograder.grading.plan import Plan, make_plan
from autograder.grading.preflight import Preflight, run_preflight
from autograder.grading.recording import knows_assignment

RECORD_VERSION = 1  # bump when the record's fields change: older records are then ignored


@dataclass(frozen=True)
class SetupRecord:
    """What the setup file holds: the fingerprints, and what was found under them."""

    release_key: str
    released: dict  # release notebook name -> sha256 of the file nbgrader wrote
    preflight_key: str
    preflight: Preflight


@dataclass(frozen=True)
class Prepared:
    plan: Plan
    preflight: Preflight
    version: str  # grading_version: part of every submission's fingerprint
    reused: tuple  # the steps taken from the record instead of done: "release", "preflight"


def digest(*parts):
    """sha256 over strings and bytes, each one framed so that no two lists collide."""
    hashed = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else str(part).encode()
        hashed.update(len(data).to_bytes(8, "big") + data)
    return hashed.hexdigest()


def grading_version(course, assignment):
    """Changes when the source notebook, the reference, the cases or the checks change."""
    hashed = hashlib.sha256()
    package = Path(autograder.__file__).parent
    for path in [*course.source_notebooks(assignment), *sorted(package.rglob("*.py")),
                 *sorted(package.glob("student/vectors/*.json"))]:
        hashed.update(path.read_bytes())
    return hashed.hexdigest()


def release_key(course, assignment):
    return digest(RECORD_VERSION, nbgrader.__version__, course.gradebook_url,
                  (course.root / "nbgrader_config.py").read_bytes(),
                  *[p.read_bytes() for p in course.source_notebooks(assignment)])


def released(course, assignment):
    """{notebook name: sha256} of the student version nbgrader wrote to notebooks/."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted((course.notebooks / assignment).glob("*.ipynb"))}


def environment():
    """The interpreter and every installed distribution's name and version."""
    found = [sys.executable, sys.version, shutil.which("bwrap") or "no bwrap"]
    for folder in sorted({p for p in sys.path if p.endswith("site-packages")}):
        if os.path.isdir(folder):
            found += sorted(n for n in os.listdir(folder) if n.endswith(".dist-info"))
    return found


def preflight_key(version, release, limits):
    """`version`: grading_version(); `release`: released()."""
    return digest(RECORD_VERSION, version, json.dumps(release, sort_keys=True),
                  repr(limits), sandbox.describe(limits), *environment())


def load_record(course, assignment):
    """The SetupRecord of the last successful preparation, or None (none, another version of
    the record, or a damaged file)."""
    try:
        state = json.loads(course.setup_file(assignment).read_text())
        if state.get("version") != RECORD_VERSION:
            return None
        return SetupRecord(state["release_key"], dict(state["released"]),
                           state["preflight_key"], Preflight(**state["preflight"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def save_record(course, assignment, record):
    path = course.setup_file(assignment)
    path.parent.mkdir(parents=True, exist_ok=True)
    state = {"version": RECORD_VERSION, **asdict(record)}
    temporary = path.with_suffix(".tmp")  # a run killed mid-write leaves the old record
    temporary.write_text(json.dumps(state, indent=1))
    temporary.replace(path)


def prepare(course, assignment, limits, force=False):
    """Release, plan and preflight `assignment` for grading under `limits`, reusing what the
    record says was done on the very same inputs; SetupError if the preflight fails."""
    record = None if force else load_record(course, assignment)
    reused = []
    key = release_key(course, assignment)
    if (record and record.release_key == key and record.released == released(course, assignment)
            and knows_assignment(course.gradebook_url, assignment,
                                 [n.removesuffix(".ipynb") for n in record.released])):
        reused.append("release")
    else:
        course.release(assignment)  # notebooks/ current, the assignment in the gradebook
    plan = make_plan(course, assignment)
    version, release = grading_version(course, assignment), released(course, assignment)
    checked = preflight_key(version, release, limits)
    if record and record.preflight_key == checked:
        reused.append("preflight")
        check = record.preflight
    else:
        check = run_preflight(course, plan, limits)
    if SetupRecord(key, release, checked, check) != record:
        save_record(course, assignment, SetupRecord(key, release, checked, check))
    return Prepared(plan, check, version, tuple(reused))
