"""The reference's derivatives (notebooks 04 and 05) against independent truths: the automatic
differentiation of the `autograd` package, central differences, and the worked
numbers of the simple-derivatives text (`003`). The central differences are tests/oracles.py's."""

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import grad

from autograder import reference
from tests.support.oracles import central_difference, rel_error

AUTODIFF_TOLERANCE = 1e-7  # relative error against autograd (float64, exact derivatives)


# --- the same network, written for autograd ----------------------------------------------------


def ag_sigmoid(z):
    return 1 / (1 + anp.exp(-z))


def ag_mse(Y_hat, Y):
    return anp.mean((Y_hat - Y) ** 2)


def ag_log_loss(Y_hat, Y):
    return -anp.mean(anp.sum(Y * anp.log(Y_hat) + (1 - Y) * anp.log(1 - Y_hat), axis=1))


def ag_forward(X, params):
    H_k = X
    for W, b in params:
        H_k = ag_sigmoid(anp.dot(H_k, W) + b)
    return H_k


# Depths from 1 to 6 layers, widths from 1 to 9, batches from 1 to 11 examples.
NETWORKS = [
    ([3, 2], 1, 0),
    ([1, 1], 4, 1),
    ([4, 5, 3], 6, 2),
    ([2, 8, 8, 1], 3, 3),
    ([5, 1, 5], 4, 4),
    ([6, 4, 3, 2, 5], 7, 5),
    ([3, 9, 2, 7, 4, 6, 2], 11, 6),
    ([7, 7, 7, 7], 2, 7),
]


def network(widths, M, seed):
    rng = np.random.default_rng(seed)
    params = [(rng.normal(scale=1.5 / np.sqrt(n_in), size=(n_in, n_out)),
               rng.normal(scale=0.5, size=n_out)) for n_in, n_out in zip(widths[:-1], widths[1:])]
    X = rng.normal(size=(M, widths[0]))
    Y = rng.uniform(size=(M, widths[-1]))
    return X, params, Y


def random_networks(count=12):
    """Random depths, widths, batch sizes and seeds, beyond the hand-picked list."""
    rng = np.random.default_rng(2024)
    for seed in range(count):
        widths = rng.integers(1, 10, size=rng.integers(2, 7)).tolist()
        yield widths, int(rng.integers(1, 12)), 100 + seed


ALL_NETWORKS = NETWORKS + list(random_networks())
label = lambda case: f"widths {case[0]}, M = {case[1]}"  # noqa: E731


@pytest.mark.parametrize("case", ALL_NETWORKS, ids=label)
def test_forward_sigmoid_net_keeps_every_layer_and_matches_autograd_numpy(case):
    X, params, Y = network(*case)
    Hs = reference.forward_sigmoid_net(X, params)
    assert len(Hs) == len(params) + 1 and Hs[0] is X
    for k in range(1, len(Hs)):
        assert np.allclose(Hs[k], ag_forward(X, params[:k]), rtol=1e-13, atol=0)


@pytest.mark.parametrize("case", ALL_NETWORKS, ids=label)
def test_backward_sigmoid_net_matches_autograd(case):
    X, params, Y = network(*case)
    truth = grad(lambda p: ag_mse(ag_forward(X, p), Y))(params)
    grads = reference.backward_sigmoid_net(reference.forward_sigmoid_net(X, params), Y, params)
    assert len(grads) == len(params)
    for (dW, db), (true_dW, true_db), (W, b) in zip(grads, truth, params):
        assert dW.shape == W.shape and db.shape == b.shape
        assert rel_error(dW, true_dW) <= AUTODIFF_TOLERANCE
        assert rel_error(db, true_db) <= AUTODIFF_TOLERANCE


