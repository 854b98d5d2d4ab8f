"""Attempts at the exercises of notebook 04 (last-layer gradients)."""

from tests.catalogue import Attempt, from_table

ASSIGNMENT = "04_last_layer"

ATTEMPTS = [
    # --- dense_forward ---
    Attempt("dense_forward", "column convention W @ H", '''
def dense_forward(H_prev, W, b):
    return W @ H_prev + b
''', "needs a transpose"),
    Attempt("dense_forward", "forgets the bias", '''
def dense_forward(H_prev, W, b):
    return H_prev @ W
''', "bias is missing"),
    Attempt("dense_forward", "subtracts the bias (002)", '''
def dense_forward(H_prev, W, b):
    return H_prev @ W - b
''', "subtracted the bias"),
    Attempt("dense_forward", "applies the sigmoid", '''
def dense_forward(H_prev, W, b):
    return 1 / (1 + np.exp(-(H_prev @ W + b)))
''', "applied the sigmoid"),
    Attempt("dense_forward", "transposed output", '''
def dense_forward(H_prev, W, b):
    return W.T @ H_prev.T + b[:, None]
''', "column convention"),
    Attempt("dense_forward", "one example only", '''
def dense_forward(H_prev, W, b):
    return H_prev[0] @ W + b
''', "dropped the batch axis"),
    Attempt("dense_forward", "loop over examples and neurons (correct)", '''
def dense_forward(H_prev, W, b):
    M, n_out = H_prev.shape[0], W.shape[1]
    I = np.zeros((M, n_out))
    for m in range(M):
        for j in range(n_out):
            I[m, j] = np.sum(H_prev[m] * W[:, j]) + b[j]
    return I
'''),
    Attempt("dense_forward", "einsum (correct)", '''
def dense_forward(H_prev, W, b):
    return np.einsum("mi,ij->mj", H_prev, W) + b[np.newaxis, :]
'''),
    # --- mse_loss ---
    Attempt("mse_loss", "sum instead of mean", '''
def mse_loss(Y_hat, Y):
    return np.sum((Y_hat - Y) ** 2)
''', "you summed the squared errors"),
    Attempt("mse_loss", "mean over rows of the row sums (002)", '''
def mse_loss(Y_hat, Y):
    return np.mean(np.sum((Y_hat - Y) ** 2, axis=1))
''', "summed over the N outputs"),
    Attempt("mse_loss", "mean over axis 0 only", '''
def mse_loss(Y_hat, Y):
    return np.mean((Y_hat - Y) ** 2, axis=0)
''', "along one axis only"),
    Attempt("mse_loss", "one half in front", '''
def mse_loss(Y_hat, Y):
    return 0.5 * np.mean((Y_hat - Y) ** 2)
''', "factor 1/2"),
    Attempt("mse_loss", "root mean squared error", '''
def mse_loss(Y_hat, Y):
    return np.sqrt(np.mean((Y_hat - Y) ** 2))
''', "square root"),
    Attempt("mse_loss", "returns the squared errors", '''
def mse_loss(Y_hat, Y):
    return (Y_hat - Y) ** 2
''', "every squared error"),
    Attempt("mse_loss", "explicit double loop (correct)", '''
def mse_loss(Y_hat, Y):
    total, count = 0.0, 0
    for row_hat, row in zip(Y_hat, Y):
        for a, b in zip(row_hat, row):
            total += (a - b) ** 2
            count += 1
    return total / count
'''),
    Attempt("mse_loss", "dot product of the flattened error (correct)", '''
def mse_loss(Y_hat, Y):
    e = (Y - Y_hat).ravel()
    return float(e @ e) / e.size
'''),
    # --- mse_output_delta ---
    Attempt("mse_output_delta", "sign slip inside σ′: Y_hat(1 + Y_hat)", '''
def mse_output_delta(Y_hat, Y):
    return 2 / Y.shape[1] * (Y_hat - Y) * Y_hat * (1 + Y_hat)
''', "sign slip inside σ′"),
    Attempt("mse_output_delta", "one factor of σ′: (1 − Y_hat)", '''
def mse_output_delta(Y_hat, Y):
    return 2 / Y.shape[1] * (Y_hat - Y) * (1 - Y_hat)
''', "Only one factor of σ′"),
    Attempt("mse_output_delta", "missing 2/N", '''
def mse_output_delta(Y_hat, Y):
    return (Y_hat - Y) * Y_hat * (1 - Y_hat)
''', "missing 2/N"),
    Attempt("mse_output_delta", "sigmoid_prime of the activation", '''
def mse_output_delta(Y_hat, Y):
    s = 1 / (1 + np.exp(-Y_hat))
    return 2 / Y.shape[1] * (Y_hat - Y) * s * (1 - s)
''', "applied σ′ to an activation"),
    Attempt("mse_output_delta", "no σ′ at all", '''
def mse_output_delta(Y_hat, Y):
    return 2 / Y.shape[1] * (Y_hat - Y)
''', "σ′ factor is missing"),
    Attempt("mse_output_delta", "extra 1/M inside Delta", '''
def mse_output_delta(Y_hat, Y):
    return 2 / Y_hat.size * (Y_hat - Y) * Y_hat * (1 - Y_hat)
''', "Delta is per example"),
    Attempt("mse_output_delta", "N taken as the number of rows", '''
def mse_output_delta(Y_hat, Y):
    N = len(Y_hat)
    return 2 / N * (Y_hat - Y) * Y_hat * (1 - Y_hat)
''', "divided by the number of examples M"),
    Attempt("mse_output_delta", "target minus prediction", '''
def mse_output_delta(Y_hat, Y):
    return 2 / Y.shape[1] * (Y - Y_hat) * Y_hat * (1 - Y_hat)
''', "subtract the prediction from the target"),
    Attempt("mse_output_delta", "missing 1/N", '''
def mse_output_delta(Y_hat, Y):
    return 2 * (Y_hat - Y) * Y_hat * (1 - Y_hat)
''', "missing 1/N"),
    Attempt("mse_output_delta", "chain rule in two named steps (correct)", '''
def mse_output_delta(Y_hat, Y):
    n_outputs = Y_hat.shape[1]
    dL_dY_hat = 2.0 * (Y_hat - Y) / n_outputs
    dY_hat_dI = Y_hat - Y_hat ** 2
    return dL_dY_hat * dY_hat_dI
'''),
    Attempt("mse_output_delta", "loop over examples (correct)", '''
def mse_output_delta(Y_hat, Y):
    rows = []
    for y_hat, y in zip(Y_hat, Y):
        rows.append(2 * (y_hat - y) / len(y) * y_hat * (1 - y_hat))
    return np.array(rows)
'''),
    # --- last_layer_gradients ---
    Attempt("last_layer_gradients", "Delta.T @ H_prev", '''
def last_layer_gradients(H_prev, Delta):
    M = H_prev.shape[0]
    return Delta.T @ H_prev / M, Delta.mean(axis=0)
''', "Delta.T @ H_prev"),
    Attempt("last_layer_gradients", "sum over the batch", '''
def last_layer_gradients(H_prev, Delta):
    return H_prev.T @ Delta, Delta.sum(axis=0)
''', "missing 1/M"),
    Attempt("last_layer_gradients", "db summed, dW averaged", '''
def last_layer_gradients(H_prev, Delta):
    return H_prev.T @ Delta / len(Delta), np.sum(Delta, axis=0)
''', "missing 1/M"),
    Attempt("last_layer_gradients", "bias gradient with the sign of 002", '''
def last_layer_gradients(H_prev, Delta):
    return H_prev.T @ Delta / len(Delta), -Delta.mean(axis=0)
''', "sign of the bias gradient"),
    Attempt("last_layer_gradients", "db averaged over the wrong axis", '''
def last_layer_gradients(H_prev, Delta):
    return H_prev.T @ Delta / len(Delta), Delta.mean(axis=1)
''', "one entry per example"),
    Attempt("last_layer_gradients", "divides Delta in place", '''
def last_layer_gradients(H_prev, Delta):
    Delta /= len(Delta)
    return H_prev.T @ Delta, Delta.sum(axis=0)
''', "changed its input"),
    Attempt("last_layer_gradients", "returns (db, dW)", '''
def last_layer_gradients(H_prev, Delta):
    return Delta.mean(axis=0), H_prev.T @ Delta / len(Delta)
''', "You returned (db, dW)"),
    Attempt("last_layer_gradients", "db with keepdims", '''
def last_layer_gradients(H_prev, Delta):
    return H_prev.T @ Delta / len(Delta), Delta.mean(axis=0, keepdims=True)
''', "return a 1-D array"),
    Attempt("last_layer_gradients", "mean of outer products in a loop (correct)", '''
def last_layer_gradients(H_prev, Delta):
    M = len(H_prev)
    dW = np.zeros((H_prev.shape[1], Delta.shape[1]))
    db = np.zeros(Delta.shape[1])
    for h, delta in zip(H_prev, Delta):
        dW += np.outer(h, delta) / M
        db += delta / M
    return dW, db
'''),
    Attempt("last_layer_gradients", "einsum (correct)", '''
def last_layer_gradients(H_prev, Delta):
    M = H_prev.shape[0]
    return np.einsum("mi,mj->ij", H_prev, Delta) / M, np.einsum("mj->j", Delta) / M
'''),
    # --- logloss_output_delta (derived by the student; visible checks by finite differences) ---
    Attempt("logloss_output_delta", "the MSE's dℓ/dŷ reused: (ŷ − y) times σ′", '''
def logloss_output_delta(Y_hat, Y):
    return (Y_hat - Y) * Y_hat * (1 - Y_hat)
''', "factor ŷ(1 − ŷ) too many"),
    Attempt("logloss_output_delta", "σ′ applied twice", '''
def logloss_output_delta(Y_hat, Y):
    slope = Y_hat * (1 - Y_hat)
    return (-Y / Y_hat + (1 - Y) / (1 - Y_hat)) * slope * slope
''', "factor ŷ(1 − ŷ) too many"),
    Attempt("logloss_output_delta", "stops at dℓ/dŷ", '''
def logloss_output_delta(Y_hat, Y):
    return (Y_hat - Y) / (Y_hat * (1 - Y_hat))
''', "stopped at dℓ/dŷ"),
    Attempt("logloss_output_delta", "σ′ of the output (sigmoid taken twice)", '''
def logloss_output_delta(Y_hat, Y):
    s = 1 / (1 + np.exp(-Y_hat))  # sigmoid_prime(Y_hat), written out
    return (-Y / Y_hat + (1 - Y) / (1 - Y_hat)) * s * (1 - s)
''', "applied σ′ to an activation"),
    Attempt("logloss_output_delta", "d log(1 − ŷ)/dŷ without the inner −1", '''
def logloss_output_delta(Y_hat, Y):
    dl_dy = -Y / Y_hat - (1 - Y) / (1 - Y_hat)
    return dl_dy * Y_hat * (1 - Y_hat)
''', "derivative of log(1 − ŷ)"),
    Attempt("logloss_output_delta", "target minus prediction", '''
def logloss_output_delta(Y_hat, Y):
    return Y - Y_hat
''', "wrong sign"),
    Attempt("logloss_output_delta", "the MSE's 2/N kept", '''
def logloss_output_delta(Y_hat, Y):
    return 2 / Y.shape[1] * (Y_hat - Y)
''', "factor 2/N"),
    Attempt("logloss_output_delta", "divides by M", '''
def logloss_output_delta(Y_hat, Y):
    return (Y_hat - Y) / Y_hat.shape[0]
''', "Delta is per example"),
    Attempt("logloss_output_delta", "divides by N", '''
def logloss_output_delta(Y_hat, Y):
    return (Y_hat - Y) / Y_hat.shape[1]
''', "sums over its outputs"),
    Attempt("logloss_output_delta", "subtracts into the prediction in place", '''
def logloss_output_delta(Y_hat, Y):
    Y_hat -= Y
    return Y_hat
''', "changed its input"),
    Attempt("logloss_output_delta", "derivative times σ′, written out (correct)", '''
def logloss_output_delta(Y_hat, Y):
    dl_dy = -(Y / Y_hat) + (1 - Y) / (1 - Y_hat)
    return dl_dy * Y_hat * (1 - Y_hat)
'''),
    Attempt("logloss_output_delta", "the product expanded term by term (correct)", '''
def logloss_output_delta(Y_hat, Y):
    return (1 - Y) * Y_hat - Y * (1 - Y_hat)
'''),
    Attempt("logloss_output_delta", "np.subtract into a new array (correct)", '''
def logloss_output_delta(Y_hat, Y):
    out = np.empty_like(Y_hat, dtype=float)
    np.subtract(Y_hat, Y, out=out)
    return out
'''),
]

# The first mistake again, answering the published cases from a table: graded, it earns no more.
ATTEMPTS.append(from_table(next(a for a in ATTEMPTS if not a.correct)))
