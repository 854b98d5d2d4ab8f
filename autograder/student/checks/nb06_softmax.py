"""Checks of notebook 06, softmax and cross-entropy: `softmax`, `cross_entropy`,
`softmax_jacobian`, `softmax_ce_delta`, `forward_classifier` and `classifier_backward`."""

import numpy as np

from autograder.student.checks.compare import (
    MISSING_MEAN,
    MISSING_SLOPE,
    PER_EXAMPLE,
    RTOL,
    agrees,
    bias_gradient_problem,
    factor_off,
    factors_off,
    first_applying,
    flatten_pairs,
    logistic,
    logistic_slope,
    pair_shapes,
    weight_gradient_problem,
)
from autograder.student.checks.engine import Exercise, register
from autograder.student.checks.numeric import gradient


def row_sums(A):
    """The sum of each row (over the last axis) of A, as floats."""
    return np.asarray(A, dtype=float).sum(axis=-1)


def softmax_value_hint(got, expected, args):
    """Recognises, in order: columns summing to 1 instead of rows; the log-probabilities
    returned; the sigmoid applied entry by entry; rows that do not sum to 1."""
    Z = np.asarray(args[0], dtype=float)
    M, N = expected.shape
    if N > 1 and M > 1 and np.allclose(got.sum(axis=0), 1) and not np.allclose(row_sums(got), 1):
        return ("Your columns sum to 1, not your rows: each row is one example, so normalise "
                "over axis 1 (the classes), with keepdims=True.")
    with np.errstate(all="ignore"):
        if agrees(np.exp(got), expected):
            return ("You returned the log-probabilities Z − log Σ e^Z. The softmax is their "
                    "exponential: probabilities in (0, 1).")
        if agrees(got, logistic(Z)):
            return ("You applied the sigmoid entry by entry. The softmax couples the entries of a "
                    "row: each is divided by the sum over its row, so the row sums to 1.")
    if not np.allclose(row_sums(got), 1):
        return ("Your rows do not sum to 1: divide each row by its own sum (axis=1, "
                "keepdims=True, so that the (M, 1) sums line up with the rows).")
    return None


register(Exercise(
    "softmax",
    checked="rows sum to 1, values, logits of ±1000, input untouched",
    value_hint=softmax_value_hint,
    warning_hint=("e^1000 overflows, and e^(−2000) underflows to 0 so that a row divides 0 by 0: "
                  "shift each row by its own maximum before np.exp (the shift cancels in the "
                  "ratio, so P stays the same)."),
    inputs=("Z",),
))

# cross_entropy clips P at CE_FLOOR from below, so that a probability of 0 for the correct class
# costs −log(CE_FLOOR) ≈ 27.6 instead of inf. Defined here, on the student side, because the
# hints must name it and must not import the reference; the reference imports it from here.
CE_FLOOR = 1e-12
CE_FLOOR_HINT = (f"clip P at {CE_FLOOR:g} from below before the log (np.maximum(p, {CE_FLOOR:g})): "
                 f"a probability of 0 for the correct class then costs −log({CE_FLOOR:g}) ≈ "
                 f"{-np.log(CE_FLOOR):.1f}")


def cross_entropy_shape_hint(got, expected, args):
    """Recognises: the loss of every example instead of their mean."""
    M = len(args[0])
    if got.ndim == 1 and got.size == M:
        return "You returned the loss of every example: the loss is one number, their mean."
    return None


def cross_entropy_value_hint(got, expected, args):
    """Recognises, in order: too large where the correct class has P = 0 (no floor); then, with
    the ambiguity said when sizes make two alike: M times too large (a sum over the examples);
    1/N (a mean over the classes too); np.log10; the wrong sign; P[:, y] (every example with
    every label)."""
    P, y = np.asarray(args[0], dtype=float), np.asarray(args[1], dtype=int)
    (M, N), got = P.shape, float(got)
    p = P[np.arange(M), y]
    if np.any(p < CE_FLOOR) and got > float(expected) + 1:
        return f"Too large where the correct class has P = 0: {CE_FLOOR_HINT}."
    with np.errstate(all="ignore"):
        all_pairs = float(-np.log(np.maximum(P[:, y], CE_FLOOR)).mean())
    found = factors_off(got, expected, [
        (M, f"The loss is M = {M} times too large: you summed over the examples. The course's "
            "loss is the average over the examples."),
        (1 / N, "The loss is 1/N of the expected one: you averaged over the classes too. Only "
                "the correct class of each example counts; average over the examples alone."),
        (1 / np.log(10),
         "You used np.log10: the cross-entropy uses the natural logarithm, np.log."),
        (-1, "The loss has the wrong sign: it is −log p, and log p ≤ 0."),
    ])
    if M > 1 and np.isclose(got, all_pairs, rtol=RTOL):
        found.append("P[:, y] pairs every example with every label (an M×M block): pick one "
                     "entry per row, P[np.arange(M), y].")
    return first_applying(found)