@pytest.mark.parametrize("case", ALL_NETWORKS, ids=label)
def test_last_layer_gradients_with_mse_output_delta_match_autograd(case):
    X, params, Y = network(*case)
    H_prev = reference.forward_sigmoid_net(X, params)[-2]  # the output layer's input
    W, b = params[-1]
    loss = lambda W, b: ag_mse(ag_sigmoid(anp.dot(H_prev, W) + b), Y)  # noqa: E731
    Y_hat = reference.sigmoid(reference.dense_forward(H_prev, W, b))
    dW, db = reference.last_layer_gradients(H_prev, reference.mse_output_delta(Y_hat, Y))
    assert rel_error(dW, grad(loss, 0)(W, b)) <= AUTODIFF_TOLERANCE
    assert rel_error(db, grad(loss, 1)(W, b)) <= AUTODIFF_TOLERANCE


@pytest.mark.parametrize("case", ALL_NETWORKS, ids=label)
def test_last_layer_gradients_with_logloss_output_delta_match_autograd(case):
    X, params, Y = network(*case)
    Y = (Y > 0.5).astype(float)  # binary labels
    H_prev = reference.forward_sigmoid_net(X, params)[-2]
    W, b = params[-1]
    loss = lambda W, b: ag_log_loss(ag_sigmoid(anp.dot(H_prev, W) + b), Y)  # noqa: E731
    Y_hat = reference.sigmoid(reference.dense_forward(H_prev, W, b))
    assert np.isclose(reference.log_loss(Y_hat, Y), loss(W, b), rtol=1e-12)
    dW, db = reference.last_layer_gradients(H_prev, reference.logloss_output_delta(Y_hat, Y))
    assert rel_error(dW, grad(loss, 0)(W, b)) <= AUTODIFF_TOLERANCE
    assert rel_error(db, grad(loss, 1)(W, b)) <= AUTODIFF_TOLERANCE


@pytest.mark.parametrize("seed", range(6))
def test_output_deltas_are_the_per_example_derivatives_of_the_losses(seed):
    rng = np.random.default_rng(seed)
    M, N = rng.integers(1, 9, size=2)
    Z, Y = rng.normal(scale=2, size=(M, N)), rng.uniform(size=(M, N))
    # Z: pre-activations. The batch mean carries 1/M; Delta is per example: M × batch gradient.
    mse_truth = M * grad(lambda Z: ag_mse(ag_sigmoid(Z), Y))(Z)
    log_truth = M * grad(lambda Z: ag_log_loss(ag_sigmoid(Z), Y))(Z)
    assert rel_error(reference.mse_output_delta(reference.sigmoid(Z), Y), mse_truth) <= 1e-10
    assert rel_error(reference.logloss_output_delta(reference.sigmoid(Z), Y), log_truth) <= 1e-10


@pytest.mark.parametrize("seed", range(6))
def test_backprop_delta_is_the_chain_rule_through_one_sigmoid_layer(seed):
    rng = np.random.default_rng(seed)
    M, n, n_next = rng.integers(1, 8, size=3)
    I_prev, W = rng.normal(size=(M, n)), rng.normal(size=(n, n_next))
    Delta_next = rng.normal(size=(M, n_next))  # dL/dI_k, held fixed
    # L = Σ Delta_next ∘ I_k with I_k = σ(I_prev) W (+ b): dL/dI_prev is the recursion.
    truth = grad(lambda Z: anp.sum(Delta_next * anp.dot(ag_sigmoid(Z), W)))(I_prev)
    H_prev = reference.sigmoid(I_prev)
    got = reference.backprop_delta(Delta_next, W, H_prev * (1 - H_prev))
    assert got.shape == (M, n) and rel_error(got, truth) <= 1e-10


# --- central differences -----------------------------------------------------------------------


@pytest.mark.parametrize("case", NETWORKS, ids=label)
def test_backward_sigmoid_net_matches_central_differences(case):
    X, params, Y = network(*case)
    grads = reference.backward_sigmoid_net(reference.forward_sigmoid_net(X, params), Y, params)
    for k, (W, b) in enumerate(params):
        def loss_of(value, k=k, which=0):
            changed = [list(pair) for pair in params]
            changed[k][which] = value
            return reference.mse_loss(reference.forward_sigmoid_net(X, changed)[-1], Y)
        numeric_dW = central_difference(lambda W_: loss_of(W_, which=0), W)
        numeric_db = central_difference(lambda b_: loss_of(b_, which=1), b)
        assert np.allclose(grads[k][0], numeric_dW, rtol=1e-5, atol=1e-9)
        assert np.allclose(grads[k][1], numeric_db, rtol=1e-5, atol=1e-9)


