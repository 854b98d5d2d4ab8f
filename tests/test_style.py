"""Housekeeping that users meet first: lint-clean code and notebooks, notebooks without outputs."""

import json
import subprocess
import sys

from tests.support.course import REPO


def test_ruff_is_clean_on_code_and_notebooks():
    done = subprocess.run([sys.executable, "-m", "ruff", "check", str(REPO)], capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_committed_notebooks_have_no_outputs():
    for path in [*REPO.glob("solutions/*/*.ipynb"), *REPO.glob("notebooks/*/*.ipynb"),
                 *REPO.glob("explorers/*.ipynb")]:
        for cell in json.loads(path.read_text())["cells"]:
            if cell["cell_type"] == "code":
                assert not cell["outputs"] and cell["execution_count"] is None, path
