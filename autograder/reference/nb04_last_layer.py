"""Notebook 04, the last layer: the dense forward, MSE and log-loss, their output δ, dW and db."""

import numpy as np


def dense_forward(H_prev, W, b):
    """The pre-activation of a dense layer, I_k = H_{k-1} W_k + b_k  (tutorial 04, eq. 5).

    Inputs:
    - H_prev: (M, N_{k-1}), the previous layer's activations, one example per row
    - W: (N_{k-1}, N_k); b: (N_k,)
    Returns:
    - I: (M, N_k); b is added to every row
    """
    return H_prev @ W + b  # (M, N_k)


def last_layer_gradients(H_prev, Delta):
    """The gradients of the batch-mean loss for one layer's W and b  (tutorial 04, eq. 27–28).

    dW is the mean over the examples of the outer products h_m^T δ_m (eq. 13, transposed);
    db is the mean of the rows of Delta (eq. 15 and 28).
    Inputs:
    - H_prev: (M, N_{k-1}), the layer's input
    - Delta: (M, N_k), dL_m/dI_k for each example m (no 1/M inside)
    Returns:
    - (dW, db): (N_{k-1}, N_k) and (N_k,)
    """
    M = H_prev.shape[0]
    dW = H_prev.T @ Delta / M  # (N_{k-1}, M) @ (M, N_k): the sum of M outer products, averaged
    db = Delta.mean(axis=0)  # (N_k,)
    return dW, db


def mse_loss(Y_hat, Y):
    """The mean squared error over all M·N entries (`003` for one example; tutorial 04, eq. 22).

    Inputs: Y_hat, Y: (M, N). Returns: a float.
    """
    return float(np.mean((Y_hat - Y) ** 2))


def mse_output_delta(Y_hat, Y):
    """Delta of a sigmoid output layer under mse_loss: (2/N)(Ŷ − Y) ∘ Ŷ(1 − Ŷ)  (`002`, eq. 25).

    Per example m: dL_m/dI with L_m = mean_j (Ŷ_mj − Y_mj)²; σ'(I) = Ŷ(1 − Ŷ) (eq. 32).
    Inputs: Y_hat (M, N), the sigmoid outputs; Y (M, N), the targets.
    Returns: Delta (M, N).
    """
    N = Y_hat.shape[-1]  # the number of outputs: L_m averages over them
    return (2 / N) * (Y_hat - Y) * Y_hat * (1 - Y_hat)  # (M, N)


def log_loss(Y_hat, Y):
    """Binary log-loss, summed over the N outputs and averaged over the M examples (`004`).

    Inputs: Y_hat (M, N) in (0, 1); Y (M, N) in [0, 1]. Returns: a float.
    """
    per_entry = Y * np.log(Y_hat) + (1 - Y) * np.log1p(-Y_hat)
    return float(-per_entry.sum(axis=-1).mean())


def logloss_output_delta(Y_hat, Y):
    """Delta of a sigmoid output layer under log_loss: Ŷ − Y  (`004`: σ' cancels).

    dℓ/dŷ = (ŷ − y) / (ŷ(1 − ŷ)) times σ'(I) = ŷ(1 − ŷ).
    Inputs: Y_hat, Y: (M, N). Returns: Delta (M, N).
    """
    return Y_hat - Y  # (M, N)
