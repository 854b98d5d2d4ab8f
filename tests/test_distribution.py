"""What a student receives, as built by `python -m autograder distribute`, installed into an
empty virtual environment: it works there, and it holds nothing of the instructor's.

The artefact is dist/student/: a wheel (autograder/__init__.py, a docstring, and
autograder/student/**) and the released notebooks. In a fresh venv with only the wheel and its
pinned dependencies, every notebook's set-up cells and first check run: the stub gives the
friendly "not implemented yet" message, the instructor's answer pasted in gives the ✓.
"""

import ast
import json
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from autograder.distribution import SHIPPED_SUFFIXES
from autograder.grading.submissions import solutions
from autograder.layout import PACKAGE, instructor_files
from tests.support.course import RELEASES, REPO, SOURCES, read
from tests.support.leaks import MARKERS, code_lines, reference_body_lines

pytestmark = pytest.mark.slow  # a venv with the student wheel

FIRST_CHECK = REPO / "tests" / "scripts" / "first_check.py"
STUDENT_INIT = "autograder/__init__.py"
# `a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)`: input conversion, not logic
BINARY = (".npz",)  # data files: autograder/student/data/digits.npz
CONVERSION = re.compile(r"^[\w, ]+ = (np\.asarray\(\w+(, dtype=\w+)?\)(, )?)+$")


