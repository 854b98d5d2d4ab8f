"""Checks of notebook 01, gradient descent: the exercise `gradient_descent` and its hints."""

import numpy as np

from autograder.student.checks.compare import ATOL, RTOL, constant_ratio, factor_off
from autograder.student.checks.engine import Exercise, register


def trajectory_shape_hint(got, expected, args):
    """Recognises, in order: a single point returned instead of the trajectory; one row short
    (x0 left out); one row too many; another number of rows; rows not shaped like x0."""
    x0, steps = np.asarray(args[1]), args[3]
    if got.shape == x0.shape or got.shape == ():
        return ("You returned a single point. Return the whole trajectory: one row per point, "
                "starting with x0.")
    if got.shape[1:] == x0.shape and got.shape[0] == steps:
        return ("One row short: the trajectory starts with x0 itself, then one row per step "
                "(steps + 1 rows).")
    if got.shape[1:] == x0.shape and got.shape[0] == steps + 2:
        return "One row too many: make exactly `steps` updates after x0."
    if got.shape[1:] == x0.shape:
        return f"Expected steps + 1 = {steps + 1} rows, one per point."
    return "Each row should be one point, shaped like x0."


def trajectory_value_hint(got, expected, args):
    """Recognises, in order: every row the same point (one array updated in place); a first row
    that is not x0; a trajectory that never moves; a first step uphill (gradient added); a first
    step of the wrong size (learning rate) or direction (gradient not at x); equal steps (the
    gradient evaluated once, at x0); the first wrong later step (not starting from the point
    reached)."""
    x0 = np.asarray(args[1], dtype=float)
    close = lambda a, b: np.allclose(a, b, rtol=RTOL, atol=ATOL)  # noqa: E731
    if len(got) > 1 and all(close(row, got[-1]) for row in got):
        return ("Every row holds the same point: you store one array and keep updating it in "
                "place (`x -= ...`), so all rows show its last value. Create a new array each "
                "step (`x = x - ...`) or store a copy.")
    if len(expected) == 1 or not close(got[0], x0):
        return "The first row should be x0 itself, before any step."
    if all(close(row, x0) for row in got):
        return "The trajectory never moves away from x0: is x updated inside the loop?"
    step, expected_step = got[1] - got[0], expected[1] - expected[0]
    uphill = factor_off(step, expected_step, [
        (-1, "The first step goes uphill: you added the gradient instead of subtracting it. "
             "Descent moves against the gradient.")])
    if uphill:
        return uphill
    if not close(step, expected_step):
        r = constant_ratio(step, expected_step, rtol=1e-5)
        if r is not None:
            return (f"The first step is {r:.4g} times the expected size. Check how the "
                    "learning rate scales the gradient.")
        return "The first step goes in the wrong direction. Is the gradient evaluated at x?"
    steps = np.diff(got, axis=0)
    if all(close(s, steps[0]) for s in steps) and not all(
        close(s, expected[1] - expected[0]) for s in np.diff(expected, axis=0)
    ):
        return ("Every step has the same size and direction: evaluate the gradient at the current "
                "point in each step, not once at x0.")
    for k in range(2, len(got)):
        if not close(got[k], expected[k]):
            return (f"The first {k - 1} step(s) are right, step {k} is not. Does each step start "
                    "from the point the previous step reached?")
    return ""


register(Exercise(
    "gradient_descent",
    checked="trajectory shape, start point, every step, input untouched",
    shape_hint=trajectory_shape_hint,
    value_hint=trajectory_value_hint,
    inputs=("grad", "x0", "lr", "steps"),
))

