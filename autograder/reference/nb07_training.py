"""Notebook 07, training a network: initialisation, minibatches, the SGD step, train."""

import numpy as np

from autograder.reference.nb06_softmax import classifier_backward, cross_entropy, forward_classifier


def init_params(sizes, rng):
    """Small random weights, W_k ~ N(0, 1/N_{k−1}), zero biases (slides: "small random values").

    Inputs: sizes, [N_0, ..., N_L]; rng, a np.random.Generator.
    Returns: params, list of L pairs (W_k (N_{k−1}, N_k), b_k (N_k,)).
    """
    return [(rng.normal(scale=1 / np.sqrt(n_in), size=(n_in, n_out)), np.zeros(n_out))
            for n_in, n_out in zip(sizes[:-1], sizes[1:])]


def iterate_minibatches(X, y, batch_size, rng):
    """One epoch of minibatches: a random order, then slices of batch_size rows (`004`, SGD).

    Every example appears exactly once; the last batch is smaller when batch_size does not
    divide M. X and y are indexed by the same order, so rows stay paired.
    Inputs: X, (M, N_0); y, (M,); batch_size, int ≥ 1; rng, a np.random.Generator.
    Returns: a list of pairs (X_batch (B, N_0), y_batch (B,)) with B ≤ batch_size.
    """
    order = rng.permutation(len(X))  # (M,)
    return [(X[idx], y[idx]) for idx in np.split(order, range(batch_size, len(X), batch_size))]


def sgd_step(params, grads, velocity, lr, momentum=0.0, weight_decay=0.0):
    """One step of SGD with momentum and L2 weight decay, for weights and biases alike.

    v ← momentum·v − lr·(g + weight_decay·θ); θ ← θ + v. The decay term is the gradient of the
    penalty (weight_decay/2)‖θ‖² (slides, `001`), so the learning rate scales it like g.
    Inputs: params, grads, velocity: lists of pairs shaped alike; lr, momentum, weight_decay.
    Returns: (params, velocity), new lists of pairs; the inputs stay untouched.
    """
    new_params, new_velocity = [], []
    for pair, grad_pair, v_pair in zip(params, grads, velocity):
        v_new = tuple(momentum * v - lr * (g + weight_decay * theta)
                      for theta, g, v in zip(pair, grad_pair, v_pair))
        new_params.append(tuple(theta + v for theta, v in zip(pair, v_new)))
        new_velocity.append(v_new)
    return new_params, new_velocity


def train(X, y, sizes, lr, epochs, batch_size, momentum=0.0, weight_decay=0.0, seed=0):
    """Train a sigmoid/softmax classifier with minibatch SGD  (`004`; slides, `001`).

    rng = default_rng(seed) draws the initial weights (init_params), then every epoch's order.
    Inputs: X (M, N_0); y (M,) labels; sizes [N_0, ..., N_L]; lr, epochs, batch_size, momentum,
    weight_decay; seed, int.
    Returns: (params, history): the trained pairs; history (epochs, 2), after each epoch the mean
    cross-entropy and the accuracy on the whole training set.
    """
    rng = np.random.default_rng(seed)
    params = init_params(sizes, rng)
    velocity = [(np.zeros_like(W), np.zeros_like(b)) for W, b in params]
    history = np.zeros((epochs, 2))
    for epoch in range(epochs):
        for X_batch, y_batch in iterate_minibatches(X, y, batch_size, rng):
            grads = classifier_backward(forward_classifier(X_batch, params), y_batch, params)
            params, velocity = sgd_step(params, grads, velocity, lr, momentum, weight_decay)
        P = forward_classifier(X, params)[-1]  # (M, N_L)
        history[epoch] = cross_entropy(P, y), np.mean(P.argmax(axis=1) == y)
    return params, history
