"""Run a student notebook's start as a student would, in whatever environment runs this file.

    python first_check.py NOTEBOOK SOLUTION_FILE

Executes (as plain Python, stdlib only besides what the notebook imports) every code cell up to
the first answer cell that is not a test cell, the answer cell as released (the stub), then the
first check cell after it; then the answer from SOLUTION_FILE and the check again. Prints one
JSON object: {"stub": what the check said, "solution": what it said after the paste}.
"""

import contextlib
import io
import json
import os
import sys

os.environ["NBGRADER_EXECUTION"] = "1"  # widget cells stay quiet, as under grading
os.environ["MPLBACKEND"] = "Agg"


def run(source, namespace):
    """Execute a cell; returns (printed output, the exception's message or '')."""
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(source, "<cell>", "exec"), namespace)
    except Exception as error:  # what the student would see under the cell
        return out.getvalue(), f"{type(error).__name__}: {error}"
    return out.getvalue(), ""


def main(notebook, solution_file):
    with open(notebook) as f:
        cells = [c for c in json.load(f)["cells"] if c["cell_type"] == "code"]
    source = ["".join(c["source"]) for c in cells]
    grading = [c.get("metadata", {}).get("nbgrader", {}) for c in cells]
    answer = next(i for i, g in enumerate(grading) if g.get("solution"))
    check = next(i for i in range(answer + 1, len(cells))
                 if grading[i].get("grade") and "check(" in source[i])
    namespace = {"__name__": "__main__"}
    for i in range(answer):
        if not grading[i].get("grade"):
            printed, error = run(source[i], namespace)
            if error:
                raise SystemExit(f"set-up cell {i} failed: {error}\n{printed}")
    run(source[answer], namespace)
    stub = run(source[check], namespace)
    with open(solution_file) as f:
        run(f.read(), namespace)
    solved = run(source[check], namespace)
    print(json.dumps({"stub": " ".join(stub), "solution": " ".join(solved),
                      "autograder": sys.modules["autograder"].__file__}))


if __name__ == "__main__":
    main(*sys.argv[1:])
