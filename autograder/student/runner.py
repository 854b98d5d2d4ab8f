"""What runs inside the grading sandbox: a submission's code cells, then its exercises observed.

    python -m autograder.student.runner JOB.json RESULTS.jsonl

The job lists the code cells to run (test cells are left out: the grader judges) and, for each
exercise, the inputs of its test cases — never the expected outputs. Right after the answer cell
of an exercise runs, every case is observed (what the function returned, raised or warned, and
what became of its inputs) and appended to RESULTS as one JSON line, so what finished is kept
even if a later cell hangs. Judging happens outside, in the grader's own process.
"""

import os
import sys
from pathlib import Path

from autograder.student.casefile import decode, encode_observed
from autograder.student.checks import observe
from autograder.student.wire import (
    CellError,
    Done,
    Job,
    Missing,
    Observation,
    Start,
    Violation,
    event_line,
)


class Discard:
    """Where the notebook's printed output goes: nobody reads it, however much there is."""

    def write(self, text):
        return len(text)

    def flush(self):
        pass

    def isatty(self):
        return False


class Results:
    """The results file: one JSON event per line, flushed at once."""

    def __init__(self, path):
        self.file = open(path, "a", buffering=1)

    def emit(self, event):
        self.file.write(event_line(event) + "\n")
        self.file.flush()


class Watch:
    """An audit hook that notes reads and imports of instructor-only code while student code runs
    (hooks cannot be removed, so a submission cannot switch it off)."""

    def __init__(self, results, protected, allowed, modules):
        self.results, self.where = results, None
        self.protected, self.allowed = tuple(protected), tuple(allowed)
        self.modules = tuple(modules)

    def __call__(self, event, args):
        if self.where is None:
            return
        if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
            path = os.path.abspath(os.fsdecode(args[0]))
            if path.startswith(self.protected) and not path.startswith(self.allowed):
                self.flag(f"reads {path}")
        elif event == "import" and str(args[0]).startswith(self.modules):
            self.flag(f"imports {args[0]}")

    def flag(self, what):
        where, self.where = self.where, None  # no audit events from writing the result
        self.results.emit(Violation(where=where, what=what))
        self.where = where


def observe_exercise(results, watch, namespace, name, cases):
    fn = namespace.get(name)
    if not callable(fn):
        results.emit(Missing(exercise=name))
        return
    for case in cases:
        args = [decode(a) for a in case.args]
        watch.where = {"exercise": name}
        observed = observe(fn, args)
        watch.where = None
        if "returned" in observed:
            observed["returned"] = encode_observed(observed["returned"])
        results.emit(Observation(exercise=name, case=case.id, observed=observed,
                                 args_after=[encode_observed(a) for a in args]))


def main(job_path, results_path):
    from IPython.core.interactiveshell import InteractiveShell

    job = Job.from_json(Path(job_path).read_text())
    results = Results(results_path)
    watch = Watch(results, job.protected_paths, job.allowed_paths, job.protected_modules)
    shell = InteractiveShell.instance()
    sys.addaudithook(watch)
    sys.stdout = sys.stderr = Discard()
    observed = set()
    for cell in job.cells:
        results.emit(Start(cell=cell.index))
        watch.where = {"cell": cell.index, "exercise": cell.answer_for}
        outcome = shell.run_cell(cell.source, store_history=False)
        watch.where = None
        error = outcome.error_before_exec or outcome.error_in_exec
        if error is not None:
            results.emit(CellError(cell=cell.index, error=type(error).__name__,
                                   message=str(error)[:300]))
        name = cell.answer_for
        if name in job.exercises and name not in observed:
            observe_exercise(results, watch, shell.user_ns, name, job.exercises[name])
            observed.add(name)
    for name, cases in job.exercises.items():  # answer cells that lost their metadata
        if name not in observed:
            observe_exercise(results, watch, shell.user_ns, name, cases)
    results.emit(Done())
    os._exit(0)  # skip interpreter teardown: nothing the notebook registered runs after this


if __name__ == "__main__":
    main(*sys.argv[1:3])
