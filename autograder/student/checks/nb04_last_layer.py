"""Checks of notebook 04, last-layer gradients: `dense_forward`, `mse_loss`,
`mse_output_delta`, `last_layer_gradients` and `logloss_output_delta`."""

import numpy as np

from autograder.student.checks.compare import (
    BIAS_SIGN,
    PER_EXAMPLE,
    RTOL,
    agrees,
    batch_shape,
    bias_gradient_problem,
    describe,
    factor_off,
    factors_off,
    first_applying,
    logistic,
    logistic_slope,
    scale_factor,
    weight_gradient_problem,
)
from autograder.student.checks.engine import Exercise, register
from autograder.student.checks.numeric import gradient


def dense_shape_hint(got, expected, args):
    """Recognises, in order: the batch axis dropped; one row per neuron (the slides' column
    convention)."""
    M, n_out = expected.shape
    if got.shape == (n_out,):
        return ("You dropped the batch axis: keep one row per example (all M of them), even "
                "when M = 1.")
    if got.shape == (n_out, M):
        return ("One row per neuron instead of one per example: that is the column convention "
                "of the lecture slides (W h). Here each row of H_prev is one example, and the "
                "weights multiply it from the right.")
    return None


def dense_value_hint(got, expected, args):
    """Recognises, in order: the bias missing; the bias subtracted; the sigmoid applied; ReLU
    applied; with a square W, a transposed W."""
    W, b = np.asarray(args[1], dtype=float), np.asarray(args[2], dtype=float)
    if agrees(got, expected - b):
        return "The bias is missing: every row of I gets b added, one entry per neuron."
    if agrees(got, expected - 2 * b):
        return "You subtracted the bias. " + BIAS_SIGN
    if agrees(got, logistic(expected)):
        return ("You applied the sigmoid: dense_forward returns the pre-activation I, before any "
                "activation function.")
    if agrees(got, np.maximum(expected, 0)):
        return "You applied ReLU: dense_forward returns the pre-activation I, before activation."
    if W.ndim == 2 and W.shape[0] == W.shape[1]:
        return ("W is square here, so a transposed W raises no error: its rows belong to the "
                "inputs (the columns of H_prev), its columns to the neurons.")
    return None


register(Exercise(
    "dense_forward",
    checked="shape, one row per example, bias on every row, input untouched",
    shape_hint=dense_shape_hint,
    value_hint=dense_value_hint,
    inputs=("H_prev", "W", "b"),
))


def mse_shape_hint(got, expected, args):
    """Recognises, in order: every squared error returned; a mean along one axis only."""
    M, N = batch_shape(args[0])
    if got.shape == np.shape(args[0]):
        return "You returned every squared error: the loss is one number, their mean."
    if got.ndim == 1 and got.size in (M, N):
        return ("You averaged along one axis only: the loss is one number, the mean over all "
                "M·N entries (every example and every output).")
    return None


def mse_value_hint(got, expected, args):
    """Recognises, in order: M·N times too large (a sum); N times (a sum over the outputs);
    M times (a sum over the examples); half (the ½ convention); the square root taken."""
    M, N = batch_shape(args[0])
    summed = factor_off(got, expected, [
        (M * N, f"The loss is M·N = {M * N} times too large: you summed the squared errors. "
                "Take their mean over all entries."),
        (N, "You summed over the N outputs of each example and averaged over the examples "
            "(as the MSE derivation text's ‖o − t‖² does): average over the outputs too."),
        (M, "You summed over the examples: average over them as well."),
        (0.5, "An extra factor 1/2: the ½‖ŷ − y‖² convention simplifies the derivative, but "
              "this course's loss is the plain mean of the squares."),
    ])
    if summed:
        return summed
    if float(expected) > 0 and np.isclose(float(got) ** 2, float(expected), rtol=RTOL):
        return ("You took a square root: that is the root mean squared error. The loss is the "
                "mean of the squares itself.")
    return None


