"""Checks of notebook 03, the sigmoid and its derivative: `sigmoid`, `sigmoid_prime`,
`tanh_prime`, `relu` and `relu_prime`.

`tanh_prime` is derived by the student: its visible checks compare with central differences of
the forward the notebook gives, tanh (NumPy's `np.tanh`), not with a stored answer.
"""

import numpy as np

from autograder.student.checks.compare import agrees, factor_off
from autograder.student.checks.engine import Exercise, register
from autograder.student.checks.numeric import slope


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
    if agrees(got, s * (1 + s)):
        return ("A sign slip inside σ′: you computed σ(1 + σ). The second factor is 1 − σ(z), "
                "the slope shrinks where σ approaches 1.")
    if agrees(got, s * (s - 1)):
        return ("A sign slip inside σ′: σ(σ − 1) is −σ′. The second factor is 1 − σ(z), so σ′ "
                "is never negative.")
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


def tanh_forward(z):
    """The forward the notebook gives: tanh(z) = 2σ(2z) − 1, NumPy's np.tanh (never overflows)."""
    return np.tanh(np.asarray(z, dtype=float))


def tanh_slope(args):
    """The expected output of tanh_prime's visible checks: central differences of tanh."""
    return slope(tanh_forward, args[0])


def tanh_prime_value_hint(got, expected, args):
    """Recognises, in order: tanh itself returned; a factor 2 missing (the inner 2z's slope, or
    the outer 2), or both; an extra factor 2; the wrong sign; a sign slip that makes the slope
    grow where tanh flattens; σ′ (or tanh′) taken at the wrong argument (z instead of 2z, or 2z
    instead of z); a result that is not even, although tanh is odd.

    Every candidate is built from `expected` or from central differences of the forward, so no
    answer formula stands here."""
    z = as_input(args, expected)
    got = np.asarray(got, dtype=float)
    if agrees(got, tanh_forward(z)):
        return "You returned tanh itself, not its slope."
    scaled = factor_off(got, expected, [
        (0.5, "Every value is half the slope: a factor 2 is missing. tanh(z) = 2σ(2z) − 1 "
              "holds two: the outer 2 in front of σ, and the slope of the inner function 2z. "
              "The chain rule multiplies both."),
        (0.25, "Every value is a quarter of the slope: both factors 2 of tanh(z) = 2σ(2z) − 1 "
               "are missing, the outer one in front of σ and the inner one from 2z."),
        (2, "Every value is twice the slope: a factor 2 too many. Count the chain's links: "
            "one outer factor, σ′ at the inner value, one inner factor."),
        (-1, "Every value has the wrong sign: tanh rises everywhere, so its slope is "
             "positive. Look for a sign slip, e.g. in a subtraction you wrote the wrong way "
             "round."),
    ])
    if scaled:
        return scaled
    if agrees(got, 2 - expected):
        return ("A sign slip: your values exceed 1 and grow where tanh flattens out. The slope "
                "of a function that saturates must shrink towards 0 on its flat parts.")
    for scale in (0.5, 2.0):  # the same chain, evaluated at z/2 or 2z instead of z
        wrong = slope(tanh_forward, scale * z)
        if any(agrees(got, k * wrong) for k in (1.0, 0.5, 0.25, 2.0, 4.0)):
            inner = "z instead of at 2z" if scale == 0.5 else "2z instead of at z"
            return (f"Your values belong to the wrong argument: you take σ′ (or the slope) at "
                    f"{inner}. In tanh(z) = 2σ(2z) − 1 the sigmoid receives 2z; its slope "
                    "must be taken there.")
    flat, slopes = z.ravel(), got.ravel()
    pairs = [(i, j) for i in range(flat.size) for j in range(flat.size)
             if flat[i] > 0 and flat[j] == -flat[i]]
    if any(not agrees(slopes[i], slopes[j]) for i, j in pairs):
        return ("Your slope differs at z and −z. tanh is odd, tanh(−z) = −tanh(z), so its "
                "slope is even: check which quantity your result is built from.")
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
    calls=("sigmoid",),
    checked="values, maximum ¼ at 0, no overflow at ±1000, floats and any shape",
    value_hint=sigmoid_prime_value_hint,
    warning_hint=("σ′ built on an unstable σ, or written as e^(−z)/(1 + e^(−z))², overflows at "
                  "z = −1000. Build it on a stable sigmoid."),
    inputs=("z",),
))

register(Exercise(
    "tanh_prime",
    calls=("sigmoid", "sigmoid_prime"),
    checked="values against central differences of tanh, no overflow at ±1000, floats and any "
            "shape",
    value_hint=tanh_prime_value_hint,
    warning_hint=("Build the slope on something that never overflows: your stable sigmoid, your "
                  "sigmoid_prime or np.tanh — not on e^z and e^(−z), nor on np.cosh, which "
                  "overflow near |z| = 710."),
    inputs=("z",),
    numerical=tanh_slope,
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


