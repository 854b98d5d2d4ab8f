"""Checks of notebook 05's last exercise, `backward_by_hand`: every gradient of a small tanh
network, one line per forward line in reverse order, each checked against finite differences of
the notebook's forward; the hint names the first wrong line and the kind of slip."""

import numpy as np

from autograder.student.checks.compare import (
    agrees,
    describe,
    factor_off,
    logistic_slope,
)
from autograder.student.checks.engine import Exercise, register
from autograder.student.checks.numeric import gradient

# The notebook's forward lines, in order: each intermediate variable and the line that makes it.
BY_HAND_FORWARD = (
    ("I1", "I1 = X @ W1 + b1"),
    ("H1", "H1 = np.tanh(I1)"),
    ("I2", "I2 = H1 @ W2 + b2"),
    ("Yhat", "Yhat = 1 / (1 + np.exp(-I2))"),
    ("terms", "terms = -(Y * np.log(Yhat) + (1 - Y) * np.log(1 - Yhat))"),
    ("data_loss", "data_loss = terms.mean()"),
    ("penalty", "penalty = lam / 2 * (np.sum(W1 ** 2) + np.sum(W2 ** 2))"),
    ("loss", "loss = data_loss + penalty"),
)
# What backward_by_hand returns, in this order: (gradient, its variable, the gradient that flows
# into it from the line after, the forward line(s) it goes back through).
BY_HAND_GRADIENTS = (
    ("dterms", "terms", "dloss = 1", "data_loss = terms.mean()"),
    ("dYhat", "Yhat", "dterms", "terms = ..."),
    ("dI2", "I2", "dYhat", "Yhat = 1 / (1 + np.exp(-I2))"),
    ("dW2", "W2", "dI2", "I2 = H1 @ W2 + b2, and penalty"),
    ("db2", "b2", "dI2", "I2 = H1 @ W2 + b2"),
    ("dH1", "H1", "dI2", "I2 = H1 @ W2 + b2"),
    ("dI1", "I1", "dH1", "H1 = np.tanh(I1)"),
    ("dW1", "W1", "dI1", "I1 = X @ W1 + b1, and penalty"),
    ("db1", "b1", "dI1", "I1 = X @ W1 + b1"),
)


def by_hand_forward(X, Y, W1, b1, W2, b2, lam, given=None):
    """The notebook's forward pass, line by line: {name: value} of the inputs and every
    intermediate. `given` ({name: value}) replaces a weight or an intermediate by another value,
    the lines before it kept: the loss as a function of that variable alone."""
    given = given or {}
    v = {"X": X, "Y": Y, "W1": W1, "b1": b1, "W2": W2, "b2": b2, "lam": lam}
    v.update({name: value for name, value in given.items() if name in v})

    def line(name, compute):
        v[name] = given[name] if name in given else compute()

    line("I1", lambda: v["X"] @ v["W1"] + v["b1"])
    line("H1", lambda: np.tanh(v["I1"]))
    line("I2", lambda: v["H1"] @ v["W2"] + v["b2"])
    line("Yhat", lambda: 1 / (1 + np.exp(-v["I2"])))
    line("terms", lambda: -(v["Y"] * np.log(v["Yhat"]) + (1 - v["Y"]) * np.log(1 - v["Yhat"])))
    line("data_loss", lambda: v["terms"].mean())
    line("penalty", lambda: v["lam"] / 2 * (np.sum(v["W1"] ** 2) + np.sum(v["W2"] ** 2)))
    line("loss", lambda: v["data_loss"] + v["penalty"])
    return v


def by_hand_numerical(args):
    """The nine gradients from finite differences: for each variable, the loss of the
    notebook's forward from that variable onward (a weight: the whole forward, both its uses)."""
    values = by_hand_forward(*args)
    return tuple(
        gradient(lambda x, var=var: by_hand_forward(*args, given={var: x})["loss"], values[var])
        for _, var, _, _ in BY_HAND_GRADIENTS)


