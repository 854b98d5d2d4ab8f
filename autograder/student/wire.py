"""What crosses the grading sandbox's wall: the job that goes in, the events that come out.

The grader writes a `Job` as JSON; the runner (`autograder.student.runner`, inside the sandbox)
reads it, runs the submission and appends one event per line to a results file; the grader reads
those lines back into an `Outcome`. Each type is written in one place and read in one place.

Everything that comes back is untrusted — the results file sits in the submission's own scratch
folder — so `read_event` turns any line that is not exactly one of the events below into None
instead of raising.
"""

import json
from dataclasses import asdict, dataclass, field, fields
from typing import ClassVar, TypedDict


@dataclass(frozen=True)
class CellToRun:
    index: int  # the cell's position in the submitted notebook
    source: str
    answer_for: str | None  # the exercise whose answer cell this is, or None


@dataclass(frozen=True)
class CaseInput:
    id: str  # "<group>/<n>", unique within the exercise
    args: list  # encoded as in autograder.student.casefile; never the expected output


@dataclass(frozen=True)
class Job:
    """The sandbox's work order: the code to run, the inputs to call each exercise on, and what
    the audit hook must report."""

    cells: list  # [CellToRun], the submission's code cells, test cells left out
    exercises: dict  # exercise -> [CaseInput]
    protected_paths: list  # reading below these is reported…
    allowed_paths: list  # …unless below one of these
    protected_modules: list  # importing these is reported
    static_violations: list = field(default_factory=list)  # [Violation] found before running
    # exercise -> {earlier exercise it calls -> [CaseInput]}: observed as the later exercise
    # sees them, so a failure caused by an earlier function can be blamed on it
    callees: dict = field(default_factory=dict)

    def to_json(self):
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text):
        data = json.loads(text)
        return cls(cells=[CellToRun(**c) for c in data["cells"]],
                   exercises={name: [CaseInput(**c) for c in cases]
                              for name, cases in data["exercises"].items()},
                   protected_paths=data["protected_paths"], allowed_paths=data["allowed_paths"],
                   protected_modules=data["protected_modules"],
                   static_violations=[Violation(**v) for v in data["static_violations"]],
                   callees={name: {callee: [CaseInput(**c) for c in cases]
                                   for callee, cases in by_callee.items()}
                            for name, by_callee in data["callees"].items()})


@dataclass(frozen=True)
class ForkRequest:
    """What the grader asks a runner zygote (autograder.student.runner_zygote) for one job: run
    the runner on `job`/`results` inside the sandbox whose idle process is `holder`."""

    holder: int  # a process of the job's fresh sandbox (its PID on the grader's side)
    folder: str  # the job's scratch folder, as the sandbox sees it
    job: str
    results: str
    environment: dict  # the sandbox's variables (grading.sandbox.sandbox_environment)
    rlimits: dict  # resource module name -> limit, e.g. {"RLIMIT_AS": 1 << 30}
    cgroup_procs: list  # the job's control group's cgroup.procs files ([] without one)

    def to_json(self):
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text):
        return cls(**json.loads(text))


class Observed(TypedDict, total=False):
    """What one call of a student's function did: exactly one of `returned` (the value, encoded)
    and `raised` ([exception type name, message]), and `warned` when NumPy warned."""

    returned: object
    raised: list
    warned: str


# --- events, one JSON line each, in the order the runner emits them -----------------------------


@dataclass(frozen=True)
class Start:
    kind: ClassVar[str] = "start"
    cell: int


@dataclass(frozen=True)
class CellError:
    kind: ClassVar[str] = "error"
    cell: int
    error: str  # the exception's type name
    message: str


@dataclass(frozen=True)
class Observation:
    kind: ClassVar[str] = "observation"
    exercise: str
    case: str  # CaseInput.id
    observed: dict  # Observed
    args_after: list  # the arguments after the call (encoded): did the function change them?


@dataclass(frozen=True)
class Missing:
    kind: ClassVar[str] = "missing"
    exercise: str  # no callable of that name existed when it was to be observed


@dataclass(frozen=True)
class Violation:
    kind: ClassVar[str] = "violation"
    where: dict  # {"cell": index, "exercise": name or None}, or {"exercise": name}
    what: str  # e.g. "imports autograder.reference", "reads /course/solutions/…"


@dataclass(frozen=True)
class Done:
    kind: ClassVar[str] = "done"


EVENTS = {cls.kind: cls for cls in (Start, CellError, Observation, Missing, Violation, Done)}
Event = Start | CellError | Observation | Missing | Violation | Done


def event_line(event):
    """One event as the JSON line the runner writes."""
    return json.dumps({"event": event.kind, **asdict(event)}, allow_nan=True, default=str)


def read_event(line):
    """The event a line holds, or None when the line is anything else (garbled or forged)."""
    try:
        data = json.loads(line)
        cls = EVENTS[data.pop("event")]
        event = cls(**data)
    except Exception:  # not JSON, not a dict, unknown kind, missing or extra fields
        return None
    types = {"cell": int, "error": str, "message": str, "exercise": str, "case": str,
             "observed": dict, "args_after": list, "where": dict, "what": str}
    if all(isinstance(getattr(event, f.name), types[f.name]) for f in fields(event)):
        return event
    return None


@dataclass(frozen=True)
class Outcome:
    """What came back from one sandboxed run."""

    events: list  # [Event], in the order they were written
    returncode: int | None  # None: stopped at the deadline
    seconds: float  # wall-clock time the run took
    wall_seconds: float  # the deadline it ran under
    grader_error: str = ""  # the grading machinery failed (not the submission): why
    exceeded: str = ""  # the resource limits it ran into, in plain words (see sandbox.Limits)
    stderr: str = ""  # the tail of the runner's stderr: the grader's own diagnosis
