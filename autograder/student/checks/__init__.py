"""The checks that the notebooks' visible test cells call.

    from autograder.student.checks import check
    check("gradient_descent", gradient_descent)

A check runs your function on public test vectors (`vectors/<exercise>.json`), prints one line
when everything passes, and otherwise raises `AssertionError` with the first problem it finds —
type, then shape, then values, then edge cases — and the mistake that most often causes it.
It knows the expected outputs of those cases, never how to compute them.

The package mirrors the notebooks: `engine` (the registry, check, verify, observe, judge),
`compare` (the comparisons and the hints several notebooks share), and one module per notebook
(`nb01_gradient_descent` ... `nb08_any_graph`) holding that notebook's exercises and hints.
"""

from autograder.student.checks import (  # noqa: F401  (imported to register their exercises)
    nb01_gradient_descent,
    nb02_chain_rule,
    nb03_sigmoid,
    nb04_last_layer,
    nb05_backward_by_hand,
    nb05_deep_delta,
    nb06_softmax,
    nb07_training,
    nb08_any_graph,
)
from autograder.student.checks.compare import ATOL, RTOL, compare, describe
from autograder.student.checks.engine import (
    EXERCISES,
    MAX_ITEMS,
    CheckError,
    Exercise,
    Mistake,
    callee_message,
    check,
    failed_line,
    judge,
    observe,
    passed_line,
    register,
    verify,
)

__all__ = ["ATOL", "EXERCISES", "MAX_ITEMS", "RTOL", "CheckError", "Exercise", "Mistake",
           "callee_message", "check",
           "compare", "describe", "failed_line", "judge", "observe", "passed_line", "register",
           "verify"]