register(Exercise(
    "mse_loss",
    checked="one number, mean over all entries, inputs untouched",
    shape_hint=mse_shape_hint,
    value_hint=mse_value_hint,
    inputs=("Y_hat", "Y"),
))


def mse_delta_value_hint(got, expected, args):
    """Recognises, in order: σ′ applied to an activation (sigmoid taken twice); the σ′ factor
    missing; then, with the ambiguity said when sizes make two alike: 1/M (divided by M);
    N/M (divided by M instead of N); N/2 (2/N missing); N (1/N missing); half (factor 2
    missing); the wrong sign."""
    Y_hat = np.asarray(args[0], dtype=float)
    M, N = batch_shape(Y_hat)
    slope = Y_hat * (1 - Y_hat)
    if scale_factor(got * slope, expected * logistic_slope(Y_hat)) is not None:
        return ("You applied σ′ to an activation: Y_hat is already σ(I), so sigmoid_prime(Y_hat) "
                "takes the sigmoid a second time. σ′(I) can be written with Y_hat itself "
                "(tutorial 04, eq. 32).")
    if scale_factor(got * slope, expected) is not None:
        return ("The σ′ factor is missing: Y_hat comes out of a sigmoid, so the chain rule from "
                "the loss to I passes through σ′(I) as well.")
    if scale_factor(got * (1 - Y_hat), expected * (1 + Y_hat)) is not None:
        return ("A sign slip inside σ′: you used Y_hat(1 + Y_hat). The sigmoid's slope is "
                "Y_hat(1 − Y_hat).")
    if (scale_factor(got * Y_hat, expected) is not None
            or scale_factor(got * (1 - Y_hat), expected) is not None):
        return ("Only one factor of σ′: the sigmoid's slope is the product Y_hat(1 − Y_hat), "
                "and you kept one of the two.")
    return first_applying(factors_off(got, expected, [
        (1 / M, "Every value is 1/M of the expected one: did you divide by the number of examples "
                "M (or by all M·N entries)? " + PER_EXAMPLE),
        (N / M if M > 1 else None,
         "You divided by the number of examples M: the 2/N comes from the mean over the N "
         "outputs of one example (the columns)."),
        (N / 2, "missing 2/N: the loss averages over the N outputs (1/N), and the derivative of "
                "the square brings a factor 2."),
        (N, "missing 1/N: the loss averages the squared errors over the N outputs."),
        (0.5, "missing factor 2: the derivative of (ŷ − y)² is 2(ŷ − y)."),
        (-1, "Every value has the wrong sign: did you subtract the prediction from the target? "
             "The loss grows as Y_hat moves away from Y, in the direction of Y_hat − Y."),
    ]))


register(Exercise(
    "mse_output_delta",
    checked="shape, factor 2/N, σ′ of the output, per example, inputs untouched",
    value_hint=mse_delta_value_hint,
    inputs=("Y_hat", "Y"),
))


def last_layer_output_hint(got, expected, args):
    """Recognises, in order: dW alone; something other than a pair; a pair of another length;
    (db, dW) swapped; then the mistakes of `weight_gradient_problem` in dW, else those of
    `bias_gradient_problem` in db."""
    H_prev, Delta = (np.asarray(a, dtype=float) for a in args)
    M = len(H_prev)
    if not isinstance(got, (tuple, list)):
        if np.shape(got) == expected[0].shape:
            return "You returned dW only: return the pair (dW, db)."
        return f"Return a pair (dW, db), not {describe(got)}."
    if len(got) != 2:
        return f"Return a pair (dW, db), not {len(got)} items."
    dW, db = got
    if np.shape(dW) == expected[1].shape and np.shape(db) == expected[0].shape:
        return "You returned (db, dW): return the weight gradient first, (dW, db)."
    if not agrees(dW, expected[0]):
        return weight_gradient_problem(dW, expected[0], M)
    return bias_gradient_problem(db, expected[1], M, Delta=Delta)