register(Exercise(
    "cross_entropy",
    checked="one number, the correct class only, mean over examples, finite at P = 0",
    shape_hint=cross_entropy_shape_hint,
    value_hint=cross_entropy_value_hint,
    warning_hint=("log(0) is −inf, and 0 · log 0 is NaN: take the log of the correct class's "
                  f"probability only, and {CE_FLOOR_HINT}."),
    inputs=("P", "y"),
))


def probabilities(z):
    """The forward the notebook gives, for one example's scores z: p_k = e^(z_k) / Σ_c e^(z_c),
    with the scores first moved down by their maximum (section 1: the shift changes nothing)."""
    e = np.exp(np.asarray(z, dtype=float) - np.max(z))
    return e / e.sum()


def softmax_jacobian_numerical(args):
    """J[k, j] = ∂p_k/∂z_j by finite differences of the forward: row k is the gradient of p_k."""
    z = np.asarray(args[0], dtype=float)
    z = z - z.max()  # the same probabilities, and steps of the size of the scores' spread
    return np.array([gradient(lambda s, k=k: probabilities(s)[k], z) for k in range(z.size)])


def softmax_jacobian_value_hint(got, expected, args):
    """Recognises, in order: every entry with the wrong sign (the two terms of the quotient
    rule's numerator swapped); the scores z used as if they were p; the normalisation's worked
    example copied (numerator derivative 1, ∂S/∂z_j = 1); then, where the off-diagonal is wrong:
    entries 0 with the diagonal right (the sigmoid's p(1 − p) on the diagonal only), the
    outer-product term missing everywhere, the wrong sign off the diagonal, the j = k case used
    everywhere; then, where only the diagonal is wrong: the numerator's (diagonal) term missing,
    the denominator's term missing on the diagonal, ∂e^(z_k)/∂z_k taken as 1; then a J that is
    not symmetric (an index slip or a transpose); last, a symmetric J whose rows do not sum to 0
    (most often the scores used as p)."""
    z = np.asarray(args[0], dtype=float)
    got, expected = np.asarray(got, dtype=float), np.asarray(expected, dtype=float)
    n, p = z.size, probabilities(z)
    off = ~np.eye(n, dtype=bool)
    diag_got, diag_expected = np.diag(got), np.diag(expected)
    flipped = factor_off(got, expected, [
        (-1, "A sign slip: every entry has the wrong sign. Raising z_k raises p_k, so the "
             "diagonal is positive: in the quotient rule the numerator is (u′ S − u S′), in "
             "that order.")])
    if flipped:
        return flipped
    if agrees(got, np.outer(z, 1 - z)):
        return ("You used the scores z where the probabilities belong: compute p, the softmax "
                "of z, first, and write J with p.")
    if n > 1 and (agrees(got, np.eye(n) - p[:, None]) or agrees(got, np.eye(n) - p[None, :])):
        return ("This is the normalisation's Jacobian from the worked example, with p for q. For "
                "the softmax the numerator is e^(z_k), whose derivative is e^(z_k), not 1, and "
                "∂S/∂z_j = e^(z_j), not 1: redo both cases with those.")
    if n > 1 and not agrees(got[off], expected[off]):
        if agrees(got[off], 0 * expected[off]) and agrees(diag_got, diag_expected):
            return ("Your off-diagonal entries are 0, as for the sigmoid (p(1 − p) on the "
                    "diagonal only): but the denominator S holds every score, so for j ≠ k, "
                    "∂S/∂z_j is not 0 and the denominator's term of the quotient rule stays.")
        if agrees(got, np.diag(p)):
            return ("The outer-product term is missing everywhere: you kept the numerator's "
                    "term of the quotient rule and dropped the denominator's (S depends on every "
                    "score).")
        flipped = factor_off(got[off], expected[off], [
            (-1, "A sign slip in the case j ≠ k: raising another class's score z_j lowers "
                 "p_k (S grows, e^(z_k) stays), so those entries are negative.")])
        if flipped:
            return flipped
        for same_case in (np.outer(p, 1 - p), np.outer(1 - p, p)):
            if agrees(got[off], same_case[off]):
                return ("You used the j = k case for every entry. For j ≠ k the numerator "
                        "e^(z_k) does not depend on z_j: its derivative is 0, and only the "
                        "denominator's term is left.")
    if agrees(got[off], expected[off]) and not agrees(diag_got, diag_expected):
        if agrees(diag_got, diag_expected - p):
            return ("The diagonal term is missing: for j = k the quotient rule has two terms, "
                    "and you kept only the denominator's. The numerator e^(z_k) depends on z_k "
                    "too.")
        if agrees(diag_got, p):
            return ("The diagonal misses the outer-product term, the denominator's: for j = k, "
                    "S depends on z_k too, so its term of the quotient rule stays on the "
                    "diagonal as well.")
        if agrees(diag_got, diag_expected - p + 1):
            return ("Your diagonal takes ∂e^(z_k)/∂z_k as 1, as for x_k in the worked example: "
                    "the exponential is its own derivative.")
        return ("Your off-diagonal entries are right, your diagonal is not: redo the case j = k "
                "of the quotient rule, then write it with p alone.")
    if (np.allclose(got, got.T, rtol=RTOL, atol=1e-12)
            and not np.allclose(got.sum(axis=1), 0, atol=1e-9 * max(1.0, np.abs(got).max()))):
        return ("Your rows do not sum to 0, but the softmax's must: adding the same number to "
                "every score leaves p unchanged. Did you use the scores z where the "
                "probabilities belong? Compute p, the softmax of z, first, and write J with p.")
    if n > 1 and not np.allclose(got, got.T, rtol=RTOL, atol=1e-12):
        return ("Your J is not symmetric, but the softmax's is: the case j ≠ k gives the same "
                "expression with k and j swapped. Look for an index slip (p_k where p_j belongs) "
                "or a transposed factor (p[:, None] against p[None, :]).")
    return None


