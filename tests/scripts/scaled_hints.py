"""Print the verdict on the expected output of every case scaled by many factors (the whole output,
and each of its items alone), to diff the off-by-a-factor hints between two checkouts:
`python -m tests.scripts.scaled_hints > before.txt` (about 100,000 lines; a few minutes)."""

import math

import numpy as np

from autograder.cases import hidden_cases
from autograder.student.casefile import decode, load_cases
from autograder.student.checks import EXERCISES, judge

FACTORS = sorted({s * f for k in range(1, 13) for f in (k, 1 / k) for s in (1, -1)}
                 | {1 / math.log(10), math.log(10), 0.75, 1.5})


def leaves(value, path=()):
    """The paths of the numbers and arrays inside nested lists and tuples."""
    if isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from leaves(item, path + (i,))
    else:
        yield path


def scaled(value, factor, where=None, path=()):
    """`value` with the leaf at `where` (every leaf when None) multiplied by `factor`."""
    if isinstance(value, (list, tuple)):
        return type(value)(scaled(v, factor, where, path + (i,)) for i, v in enumerate(value))
    if where is None or path == where:
        return value * factor if isinstance(value, np.ndarray) else float(value) * factor
    return value


def main():
    for name, spec in EXERCISES.items():
        for case in load_cases(name) + hidden_cases(name):
            try:
                expected = decode(case["expected"])
                for where in [None, *list(leaves(expected))[:12]]:
                    for factor in FACTORS:
                        args = [decode(a) for a in case["args"]]
                        got = scaled(expected, factor, where)
                        verdict = judge(spec, case, args, {"returned": got})
                        print(name, case["label"], where, f"{factor:.6g}", verdict)
            except Exception as error:  # an output that cannot be scaled (a generator's items)
                print(name, case["label"], "not scaled:", type(error).__name__)


if __name__ == "__main__":
    main()