register(Exercise(
    "last_layer_gradients",
    checked="shapes of dW and db, batch mean, sign, inputs untouched",
    output_hint=last_layer_output_hint,
    inputs=("H_prev", "Delta"),
))


# --- logloss_output_delta: derived by the student, checked against finite differences ---


def binary_log_loss(Y_hat, Y):
    """The notebook's forward, section 6: the binary log-loss of every output, summed over the
    N outputs of an example and averaged over the M examples."""
    per_output = -(Y * np.log(Y_hat) + (1 - Y) * np.log1p(-Y_hat))
    return float(per_output.sum(axis=-1).mean())


def logloss_delta_numerical(args):
    """Delta by finite differences: M times the slope of the batch-mean log-loss with respect to
    the pre-activation I = σ⁻¹(Y_hat) (Delta is per example: row m is ∂ℓ_m/∂I_m)."""
    Y_hat, Y = (np.asarray(a, dtype=float) for a in args)
    pre_activation = np.log(Y_hat) - np.log1p(-Y_hat)  # the pre-activation whose sigmoid is Y_hat
    return len(Y_hat) * gradient(lambda i: binary_log_loss(logistic(i), Y), pre_activation)


def logloss_delta_value_hint(got, expected, args):
    """Recognises, in order: dℓ/dŷ without the sigmoid's slope; one slope factor too many (the
    MSE's dℓ/dŷ reused, or σ′ applied twice); σ′ applied to the output Y_hat (the sigmoid taken
    twice); the chain rule through log(1 − ŷ) without its −1; a leftover 2/N or 2 of the MSE;
    1/M; 1/N; the wrong sign."""
    Y_hat, Y = (np.asarray(a, dtype=float) for a in args)
    M, N = batch_shape(Y_hat)
    slope = Y_hat * (1 - Y_hat)
    if scale_factor(got * slope, expected) is not None:
        return ("You stopped at dℓ/dŷ: Delta is the derivative with respect to the pre-activation "
                "I, and the graph I → ŷ → ℓ has two links. Multiply by the local derivative of "
                "the sigmoid as well.")
    if scale_factor(got, expected * slope) is not None:
        return ("One factor ŷ(1 − ŷ) too many. Did you reuse the MSE's dℓ/dŷ instead of "
                "differentiating the log-loss itself, or multiply by σ′ twice? Differentiate "
                "−[y log ŷ + (1 − y) log(1 − ŷ)] with respect to ŷ, then multiply by σ′ once.")
    if scale_factor(got * slope, expected * logistic_slope(Y_hat)) is not None:
        return ("You applied σ′ to an activation: Y_hat is already σ(I), so sigmoid_prime(Y_hat) "
                "takes the sigmoid a second time. Write σ′(I) with Y_hat itself "
                "(tutorial 04, eq. 32).")
    if agrees(got, -expected - 2 * Y * (1 - Y_hat)):
        return ("A sign slip in the derivative of log(1 − ŷ): the chain rule through 1 − ŷ brings "
                "a factor −1. (It shows only where the target is not 1.)")
    return first_applying(factors_off(got, expected, [
        (2 / N, "A factor 2/N, as in the MSE's δ: it came from the square and the mean over the "
                "outputs there. The log-loss has no square and sums over the outputs."),
        (2, "A factor 2: the log-loss has no square to bring it down."),
        (1 / M, "Every value is 1/M of the expected one. " + PER_EXAMPLE),
        (1 / N, "Every value is 1/N of the expected one: the log-loss of one example sums over "
                "its outputs, so no 1/N here."),
        (-1, "Every value has the wrong sign. Check the minus in front of the log-loss, and that "
             "your δ points uphill: where the loss grows with I, δ is positive."),
    ]))


register(Exercise(
    "logloss_output_delta",
    checked="shape, values against finite differences of the log-loss, per example, "
            "inputs untouched",
    value_hint=logloss_delta_value_hint,
    inputs=("Y_hat", "Y"),
    numerical=logloss_delta_numerical,
))
