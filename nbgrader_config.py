"""nbgrader configuration for this course. The repository root *is* the course directory.

Every path is relative to this file, so the course works from any clone:
    solutions/<assignment>/<notebook>.ipynb   instructor source (nbgrader "source")
    notebooks/<assignment>/<notebook>.ipynb   generated student release (nbgrader "release")
    submitted/<student>/<assignment>/         collected submissions (git-ignored)
    autograded/, feedback/, gradebook.db      grading output (git-ignored)
"""

from pathlib import Path

import nbgrader

c = get_config()  # noqa: F821  (injected by traitlets when nbgrader loads this file)
root = Path(__file__).resolve().parent

c.CourseDirectory.root = str(root)
c.CourseDirectory.course_id = "backprop"
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "notebooks"
c.CourseDirectory.db_url = f"sqlite:///{root / 'gradebook.db'}"
c.Exchange.root = str(root / "exchange")  # course-local (git-ignored), not /usr/local/share

# The solution region becomes this comment. Each answer cell of solutions/ ends, after
# `### END SOLUTION`, with its own `raise NotImplementedError("<what to write>")`: the solution
# returns before it, and the student's stub keeps it — one line that says what to write.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE: replace this line and the raise below"}

# A test cell that a student deleted is put back (otherwise nbgrader silently drops it and marks
# the notebook for manual grading).
c.OverwriteCells.add_missing_cells = True

# Per-cell limit while grading; an infinite loop costs that student the cell, not the run.
c.Execute.timeout = 60
c.Execute.interrupt_on_timeout = True

# The HTML feedback fetches nothing from another origin and passes axe-core: the template
# autograder/templates/course_feedback/ (nbgrader's feedback template, adjusted), from this
# course's own copy of the package if it has one (the hub's instructor), else the installed one.
import autograder  # noqa: E402

c.HTMLExporter.template_name = "course_feedback"
c.HTMLExporter.template_file = "feedback.html.j2"  # extends nbgrader's index.html.j2
c.HTMLExporter.extra_template_basedirs = [
    *(str(p) for p in [root / "autograder" / "templates",
                       Path(autograder.__file__).parent / "templates"] if p.is_dir()),
    str(Path(nbgrader.__file__).parent / "server_extensions" / "formgrader" / "templates")]
