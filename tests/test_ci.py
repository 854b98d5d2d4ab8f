""".ci/run asks apt only for the packages that are missing, and never for npm where an npm runs.

Each case is a faked machine: the commands on PATH are stubs (bwrap, npm, and an apt-get that
records what it was asked and installs nothing), the fixed paths point into a scratch folder.
.ci/run itself runs up to its first command after apt (making the venv), which the stub python3
stops.
"""

import shutil
import subprocess

import pytest

from tests.support.course import REPO

PACKAGES = ["bubblewrap", "chromium", "postgresql", "python3-venv", "npm"]


def stub(folder, name, code=0, script=""):
    path = folder / name
    path.write_text(f"#!/bin/sh\n{script}\nexit {code}\n")
    path.chmod(0o755)
    return path


def machine(tmp_path, present, npm_runs=True):
    """A faked machine with the packages in `present`: (environment, apt-get's record)."""
    bin_dir, record = tmp_path / "bin", tmp_path / "apt-get.args"
    bin_dir.mkdir()
    for tool in ("bash", "dirname", "sh"):  # what .ci/run needs besides the stubs
        (bin_dir / tool).symlink_to(shutil.which(tool))
    stub(bin_dir, "apt-get", script=f'echo "$*" >> {record}')
    stub(bin_dir, "python3", code=1)  # `python3 -m venv .venv`: stop .ci/run after apt
    if "bubblewrap" in present:
        stub(bin_dir, "bwrap")
    if "npm" in present:  # Node's own npm: runs, or (npm_runs=False) is there but broken
        stub(bin_dir, "npm", code=0 if npm_runs else 1, script="echo 10.8.2")
    chromium = stub(tmp_path, "chromium") if "chromium" in present else tmp_path / "none"
    postgresql = tmp_path / "postgresql"
    if "postgresql" in present:
        (postgresql / "15" / "bin").mkdir(parents=True)
        stub(postgresql / "15" / "bin", "initdb")
    python3 = stub(tmp_path, "debian-python3", code=0 if "python3-venv" in present else 1)
    env = {"PATH": str(bin_dir), "HOME": str(tmp_path), "CI_CHROMIUM": str(chromium),
           "CI_POSTGRESQL": str(postgresql), "CI_PYTHON3": str(python3)}
    return env, record


def asked(tmp_path, present, npm_runs=True):
    """(what .ci/missing-packages prints, the apt-get lines .ci/run ran) on the faked machine."""
    env, record = machine(tmp_path, present, npm_runs)
    missing = subprocess.run(["/bin/bash", REPO / ".ci" / "missing-packages"], env=env,
                             capture_output=True, text=True, check=True).stdout.strip()
    done = subprocess.run(["/bin/bash", REPO / ".ci" / "run"], env=env, capture_output=True,
                          text=True)
    assert done.returncode == 1, done.stderr  # stopped by the stub python3, after apt
    lines = record.read_text().splitlines() if record.exists() else []
    return missing, lines


CASES = {
    # the machine of issue 22: Node 20 with its npm, no bubblewrap, no Chromium
    "node's npm, no bubblewrap or chromium": (
        {"postgresql", "python3-venv", "npm"}, True, "bubblewrap chromium"),
    "everything there": (set(PACKAGES), True, ""),
    "a bare machine": (set(), True, "bubblewrap chromium postgresql python3-venv npm"),
    "an npm that does not run": (set(PACKAGES), False, "npm"),
}


@pytest.mark.parametrize("case", CASES)
def test_ci_asks_apt_for_exactly_what_is_missing(tmp_path, case):
    present, npm_runs, expected = CASES[case]
    missing, apt = asked(tmp_path, present, npm_runs)
    assert missing == expected
    print(f"{case}: {apt or 'apt-get not called'}")
    if expected:
        assert apt == [f"install -y -q {expected}"]
    else:
        assert apt == [], "apt-get was called although nothing is missing"
    if "npm" in present and npm_runs:
        assert all("npm" not in line.split() for line in apt)
