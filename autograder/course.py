"""The course directory (the repository root) and how to run nbgrader inside it."""

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat
from traitlets.config.loader import PyFileConfigLoader


@dataclass(frozen=True)
class Course:
    root: Path

    @classmethod
    def at(cls, root):
        root = Path(root).resolve()
        if not (root / "nbgrader_config.py").is_file():
            raise SystemExit(f"{root} is not a course directory (no nbgrader_config.py). "
                             "Run from the repository root or pass --root.")
        return cls(root)

    @property
    def solutions(self):
        return self.root / "solutions"

    @property
    def notebooks(self):
        return self.root / "notebooks"

    @property
    def submitted(self):
        return self.root / "submitted"

    @property
    def gradebook_url(self):
        """nbgrader's `CourseDirectory.db_url` from nbgrader_config.py (sqlite or PostgreSQL)."""
        config = PyFileConfigLoader("nbgrader_config.py", path=str(self.root)).load_config()
        return config.CourseDirectory.get("db_url") or f"sqlite:///{self.root / 'gradebook.db'}"

    def assignments(self):
        return sorted(p.name for p in self.solutions.iterdir() if p.is_dir())

    def source_notebooks(self, assignment):
        return sorted((self.solutions / assignment).glob("*.ipynb"))

    def release_notebook(self, assignment, name):
        return nbformat.read(self.notebooks / assignment / name, as_version=4)

    def release(self, assignment):
        """Generate one assignment's student version in notebooks/ with nbgrader (solutions and
        hidden tests removed, outputs cleared) and record it in the gradebook."""
        done = self.nbgrader("generate_assignment", assignment, "--force")
        if done.returncode != 0:
            raise SystemExit(f"nbgrader could not release {assignment}:\n"
                             f"{done.stdout}{done.stderr}")

    def nbgrader(self, *args, timeout=None):
        """Run one nbgrader command in the course root; returns the CompletedProcess."""
        return subprocess.run(
            [sys.executable, "-m", "nbgrader", *args, "--log-level=WARN"],
            cwd=self.root, capture_output=True, text=True, timeout=timeout, env=tool_env(),
        )


def tool_env():
    """The environment for nbgrader: it calls `alembic` and `jupyter` from PATH, so the
    interpreter's own bin folder comes first even when the virtual environment is not active."""
    bin_dir = str(Path(sys.executable).parent)
    return os.environ | {"PATH": os.pathsep.join([bin_dir, os.environ.get("PATH", "")])}
