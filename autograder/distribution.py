"""The student distribution: what a class receives, built from the repository and nothing else.

    dist/student/
        backprop_course_student-<version>-py3-none-any.whl
        notebooks/<assignment>/<assignment>.ipynb

The wheel holds `autograder/__init__.py` (a docstring, written here: never the instructor's
file) and `autograder/student/**` (checks, public test vectors, landscapes, plot style,
explorers, the digits data set), and depends on the pinned NumPy, Matplotlib and ipywidgets of
requirements.txt.
One `pip install` puts it into a student's environment or a hub's single-user image; the
released notebooks reach students through nbgrader's exchange (or a download) beside it.
A wheel rather than the package copied into every assignment folder: installed once and
versioned, it cannot be edited by mistake next to the notebook, and nbgrader's `submit` does not
ship a copy of it back with every submission.

The wheel is written directly (a zip with its METADATA, WHEEL and RECORD), so that exactly the
files chosen here go in — no build backend can add the instructor's modules — and byte for byte
the same for the same sources.
"""

import base64
import hashlib
import re
import shutil
import tomllib
import zipfile
from pathlib import Path

DISTRIBUTION = "backprop-course-student"
STUDENT_DEPENDENCIES = ("numpy", "matplotlib", "ipywidgets")  # what autograder.student imports
ZIP_DATE = (2020, 1, 1, 0, 0, 0)  # fixed, so that the same sources give the same wheel
SHIPPED_SUFFIXES = (".py", ".json", ".npz")  # .npz: the digits data set of notebook 07

STUDENT_INIT = '''"""The student part of the backpropagation course's autograder.

    from autograder.student.checks import check
    check("gradient_descent", gradient_descent)

`autograder.student` holds the checks the notebooks call, their public test vectors, the loss
landscapes, the plot style and the explorers. Grading happens on the instructor's side.
"""
'''


def version(root):
    """The course's version, from pyproject.toml."""
    with open(Path(root) / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["project"]["version"]


def pinned(root, names):
    """`name==version` for each name, as pinned in requirements.txt (raises if one is not)."""
    pins = {}
    for line in (Path(root) / "requirements.txt").read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_.-]+)==([^\s#]+)", line.strip())
        if match:
            pins[match[1].lower()] = f"{match[1]}=={match[2]}"
    missing = [name for name in names if name not in pins]
    if missing:
        raise ValueError(f"requirements.txt pins no version of {', '.join(missing)}")
    return [pins[name] for name in names]


def student_files(root):
    """archive name -> file content: the minimal package docstring and autograder/student/**."""
    package = Path(root) / "autograder" / "student"
    files = {"autograder/__init__.py": STUDENT_INIT.encode()}
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in SHIPPED_SUFFIXES and "__pycache__" not in path.parts:
            files[path.relative_to(Path(root)).as_posix()] = path.read_bytes()
    return files


def record_line(name, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def build_wheel(root, out_dir):
    """Write the student wheel into `out_dir`; returns its path."""
    root, out_dir = Path(root), Path(out_dir)
    ver = version(root)
    stem = f"{DISTRIBUTION.replace('-', '_')}-{ver}"
    info = f"{stem}.dist-info"
    requires = "".join(f"Requires-Dist: {pin}\n"
                       for pin in pinned(root, STUDENT_DEPENDENCIES))
    files = student_files(root)
    files[f"{info}/METADATA"] = (
        f"Metadata-Version: 2.1\nName: {DISTRIBUTION}\nVersion: {ver}\n"
        "Summary: The student part of the backpropagation course: checks, test vectors, "
        "landscapes, plot style, explorers\nRequires-Python: >=3.11\n" + requires).encode()
    files[f"{info}/WHEEL"] = (b"Wheel-Version: 1.0\nGenerator: autograder.distribution\n"
                              b"Root-Is-Purelib: true\nTag: py3-none-any\n")
    record = [record_line(name, data) for name, data in files.items()] + [f"{info}/RECORD,,"]
    files[f"{info}/RECORD"] = ("\n".join(record) + "\n").encode()
    out_dir.mkdir(parents=True, exist_ok=True)
    wheel = out_dir / f"{stem}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            entry = zipfile.ZipInfo(name, ZIP_DATE)
            entry.external_attr = 0o644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, data)
    return wheel


def build(course, out_dir):
    """dist/student/: the wheel and a copy of the released notebooks (a fresh folder each time).
    Returns the list of written files, relative to `out_dir`."""
    out_dir = Path(out_dir)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    build_wheel(course.root, out_dir)
    for notebook in sorted(course.notebooks.glob("*/*.ipynb")):
        target = out_dir / "notebooks" / notebook.relative_to(course.notebooks)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(notebook, target)
    return sorted(p.relative_to(out_dir).as_posix() for p in out_dir.rglob("*") if p.is_file())
