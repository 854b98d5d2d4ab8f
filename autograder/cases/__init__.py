"""Test cases of every exercise, with expected outputs computed by the reference.

Public cases are hand-picked and written to the student's vectors by `python -m autograder
vectors`; hidden cases are random draws (fixed seeds, so grades are reproducible) used only at
grading time. A case is the JSON-able dict described in `autograder.student.casefile`.

The package mirrors the notebooks: `registry` (make_case, public/hidden and the tables),
`builders` (random batches, layers and networks several notebooks share), and one module per
notebook (`nb01_gradient_descent` ... `nb08_any_graph`) registering its exercises' cases.
"""

from autograder.cases import (  # noqa: F401  (imported to register their cases, in this order)
    nb01_gradient_descent,
    nb02_chain_rule,
    nb03_sigmoid,
    nb04_last_layer,
    nb05_deep_delta,
    nb06_softmax,
    nb07_training,
    nb08_any_graph,
)
from autograder.cases.registry import (
    HIDDEN,
    PUBLIC,
    hidden,
    hidden_cases,
    make_case,
    public,
    public_cases,
    vector_text,
)

__all__ = ["HIDDEN", "PUBLIC", "hidden", "hidden_cases", "make_case", "public", "public_cases",
           "vector_text"]
