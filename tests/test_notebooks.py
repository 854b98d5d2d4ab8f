"""Every solution notebook runs top to bottom cleanly, and nbgrader validates it."""

import re
import subprocess
import sys

import pytest
from nbclient import NotebookClient

from autograder.course import tool_env
from tests.support.course import RELEASES, REPO, SOURCES, read

pytestmark = pytest.mark.slow


def execute(path):
    nb = read(path)
    NotebookClient(nb, timeout=120, kernel_name="python3", shutdown_kernel="immediate",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    return nb


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.parent.name)
def test_solution_notebook_runs_without_errors_or_warnings(path):
    nb = execute(path)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            assert output.output_type != "error", f"{output.ename}: {output.evalue}\n{cell.source}"
            assert output.get("name") != "stderr", f"stderr output:\n{output.text}\n{cell.source}"


@pytest.fixture(scope="module")
def validated():
    """`nbgrader validate` on every solution and every student notebook, in one nbgrader run as
    a student may type it (`nbgrader validate A.ipynb B.ipynb ...`; one start instead of 16):
    {path: the part of the report after "Validating 'path'"}."""
    paths = [str(p) for p in [*SOURCES, *RELEASES]]
    done = subprocess.run([sys.executable, "-m", "nbgrader", "validate", *paths], cwd=REPO,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          timeout=1200, env=tool_env() | {"PYTHONUNBUFFERED": "1"})  # in order
    parts = re.split(r"^\[ValidateApp \| INFO\] Validating '(.+)'$", done.stdout, flags=re.M)
    reports = dict(zip(parts[1::2], parts[2::2]))
    assert sorted(reports) == sorted(paths), done.stdout[-3000:]
    return reports


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.parent.name)
def test_nbgrader_validate_passes_on_the_solution(validated, path):
    report = validated[str(path)]
    assert "Success! Your notebook passes all the tests." in report, report


@pytest.mark.parametrize("path", RELEASES, ids=lambda p: p.parent.name)
def test_nbgrader_validate_fails_on_the_untouched_student_notebook(validated, path):
    report = validated[str(path)]
    assert "VALIDATION FAILED" in report and "not implemented yet" in report, report