register(Exercise(
    "softmax_jacobian",
    calls=("softmax",),
    checked="shape (N, N), diagonal and off-diagonal entries against finite differences, "
            "scores near 1000, input untouched",
    value_hint=softmax_jacobian_value_hint,
    warning_hint=("e^1000 overflows: compute p with the stable softmax (your softmax takes a "
                  "batch of rows; one example is one row)."),
    inputs=("z",),
    numerical=softmax_jacobian_numerical,
))


def softmax_ce_delta_value_hint(got, expected, args):
    """Recognises, in order: P itself (onehot not subtracted); ∂L/∂P instead of ∂L/∂Z; an
    extra P(1 − P) (as for a sigmoid output); 1/M; the wrong sign."""
    P = np.asarray(args[0], dtype=float)
    M = len(P)
    Y = P - expected  # the one-hot labels
    if agrees(got, P):
        return ("You returned P itself: subtract 1 at the correct class of each example, "
                "P − onehot(y).")
    if agrees(got, P + Y):
        return ("A sign slip: you added 1 at the correct class. Delta is P − onehot(y): "
                "subtract it.")
    with np.errstate(all="ignore"):
        if agrees(got, -Y / np.where(Y > 0, P, 1.0)):
            return ("This is ∂L/∂P, the derivative with respect to the probabilities (eq. 30): "
                    "chain it through the softmax Jacobian (eq. 31) to reach the logits.")
    if agrees(got, expected * P * (1 - P)):
        return ("An extra factor P(1 − P), as for a sigmoid output: for the softmax with the "
                "cross-entropy, the Jacobian and the 1/p of the log cancel.")
    return factor_off(got, expected, [
        (1 / M, "Every value is 1/M of the expected one. " + PER_EXAMPLE),
        (-1, "Every value has the wrong sign: Delta is P − onehot(y), prediction minus target."),
    ])


register(Exercise(
    "softmax_ce_delta",
    checked="shape, P − onehot at the correct class, per example, inputs untouched",
    value_hint=softmax_ce_delta_value_hint,
    inputs=("P", "y"),
))


def forward_classifier_hint(got, expected, args):
    """Recognises, in order: only P returned; the list starting at H_1; another length; then
    at the first wrong H_k: a hidden layer with the softmax (rows summing to 1); the output
    layer with the sigmoid; the output's columns summing to 1 instead of its rows."""
    X, params = args
    L = len(params)
    if not isinstance(got, (list, tuple)):
        if np.shape(got) == expected[-1].shape:
            return ("You returned only P. Return the list of every layer's activations "
                    "[H_0 = X, H_1, ..., H_L = P]: the backward pass needs them all.")
        return None
    if len(got) == L and L > 1 and agrees(got[0], expected[1]):
        return "The list starts with H_1: put the input first, H_0 = X."
    if len(got) != L + 1:
        return f"Expected L + 1 = {L + 1} arrays (H_0 = X and one per layer), got {len(got)}."
    k = next(k for k in range(L + 1) if not agrees(got[k], expected[k]))
    H = np.asarray(got[k], dtype=float)
    if H.shape != expected[k].shape:
        return None
    if k < L and np.allclose(row_sums(H), 1):
        return (f"H_{k} is a hidden layer, but its rows sum to 1: the softmax belongs to the "
                "output layer only; hidden layers use the sigmoid.")
    if k == L:
        with np.errstate(all="ignore"):
            logits = np.log(H / (1 - H)) - np.log(expected[L])  # σ⁻¹(H) − log P
        if np.all(np.isfinite(logits)) and np.allclose(logits, logits[:, :1]):
            return ("The output layer uses the sigmoid: a classifier's last layer uses the "
                    "softmax, so that each row of P is a distribution (sums to 1).")
        if np.allclose(H.sum(axis=0), 1) and not np.allclose(row_sums(H), 1):
            return "The columns of P sum to 1, not its rows: take the softmax over each row."
    return None


