"""The networks the explorers train and no exercise asks for: explorer 05's regression network
and explorer 07's classifier, each with sigmoid, tanh or ReLU hidden layers.
"""

import numpy as np

from autograder.reference.nb03_sigmoid import relu, sigmoid
from autograder.reference.nb04_last_layer import dense_forward, mse_output_delta
from autograder.reference.nb05_deep_delta import backward_from_output_delta
from autograder.reference.nb06_softmax import softmax, softmax_ce_delta

# Explorer 05 compares hidden activations: the same network with tanh or ReLU hidden layers
# (no exercise). Each slope is written in terms of the layer's output H, as H(1 − H) is for σ.
HIDDEN_ACTIVATIONS = {
    "sigmoid": (sigmoid, lambda H: H * (1 - H)),
    "tanh": (np.tanh, lambda H: 1 - H**2),
    "ReLU": (relu, lambda H: (H > 0).astype(float)),
}


def forward_net(X, params, activation="sigmoid"):
    """forward_sigmoid_net with `activation` (a HIDDEN_ACTIVATIONS name) in the hidden layers;
    the output layer stays a sigmoid. Returns Hs, [H_0 = X, ..., H_L], H_k (M, N_k)."""
    act = HIDDEN_ACTIVATIONS[activation][0]
    Hs = [X]
    for k, (W, b) in enumerate(params):
        pre = dense_forward(Hs[-1], W, b)  # (M, N_k)
        Hs.append(sigmoid(pre) if k == len(params) - 1 else act(pre))
    return Hs


def backward_net(Hs, Y, params, activation="sigmoid"):
    """backward_sigmoid_net for a network from forward_net: mse_loss gradients of every layer.
    Returns grads, list of L pairs (dW_k, db_k), shaped like params."""
    return backward_from_output_delta(Hs, mse_output_delta(Hs[-1], Y), params,
                                      slope=HIDDEN_ACTIVATIONS[activation][1])


def forward_classifier_net(X, params, activation="sigmoid"):
    """forward_classifier with `activation` (a HIDDEN_ACTIVATIONS name) in the hidden layers, for
    explorer 07's playground. Returns Hs, [H_0 = X, ..., H_L = P], H_k (M, N_k)."""
    act = HIDDEN_ACTIVATIONS[activation][0]
    *hidden, last = params
    Hs = [X]
    for pair in hidden:
        Hs.append(act(dense_forward(Hs[-1], *pair)))  # (M, N_k)
    Hs.append(softmax(dense_forward(Hs[-1], *last)))  # (M, N_L)
    return Hs


def classifier_backward_net(Hs, y, params, activation="sigmoid"):
    """classifier_backward for a network from forward_classifier_net.
    Returns grads, list of L pairs (dW_k, db_k), shaped like params."""
    return backward_from_output_delta(Hs, softmax_ce_delta(Hs[-1], y), params,
                                      slope=HIDDEN_ACTIVATIONS[activation][1])