def by_hand_line_problem(name, got, right, v, up):
    """What is wrong with the gradient `name` (a float array shaped like `right`), given the
    forward's values `v` and the right gradient `up` flowing into it, or None.

    Recognises, in order: for dterms, the mean's 1/M missing; for dYhat, one of the two terms
    missing and a sign slip inside the second; for dI2 and dI1, the local slope missing, the
    other activation's slope (tanh′ for σ′ and back), the slope applied to the activation, and
    for dI1 the slope written with I1 or a sign slip in it; for dW, the L2 term missing, twice,
    halved, without λ or with the wrong sign, the data part missing, a transposed square dW and
    an extra 1/M; for db, an L2 term on the bias and an extra 1/M; for dH1, a missing transpose
    of a square W2; then for every line, the gradient flowing in not multiplied in, the wrong
    sign, an extra or a missing 1/M.
    """
    n = v["terms"].size
    Yhat, Y, H1 = v["Yhat"], v["Y"], v["H1"]

    def same(candidate):
        with np.errstate(all="ignore"):
            return agrees(got, candidate)

    if name == "dterms":
        mean = factor_off(got, right, [
            (n, f"every entry is {n} times too large: data_loss is the mean of {n} terms, so "
                "each term's share of it is that much smaller than the term itself.")])
        if mean:
            return mean
    if name == "dYhat":
        if same(-up * Y / Yhat) or same(up * (1 - Y) / (1 - Yhat)):
            return ("one of the two log terms is missing: Yhat appears twice in the line "
                    "(in log Yhat and in log(1 − Yhat)), and both uses contribute.")
        if same(-up * Y / Yhat - up * (1 - Y) / (1 - Yhat)):
            return ("a sign slip in the second term: the derivative of log(1 − Yhat) with "
                    "respect to Yhat carries the inner −1 of (1 − Yhat).")
    if name in ("dI2", "dI1"):
        act, other = (Yhat, "the sigmoid") if name == "dI2" else (H1, "tanh")
        if same(up):
            return (f"the local derivative of the activation line is missing: {other} has a "
                    "slope, and the gradient flowing back is multiplied by it.")
        wrong = ((up * (1 - Yhat ** 2), "tanh's slope", "the sigmoid") if name == "dI2"
                 else (up * H1 * (1 - H1), "the sigmoid's slope", "tanh"))
        if same(wrong[0]):
            return (f"the wrong activation slope: you used {wrong[1]}, but this line is "
                    f"{wrong[2]}. Derive the slope of {wrong[2]} itself.")
        if same(up * logistic_slope(act)) or same(up * (1 - np.tanh(act) ** 2)):
            return ("the slope is applied to the activation's output, which already went "
                    "through the activation: write the slope in terms of the output itself, "
                    "or evaluate it at the pre-activation.")
        if name == "dI1" and (same(up * (1 - v["I1"] ** 2)) or same(up * (1 + H1 ** 2))):
            return ("the tanh slope is off: it is written with I1 instead of H1 = tanh(I1), or "
                    "with a sign slip. Derive it again and compare with a numerical slope.")
    if name in ("dW2", "dW1"):
        W, A, var = (v["W2"], H1, "W2") if name == "dW2" else (v["W1"], v["X"], "W1")
        lam, data = v["lam"], A.T @ up
        if lam and same(data):
            return (f"the L2 term is missing: {var} is used twice, in the layer and in "
                    "penalty, and its gradient is the sum of both uses.")
        for candidate, slip in [(data + 2 * lam * W, "twice too large"),
                                (data + lam / 2 * W, "half what it should be"),
                                (data + W, "missing the factor λ (lam)"),
                                (data - lam * W, "of the wrong sign")]:
            if lam and same(candidate):
                return (f"the L2 term of {name} is {slip}: differentiate the penalty line "
                        f"with respect to {var} again.")
        if same(lam * W):
            return (f"only the L2 term: {var} is also used in the layer, and that use "
                    "contributes the data part of the gradient.")
        if W.shape[0] == W.shape[1] and same(right.T):
            return (f"{name} is transposed: a gradient has the shape of its variable, each entry "
                    f"at the place of its weight. Check which side of the product {var} is on.")
        M = len(A)
        if M > 1 and same(data / M + lam * W):
            return ("an extra 1/M in the data part: the 1/M of the mean is already inside the "
                    "gradient flowing back; applying it again divides twice.")
    if name in ("db2", "db1"):
        b = v["b2"] if name == "db2" else v["b1"]
        if v["lam"] and same(right + v["lam"] * b):
            return ("an L2 term on the bias: penalty holds only W1 and W2, so the biases have "
                    "no second use.")
        divided = factor_off(got, right, [
            (1 / len(up), "an extra 1/M: the 1/M of the mean is already inside the gradient "
                          "flowing back; dividing again counts it twice.")])
        if divided:
            return divided
    if name == "dH1" and v["W2"].shape[0] == v["W2"].shape[1] and same(up @ v["W2"]):
        return ("W2 is square here, so a missing transpose raises no error: which axis of W2 "
                "belongs to H1?")
    return factor_off(got, right, [
        (-1, "the sign is wrong."),
        (n, f"every entry is {n} times too large (the number of terms): the mean's factor "
            "comes from dterms and flows back with it; is the gradient flowing back "
            "multiplied in?"),
        (1 / n, f"every entry is 1/{n} of the right one: the mean's factor is already inside the "
                "gradient flowing back; dividing again counts it twice."),
    ])


