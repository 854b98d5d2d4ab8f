"""Cases of notebook 03, the sigmoid, tanh and ReLU and their derivatives: shared by all five."""

from functools import partial

import numpy as np

from autograder.cases.registry import hidden, make_case, public


def activation_public(exercise, extremes="no overflow, exact limits", zero_label="z = 0"):
    """Public cases shared by the four activation exercises: values, extremes, any shape."""
    case = partial(make_case, exercise)
    cases = [
        case("values", "z = [-2, -1, -0.5, 0.5, 1, 2]",
             np.array([-2.0, -1.0, -0.5, 0.5, 1.0, 2.0])),
        case("values", zero_label, np.array([0.0])),
    ]
    if extremes:
        cases.append(case("extremes", f"z = [-1000, -40, 40, 1000]: {extremes}",
                          np.array([-1000.0, -40.0, 40.0, 1000.0])))
    return cases + [
        case("any shape", "a plain float, z = 0.75", 0.75),
        case("any shape", "a plain float, z = -3.0", -3.0),
        case("any shape", "a 2-D array of shape (2, 3)",
             np.array([[-1.5, 0.0, 2.5], [0.25, -0.75, 4.0]])),
        case("any shape", "a 3-D array of shape (2, 2, 2)",
             np.array([[[0.5, -0.5], [1.0, -2.0]], [[3.0, -3.0], [0.1, -0.1]]])),
    ]


def activation_hidden(exercise, rng, large=True, zeros=False):
    """Random shapes (0-d to 3-D) and values; with `large`, entries of ±1000, ±750 and ±40."""
    cases = []
    for i in range(10):
        shape = tuple(int(k) for k in rng.integers(1, 5, size=int(rng.integers(0, 4))))
        z = rng.normal(scale=4, size=shape)
        if large and z.size and i % 2 == 0:
            z.flat[0] = rng.choice([-1000.0, -750.0, 1000.0, 750.0, -40.0])
        if zeros and z.size > 1 and i % 3 == 0:
            z.flat[-1] = 0.0
        cases.append(make_case(exercise, "hidden", f"random z {i + 1} of shape {shape}", z))
    return cases


@public("sigmoid")
def sigmoid_public():
    return activation_public("sigmoid") + [
        make_case("sigmoid", "any shape", "integer input np.arange(-3, 4)", np.arange(-3, 4)),
    ]


@hidden("sigmoid")
def sigmoid_hidden(rng):
    return activation_hidden("sigmoid", rng)


@public("sigmoid_prime")
def sigmoid_prime_public():
    return activation_public("sigmoid_prime", extremes="no overflow, σ′ → 0 on the flat parts")


@hidden("sigmoid_prime")
def sigmoid_prime_hidden(rng):
    return activation_hidden("sigmoid_prime", rng)


@public("tanh_prime")
def tanh_prime_public():
    return activation_public("tanh_prime", extremes="no overflow, the slope → 0 on the flat parts")


@hidden("tanh_prime")
def tanh_prime_hidden(rng):
    return activation_hidden("tanh_prime", rng)


@public("relu")
def relu_public():
    return activation_public("relu", extremes=None)


@hidden("relu")
def relu_hidden(rng):
    return activation_hidden("relu", rng, large=False, zeros=True)


@public("relu_prime")
def relu_prime_public():
    return activation_public("relu_prime", extremes=None,
                             zero_label="z = 0, where the course takes ReLU′(0) = 0")


@hidden("relu_prime")
def relu_prime_hidden(rng):
    return activation_hidden("relu_prime", rng, large=False, zeros=True)
