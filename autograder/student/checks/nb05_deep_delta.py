"""Checks of notebook 05, the deep δ recursion: `backprop_delta`, `forward_sigmoid_net`,
`backward_sigmoid_net` and `fixed_backward` (the MSE derivation text's backward pass, repaired).
The notebook's last exercise, `backward_by_hand`, has its own module beside this one."""

import numpy as np

from autograder.student.checks.compare import (
    BIAS_SIGN,
    MISSING_MEAN,
    PER_EXAMPLE,
    agrees,
    batch_shape,
    bias_gradient_problem,
    describe,
    factor_off,
    factors_off,
    first_applying,
    flatten_pairs,
    logistic,
    logistic_slope,
    pair_shapes,
    scale_factor,
    weight_gradient_problem,
)
from autograder.student.checks.engine import Exercise, register

# Said when the σ′ factor of a hidden Delta is missing, without naming the source that drops it
# (finding that slip in the MSE derivation text is fixed_backward's exercise).
MISSING_SLOPE = ("the product with the weights gives dL/dH of the layer before; the chain rule "
                 "still has to pass through that layer's sigmoid.")


def span(name, first, last):
    """'H_1' or 'H_1 ... H_3' (name 'H'); 'layer 2' or 'layers 2 to 4' (name 'layer')."""
    if name == "H":
        return f"H_{first}" if first == last else f"H_{first} ... H_{last}"
    return f"layer {first}" if first == last else f"layers {first} to {last}"


def backprop_shape_hint(got, expected, args):
    """Recognises, in order: the transposed result (the tutorial's column form); Delta_next's
    shape kept."""
    M, n = expected.shape
    if got.shape == (n, M):
        return ("Delta has one row per example. This is the tutorial's column form (W Δ, one "
                "column per example); in this course's rows convention the product is "
                "transposed.")
    if got.shape == np.shape(args[0]):
        return ("The result kept the shape of Delta_next: it belongs to the layer before, with "
                "one column per neuron of that layer (one per row of W_next).")
    return None


def backprop_value_hint(got, expected, args):
    """Recognises, in order: the σ′ factor missing; act_prime applied twice; σ′ applied to
    act_prime; 1/M; with a square W_next, a missing transpose."""
    W_next, slope = np.asarray(args[1], dtype=float), np.asarray(args[2], dtype=float)
    M = batch_shape(slope)[0]
    if agrees(got * slope, expected):
        return "The σ′ factor is missing: " + MISSING_SLOPE
    if agrees(got, expected * slope):
        return "act_prime is applied twice: multiply by it once."
    with np.errstate(all="ignore"):
        if agrees(got * slope, expected * (1 - slope)):
            return ("You multiplied by 1 − act_prime: act_prime already is the slope σ′, "
                    "multiply by it as it is.")
    if scale_factor(got * slope, expected * logistic_slope(slope)) is not None:
        return ("You applied σ′ to act_prime, which already is the derivative: multiply by it "
                "as it is.")
    per_example = factor_off(got, expected, [
        (1 / M, "Every value is 1/M of the expected one. " + PER_EXAMPLE)])
    if per_example:
        return per_example
    if W_next.shape[0] == W_next.shape[1]:
        return ("W_next is square here, so a missing transpose raises no error: check which axis "
                "of W_next belongs to which layer.")
    return None


register(Exercise(
    "backprop_delta",
    checked="shape, the product with the weights, the σ′ factor, inputs untouched",
    shape_hint=backprop_shape_hint,
    value_hint=backprop_value_hint,
    inputs=("Delta_next", "W_next", "act_prime"),
))


def forward_output_hint(got, expected, args):
    """Recognises, in order: only the output layer returned; something other than a list; one
    layer short (the last pair skipped); the list starting at H_1 instead of X; another length;
    then at the first wrong H_k: H_0 not X; a wrong shape; the pre-activation stored instead of
    σ of it (at the output layer: its sigmoid missing); a wrong H_1; a layer not built on the
    previous one with its own pair."""
    X, params = args
    L = len(params)
    if not isinstance(got, (list, tuple)):
        if np.shape(got) == expected[-1].shape:
            return ("You returned only the output layer. Return the list of every layer's "
                    "activations [H_0 = X, H_1, ..., H_L]: the backward pass needs them all.")
        return f"Return a list of L + 1 = {L + 1} arrays [H_0 = X, ..., H_L], not {describe(got)}."
    if len(got) == L:
        if agrees(got[0], X):
            return (f"One layer short: the list starts with X but has no H_{L}. Does your loop "
                    "skip the last (W, b) pair?")
        if L > 1 and agrees(got[0], expected[1]):
            return ("The list starts with H_1: put the input first, H_0 = X (the first layer's "
                    "weight gradient needs it).")
    if len(got) != L + 1:
        return f"Expected L + 1 = {L + 1} arrays (H_0 = X and one per layer), got {len(got)}."
    for k in range(L + 1):
        if agrees(got[k], expected[k]):
            continue
        H = np.asarray(got[k], dtype=float)
        if k == 0:
            return "H_0 should be the input X itself, unchanged."
        if H.shape != expected[k].shape:
            return (f"H_{k} has shape {H.shape}, expected {expected[k].shape}: one row per "
                    f"example, one column per neuron of layer {k}.")
        if agrees(logistic(H), expected[k]):
            if k == L > 1:
                return (f"{span('H', 1, L - 1)} {'is' if L == 2 else 'are'} right, but the "
                        "last layer is missing its sigmoid: every layer of this network applies "
                        "σ, the output layer included.")
            return (f"H_{k} holds the pre-activation I_{k}: store the activation σ(I_{k}), and "
                    "feed it to the next layer.")
        if k == 1:
            return "H_1 is wrong: it is σ of the first layer's pre-activation (X, params[0])."
        return (f"{span('H', 1, k - 1)} {'is' if k == 2 else 'are'} right, H_{k} is not: "
                f"does layer {k} start from the "
                f"previous layer's activations H_{k - 1}, with its own pair params[{k - 1}]?")
    return None


