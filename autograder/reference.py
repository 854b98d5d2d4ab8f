"""The reference implementation of every exercise: the one source of truth for every formula.

Instructor side only: hidden tests and the public test vectors are computed from it, and no
student-facing file imports it.

Tensor convention (curriculum.md): batch-first rows. `X` is (M, N0); layer k has `W[k]` of shape
(N_{k-1}, N_k) and `b[k]` of shape (N_k,); `I_k = H_{k-1} @ W_k + b_k`, `H_k = act(I_k)`.
Sources: tutorial 04 (`000`), lecture slides (`001`), MSE derivation (`002`), simple derivatives
(`003`), SGD text (`004`).
"""

import numpy as np

from autograder.student.checks.nb06_softmax import CE_FLOOR  # the clip of cross_entropy

# --- 01 Gradient descent ---------------------------------------------------------------------


def gradient_descent(grad, x0, lr, steps):
    """Follow the negative gradient: x <- x - lr * grad(x)  (tutorial 04, eq. 2; `003`).

    Inputs:
    - grad: callable, point -> gradient at that point (same shape as the point)
    - x0: float or array, the starting point
    - lr: float, the learning rate alpha
    - steps: int >= 0, how many updates to make
    Returns:
    - trajectory: array (steps + 1,) + np.shape(x0); row 0 is x0, row k the point after k steps
    """
    x = np.array(x0, dtype=float)  # a float copy: x0 may be an int, and stays untouched
    trajectory = [x]
    for _ in range(steps):
        x = x - lr * np.asarray(grad(x), dtype=float)
        trajectory.append(x)
    return np.stack(trajectory)


# --- 02 Chain rule and computational graphs ---------------------------------------------------


def two_path(a):
    """d = b·c with b = a², c = −7a; dd/da sums both paths: c·2a + b·(−7)  (`003`, many paths).

    Inputs: a, a float. Returns: (d, dd_da), two floats.
    """
    b, c = a**2, -7 * a  # the two intermediate variables
    d = b * c
    dd_da = c * (2 * a) + b * (-7)  # path through b + path through c
    return d, dd_da


def add_mul_graph(x, y, z):
    """f = (x + y)·z and its gradients by backpropagation through q = x + y  (slides, `001`).

    Inputs: x, y, z, floats. Returns: (f, dfdx, dfdy, dfdz), floats; at (−2, 5, −4):
    (−12, −4, −4, 3).
    """
    q = x + y  # forward
    f = q * z
    dfdq, dfdz = z, q  # the multiply gate swaps its inputs
    dfdx, dfdy = dfdq * 1.0, dfdq * 1.0  # the add gate hands dfdq to both inputs
    return f, dfdx, dfdy, dfdz


def sigmoid_neuron(w, x, b):
    """f = σ(w·x + b) and its gradients; σ' = σ(1 − σ)  (slides, `001`; tutorial 04, eq. 32).

    Inputs:
    - w, x: (n,), the weights and the inputs; b: float, the bias
    Returns:
    - (f, dfdw, dfdx, dfdb): float, (n,), (n,), float
    """
    f = float(sigmoid(w @ x + b))
    dfds = f * (1 - f)  # the local gradient of σ at s = w·x + b
    return f, dfds * x, dfds * w, dfds


def norm_sq_of_product(W, x):
    """f = ‖W x‖² in the column convention; ∇_W f = 2 q xᵀ, ∇_x f = 2 Wᵀ q  (slides, `001`).

    Inputs:
    - W: (m, n); x: (n,)
    Returns:
    - (f, dfdW, dfdx): float, (m, n), (n,)
    """
    q = W @ x  # (m,)
    dfdq = 2 * q  # (m,)
    return float(q @ q), np.outer(dfdq, x), W.T @ dfdq


def numerical_gradient(f, x, h=1e-5):
    """Central differences (f(x + h e_i) - f(x - h e_i)) / 2h for every entry i of x.

    The gradient check of CS231n's lecture notes (the Stanford course the slides `001` borrow
    from; the slides do not show it); its error is O(h²), a one-sided difference's O(h).

    Inputs:
    - f: function of an array shaped like x, returning a float
    - x: array of any shape (restored after every probe)
    - h: float, the probe size
    Returns:
    - grad: array shaped like x
    """
    x = np.asarray(x, dtype=float)
    grad = np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        saved = x[i]
        x[i] = saved + h
        f_plus = f(x)
        x[i] = saved - h
        f_minus = f(x)
        x[i] = saved
        grad[i] = (f_plus - f_minus) / (2 * h)
    return grad


