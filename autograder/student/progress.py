"""Your progress: which exercises of your notebooks pass their visible checks.

    python -m autograder progress                    # every notebook under notebooks/
    python -m autograder progress notebooks/05_deep_delta/05_deep_delta.ipynb
    python -m autograder.student.progress notebooks/   # the same, with the student package only

Each notebook runs from top to bottom in a fresh Python process, like "Restart kernel and run
all cells" (widgets are skipped, plots are not shown), and every check cell's outcome is
collected: a ✓, or the hint of the first check that failed. Only your own notebook and the
public checks are used; nothing is sent anywhere.

That process is `python -m autograder.student.progress --run-one NOTEBOOK RESULTS.json`.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from autograder.student.cells import check_calls

NOT_STARTED = "not implemented yet"  # the phrase of the check for an untouched answer
TIMEOUT = 600  # seconds for one notebook: 07 trains a network


@dataclass
class ExerciseProgress:
    name: str
    passed: int = 0  # check cells that passed
    failed: list = field(default_factory=list)  # the messages of check cells that failed

    @property
    def status(self):
        if not self.failed:
            return "passes" if self.passed else "not checked"
        return "not started" if all(NOT_STARTED in m for m in self.failed) else "fails"


@dataclass
class NotebookProgress:
    path: Path
    exercises: list  # [ExerciseProgress, ...] in notebook order
    problem: str = ""  # why the notebook could not be run to the end, in plain words

    @property
    def done(self):
        return sum(e.status == "passes" for e in self.exercises)


def checked_exercises(source):
    """The exercises a check cell checks with visible checks; a check(...) whose name is
    computed names no exercise here (the cell's outcome cannot be credited to one)."""
    return [call.exercise for call in check_calls(source)
            if not call.hidden and call.exercise is not None]


def run_notebook(path, results_path):
    """Inside the fresh process: run every code cell, write each check cell's outcome."""
    import warnings

    import nbformat
    from IPython.core.interactiveshell import InteractiveShell

    nb = nbformat.read(path, as_version=4)
    shell = InteractiveShell.instance()
    warnings.simplefilter("ignore")
    outcomes = []
    real_stdout, sys.stdout = sys.stdout, open(os.devnull, "w")  # the notebook's own prints
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        result = shell.run_cell(cell.source, store_history=False, silent=True)
        exercises = checked_exercises(cell.source)
        if exercises:
            error = result.error_before_exec or result.error_in_exec
            outcomes.append({"exercises": exercises,
                             "error": None if error is None else
                             (str(error) or type(error).__name__)[:500]})
    sys.stdout = real_stdout
    Path(results_path).write_text(json.dumps(outcomes))


def notebook_progress(path, timeout=TIMEOUT):
    """Run one notebook in a fresh process and collect its check cells per exercise."""
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="progress-") as scratch:
        results = Path(scratch) / "results.json"
        env = os.environ | {"NBGRADER_EXECUTION": "progress", "MPLBACKEND": "Agg"}
        try:
            done = subprocess.run([sys.executable, "-m", "autograder.student.progress",
                                   "--run-one", str(path.resolve()), str(results)],
                                  cwd=path.parent, env=env, capture_output=True, text=True,
                                  timeout=timeout)
            problem = "" if done.returncode == 0 else (
                f"the notebook stopped Python (exit code {done.returncode}): "
                + (done.stderr.strip().splitlines() or ["no message"])[-1][:300])
        except subprocess.TimeoutExpired:
            problem = f"the notebook did not finish within {timeout} s (an endless loop?)"
        outcomes = json.loads(results.read_text()) if results.is_file() else []
    exercises = {}
    for outcome in outcomes:
        for name in outcome["exercises"]:
            exercise = exercises.setdefault(name, ExerciseProgress(name))
            if outcome["error"] is None:
                exercise.passed += 1
            elif outcome["error"] not in exercise.failed:
                exercise.failed.append(outcome["error"])
    return NotebookProgress(path, list(exercises.values()), problem)


def find_notebooks(paths):
    """Notebook files from files and folders (folders searched one level of assignments deep);
    returns (notebooks, problems)."""
    found, problems = [], []
    for given in map(Path, paths):
        if given.is_dir():
            inside = sorted(given.glob("*.ipynb")) + sorted(given.glob("*/*.ipynb"))
            inside = [p for p in inside if ".ipynb_checkpoints" not in p.parts]
            found += inside
            if not inside:
                problems.append(f"{given}: no notebook in this folder")
        elif given.suffix == ".ipynb" and given.is_file():
            found.append(given)
        else:
            problems.append(f"{given}: not a notebook file or a folder")
    return found, problems


SYMBOLS = {"passes": "✓", "fails": "✗", "not started": "·", "not checked": "?"}


def describe(progress):
    """The lines printed for one notebook."""
    total = len(progress.exercises)
    lines = [f"{progress.path.stem}: {progress.done} of {total} exercise(s) pass their checks"]
    for exercise in progress.exercises:
        line = f"  {SYMBOLS[exercise.status]} {exercise.name}"
        if exercise.status == "fails":
            first = exercise.failed[0].splitlines()[0]
            line += " — " + first.removeprefix(f"✗ {exercise.name}: ")
        elif exercise.status == "not started":
            line += " — not started"
        lines.append(line)
    if progress.problem:
        lines.append(f"  note: {progress.problem}")
    return lines


def report(paths, timeout=TIMEOUT):
    """Print the progress of every notebook in `paths`; returns the exit code."""
    notebooks, problems = find_notebooks(paths)
    for problem in problems:
        print(problem)
    for path in notebooks:
        print("\n".join(describe(notebook_progress(path, timeout))), flush=True)
    return 1 if problems and not notebooks else 0


def add_arguments(parser, default_folder="notebooks"):
    parser.add_argument("paths", nargs="*",
                        help=f"notebooks or folders (default: {default_folder}/)")
    parser.add_argument("--timeout", type=int, default=TIMEOUT,
                        help="seconds one notebook may run (default: %(default)s)")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m autograder.student.progress",
                                     description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    add_arguments(parser)
    parser.add_argument("--run-one", nargs=2, metavar=("NOTEBOOK", "RESULTS"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.run_one:
        return run_notebook(*args.run_one)
    return report(args.paths or ["notebooks"], args.timeout)


if __name__ == "__main__":
    sys.exit(main())