@pytest.fixture(scope="module")
def artefact(tmp_path_factory):
    """(the dist/student folder, the wheel's path) built by the command an instructor runs."""
    out = tmp_path_factory.mktemp("dist") / "student"
    done = subprocess.run([sys.executable, "-m", "autograder", "distribute", "--root", str(REPO),
                           "--out", str(out)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    (wheel,) = out.glob("*.whl")
    return out, wheel


@pytest.fixture(scope="module")
def wheel_texts(artefact):
    """Every text file of the wheel, by name (the data set, binary, is read where it is tested)."""
    with zipfile.ZipFile(artefact[1]) as archive:
        return {name: archive.read(name).decode() for name in archive.namelist()
                if not name.endswith(BINARY)}


@pytest.fixture(scope="module")
def student_venv(artefact, tmp_path_factory):
    """A new virtual environment with nothing but the wheel and what it depends on."""
    venv = tmp_path_factory.mktemp("student-venv")
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    done = subprocess.run([str(python), "-m", "pip", "install", "-q", str(artefact[1])],
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, f"pip could not install the student wheel:\n{done.stderr}"
    print(f"student venv: {time.monotonic() - started:.1f} s")
    return python


def test_the_wheel_holds_only_the_student_package(artefact, wheel_texts):
    with zipfile.ZipFile(artefact[1]) as wheel:
        names = wheel.namelist()
    outside = [name for name in names
               if not name.startswith(("autograder/student/", ".dist-info/"))
               and name != STUDENT_INIT and ".dist-info/" not in name]
    assert not outside, f"the student wheel ships instructor files: {outside}"
    instructor = {p.relative_to(PACKAGE.parent).as_posix() for p in instructor_files()}
    assert instructor and not instructor & set(wheel_texts), instructor & set(wheel_texts)
    shipped = {name for name in names if name.startswith("autograder/student/")}
    on_disk = {p.relative_to(REPO).as_posix() for p in (REPO / "autograder" / "student").rglob("*")
               if p.is_file() and p.suffix in SHIPPED_SUFFIXES and "__pycache__" not in p.parts}
    assert shipped == on_disk, f"missing from the wheel: {sorted(on_disk - shipped)}"
    # the package docstring is the student one, not the instructor's (which names the commands)
    assert "python -m autograder grade" not in wheel_texts[STUDENT_INIT]
    body = ast.parse(wheel_texts[STUDENT_INIT]).body
    assert len(body) == 1 and isinstance(body[0].value, ast.Constant), "more than a docstring"


def test_the_artefact_lists_the_wheel_and_every_released_notebook(artefact):
    out, wheel = artefact
    notebooks = sorted(p.relative_to(out / "notebooks") for p in out.glob("notebooks/*/*.ipynb"))
    assert notebooks == sorted(p.relative_to(REPO / "notebooks") for p in RELEASES)
    for path in out.glob("notebooks/*/*.ipynb"):
        assert path.read_bytes() == (REPO / "notebooks" / path.relative_to(out / "notebooks")
                                     ).read_bytes()
    assert sorted(p.name for p in out.iterdir()) == sorted([wheel.name, "notebooks"])


def test_nothing_in_the_artefact_holds_reference_code_hidden_cases_or_solutions(artefact,
                                                                                 wheel_texts):
    out, _ = artefact
    texts = dict(wheel_texts)
    texts |= {str(p.relative_to(out)): p.read_text() for p in out.glob("notebooks/*/*.ipynb")}
    body = reference_body_lines()
    solution_lines = set()
    for source in SOURCES:
        for code in solutions(read(source)).values():
            solution_lines |= {line for line in code_lines(code) if not CONVERSION.match(line)}
    for name, text in texts.items():
        # the package may *name* instructor modules (its docstrings explain what is refused);
        # it imports none (tests/test_no_leak.py), and nothing anywhere holds solution markers
        markers = [m for m in MARKERS if "BEGIN" in m or "END" in m] if name.endswith(
            ".py") else MARKERS
        for marker in markers:
            assert marker not in text, f"{name} contains {marker!r}"
        if name.startswith("autograder/"):
            copied = [line for line in body if line in text]
            assert not copied, f"{name} contains reference code: {copied[:3]}"
            leaked = [line for line in solution_lines if line in text]
            assert not leaked, f"{name} contains solution lines: {leaked[:3]}"
        if name.startswith("autograder/student/vectors/"):
            groups = {case["group"] for case in json.loads(text)["cases"]}
            assert "hidden" not in groups, f"{name} holds hidden cases"


@pytest.mark.parametrize("release", RELEASES, ids=lambda p: p.parent.name)
def test_first_check_in_an_empty_venv_says_not_implemented_then_passes(student_venv, release,
                                                                        artefact, tmp_path):
    out, _ = artefact
    notebook = out / "notebooks" / release.relative_to(REPO / "notebooks")
    source = next(p for p in SOURCES if p.name == release.name)
    first_answer = next(c for c in read(source).cells
                        if c.metadata.get("nbgrader", {}).get("solution"))
    answer = tmp_path / "answer.py"
    answer.write_text(solutions(read(source))[first_answer.metadata.nbgrader["grade_id"]])
    done = subprocess.run([str(student_venv), str(FIRST_CHECK), str(notebook), str(answer)],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    said = json.loads(done.stdout.splitlines()[-1])
    assert Path(said["autograder"]).is_relative_to(student_venv.parent.parent), said
    assert "not implemented yet" in said["stub"], said["stub"]
    assert said["solution"].lstrip().startswith("✓"), said["solution"]


def test_the_empty_venv_has_no_instructor_module(student_venv, tmp_path):
    for module in ("autograder.reference", "autograder.cases", "autograder.grading.hidden",
                   "autograder.grading", "autograder.cli"):
        done = subprocess.run([str(student_venv), "-c", f"import {module}"], cwd=tmp_path,
                              capture_output=True, text=True, timeout=60)
        assert "ModuleNotFoundError" in done.stderr, f"{module} imports in the student venv"


DIGITS_SUMMARY = """
import hashlib, json
from autograder.student import data
print(json.dumps({"file": str(data.DIGITS), "sets": {
    name: [list(images.shape), str(images.dtype), str(labels.dtype),
           hashlib.sha256(images.tobytes() + labels.tobytes()).hexdigest()]
    for name, (images, labels) in data.load_digits().items()}}))
"""


def test_the_student_gets_the_digits(student_venv, tmp_path):
    """Notebook 07's data set comes with the wheel: the same images, labels and split there."""
    done = subprocess.run([str(student_venv), "-c", DIGITS_SUMMARY], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    there = json.loads(done.stdout)
    assert Path(there["file"]).is_relative_to(student_venv.parent.parent), there["file"]
    here = subprocess.run([sys.executable, "-c", DIGITS_SUMMARY], cwd=REPO, capture_output=True,
                          text=True, timeout=120)
    assert there["sets"] == json.loads(here.stdout)["sets"]
    assert [there["sets"][k][0][0] for k in ("train", "validation", "test")] == [1000, 397, 400]