def relative_error(a, b):
    """max |a - b| / max(1e-8, |a| + |b|): the gradient-check measure. The course's rule: the
    worst entry below 1e-6 means correct, 1e-2 or more a bug (notebook 02, section 6).

    Entrywise, as in CS231n's lecture notes; the floor 1e-8 keeps entries where a and b are both
    0 finite. Inputs: a, b, arrays of one shape (or floats). Returns: float.
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))))


# --- 03 Sigmoid and its derivative -----------------------------------------------------------


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


# --- 04 Last-layer gradients -----------------------------------------------------------------


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


# --- 05 Deep δ recursion ---------------------------------------------------------------------


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


# --- 06 Softmax and cross-entropy ------------------------------------------------------------


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


# --- 07 Training a network -------------------------------------------------------------------


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


# Explorer 07's playground trains the same classifier with tanh or ReLU hidden layers too (no
# exercise), with the activations and slopes of explorer 05.


def forward_classifier_net(X, params, activation="sigmoid"):
    """forward_classifier with `activation` (a HIDDEN_ACTIVATIONS name) in the hidden layers.
    Returns Hs, [H_0 = X, ..., H_L = P], H_k (M, N_k)."""
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


# --- 08 Backpropagation for any graph --------------------------------------------------------
# A graph as plain lists, one entry per node: ops[i] names its operation ("leaf" for an input or
# a constant), children[i] lists the nodes it is computed from, data[i] holds its forward value.


def local_backward(op, inputs, out_grad):
    """One operation's backward: the gradients it sends to its inputs (chain rule, `003`).

    Inputs:
    - op: "add", "sub", "mul", "div", "pow", "exp", "log" or "tanh"
    - inputs: list of the inputs' forward values, [a, b] (for "pow": [a, n], n a constant) or [a]
    - out_grad: float, the gradient of the root with respect to this operation's output
    Returns: tuple, one float per input (0.0 for pow's constant exponent).
    """
    a = inputs[0]
    if op == "add":
        return (out_grad, out_grad)
    if op == "sub":
        return (out_grad, -out_grad)
    if op == "mul":
        return (out_grad * inputs[1], out_grad * a)
    if op == "div":
        b = inputs[1]
        return (out_grad / b, -out_grad * a / b**2)
    if op == "pow":
        n = inputs[1]
        return (out_grad * n * a ** (n - 1), 0.0)
    if op == "exp":
        return (out_grad * np.exp(a),)
    if op == "log":
        return (out_grad / a,)
    if op == "tanh":
        return (out_grad * (1 - np.tanh(a) ** 2),)
    raise ValueError(f"unknown operation {op!r}")


def topological_order(children, root):
    """Every node the root depends on, each after all of its children, the root last.

    Depth first, children in their listed order (one valid order of many).
    Inputs: children, list of lists of node indices; root, int.
    Returns: list of node indices, each once.
    """
    order, visited = [], set()

    def visit(node):
        if node not in visited:
            visited.add(node)
            for child in children[node]:
                visit(child)
            order.append(node)

    visit(root)
    return order


def accumulate(grads, inputs, contributions):
    """Add each contribution to its input's gradient; an input listed twice receives both.

    Inputs: grads, list of floats (one per node); inputs, list of node indices; contributions,
    list of floats, one per input.
    Returns: a new list of floats; grads stays untouched.
    """
    total = list(grads)
    for node, contribution in zip(inputs, contributions):
        total[node] += contribution
    return total


def backward(ops, children, data, root):
    """Reverse mode on the whole graph: d data[root] / d data[i] for every node i.

    Inputs: ops, list of str; children, list of lists of int; data, list of floats; root, int.
    Returns: list of floats, one per node (0.0 for nodes the root does not depend on).
    """
    grads = [0.0] * len(data)
    grads[root] = 1.0
    for node in reversed(topological_order(children, root)):
        if children[node]:
            inputs = [data[child] for child in children[node]]
            grads = accumulate(grads, children[node],
                               local_backward(ops[node], inputs, grads[node]))
    return grads
