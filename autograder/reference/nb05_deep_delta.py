"""Notebook 05, the deep δ recursion: a sigmoid network's forward and backward passes."""

import numpy as np

from autograder.reference.nb03_sigmoid import sigmoid, sigmoid_prime
from autograder.reference.nb04_last_layer import (
    dense_forward,
    last_layer_gradients,
    mse_output_delta,
)


def backprop_delta(Delta_next, W_next, act_prime):
    """One step back: Delta_{k-1} = (Delta_k W_k^T) ∘ act'(I_{k-1})  (tutorial 04, eq. 19, 26).

    Inputs:
    - Delta_next: (M, N_k), the error term of layer k
    - W_next: (N_{k-1}, N_k), the weights of layer k
    - act_prime: (M, N_{k-1}), act'(I_{k-1}); H_{k-1}(1 − H_{k-1}) for the sigmoid (eq. 32)
    Returns:
    - Delta: (M, N_{k-1})
    """
    dL_dH = Delta_next @ W_next.T  # (M, N_k) @ (N_k, N_{k-1}): dL_m/dH_{k-1}
    return dL_dH * act_prime  # (M, N_{k-1})


def forward_sigmoid_net(X, params):
    """Forward pass of a network of sigmoid layers, keeping every activation  (tutorial 04, eq. 5).

    Inputs:
    - X: (M, N_0)
    - params: list of L pairs (W_k, b_k), W_k (N_{k-1}, N_k), b_k (N_k,)
    Returns:
    - Hs: list [H_0 = X, H_1, ..., H_L], H_k (M, N_k)
    """
    Hs = [X]
    for W, b in params:
        Hs.append(sigmoid(dense_forward(Hs[-1], W, b)))  # (M, N_k)
    return Hs


def backward_sigmoid_net(Hs, Y, params):
    """Gradients of mse_loss for every layer, from the back to the front  (tutorial 04, eq. 16–28).

    Inputs:
    - Hs: [H_0, ..., H_L] from forward_sigmoid_net; Y: (M, N_L), the targets
    - params: list of L pairs (W_k, b_k); params[k - 1] maps Hs[k - 1] to Hs[k]
    Returns:
    - grads: list of L pairs (dW_k, db_k), shaped like params
    """
    return backward_from_output_delta(Hs, mse_output_delta(Hs[-1], Y), params)


def backward_from_output_delta(Hs, Delta, params, slope=None):
    """Every layer's gradients, given the output layer's Delta: the δ recursion back through
    sigmoid hidden layers (tutorial 04, eq. 26–28, 32). backward_sigmoid_net (MSE) and
    classifier_backward (softmax + cross-entropy) differ only in the Delta they start from.

    Inputs:
    - Hs: [H_0, ..., H_L], H_k (M, N_k); Delta: (M, N_L), dL_m/dI_L (no 1/M inside)
    - params: list of L pairs (W_k, b_k); params[k - 1] maps Hs[k - 1] to Hs[k]
    - slope: the hidden activation's derivative written in its output H (default: the
      sigmoid's H(1 − H), eq. 32); explorer 05 passes tanh's and ReLU's
    Returns:
    - grads: list of L pairs (dW_k, db_k), shaped like params
    """
    grads = [None] * len(params)
    for k in range(len(params), 0, -1):  # layer k: input Hs[k - 1], output Hs[k]
        grads[k - 1] = last_layer_gradients(Hs[k - 1], Delta)
        if k > 1:
            H = Hs[k - 1]  # (M, N_{k-1})
            act_prime = H * (1 - H) if slope is None else slope(H)  # (M, N_{k-1})
            Delta = backprop_delta(Delta, params[k - 1][0], act_prime)  # (M, N_{k-1})
    return grads


def fixed_backward(Hs, Y, params):
    """The MSE derivation text's backward pass (`002`, "Vectorized equations") with its slip
    repaired — the hidden δ gets its σ′ factor back —, which makes it backward_sigmoid_net.

    Inputs and Returns: as backward_sigmoid_net.
    """
    return backward_sigmoid_net(Hs, Y, params)


def backward_by_hand(X, Y, W1, b1, W2, b2, lam):
    """Every intermediate gradient of a small network's loss, one line per forward line in
    reverse order (notebook 05, section 8, after Karpathy's "backprop ninja").

    Forward: I1 = X W1 + b1, H1 = tanh(I1), I2 = H1 W2 + b2, Yhat = σ(I2),
    terms = −(Y log Yhat + (1 − Y) log(1 − Yhat)), data_loss = mean(terms),
    penalty = λ/2 (‖W1‖² + ‖W2‖²), loss = data_loss + penalty.

    Inputs:
    - X: (M, N0); Y: (M, N2), targets in [0, 1]
    - W1: (N0, N1), b1: (N1,); W2: (N1, N2), b2: (N2,); lam: the L2 weight λ ≥ 0
    Returns: the tuple (dterms, dYhat, dI2, dW2, db2, dH1, dI1, dW1, db1), each the derivative
    of loss with respect to that variable and shaped like it.
    """
    H1 = np.tanh(dense_forward(X, W1, b1))  # (M, N1)
    Yhat = sigmoid(dense_forward(H1, W2, b2))  # (M, N2)
    dterms = np.full(Y.shape, 1.0 / Y.size)  # data_loss = mean(terms)
    dYhat = dterms * (1 - Y) / (1 - Yhat) - dterms * Y / Yhat  # (M, N2)
    dI2 = dYhat * sigmoid_prime(dense_forward(H1, W2, b2))  # (M, N2)
    dW2 = H1.T @ dI2 + lam * W2  # two uses of W2: I2 and the penalty
    db2 = dI2.sum(axis=0)  # (N2,)
    dH1 = dI2 @ W2.T  # (M, N1)
    dI1 = dH1 / np.cosh(dense_forward(X, W1, b1)) ** 2  # tanh′ = 1 / cosh²
    dW1 = X.T @ dI1 + lam * W1  # (N0, N1)
    db1 = dI1.sum(axis=0)  # (N1,)
    return dterms, dYhat, dI2, dW2, db2, dH1, dI1, dW1, db1