register(Exercise(
    "forward_sigmoid_net",
    checked="a list [H_0 = X, ..., H_L], every layer's sigmoid, inputs untouched",
    output_hint=forward_output_hint,
    inputs=("X", "params"),
))


def all_scaled_hint(got, expected, M, N):
    """A message for gradients (lists of (dW, db) pairs) that are all one constant times the
    right ones, or None.

    Recognises, with the ambiguity said when sizes make two alike: M times too large (a sum
    over the batch); 1/M (an extra 1/M); N/2 (2/N missing); N (1/N missing); half (factor 2
    missing); the wrong sign.
    """
    return first_applying(factors_off(flatten_pairs(got), flatten_pairs(expected), [
        (M, f"Every gradient is M = {M} times too large: {MISSING_MEAN}"),
        (1 / M, "Every gradient is 1/M of the expected one: an extra 1/M. " + PER_EXAMPLE),
        (N / 2, f"Every gradient is N/2 = {N / 2:g} times the expected one: missing 2/N in the "
                "output layer's Delta."),
        (N, "Every gradient is N times too large: missing 1/N in the output layer's Delta."),
        (0.5, "Every gradient is half the expected one: missing factor 2 in the output Delta."),
        (-1, "Every gradient has the wrong sign: the output error is prediction minus target, "
             "Y_hat − Y."),
    ]))


def hidden_layer_hint(got, expected, Hs, K, hidden=True):
    """With one example, db of a layer is its Delta: compare the student's with the right one.

    Recognises, in order: for the output layer (`hidden` false), dW paired with another layer's
    activations; for a hidden layer, its σ′ factor missing; σ′ applied to an activation; σ′
    taken from another layer's activations, or dW paired with another layer's activations.
    """
    layer = K + 1
    (dW, db), (_, right_db) = got, expected
    db, right_db = np.ravel(np.asarray(db, dtype=float)), np.ravel(right_db)
    H = np.ravel(Hs[layer])  # the layer's output; its σ′ is H(1 − H)
    if not hidden:
        for j, other in enumerate(Hs):
            if j != layer - 1 and agrees(dW, np.outer(np.ravel(other), db)):
                return (f"dW of layer {layer} pairs its Delta with H_{j}, the wrong layer's "
                        f"activations: the input of layer {layer} is H_{layer - 1}.")
        return None
    if agrees(db * H * (1 - H), right_db):
        return f"The Delta of hidden layer {layer} is missing its σ′ factor: " + MISSING_SLOPE
    if agrees(db * H, right_db) or agrees(db * (1 - H), right_db):
        return (f"Layer {layer}: only one factor of σ′. The sigmoid's slope is the product "
                f"H_{layer}(1 − H_{layer}); you kept one of the two.")
    if agrees(db * (1 - H), right_db * (1 + H)):
        return (f"Layer {layer}: a sign slip inside σ′, H(1 + H). The sigmoid's slope is "
                f"H_{layer}(1 − H_{layer}).")
    if scale_factor(db * H * (1 - H), right_db * logistic_slope(H)) is not None:
        return (f"Layer {layer}: you applied σ′ to an activation. H_{layer} is already "
                f"σ(I_{layer}), so sigmoid_prime(H_{layer}) takes the sigmoid a second time; for "
                "the sigmoid, σ′(I) can be written with H itself (tutorial 04, eq. 32).")
    for j, other in enumerate(Hs):
        h = np.ravel(other)
        if j != layer and h.shape == H.shape and agrees(db * H * (1 - H), right_db * h * (1 - h)):
            return (f"Layer {layer}: σ′ is taken from H_{j}, the wrong layer's activations: "
                    f"the Delta of layer {layer} needs σ′ of its own output H_{layer}.")
        if j != layer - 1 and agrees(dW, np.outer(h, db)):
            return (f"dW of layer {layer} pairs its Delta with H_{j}, the wrong layer's "
                    f"activations: the input of layer {layer} is H_{layer - 1}.")
    return None


