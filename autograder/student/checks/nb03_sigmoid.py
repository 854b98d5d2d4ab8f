"""Checks of notebook 03, the sigmoid and its derivative: `sigmoid`, `sigmoid_prime`, `relu`
and `relu_prime`."""

import numpy as np

from autograder.student.checks.compare import agrees
from autograder.student.checks.engine import Exercise, register


def as_input(args, expected):
    """The exercise's input z as a float array shaped like the expected output."""
    return np.broadcast_to(np.asarray(args[0], dtype=float), expected.shape)


def sigmoid_value_hint(got, expected, args):
    """Recognises, in order: σ(−z) (the sign in the exponent); right values for moderate z only
    (z clipped to a narrow range)."""
    z = as_input(args, expected)
    if agrees(got, 1 - expected):
        return "You computed σ(−z) = 1 − σ(z): check the sign in the exponent."
    moderate = np.abs(z) < 30
    if agrees(got[moderate], expected[moderate]):
        return ("Right for moderate z, wrong for large |z|: there σ(z) is exactly 0 or 1 in "
                "floating point. Do not clip z to a narrow range.")
    return None


def sigmoid_prime_value_hint(got, expected, args):
    """Recognises, in order: z(1 − z) (σ′'s formula applied to z instead of σ(z)); values stuck
    near σ′(1) (σ′ applied to an activation, or the sigmoid taken twice); one factor of
    σ(1 − σ) only."""
    z = as_input(args, expected)
    s = (1 + np.sign(z) * np.sqrt(np.clip(1 - 4 * expected, 0, 1))) / 2  # σ(z), from σ'(z)
    if agrees(got, z * (1 - z)):
        return ("You computed z(1 − z). The formula σ(1 − σ) takes the sigmoid's output σ(z), "
                "not z.")
    if np.all((got > 0.19) & (got < 0.2501)) and np.any(expected < 0.19):
        return ("Your values never drop below σ′(1) ≈ 0.197, even where σ is flat: you apply "
                "σ′ to an activation σ(z) (or call sigmoid twice) instead of to z.")
    if agrees(got, s) or agrees(got, 1 - s):
        return "You returned one factor only: the derivative of σ is a product of two factors."
    return None


def relu_value_hint(got, expected, args):
    """Recognises, in order: |z| (negative entries flipped); the negative part kept instead of
    the positive one; the derivative (0 or 1) returned."""
    z = as_input(args, expected)
    if agrees(got, np.abs(z)):
        return "Negative entries come out positive: ReLU sets them to 0, it does not flip them."
    if agrees(got, np.where(z < 0, z, 0.0)):
        return "You kept the negative part: ReLU keeps the positive entries and zeroes the rest."
    if agrees(got, (z > 0).astype(float)):
        return "You returned the derivative (0 or 1), not ReLU itself."
    return None


def relu_prime_value_hint(got, expected, args):
    """Recognises, in order: ReLU′(0) = 1 where the course takes 0; ReLU itself returned; the
    0s and 1s swapped."""
    z = as_input(args, expected)
    at_zero = z == 0
    if at_zero.any() and agrees(got[~at_zero], expected[~at_zero]) and np.all(got[at_zero] == 1):
        return ("At z = 0 you return 1. The course, like the simple-derivatives text, takes "
                "ReLU′(0) = 0: only strictly positive z count.")
    if agrees(got, np.where(z > 0, z, 0.0)):
        return "You returned ReLU itself, not its derivative."
    if agrees(got, (z < 0).astype(float)):
        return "Your 0s and 1s are swapped: the slope is 1 where z is positive."
    return None


ACTIVATION_OVERFLOW = (
    "For z = −1000, e^(−z) is e^1000, far beyond the largest float (about 1.8e308). Rewrite σ "
    "so that np.exp only ever sees numbers ≤ 0 (the stable form of section 3). Beware: "
    "np.where(condition, A, B) computes both A and B for every entry, so an unsafe branch "
    "overflows even where it is not selected.")

register(Exercise(
    "sigmoid",
    checked="values, no overflow and exact limits at ±1000, floats and any shape",
    value_hint=sigmoid_value_hint,
    warning_hint=ACTIVATION_OVERFLOW,
    inputs=("z",),
))

register(Exercise(
    "sigmoid_prime",
    checked="values, maximum ¼ at 0, no overflow at ±1000, floats and any shape",
    value_hint=sigmoid_prime_value_hint,
    warning_hint=("σ′ built on an unstable σ, or written as e^(−z)/(1 + e^(−z))², overflows at "
                  "z = −1000. Build it on a stable sigmoid."),
    inputs=("z",),
))

register(Exercise(
    "relu",
    checked="values, floats and any shape, input untouched",
    value_hint=relu_value_hint,
    inputs=("z",),
))

register(Exercise(
    "relu_prime",
    checked="values, ReLU′(0) = 0, floats and any shape, input untouched",
    value_hint=relu_prime_value_hint,
    inputs=("z",),
))


