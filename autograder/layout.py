"""Which parts of this package a student may see, derived from the files themselves.

Everything under `autograder/` outside `autograder/student/` is instructor-only: the reference,
the cases, the grader, the CLI, and any module added later. Nothing lists them by hand, so a new
module is protected the day it is written. The grader's audit (what a submission may import or
mention) and the no-leak tests both read the lists from here.
"""

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
STUDENT = PACKAGE / "student"
# The package's __init__ holds only a docstring; `import autograder.student` needs it.
SHARED_FILES = (PACKAGE / "__init__.py",)
# Course files that only the instructor has, whatever the package holds.
COURSE_SECRETS = ("solutions/", "gradebook.db", "source_with_tests")


def _module_name(path):
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def instructor_files():
    """Every source file of the package outside autograder/student (caches left out)."""
    return sorted(path for path in PACKAGE.rglob("*.py")
                  if STUDENT not in path.parents and path not in SHARED_FILES
                  and "__pycache__" not in path.parts)


def instructor_modules():
    """The dotted names of every instructor-only module and package, e.g. 'autograder.cases'."""
    return tuple(sorted({_module_name(path) for path in instructor_files()}))


def instructor_top_level():
    """The first name under `autograder.` of every instructor-only module ('cases', 'cli', …)."""
    return tuple(sorted({name.split(".")[1] for name in instructor_modules()}))


def mentions():
    """A pattern that finds instructor-only code or files named in a student's answer."""
    names = "|".join(map(re.escape, instructor_top_level()))
    files = "|".join(map(re.escape, COURSE_SECRETS))
    return re.compile(rf"autograder\s*\.\s*({names})\b|from\s+autograder\s+import\s+[^\n]*"
                      rf"\b({names})\b|{files}")
