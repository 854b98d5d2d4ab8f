"""Notebook 03, the sigmoid and its derivative, tanh′, ReLU."""

import numpy as np


def sigmoid(z):
    """σ(z) = 1 / (1 + e^(−z)), elementwise, without overflow (tutorial 04, eq. 32).

    For z < 0 it uses the equal form e^z / (1 + e^z), so no exponential of a large positive
    number is ever taken; in floating point the range is [0, 1] (`002`, footnote "Logistic
    curve"). Works on floats and arrays of any shape.
    """
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))  # in (0, 1]: never overflows
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def sigmoid_prime(z):
    """σ'(z) = σ(z) (1 − σ(z))  (tutorial 04, eq. 32)."""
    s = sigmoid(z)
    return s * (1 - s)


def tanh_prime(z):
    """tanh'(z) = 1 − tanh²(z), elementwise: the chain rule on tanh(z) = 2σ(2z) − 1 gives
    2 · σ'(2z) · 2 = 4σ(2z)(1 − σ(2z)), and σ(2z) = (1 + tanh z)/2 turns it into 1 − tanh².

    Inputs:
    - z: float or array of any shape, tanh's input
    Returns:
    - float array shaped like z, at most 1 (at z = 0); exactly 0 where tanh(z) rounds to ±1
    """
    t = np.tanh(np.asarray(z, dtype=float))  # never overflows
    return 1 - t * t


def relu(z):
    """ReLU(z) = max(0, z), elementwise  (`003`, "Neural Networks")."""
    return np.maximum(0.0, np.asarray(z, dtype=float))


def relu_prime(z):
    """ReLU'(z) = 1 for z > 0, else 0. The simple-derivatives text leaves z = 0 out; the
    course takes 0 there, as the major libraries do."""
    return (np.asarray(z, dtype=float) > 0).astype(float)
