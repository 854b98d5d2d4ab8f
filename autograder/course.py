"""The course directory (the repository root): every path in it, and how to run nbgrader there.

Every folder and file of the course is named here once; the rest of the package asks a Course
for them (course.autograded_folder(student, assignment), course.grades_csv, ...).
"""

import contextlib
import io
import logging
import os
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

import nbformat
from traitlets.config.loader import PyFileConfigLoader


class CourseError(Exception):
    """The folder is not a course, or nbgrader failed in it; the message says why."""


@dataclass(frozen=True)
class Course:
    root: Path

    @classmethod
    def at(cls, root):
        root = Path(root).resolve()
        if not (root / "nbgrader_config.py").is_file():
            raise CourseError(f"{root} is not a course directory (no nbgrader_config.py). "
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
        """submitted/<student>/<assignment>/: collected submissions (nbgrader's layout)."""
        return self.root / "submitted"

    @property
    def autograded(self):
        """autograded/<student>/<assignment>/: the graded notebook and grading.json."""
        return self.root / "autograded"

    @property
    def feedback(self):
        """feedback/<student>/<assignment>/<notebook>.html, written by nbgrader."""
        return self.root / "feedback"

    @property
    def reports(self):
        """reports/index.html and reports/<assignment>/: the class pages and charts."""
        return self.root / "reports"

    @property
    def grades_csv(self):
        return self.root / "grades.csv"

    @property
    def gradebook_file(self):
        """The sqlite gradebook's file (unused when nbgrader_config.py names PostgreSQL)."""
        return self.root / "gradebook.db"

    @property
    def dist(self):
        """dist/student/: what `distribute` builds for students."""
        return self.root / "dist" / "student"

    def submission_folder(self, student, assignment):
        return self.submitted / student / assignment

    def autograded_folder(self, student, assignment):
        return self.autograded / student / assignment

    def setup_file(self, assignment):
        """autograded/<assignment>.setup.json: the release and preflight kept between runs."""
        return self.autograded / f"{assignment}.setup.json"

    def report_folder(self, assignment):
        return self.reports / assignment

    @property
    def gradebook_url(self):
        """nbgrader's `CourseDirectory.db_url` from nbgrader_config.py (sqlite or PostgreSQL)."""
        config = PyFileConfigLoader("nbgrader_config.py", path=str(self.root)).load_config()
        return config.CourseDirectory.get("db_url") or f"sqlite:///{self.gradebook_file}"

    def students(self, assignment):
        """The students with a folder for this assignment under submitted/, sorted."""
        if not self.submitted.is_dir():
            return []
        return sorted(p.name for p in self.submitted.iterdir() if (p / assignment).is_dir())

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
            raise CourseError(f"nbgrader could not release {assignment}:\n{done.log}")

    def nbgrader(self, *args):
        """Run one nbgrader command as `nbgrader ARGS` would in the course root, but in this
        process, the way nbgrader's own tests run it: a second Python would spend 1.5-2
        core-seconds importing nbgrader again. Changes the working directory while it runs
        (nbgrader reads nbgrader_config.py there), so call it from one thread at a time."""
        from jupyter_core.application import NoStart
        from nbgrader.apps import NbGraderApp

        log, code = io.StringIO(), 0
        with (_inside(self.root, tool_env()), contextlib.redirect_stdout(log),
              contextlib.redirect_stderr(log)):
            app = NbGraderApp.instance()
            try:
                app.initialize([*args, "--log-level=WARN"])
                app.init_logging(logging.StreamHandler, [log], color=False, subapps=True)
                for each in filter(None, (app, app.subapp)):  # their first handler writes to
                    each.log.handlers[0].setLevel(logging.CRITICAL + 1)  # the terminal
                app.start()
            except NoStart:
                pass
            except SystemExit as exit:  # nbgrader's apps exit on failure
                code = exit.code if isinstance(exit.code, int) else 1
            except Exception:  # noqa: BLE001 -- a failed command is reported, not raised
                code = 1
                log.write(traceback.format_exc())
            finally:
                app.reset()
        return NbgraderRun(code, log.getvalue())


@dataclass(frozen=True)
class NbgraderRun:
    """What one nbgrader command left: its exit code and its log (warnings and errors)."""

    returncode: int
    log: str


@contextlib.contextmanager
def _inside(folder, environment):
    """The working directory, the environment and sys.path as a subprocess in `folder` would
    have them, restored afterwards."""
    cwd, env, path = os.getcwd(), os.environ.copy(), list(sys.path)
    os.chdir(folder)
    os.environ.update(environment)
    try:
        yield
    finally:
        os.chdir(cwd)
        os.environ.clear()
        os.environ.update(env)
        sys.path[:] = path


def tool_env():
    """The environment for nbgrader: it calls `alembic` and `jupyter` from PATH, so the
    interpreter's own bin folder comes first even when the virtual environment is not active."""
    bin_dir = str(Path(sys.executable).parent)
    return os.environ | {"PATH": os.pathsep.join([bin_dir, os.environ.get("PATH", "")])}
