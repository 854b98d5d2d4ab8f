"""Checks of notebook 05, the deep δ recursion: `backprop_delta`, `forward_sigmoid_net`,
`backward_sigmoid_net`, `fixed_backward` (the MSE derivation text's backward pass, repaired) and
`backward_by_hand` (every gradient of a small tanh network, checked against finite differences
of the notebook's forward)."""

import numpy as np

from autograder.student.checks.compare import (
    BIAS_SIGN,
    MISSING_MEAN,
    PER_EXAMPLE,
    agrees,
    batch_shape,
    bias_gradient_problem,
    describe,
    factor_is,
    first_applying,
    flatten_pairs,
    logistic,
    logistic_slope,
    pair_shapes,
    scale_factor,
    weight_gradient_problem,
)
from autograder.student.checks.engine import Exercise, register
from autograder.student.checks.numeric import gradient

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
    c = scale_factor(got, expected)
    if M > 1 and factor_is(c, 1 / M):
        return "Every value is 1/M of the expected one. " + PER_EXAMPLE
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


def all_scaled_hint(c, M, N):
    """A message for gradients that are all c times the right ones, or None.

    Recognises, with the ambiguity said when sizes make two alike: M times too large (a sum
    over the batch); 1/M (an extra 1/M); N/2 (2/N missing); N (1/N missing); half (factor 2
    missing); the wrong sign.
    """
    return first_applying(
        (M > 1 and factor_is(c, M), f"Every gradient is M = {M} times too large: {MISSING_MEAN}"),
        (M > 1 and factor_is(c, 1 / M),
         "Every gradient is 1/M of the expected one: an extra 1/M. " + PER_EXAMPLE),
        (N != 2 and factor_is(c, N / 2),
         f"Every gradient is N/2 = {N / 2:g} times the expected one: missing 2/N in the output "
         "layer's Delta."),
        (N > 1 and factor_is(c, N),
         "Every gradient is N times too large: missing 1/N in the output layer's Delta."),
        (factor_is(c, 0.5),
         "Every gradient is half the expected one: missing factor 2 in the output Delta."),
        (factor_is(c, -1), "Every gradient has the wrong sign: the output error is prediction "
                           "minus target, Y_hat − Y."),
    )


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
        scaled = all_scaled_hint(scale_factor(flatten_pairs(got), flatten_pairs(expected)), M, N)
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




# --- backward_by_hand: one gradient line per forward line, in reverse order ---------------------

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

    if name == "dterms" and same(right * n):
        return (f"every entry is {n} times too large: data_loss is the mean of {n} terms, so "
                "each term's share of it is that much smaller than the term itself.")
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
        if len(up) > 1 and same(right / len(up)):
            return ("an extra 1/M: the 1/M of the mean is already inside the gradient flowing "
                    "back; dividing again counts it twice.")
    if name == "dH1" and v["W2"].shape[0] == v["W2"].shape[1] and same(up @ v["W2"]):
        return ("W2 is square here, so a missing transpose raises no error: which axis of W2 "
                "belongs to H1?")
    c = scale_factor(got, right)
    if factor_is(c, -1):
        return "the sign is wrong."
    if n > 1 and factor_is(c, n):
        return (f"every entry is {n} times too large (the number of terms): the mean's factor "
                "comes from dterms and flows back with it; is the gradient flowing back "
                "multiplied in?")
    if n > 1 and factor_is(c, 1 / n):
        return (f"every entry is 1/{n} of the right one: the mean's factor is already inside the "
                "gradient flowing back; dividing again counts it twice.")
    return None


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