def by_hand_shape_problem(name, var, got, right):
    """What is wrong with the shape of gradient `name` of variable `var`, or None.

    Recognises, in order: the transposed shape; a bias gradient with one row per example; any
    other shape.
    """
    if got.shape == right.shape:
        return None
    if got.shape == right.shape[::-1] and got.ndim == 2:
        return (f"shape {got.shape}, but {var} has shape {right.shape}: a transpose is missing, "
                "or one too many (a gradient has the shape of its variable).")
    if var in ("b1", "b2") and got.ndim == 2 and got.shape[1:] == right.shape:
        return (f"one row per example, but {var} has shape {right.shape}: {var} is added to "
                "every row, so it is used once per example, and those uses add up.")
    return f"shape {got.shape}, but {var} has shape {right.shape}: match the shape of {var}."


def backward_by_hand_hint(got, expected, args):
    """Walks the returned gradients in backward order and names the first wrong line.

    Recognises, in order: a dict (a tuple is asked for); something other than a tuple of nine
    arrays; then at the first wrong gradient, a shape problem (`by_hand_shape_problem`) or a
    value problem (`by_hand_line_problem`), else points at that line's two factors.
    """
    names = [g[0] for g in BY_HAND_GRADIENTS]
    order = ", ".join(names)
    if isinstance(got, dict) or "dict" in describe(got):
        return f"Return a tuple, not a dict: ({order}), in this order."
    if not isinstance(got, (tuple, list)) or len(got) != len(names):
        return f"Return the tuple ({order}): nine arrays in this order, not {describe(got)}."
    v = by_hand_forward(*args)
    right = dict(zip(names, expected))
    for (name, var, flowing, through), item in zip(BY_HAND_GRADIENTS, got):
        try:
            g = np.asarray(item, dtype=float)
        except (TypeError, ValueError):
            return f"{name} is {describe(item)}: return an array shaped like {var}."
        want = np.asarray(right[name], dtype=float)
        if g.shape == want.shape and agrees(g, want):
            continue
        before = names[:names.index(name)]
        where = (f"{name} is the first wrong line going back (through {through})"
                 + (f"; {', '.join(before)} {'is' if len(before) == 1 else 'are'} right" if before
                    else "") + ": ")
        problem = by_hand_shape_problem(name, var, g, want)
        if problem is None:
            up = right.get(flowing, np.ones_like(want))
            problem = by_hand_line_problem(name, g, want, v, np.asarray(up, dtype=float))
        return where + (problem or (
            f"multiply the local derivative of that line by the gradient flowing back "
            f"({flowing}); check each factor against a numerical slope."))
    return None


register(Exercise(
    "backward_by_hand",
    checked="every intermediate gradient against finite differences of the forward, line by line",
    output_hint=backward_by_hand_hint,
    inputs=("X", "Y", "W1", "b1", "W2", "b2", "lam"),
    numerical=by_hand_numerical,
))