@pytest.mark.parametrize("seed", range(4))
def test_output_deltas_and_last_layer_gradients_match_central_differences(seed):
    rng = np.random.default_rng(seed)
    M, n_in, N = rng.integers(1, 7, size=3)
    H_prev, W, b = rng.uniform(size=(M, n_in)), rng.normal(size=(n_in, N)), rng.normal(size=N)
    Y = rng.uniform(size=(M, N))
    Z = reference.dense_forward(H_prev, W, b)  # the pre-activation I
    mse_of_Z = lambda Z_: reference.mse_loss(reference.sigmoid(Z_), Y)  # noqa: E731
    delta = reference.mse_output_delta(reference.sigmoid(Z), Y)
    assert np.allclose(delta / M, central_difference(mse_of_Z, Z), rtol=1e-5, atol=1e-10)
    log_of_Z = lambda Z_: reference.log_loss(reference.sigmoid(Z_), Y)  # noqa: E731
    delta_log = reference.logloss_output_delta(reference.sigmoid(Z), Y)
    assert np.allclose(delta_log / M, central_difference(log_of_Z, Z), rtol=1e-5, atol=1e-10)
    dW, db = reference.last_layer_gradients(H_prev, delta)
    loss_W = lambda W_: mse_of_Z(reference.dense_forward(H_prev, W_, b))  # noqa: E731
    loss_b = lambda b_: mse_of_Z(reference.dense_forward(H_prev, W, b_))  # noqa: E731
    assert np.allclose(dW, central_difference(loss_W, W), rtol=1e-5, atol=1e-10)
    assert np.allclose(db, central_difference(loss_b, b), rtol=1e-5, atol=1e-10)


# --- the worked numbers of `003` ---------------------------------------------------------------


def test_the_relu_example_of_003_one_step():
    """3 inputs -> 1 ReLU neuron -> 2 ReLU outputs, α = 0.1, x = [1, 0.5, 1], y = [0.5, 1]."""
    X, Y = np.array([[1.0, 0.5, 1.0]]), np.array([[0.5, 1.0]])
    W1, b1 = np.array([[0.5], [1.0], [-0.5]]), np.zeros(1)
    W2, b2 = np.array([[-1.0, 1.0]]), np.zeros(2)
    I1 = reference.dense_forward(X, W1, b1)
    H1 = reference.relu(I1)
    I2 = reference.dense_forward(H1, W2, b2)
    Y_hat = reference.relu(I2)
    assert np.allclose(I2, [[-0.5, 0.5]]) and np.allclose(Y_hat, [[0.0, 0.5]])
    assert reference.mse_loss(Y_hat, Y) == pytest.approx(0.25)
    N = Y.shape[1]
    Delta2 = 2 / N * (Y_hat - Y) * reference.relu_prime(I2)  # the text's ∂E/∂c = [0, −0.5]
    assert np.allclose(Delta2, [[0.0, -0.5]])
    dW2, db2 = reference.last_layer_gradients(H1, Delta2)
    Delta1 = reference.backprop_delta(Delta2, W2, reference.relu_prime(I1))  # ∂E/∂a0 = −0.5
    assert np.allclose(Delta1, [[-0.5]])
    dW1, db1 = reference.last_layer_gradients(X, Delta1)
    lr = 0.1
    assert np.allclose(W2 - lr * dW2, [[-1.0, 1.025]]) and np.allclose(b2 - lr * db2, [0, 0.05])
    assert np.allclose(W1 - lr * dW1, [[0.55], [1.025], [-0.45]])
    assert np.allclose(b1 - lr * db1, [0.05])
