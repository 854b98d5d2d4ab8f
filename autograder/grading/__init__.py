"""Grading a class: the plan, the sandboxed run and the judge of one submission, and
where the results are recorded."""
