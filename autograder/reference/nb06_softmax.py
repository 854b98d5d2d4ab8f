"""Notebook 06, softmax and cross-entropy: the classifier's forward and backward passes."""

import numpy as np

from autograder.reference.nb03_sigmoid import sigmoid
from autograder.reference.nb04_last_layer import dense_forward
from autograder.reference.nb05_deep_delta import backward_from_output_delta
from autograder.student.checks.nb06_softmax import CE_FLOOR  # the clip of cross_entropy


def softmax(Z):
    """Row-wise softmax, P_mk = e^(Z_mk) / Σ_c e^(Z_mc)  (slides, `001`; tutorial 04, §2).

    Each row is shifted by its maximum first: the result is the same (the factor e^(−max)
    cancels), but np.exp only sees numbers ≤ 0, so logits of ±1000 never overflow.
    Inputs: Z, (M, N) logits, one example per row. Returns: P, (M, N), rows summing to 1.
    """
    E = np.exp(Z - Z.max(axis=-1, keepdims=True))  # (M, N), entries in (0, 1]
    return E / E.sum(axis=-1, keepdims=True)


def cross_entropy(P, y):
    """Mean over the examples of −log P[m, y_m], the correct class's probability (eq. 29).

    P is clipped at CE_FLOOR from below, so a probability of 0 costs −log(1e-12) ≈ 27.6, not inf.
    Inputs: P, (M, N) probabilities; y, (M,) integer labels in 0..N−1. Returns: a float.
    """
    p_correct = P[np.arange(len(y)), y]  # (M,): only the correct class counts
    return float(-np.log(np.maximum(p_correct, CE_FLOOR)).mean())


def softmax_jacobian(z):
    """∂p_k/∂z_j = p_k (δ_kj − p_j): diag(p) − p pᵀ at one example's scores  (tutorial 04, eq. 31).

    Inputs: z, (N,), the scores of one example. Returns: J, (N, N), J[k, j] = ∂p_k/∂z_j with
    p = softmax(z) (stable for scores of any size); symmetric, rows and columns sum to 0.
    """
    p = softmax(z[None, :])[0]  # (N,)
    return np.diag(p) - np.outer(p, p)


def softmax_ce_delta(P, y):
    """Delta of a softmax output under the cross-entropy: P − onehot(y)  (eq. 30 × eq. 31).

    Per example m: dL_m/dz_j = −(1/p_i) · p_i (δ_ij − p_j) = p_j − δ_ij, i = y_m: no 1/M here.
    Inputs: P, (M, N) softmax outputs; y, (M,) integer labels. Returns: Delta, (M, N).
    """
    Delta = P.copy()  # (M, N); P itself stays untouched
    Delta[np.arange(len(y)), y] -= 1.0
    return Delta


def forward_classifier(X, params):
    """Forward pass: sigmoid hidden layers, softmax output, keeping every activation.

    Inputs: X, (M, N_0); params, list of L pairs (W_k, b_k).
    Returns: Hs, [H_0 = X, H_1, ..., H_L = P], H_k (M, N_k); the rows of P sum to 1.
    """
    Hs = [X]
    for W, b in params[:-1]:
        Hs.append(sigmoid(dense_forward(Hs[-1], W, b)))  # (M, N_k)
    W, b = params[-1]
    Hs.append(softmax(dense_forward(Hs[-1], W, b)))  # (M, N_L)
    return Hs


def classifier_backward(Hs, y, params):
    """Gradients of the mean cross-entropy for every layer  (tutorial 04, eq. 26–32).

    Delta_L = P − onehot(y); Delta_{k−1} = (Delta_k W_kᵀ) ∘ H_{k−1}(1 − H_{k−1}).
    Inputs: Hs from forward_classifier; y, (M,) labels; params, list of L pairs (W_k, b_k).
    Returns: grads, list of L pairs (dW_k, db_k), shaped like params.
    """
    return backward_from_output_delta(Hs, softmax_ce_delta(Hs[-1], y), params)
