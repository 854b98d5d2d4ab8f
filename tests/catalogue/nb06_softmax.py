"""Attempts at the exercises of notebook 06 (softmax and cross-entropy).

Each attempt is a whole answer cell and may use only `np`: helpers such as a sigmoid or a
softmax are written inside the attempt, or once for every attempt at an exercise (PRELUDES).
"""

from tests.catalogue import Attempt, from_table

ASSIGNMENT = "06_softmax"

PRELUDES = {
    # the activations a forward pass calls, under names that are not the exercises'
    "forward_classifier": '''
def _sigmoid(z):
    return 0.5 * (1 + np.tanh(0.5 * z))


def _softmax(Z):
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)
''',
}

ATTEMPTS = [
    # --- softmax ---
    Attempt("softmax", "unshifted exponential", '''
def softmax(Z):
    E = np.exp(Z)
    return E / E.sum(axis=1, keepdims=True)
''', "shift each row by its own maximum"),
    Attempt("softmax", "shifted by the maximum of the whole batch", '''
def softmax(Z):
    E = np.exp(Z - Z.max())
    return E / E.sum(axis=1, keepdims=True)
''', "shift each row by its own maximum"),
    Attempt("softmax", "normalises the columns (axis 0)", '''
def softmax(Z):
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    return E / E.sum(axis=0, keepdims=True)
''', "columns sum to 1"),
    Attempt("softmax", "sum without keepdims", '''
def softmax(Z):
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1)
''', "divide each row by its own sum"),
    Attempt("softmax", "returns log-probabilities", '''
def softmax(Z):
    shifted = Z - Z.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
''', "log-probabilities"),
    Attempt("softmax", "elementwise sigmoid", '''
def softmax(Z):
    return 0.5 * (1 + np.tanh(0.5 * Z))
''', "sigmoid entry by entry"),
    Attempt("softmax", "shifts Z in place", '''
def softmax(Z):
    Z -= Z.max(axis=1, keepdims=True)
    E = np.exp(Z)
    return E / E.sum(axis=1, keepdims=True)
''', "changed its input"),
    Attempt("softmax", "row by row in a loop (correct)", '''
def softmax(Z):
    P = np.empty(Z.shape)
    for m, row in enumerate(Z):
        e = np.exp(row - np.max(row))
        P[m] = e / np.sum(e)
    return P
'''),
    Attempt("softmax", "log-sum-exp form (correct)", '''
def softmax(Z):
    top = Z.max(axis=-1, keepdims=True)
    log_norm = top + np.log(np.exp(Z - top).sum(axis=-1, keepdims=True))
    return np.exp(Z - log_norm)
'''),
    # --- cross_entropy ---
    Attempt("cross_entropy", "summed, not averaged", '''
def cross_entropy(P, y):
    p = P[np.arange(len(y)), y]
    return float(-np.log(np.maximum(p, 1e-12)).sum())
''', "summed over the examples"),
    Attempt("cross_entropy", "log of 0 (no clipping)", '''
def cross_entropy(P, y):
    return float(-np.log(P[np.arange(len(y)), y]).mean())
''', "clip P at 1e-12"),
    Attempt("cross_entropy", "one-hot times log P over every entry", '''
def cross_entropy(P, y):
    Y = np.eye(P.shape[1])[y]
    return float(-(Y * np.log(P)).sum(axis=1).mean())
''', "0 · log 0 is NaN"),
    Attempt("cross_entropy", "mean over all entries", '''
def cross_entropy(P, y):
    Y = np.eye(P.shape[1])[y]
    return float(-(Y * np.log(np.clip(P, 1e-12, 1))).mean())
''', "averaged over the classes"),
    Attempt("cross_entropy", "P[:, y] instead of one entry per row", '''
def cross_entropy(P, y):
    return float(-np.log(np.maximum(P[:, y], 1e-12)).mean())
''', "P[np.arange(M), y]"),
    Attempt("cross_entropy", "another floor (1e-15)", '''
def cross_entropy(P, y):
    p = np.clip(P[np.arange(len(y)), y], 1e-15, 1.0)
    return float(-np.mean(np.log(p)))
''', "clip P at 1e-12"),
    Attempt("cross_entropy", "np.log10", '''
def cross_entropy(P, y):
    p = P[np.arange(len(y)), y]
    return float(-np.log10(np.maximum(p, 1e-12)).mean())
''', "np.log10"),
    Attempt("cross_entropy", "loss of every example", '''
def cross_entropy(P, y):
    return -np.log(np.maximum(P[np.arange(len(y)), y], 1e-12))
''', "loss of every example"),
    Attempt("cross_entropy", "a loop over the examples (correct)", '''
def cross_entropy(P, y):
    total = 0.0
    for m, label in enumerate(y):
        total -= np.log(max(P[m, label], 1e-12))
    return total / len(y)
'''),
    Attempt("cross_entropy", "take_along_axis and a clip (correct)", '''
def cross_entropy(P, y):
    p = np.take_along_axis(P, y[:, None], axis=1)
    return -np.mean(np.log(np.clip(p, 1e-12, None)))
'''),
    # --- softmax_jacobian (derived by the student; visible checks against finite differences) ---
    Attempt("softmax_jacobian", "sign slip: p pᵀ − diag(p)", '''
def softmax_jacobian(z):
    p = np.exp(z - z.max())
    p = p / p.sum()
    return np.outer(p, p) - np.diag(p)
''', "A sign slip: every entry has the wrong sign"),
    Attempt("softmax_jacobian", "p(1 − p) on the diagonal only, as for the sigmoid", '''
def softmax_jacobian(z):
    p = np.exp(z - z.max())
    p = p / p.sum()
    return np.diag(p * (1 - p))
''', "off-diagonal entries are 0, as for the sigmoid"),
    Attempt("softmax_jacobian", "the diagonal term missing", '''
def softmax_jacobian(z):
    p = np.exp(z - z.max())
    p = p / p.sum()
    return -np.outer(p, p)
''', "The diagonal term is missing"),
    Attempt("softmax_jacobian", "the outer-product term missing", '''
def softmax_jacobian(z):
    p = np.exp(z - z.max())
    p = p / p.sum()
    return np.diag(p)
''', "The outer-product term is missing"),
    Attempt("softmax_jacobian", "outer product added (sign slip off the diagonal)", '''
def softmax_jacobian(z):
    p = np.exp(z - z.max())
    p = p / p.sum()
    return np.diag(p) + np.outer(p, p)
''', "sign slip in the case j ≠ k"),
    Attempt("softmax_jacobian", "the case j = k used for every entry", '''
def softmax_jacobian(z):
    p = np.exp(z - z.max())
    p = p / p.sum()
    return np.outer(p, 1 - p)
''', "the j = k case for every entry"),
    Attempt("softmax_jacobian", "transposed factor: p_k where p_j belongs", '''
def softmax_jacobian(z):
    p = np.exp(z - z.max())
    p = p / p.sum()
    return p[:, None] * (np.eye(len(p)) - p[:, None])
''', "not symmetric"),
    Attempt("softmax_jacobian", "the normalisation's Jacobian copied", '''
def softmax_jacobian(z):
    p = np.exp(z - z.max())
    p = p / p.sum()
    return np.eye(len(p)) - p[:, None]
''', "normalisation's Jacobian"),
    Attempt("softmax_jacobian", "∂e^z/∂z taken as 1 on the diagonal", '''
def softmax_jacobian(z):
    p = np.exp(z - z.max())
    p = p / p.sum()
    return np.eye(len(p)) - np.outer(p, p)
''', "takes ∂e^(z_k)/∂z_k as 1"),
    Attempt("softmax_jacobian", "the scores z used for p", '''
def softmax_jacobian(z):
    return np.diag(z) - np.outer(z, z)
''', "scores z where the probabilities belong"),
    Attempt("softmax_jacobian", "unshifted exponential: overflows near 1000", '''
def softmax_jacobian(z):
    e = np.exp(z)
    p = e / e.sum()
    return np.diag(p) - np.outer(p, p)
''', "compute p with the stable softmax"),
    Attempt("softmax_jacobian", "shifts z in place", '''
def softmax_jacobian(z):
    z -= z.max()
    p = np.exp(z) / np.exp(z).sum()
    return np.diag(p) - np.outer(p, p)
''', "changed its input"),
    Attempt("softmax_jacobian", "entry by entry from the two cases (correct)", '''
def softmax_jacobian(z):
    p = np.exp(z - z.max())
    p = p / p.sum()
    n = len(p)
    J = np.zeros((n, n))
    for k in range(n):
        for j in range(n):
            J[k, j] = p[k] * (1 - p[k]) if k == j else -p[k] * p[j]
    return J
'''),
    Attempt("softmax_jacobian", "p (I − p) with broadcasting (correct)", '''
def softmax_jacobian(z):
    p = np.exp(z - z.max())
    p = p / p.sum()
    return p[:, None] * (np.eye(len(p)) - p[None, :])
'''),
    Attempt("softmax_jacobian", "the quotient rule with S kept, then simplified (correct)", '''
def softmax_jacobian(z):
    e = np.exp(z - np.max(z))
    S = np.sum(e)
    return (np.diag(e) * S - np.outer(e, e)) / S**2
'''),
    # --- softmax_ce_delta ---
    Attempt("softmax_ce_delta", "adds 1 at the correct class", '''
def softmax_ce_delta(P, y):
    Delta = P.copy()
    Delta[np.arange(len(y)), y] += 1
    return Delta
''', "you added 1 at the correct class"),
    Attempt("softmax_ce_delta", "no one-hot: returns P", '''
def softmax_ce_delta(P, y):
    return P.copy()
''', "subtract 1 at the correct class"),
    Attempt("softmax_ce_delta", "one-hot minus P", '''
def softmax_ce_delta(P, y):
    return np.eye(P.shape[1])[y] - P
''', "wrong sign"),
    Attempt("softmax_ce_delta", "divides by M", '''
def softmax_ce_delta(P, y):
    return (P - np.eye(P.shape[1])[y]) / len(P)
''', "Delta is per example"),
    Attempt("softmax_ce_delta", "extra σ′-like factor P(1 − P)", '''
def softmax_ce_delta(P, y):
    return (P - np.eye(P.shape[1])[y]) * P * (1 - P)
''', "Jacobian and the 1/p of the log cancel"),
    Attempt("softmax_ce_delta", "stops at dL/dP (eq. 30 alone)", '''
def softmax_ce_delta(P, y):
    Y = np.eye(P.shape[1])[y]
    return -Y / P
''', "chain it through the softmax Jacobian"),
    Attempt("softmax_ce_delta", "subtracts in place", '''
def softmax_ce_delta(P, y):
    P[np.arange(len(y)), y] -= 1
    return P
''', "changed its input"),
    Attempt("softmax_ce_delta", "Jacobian times dL/dP per example (correct)", '''
def softmax_ce_delta(P, y):
    Delta = np.zeros(P.shape)
    for m, p in enumerate(P):
        J = np.diag(p) - np.outer(p, p)
        dL_dp = np.zeros(len(p))
        dL_dp[y[m]] = -1 / p[y[m]]
        Delta[m] = J @ dL_dp
    return Delta
'''),
    Attempt("softmax_ce_delta", "one-hot by comparison (correct)", '''
def softmax_ce_delta(P, y):
    return P - (np.arange(P.shape[1]) == y[:, None])
'''),
    # --- forward_classifier ---
    Attempt("forward_classifier", "sigmoid on the output layer", '''
def forward_classifier(X, params):
    Hs = [X]
    for W, b in params:
        Hs.append(_sigmoid(Hs[-1] @ W + b))
    return Hs
''', "output layer uses the sigmoid"),
    Attempt("forward_classifier", "softmax on every layer", '''
def forward_classifier(X, params):
    Hs = [X]
    for W, b in params:
        Hs.append(_softmax(Hs[-1] @ W + b))
    return Hs
''', "softmax belongs to the output layer only"),
    Attempt("forward_classifier", "returns only P", '''
def forward_classifier(X, params):
    H = X
    for W, b in params[:-1]:
        H = _sigmoid(H @ W + b)
    return _softmax(H @ params[-1][0] + params[-1][1])
''', "You returned only P"),
    Attempt("forward_classifier", "leaves out H_0 = X", '''
def forward_classifier(X, params):
    Hs, H = [], X
    for W, b in params[:-1]:
        H = _sigmoid(H @ W + b)
        Hs.append(H)
    Hs.append(_softmax(H @ params[-1][0] + params[-1][1]))
    return Hs
''', "put the input first"),
    Attempt("forward_classifier", "softmax over the columns", '''
def forward_classifier(X, params):
    Hs = [X]
    for W, b in params[:-1]:
        Hs.append(_sigmoid(Hs[-1] @ W + b))
    Z = Hs[-1] @ params[-1][0] + params[-1][1]
    E = np.exp(Z - Z.max(axis=0))
    Hs.append(E / E.sum(axis=0))
    return Hs
''', "columns of P sum to 1"),
    Attempt("forward_classifier", "index loop, stable sigmoid by cases (correct)", '''
def forward_classifier(X, params):
    Hs = [X]
    for k, (W, b) in enumerate(params):
        Z = np.dot(Hs[k], W) + b
        if k < len(params) - 1:
            e = np.exp(-np.abs(Z))
            Hs.append(np.where(Z >= 0, 1 / (1 + e), e / (1 + e)))
        else:
            Z = Z - np.max(Z, axis=1, keepdims=True)
            Hs.append(np.exp(Z) / np.sum(np.exp(Z), axis=1, keepdims=True))
    return Hs
'''),
    # --- classifier_backward ---
    Attempt("classifier_backward", "right loop, on a softmax_ce_delta without the −1", '''
def softmax_ce_delta(P, y):
    return P.copy()


def classifier_backward(Hs, y, params):
    Delta = softmax_ce_delta(Hs[-1], y)
    grads = [None] * len(params)
    for k in range(len(params), 0, -1):
        H = Hs[k - 1]
        grads[k - 1] = (H.T @ Delta / len(y), Delta.mean(axis=0))
        if k > 1:
            Delta = (Delta @ params[k - 1][0].T) * H * (1 - H)
    return grads
''', "fix softmax_ce_delta first"),
    Attempt("classifier_backward", "sums over the batch (no 1/M)", '''
def classifier_backward(Hs, y, params):
    Delta = Hs[-1] - np.eye(Hs[-1].shape[1])[y]
    grads = []
    for k in range(len(params), 0, -1):
        grads.insert(0, (Hs[k - 1].T @ Delta, Delta.sum(axis=0)))
        if k > 1:
            Delta = (Delta @ params[k - 1][0].T) * Hs[k - 1] * (1 - Hs[k - 1])
    return grads
''', "missing 1/M"),
    Attempt("classifier_backward", "hidden Delta without σ′", '''
def classifier_backward(Hs, y, params):
    M = len(y)
    Delta = Hs[-1] - np.eye(Hs[-1].shape[1])[y]
    grads = []
    for k in range(len(params), 0, -1):
        grads.insert(0, (Hs[k - 1].T @ Delta / M, Delta.mean(axis=0)))
        if k > 1:
            Delta = Delta @ params[k - 1][0].T
    return grads
''', "missing its σ′ factor"),
    Attempt("classifier_backward", "output Delta without the one-hot", '''
def classifier_backward(Hs, y, params):
    M = len(y)
    Delta = Hs[-1].copy()
    grads = []
    for k in range(len(params), 0, -1):
        grads.insert(0, (Hs[k - 1].T @ Delta / M, Delta.mean(axis=0)))
        if k > 1:
            Delta = (Delta @ params[k - 1][0].T) * Hs[k - 1] * (1 - Hs[k - 1])
    return grads
''', "lacks the one-hot labels"),
    Attempt("classifier_backward", "output Delta with a sigmoid's P(1 − P)", '''
def classifier_backward(Hs, y, params):
    M, P = len(y), Hs[-1]
    Delta = (P - np.eye(P.shape[1])[y]) * P * (1 - P)
    grads = []
    for k in range(len(params), 0, -1):
        grads.insert(0, (Hs[k - 1].T @ Delta / M, Delta.mean(axis=0)))
        if k > 1:
            Delta = (Delta @ params[k - 1][0].T) * Hs[k - 1] * (1 - Hs[k - 1])
    return grads
''', "extra P(1 − P)"),
    Attempt("classifier_backward", "list from the last layer to the first", '''
def classifier_backward(Hs, y, params):
    M = len(y)
    Delta = Hs[-1] - np.eye(Hs[-1].shape[1])[y]
    grads = []
    for k in range(len(params), 0, -1):
        grads.append((Hs[k - 1].T @ Delta / M, Delta.mean(axis=0)))
        if k > 1:
            Delta = (Delta @ params[k - 1][0].T) * Hs[k - 1] * (1 - Hs[k - 1])
    return grads
''', "runs from the last layer to the first"),
    Attempt("classifier_backward", "dW transposed (Delta.T @ H)", '''
def classifier_backward(Hs, y, params):
    M = len(y)
    Delta = Hs[-1] - np.eye(Hs[-1].shape[1])[y]
    grads = []
    for k in range(len(params), 0, -1):
        grads.insert(0, (Delta.T @ Hs[k - 1] / M, Delta.mean(axis=0)))
        if k > 1:
            Delta = (Delta @ params[k - 1][0].T) * Hs[k - 1] * (1 - Hs[k - 1])
    return grads
''', "Delta.T @ H_prev"),
    Attempt("classifier_backward", "einsum per example, then the mean (correct)", '''
def classifier_backward(Hs, y, params):
    Delta = Hs[-1] - np.eye(Hs[-1].shape[1])[y]
    grads = [None] * len(params)
    for k in reversed(range(len(params))):
        dW = np.einsum("mi,mj->ij", Hs[k], Delta) / len(y)
        grads[k] = (dW, np.mean(Delta, axis=0))
        if k:
            Delta = np.einsum("mj,ij->mi", Delta, params[k][0]) * Hs[k] * (1 - Hs[k])
    return grads
'''),
]

# The first mistake again, answering the published cases from a table: graded, it earns no more.
ATTEMPTS.append(from_table(next(a for a in ATTEMPTS if not a.correct)))