register(Exercise(
    "forward_classifier",
    calls=("softmax",),
    checked="a list [H_0 = X, ..., H_L = P], sigmoid hidden layers, softmax output",
    output_hint=forward_classifier_hint,
    inputs=("X", "params"),
))


def classifier_backward_hint(got, expected, args):
    """Recognises, in order: items that are not pairs; the list reversed; every gradient M
    times too large or 1/M; an output Delta of P (labels missing) or with an extra P(1 − P);
    the mistakes of `weight_gradient_problem` and `bias_gradient_problem` in the output layer;
    at the wrong hidden layer nearest the output, with one example: its σ′ missing, or σ′
    applied to an activation; then those of the two gradient problems in that layer.
    Otherwise names the layer where Delta goes wrong."""
    Hs, y, params = args
    L, M = len(params), len(y)
    if not isinstance(got, (list, tuple)) or len(got) != L:
        return None
    if any(not isinstance(pair, (tuple, list)) or len(pair) != 2 for pair in got):
        return "Each item should be a pair (dW, db)."
    if L > 1 and pair_shapes(got) == pair_shapes(expected[::-1]) != pair_shapes(expected):
        return ("Your list runs from the last layer to the first: item k must belong to "
                "params[k]. Reverse it before returning.")
    if pair_shapes(got) == pair_shapes(expected):
        scaled = factor_off(flatten_pairs(got), flatten_pairs(expected), [
            (M, f"Every gradient is M = {M} times too large: {MISSING_MEAN}"),
            (1 / M, "Every gradient is 1/M of the expected one: an extra 1/M. " + PER_EXAMPLE),
        ])
        if scaled:
            return scaled
    P = np.asarray(Hs[-1], dtype=float)
    Y = np.zeros_like(P)
    Y[np.arange(M), np.asarray(y, dtype=int)] = 1.0
    dW, db = (np.asarray(a, dtype=float) for a in got[-1])
    for wrong, message in [
            (P, "The output Delta lacks the one-hot labels: it is P − onehot(y), not P."),
            ((P - Y) * P * (1 - P), "The output Delta has an extra P(1 − P), as for a sigmoid "
                                    "output: for the softmax with the cross-entropy it is P − "
                                    "onehot(y).")]:
        if agrees(db, wrong.mean(axis=0)):
            return message
    if not (agrees(dW, expected[-1][0]) and agrees(db, expected[-1][1])):
        return (weight_gradient_problem(dW, expected[-1][0], M, "dW of the output layer")
                or bias_gradient_problem(db, expected[-1][1], M, "db of the output layer"))
    K = max(k for k in range(L) if not all(agrees(g, e) for g, e in zip(got[k], expected[k])))
    H = np.asarray(Hs[K + 1], dtype=float)  # the output of the wrong hidden layer
    right_db, db = expected[K][1], np.asarray(got[K][1], dtype=float)
    if M == 1 and agrees(db * H[0] * (1 - H[0]), right_db):
        return f"The Delta of hidden layer {K + 1} is missing its σ′ factor: " + MISSING_SLOPE
    if np.shape(db) == right_db.shape:
        with np.errstate(all="ignore"):
            ratio = np.mean(logistic_slope(H), axis=0) / np.mean(H * (1 - H), axis=0)
        if M == 1 and agrees(db, right_db * ratio):
            return (f"Layer {K + 1}: you applied σ′ to an activation. H_{K + 1} is already "
                    f"σ(I_{K + 1}); for the sigmoid σ′(I) = H(1 − H) (tutorial 04, eq. 32).")
    return (weight_gradient_problem(got[K][0], expected[K][0], M, f"dW of layer {K + 1}")
            or bias_gradient_problem(db, right_db, M, f"db of layer {K + 1}")
            or f"The gradients of layers {K + 2} to {L} are right, those of layer {K + 1} are "
               f"not: check how Delta passes back through layer {K + 2} (W transposed, times σ′ "
               f"of H_{K + 1}).")


register(Exercise(
    "classifier_backward",
    calls=("softmax_ce_delta",),
    checked="a list of (dW, db) per layer, softmax-cross-entropy Delta, batch mean",
    output_hint=classifier_backward_hint,
    inputs=("Hs", "y", "params"),
))


