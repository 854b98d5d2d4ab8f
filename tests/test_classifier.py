"""The reference of notebooks 06 and 07 against independent truths: autograd's derivatives of a
softmax classifier written here, closed forms, and the properties the notebooks claim."""

import warnings

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import grad, jacobian

from autograder import reference
from tests.support.oracles import rel_error

TOLERANCE = 1e-7  # relative error against autograd (float64, exact derivatives)


def ag_softmax(Z):
    E = anp.exp(Z - anp.max(Z, axis=-1, keepdims=True))
    return E / anp.sum(E, axis=-1, keepdims=True)


def ag_loss(flat, shapes, X, Y):
    """Mean cross-entropy of a sigmoid/softmax classifier whose params are packed in `flat`."""
    H, start = X, 0
    for k, (w_shape, b_shape) in enumerate(shapes):
        W = anp.reshape(flat[start:start + np.prod(w_shape)], w_shape)
        start += int(np.prod(w_shape))
        b = flat[start:start + b_shape[0]]
        start += b_shape[0]
        Z = anp.dot(H, W) + b
        H = ag_softmax(Z) if k == len(shapes) - 1 else 1 / (1 + anp.exp(-Z))
    return -anp.mean(anp.sum(Y * anp.log(H), axis=1))


def random_classifier(seed, widths, M):
    rng = np.random.default_rng(seed)
    params = [(rng.normal(size=(a, b)), rng.normal(size=b)) for a, b in zip(widths, widths[1:])]
    return rng.normal(size=(M, widths[0])), rng.integers(0, widths[-1], size=M), params


def test_softmax_is_stable_and_matches_the_plain_formula():
    Z = np.random.default_rng(0).normal(scale=3, size=(5, 4))
    assert np.allclose(reference.softmax(Z), np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        P = reference.softmax(np.array([[1000.0, 0.0, -1000.0], [-1000.0, -1000.0, -999.0]]))
    assert np.allclose(P.sum(axis=1), 1) and P[0, 0] == 1.0


def test_cross_entropy_is_the_mean_of_minus_log_p_and_clips_zero():
    P, y = np.array([[0.7, 0.2, 0.1], [0.0, 1.0, 0.0]]), np.array([0, 0])
    assert np.isclose(reference.cross_entropy(P, y), (-np.log(0.7) - np.log(1e-12)) / 2)


@pytest.mark.parametrize("n", [1, 2, 3, 6])
def test_softmax_jacobian_against_autograd(n):
    z = np.random.default_rng(n).normal(size=n)
    assert rel_error(reference.softmax_jacobian(z), jacobian(ag_softmax)(z)) < TOLERANCE


def test_softmax_ce_delta_is_M_times_the_gradient_of_the_mean_loss_wrt_the_logits():
    rng = np.random.default_rng(1)
    Z, y = rng.normal(size=(6, 4)), rng.integers(0, 4, size=6)
    Y = np.eye(4)[y]
    dZ = grad(lambda Z: -anp.mean(anp.sum(Y * anp.log(ag_softmax(Z)), axis=1)))(Z)
    assert rel_error(reference.softmax_ce_delta(reference.softmax(Z), y), 6 * dZ) < TOLERANCE


@pytest.mark.parametrize("widths, M, seed", [([3, 2], 4, 0), ([4, 5, 3], 6, 1),
                                             ([2, 6, 5, 4], 8, 2), ([5, 3, 3, 3, 2], 1, 3)])
def test_classifier_backward_against_autograd(widths, M, seed):
    X, y, params = random_classifier(seed, widths, M)
    shapes = [(W.shape, b.shape) for W, b in params]
    flat = np.concatenate([a.ravel() for pair in params for a in pair])
    expected = grad(ag_loss)(flat, shapes, X, np.eye(widths[-1])[y])
    grads = reference.classifier_backward(reference.forward_classifier(X, params), y, params)
    assert rel_error(np.concatenate([a.ravel() for pair in grads for a in pair]),
                     expected) < TOLERANCE


def test_sgd_step_with_a_constant_gradient_sums_a_geometric_series():
    theta, g = np.array([[1.0, -2.0]]), np.array([[0.5, 0.25]])
    params, velocity = [(theta, np.zeros(1))], [(np.zeros((1, 2)), np.zeros(1))]
    lr, mu, steps = 0.1, 0.9, 7
    for _ in range(steps):
        params, velocity = reference.sgd_step(params, [(g, np.zeros(1))], velocity, lr, mu)
    moved = -lr * g * sum((steps - k) * mu**k for k in range(steps))  # v_k = −lr g Σ μ^j
    assert np.allclose(params[0][0], theta + moved)


def test_sgd_step_decay_is_the_gradient_of_the_l2_penalty_scaled_by_lr():
    theta = np.array([[2.0, -1.0]])
    out, _ = reference.sgd_step([(theta, np.ones(1))], [(np.zeros((1, 2)), np.zeros(1))],
                                [(np.zeros((1, 2)), np.zeros(1))], 0.5, 0.0, 0.1)
    assert np.allclose(out[0][0], theta * (1 - 0.5 * 0.1)) and np.allclose(out[0][1], 0.95)


@pytest.mark.parametrize("M, B", [(10, 3), (12, 4), (5, 1), (7, 16)])
def test_iterate_minibatches_covers_every_example_once(M, B):
    X, y = np.arange(2 * M, dtype=float).reshape(M, 2), np.arange(M)
    batches = reference.iterate_minibatches(X, y, B, np.random.default_rng(0))
    order = np.concatenate([yb for _, yb in batches])
    assert sorted(order) == list(range(M))
    assert [len(yb) for _, yb in batches] == [B] * (M // B) + [M % B] * (M % B > 0)
    assert all(np.array_equal(Xb[:, 0], 2 * yb) for Xb, yb in batches)


def test_full_batch_train_is_gradient_descent_on_the_mean_cross_entropy():
    X, y, _ = random_classifier(5, [3, 4, 3], 9)
    sizes, lr, epochs = [3, 4, 3], 0.5, 4
    params, history = reference.train(X, y, sizes, lr, epochs, batch_size=9, seed=11)
    start = reference.init_params(sizes, np.random.default_rng(11))
    shapes = [(W.shape, b.shape) for W, b in start]
    flat = np.concatenate([a.ravel() for pair in start for a in pair])
    for _ in range(epochs):
        flat = flat - lr * grad(ag_loss)(flat, shapes, X, np.eye(3)[y])
    assert rel_error(np.concatenate([a.ravel() for pair in params for a in pair]), flat) < 1e-9
    assert history.shape == (epochs, 2)
    assert np.isclose(history[-1, 0], ag_loss(flat, shapes, X, np.eye(3)[y]))


def test_train_reaches_99_percent_on_a_bounded_region():
    rng = np.random.default_rng(4)
    X = rng.uniform(-4, 4, size=(640, 2))
    X = X[np.abs(np.abs(X).max(axis=1) - 2) > 0.25][:160]
    y = (np.abs(X).max(axis=1) < 2).astype(int)
    _, history = reference.train(X, y, [2, 8, 2], 1.0, 100, 16, momentum=0.9)
    assert history[-1, 1] >= 0.99
