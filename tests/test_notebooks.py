"""Every solution notebook runs top to bottom cleanly, and nbgrader validates it."""

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


def validate(path):
    done = subprocess.run([sys.executable, "-m", "nbgrader", "validate", str(path)], cwd=REPO,
                          capture_output=True, text=True, timeout=300, env=tool_env())
    return done.stdout + done.stderr


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.parent.name)
def test_nbgrader_validate_passes_on_the_solution(path):
    assert "Success! Your notebook passes all the tests." in validate(path)


@pytest.mark.parametrize("path", RELEASES, ids=lambda p: p.parent.name)
def test_nbgrader_validate_fails_on_the_untouched_student_notebook(path):
    report = validate(path)
    assert "VALIDATION FAILED" in report and "not implemented yet" in report
