"""Attempts at the exercises of notebook 03 (sigmoid, ReLU and their derivatives)."""

from tests.catalogue import Attempt, from_table

ASSIGNMENT = "03_sigmoid"

PRELUDES = {
    # the student's sigmoid from the cell above, which a tanh_prime through σ calls
    "tanh_prime": '''
def sigmoid(z):
    return 0.5 * (1 + np.tanh(0.5 * np.asarray(z, dtype=float)))
''',
}

ATTEMPTS = [
    # --- sigmoid ---
    Attempt("sigmoid", "unshifted exponential", '''
def sigmoid(z):
    return 1 / (1 + np.exp(-z))
''', "overflow encountered in exp"),
    Attempt("sigmoid", "np.where with both formulas", '''
def sigmoid(z):
    z = np.asarray(z, dtype=float)
    return np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))
''', "computes both A and B"),
    Attempt("sigmoid", "math.exp, floats only", '''
import math

def sigmoid(z):
    if z >= 0:
        return 1 / (1 + math.exp(-z))
    return math.exp(z) / (1 + math.exp(z))
''', "truth value of an array"),
    Attempt("sigmoid", "a list comprehension", '''
def sigmoid(z):
    return [1 / (1 + np.exp(-v)) if v >= 0 else np.exp(v) / (1 + np.exp(v)) for v in z]
''', "returned a Python list"),
    Attempt("sigmoid", "masks into zeros_like (integer input stays integer)", '''
def sigmoid(z):
    z = np.asarray(z)
    out = np.zeros_like(z)
    pos = z >= 0
    out[pos] = 1 / (1 + np.exp(-z[pos]))
    e = np.exp(z[~pos])
    out[~pos] = e / (1 + e)
    return out
''', "integer dtype"),
    Attempt("sigmoid", "sign slip in the exponent", '''
def sigmoid(z):
    e = np.exp(-np.abs(z))
    return np.where(np.asarray(z) >= 0, e / (1 + e), 1 / (1 + e))
''', "sign in the exponent"),
    Attempt("sigmoid", "clips z to a narrow range", '''
def sigmoid(z):
    return 1 / (1 + np.exp(-np.clip(z, -10, 10)))
''', "Do not clip"),
    Attempt("sigmoid", "masks on a float copy (correct)", '''
def sigmoid(z):
    z = np.array(z, dtype=float)
    out = np.empty_like(z)
    pos = z >= 0
    out[pos] = 1 / (1 + np.exp(-z[pos]))
    e = np.exp(z[~pos])
    out[~pos] = e / (1 + e)
    return out
'''),
    Attempt("sigmoid", "tanh form (correct)", '''
def sigmoid(z):
    return 0.5 * (1 + np.tanh(0.5 * np.asarray(z, dtype=float)))
'''),
    Attempt("sigmoid", "log-sum-exp form (correct)", '''
def sigmoid(z):
    return np.exp(-np.logaddexp(0, -np.asarray(z, dtype=float)))
'''),
    Attempt("sigmoid", "clips z to ±500 (correct)", '''
def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-np.clip(z, -500, 500)))
'''),

    # --- sigmoid_prime ---
    Attempt("sigmoid_prime", "sign slip: σ(1 + σ)", '''
def sigmoid_prime(z):
    s = 0.5 * (1 + np.tanh(0.5 * np.asarray(z, dtype=float)))
    return s * (1 + s)
''', "sign slip inside σ′"),
    Attempt("sigmoid_prime", "right formula, on a sigmoid that overflows", '''
def sigmoid(z):
    return 1 / (1 + np.exp(-np.asarray(z, dtype=float)))


def sigmoid_prime(z):
    s = sigmoid(z)
    return s * (1 - s)
''', "fix sigmoid first"),
    Attempt("sigmoid_prime", "applied to an activation: σ(σ(z))", '''
def sigmoid_prime(z):
    s = 0.5 * (1 + np.tanh(0.5 * np.asarray(z, dtype=float)))
    a = 1 / (1 + np.exp(-s))
    return a * (1 - a)
''', "apply σ′ to an activation"),
    Attempt("sigmoid_prime", "z(1 − z): the formula of eq. 32 applied to z", '''
def sigmoid_prime(z):
    return z * (1 - z)
''', "takes the sigmoid's output"),
    Attempt("sigmoid_prime", "unstable quotient-rule form", '''
def sigmoid_prime(z):
    return np.exp(-z) / (1 + np.exp(-z)) ** 2
''', "overflow"),
    Attempt("sigmoid_prime", "one factor only", '''
def sigmoid_prime(z):
    return 0.5 * (1 + np.tanh(0.5 * np.asarray(z, dtype=float)))
''', "one factor only"),
    Attempt("sigmoid_prime", "wrong sign", '''
def sigmoid_prime(z):
    s = 0.5 * (1 + np.tanh(0.5 * np.asarray(z, dtype=float)))
    return s * (s - 1)
''', "sign slip inside σ′"),
    Attempt("sigmoid_prime", "even form e^(−|z|)/(1 + e^(−|z|))² (correct)", '''
def sigmoid_prime(z):
    e = np.exp(-np.abs(np.asarray(z, dtype=float)))
    return e / (1 + e) ** 2
'''),
    Attempt("sigmoid_prime", "tanh form (correct)", '''
def sigmoid_prime(z):
    t = np.tanh(np.asarray(z, dtype=float) / 2)
    return 0.25 * (1 - t * t)
'''),

    # --- tanh_prime (derived by the student from tanh(z) = 2σ(2z) − 1) ---
    Attempt("tanh_prime", "the inner factor 2 of 2z forgotten", '''
def tanh_prime(z):
    s = sigmoid(2 * np.asarray(z, dtype=float))
    return 2 * s * (1 - s)
''', "a factor 2 is missing"),
    Attempt("tanh_prime", "σ′ taken at z instead of at 2z", '''
def tanh_prime(z):
    s = sigmoid(z)
    return 4 * s * (1 - s)
''', "wrong argument"),
    Attempt("tanh_prime", "sign slip: 1 + tanh²", '''
def tanh_prime(z):
    t = np.tanh(np.asarray(z, dtype=float))
    return 1 + t * t
''', "A sign slip"),
    Attempt("tanh_prime", "the wrong sign: tanh² − 1", '''
def tanh_prime(z):
    return np.tanh(np.asarray(z, dtype=float)) ** 2 - 1
''', "wrong sign"),
    Attempt("tanh_prime", "returns tanh itself", '''
def tanh_prime(z):
    return np.tanh(np.asarray(z, dtype=float))
''', "tanh itself"),
    Attempt("tanh_prime", "the square forgotten: 1 − tanh", '''
def tanh_prime(z):
    return 1 - np.tanh(np.asarray(z, dtype=float))
''', "differs at z and −z"),
    Attempt("tanh_prime", "right slope through np.cosh, which overflows", '''
def tanh_prime(z):
    return 1 / np.cosh(np.asarray(z, dtype=float)) ** 2
''', "nor on np.cosh"),
    Attempt("tanh_prime", "tanh from e^z and e^(−z), which overflow", '''
def tanh_prime(z):
    z = np.asarray(z, dtype=float)
    t = (np.exp(z) - np.exp(-z)) / (np.exp(z) + np.exp(-z))
    return 1 - t * t
''', "not on e^z and e^(−z)"),
    Attempt("tanh_prime", "the right chain on a wrong sigmoid_prime", '''
def sigmoid_prime(z):
    z = np.asarray(z, dtype=float)
    return z * (1 - z)


def tanh_prime(z):
    return 2 * sigmoid_prime(2 * z) * 2
''', "fix sigmoid_prime first"),
    Attempt("tanh_prime", "through σ at 2z, both factors 2 (correct)", '''
def tanh_prime(z):
    s = sigmoid(2 * np.asarray(z, dtype=float))
    return 4 * s * (1 - s)
'''),
    Attempt("tanh_prime", "from the output: 1 − tanh² (correct)", '''
def tanh_prime(z):
    t = np.tanh(z)
    return 1.0 - t ** 2
'''),
    Attempt("tanh_prime", "sech² written with e^(−2|z|) (correct)", '''
def tanh_prime(z):
    e = np.exp(-2 * np.abs(np.asarray(z, dtype=float)))
    return 4 * e / (1 + e) ** 2
'''),

    # --- relu ---
    Attempt("relu", "modifies its input in place", '''
def relu(z):
    z = np.asarray(z, dtype=float)
    z[z < 0] = 0
    return z
''', "changed its input `z` in place"),
    Attempt("relu", "Python's max in a list comprehension", '''
def relu(z):
    return [max(0.0, v) for v in z]
''', "returned a Python list"),
    Attempt("relu", "the absolute value", '''
def relu(z):
    return np.abs(z)
''', "does not flip them"),
    Attempt("relu", "keeps the negative part", '''
def relu(z):
    return np.minimum(0, z)
''', "kept the negative part"),
    Attempt("relu", "returns the derivative", '''
def relu(z):
    return (np.asarray(z) > 0).astype(float)
''', "returned the derivative"),
    Attempt("relu", "Python's if on an array", '''
def relu(z):
    if z > 0:
        return z
    return 0.0 * z
''', "truth value of an array"),
    Attempt("relu", "multiplies by a mask (correct)", '''
def relu(z):
    z = np.asarray(z, dtype=float)
    return z * (z > 0)
'''),
    Attempt("relu", "np.where on a copy (correct)", '''
def relu(z):
    out = np.array(z, dtype=float)
    out[out < 0] = 0.0
    return out
'''),

    # --- relu_prime ---
    Attempt("relu_prime", "1 at z = 0", '''
def relu_prime(z):
    return (np.asarray(z) >= 0).astype(float)
''', "At z = 0 you return 1"),
    Attempt("relu_prime", "np.heaviside with value 1 at 0", '''
def relu_prime(z):
    return np.heaviside(z, 1.0)
''', "At z = 0 you return 1"),
    Attempt("relu_prime", "a boolean array", '''
def relu_prime(z):
    return np.asarray(z) > 0
''', "boolean"),
    Attempt("relu_prime", "returns ReLU itself", '''
def relu_prime(z):
    return np.maximum(0.0, z)
''', "ReLU itself"),
    Attempt("relu_prime", "modifies its input in place", '''
def relu_prime(z):
    z = np.asarray(z, dtype=float)
    z[z > 0] = 1.0
    z[z <= 0] = 0.0
    return z
''', "changed its input `z` in place"),
    Attempt("relu_prime", "0s and 1s swapped", '''
def relu_prime(z):
    return np.where(np.asarray(z) < 0, 1.0, 0.0)
''', "swapped"),
    Attempt("relu_prime", "np.heaviside with value 0 at 0 (correct)", '''
def relu_prime(z):
    return np.heaviside(np.asarray(z, dtype=float), 0.0)
'''),
    Attempt("relu_prime", "np.where (correct)", '''
def relu_prime(z):
    return np.where(np.asarray(z) > 0, 1.0, 0.0)
'''),
]

# The first mistake again, answering the published cases from a table: graded, it earns no more.
ATTEMPTS.append(from_table(next(a for a in ATTEMPTS if not a.correct)))