def backward_output_hint(got, expected, args):
    """Recognises, in order: something other than a list; one pair short (the first layer);
    another length; items that are not pairs; the list reversed; every gradient off by one
    factor (`all_scaled_hint`); every db with the wrong sign; then at the wrong layer nearest
    the output: dW shaped by another layer's activations; the mistakes of
    `weight_gradient_problem` and `bias_gradient_problem`; with one example,
    `hidden_layer_hint`. Otherwise names the output layer, or the layer where Delta goes wrong.
    """
    Hs, Y, params = args
    L, (M, N) = len(params), np.shape(Y)
    if not isinstance(got, (list, tuple)):
        return (f"Return a list of L = {L} pairs (dW, db), one per layer in the order of params, "
                f"not {describe(got)}.")
    if len(got) == L - 1 and pair_shapes(got) == pair_shapes(expected[1:]):
        return ("One pair short: the first layer (params[0], whose input is H_0 = X) has no "
                "gradients. Does your loop stop one layer early?")
    if len(got) != L:
        return f"Expected L = {L} pairs (dW, db), one per layer, got {len(got)} items."
    if any(not isinstance(pair, (tuple, list)) or len(pair) != 2 for pair in got):
        return "Each item should be a pair (dW, db)."
    reversed_got = [a for pair in got[::-1] for a in pair]
    if L > 1 and (pair_shapes(expected) != pair_shapes(expected[::-1]) == pair_shapes(got) or all(
            agrees(g, e) for g, e in zip(reversed_got, [a for p in expected for a in p]))):
        return ("Your list runs from the last layer to the first: item k must belong to "
                "params[k]. Reverse it before returning.")
    right = [all(agrees(g, e) for g, e in zip(got[k], expected[k])) for k in range(L)]
    same_shapes = pair_shapes(got) == pair_shapes(expected)
    if same_shapes:
        scaled = all_scaled_hint(got, expected, M, N)
        if scaled:
            return scaled
        if all(agrees(g[0], e[0]) and agrees(g[1], -e[1]) for g, e in zip(got, expected)):
            return "Every db has the wrong sign. " + BIAS_SIGN
    K = max(k for k in range(L) if not right[k])  # the wrong layer nearest to the output
    layer, name = K + 1, "the output layer" if K == L - 1 else f"layer {K + 1}"
    dW, db = got[K]
    width_in = np.shape(expected[K][0])[1]
    for j in sorted(range(len(Hs)), key=lambda j: abs(j - layer)):  # the nearest first
        H = Hs[j]
        if j != K and np.shape(dW) == (H.shape[1], width_in) != np.shape(expected[K][0]):
            return (f"dW of {name} has shape {np.shape(dW)}: it pairs Delta with H_{j}, the wrong "
                    f"layer's activations. The input of layer {layer} is H_{layer - 1}.")
    problem = (weight_gradient_problem(dW, expected[K][0], M, f"dW of {name}")
               or bias_gradient_problem(db, expected[K][1], M, f"db of {name}"))
    if problem:
        return problem
    if M == 1:
        problem = hidden_layer_hint(got[K], expected[K], Hs, K, hidden=K < L - 1)
        if problem:
            return problem
    if K == L - 1:
        return ("The output layer's gradients are wrong: start from the output Delta of the MSE "
                f"(notebook 04) and the output layer's input H_{L - 1}.")
    return (f"The gradients of {span('layer', layer + 1, L)} are right, those of layer {layer} "
            f"are not: the mistake is in passing Delta back through layer {layer + 1}, or in the "
            "activations you pair it with.")


register(Exercise(
    "backward_sigmoid_net",
    calls=("backprop_delta",),
    checked="a list of (dW, db) per layer, every layer's values, inputs untouched",
    output_hint=backward_output_hint,
    inputs=("Hs", "Y", "params"),
))


def fixed_backward_hint(got, expected, args):
    """backward_output_hint, except where it would name the text's own slip (finding it is the
    exercise): then it points at the step that is still wrong, not at what is missing there."""
    message = backward_output_hint(got, expected, args)
    Hs, Y, params = args
    L = len(params)
    if (message and L > 1 and isinstance(got, (list, tuple)) and len(got) == L
            and (MISSING_SLOPE in message or message.startswith("The gradients of layers"))):
        K = max(k for k in range(L) if not all(agrees(g, e) for g, e in zip(got[k], expected[k])))
        return (f"The gradients of {span('layer', K + 2, L)} are right, those of layer {K + 1} "
                f"are not: the step that makes Delta_{K + 1} from Delta_{K + 2} is still wrong. "
                "Compare that line with section 1's recursion, factor by factor.")
    return message


register(Exercise(
    "fixed_backward",
    checked="a list of (dW, db) per layer, the hidden layers' Delta, inputs untouched",
    output_hint=fixed_backward_hint,
    inputs=("Hs", "Y", "params"),
))
