"""Attempts at `gradient_descent` (notebook 01)."""

from tests.catalogue import Attempt, from_table

ASSIGNMENT = "01_gradient_descent"


def attempt(name, code, hint=None):
    return Attempt("gradient_descent", name, code, hint)


ATTEMPTS = [
    attempt("forgets x0", '''
def gradient_descent(grad, x0, lr, steps):
    x, trajectory = np.array(x0, dtype=float), []
    for _ in range(steps):
        x = x - lr * grad(x)
        trajectory.append(x)
    return np.array(trajectory)
''', "One row short"),
    attempt("returns only the last point", '''
def gradient_descent(grad, x0, lr, steps):
    x = np.array(x0, dtype=float)
    for _ in range(steps):
        x = x - lr * grad(x)
    return x
''', "single point"),
    attempt("climbs uphill", '''
def gradient_descent(grad, x0, lr, steps):
    x = np.array(x0, dtype=float)
    trajectory = [x]
    for _ in range(steps):
        x = x + lr * grad(x)
        trajectory.append(x)
    return np.stack(trajectory)
''', "uphill"),
    attempt("aliases one array", '''
def gradient_descent(grad, x0, lr, steps):
    x = np.array(x0, dtype=float)
    trajectory = [x]
    for _ in range(steps):
        x -= lr * grad(x)
        trajectory.append(x)
    return np.stack(trajectory)
''', "same point"),
    attempt("modifies x0 in place", '''
def gradient_descent(grad, x0, lr, steps):
    x = x0 if isinstance(x0, np.ndarray) else np.array(x0, dtype=float)
    trajectory = [x.copy()]
    for _ in range(steps):
        x -= lr * grad(x)
        trajectory.append(x.copy())
    return np.stack(trajectory)
''', "changed its input"),
    attempt("gradient only at x0", '''
def gradient_descent(grad, x0, lr, steps):
    x = np.array(x0, dtype=float)
    g = grad(x)
    trajectory = [x]
    for _ in range(steps):
        x = x - lr * g
        trajectory.append(x)
    return np.stack(trajectory)
''', "same size and direction"),
    attempt("one step too many", '''
def gradient_descent(grad, x0, lr, steps):
    x = np.array(x0, dtype=float)
    trajectory = [x]
    for _ in range(steps + 1):
        x = x - lr * grad(x)
        trajectory.append(x)
    return np.stack(trajectory)
''', "One row too many"),
    attempt("integer trajectory", '''
def gradient_descent(grad, x0, lr, steps):
    trajectory = np.zeros((steps + 1,) + np.shape(x0), dtype=np.asarray(x0).dtype)
    trajectory[0] = x0
    for k in range(steps):
        trajectory[k + 1] = trajectory[k] - lr * grad(trajectory[k])
    return trajectory
''', "integer"),
    attempt("scalar only", '''
def gradient_descent(grad, x0, lr, steps):
    x = float(x0)
    trajectory = [x]
    for _ in range(steps):
        x = x - lr * grad(x)
        trajectory.append(x)
    return np.array(trajectory)
''', "keep it an array"),
    attempt("preallocated array (correct)", '''
def gradient_descent(grad, x0, lr, steps):
    x0 = np.asarray(x0, dtype=float)
    trajectory = np.empty((steps + 1,) + x0.shape)
    trajectory[0] = x0
    for k in range(steps):
        trajectory[k + 1] = trajectory[k] - lr * np.asarray(grad(trajectory[k]))
    return trajectory
'''),
    attempt("recursive (correct)", '''
def gradient_descent(grad, x0, lr, steps):
    x0 = np.array(x0, dtype=float)
    if steps == 0:
        return x0[np.newaxis]
    rest = gradient_descent(grad, x0 - lr * grad(x0), lr, steps - 1)
    return np.concatenate([x0[np.newaxis], rest])
'''),
]
ATTEMPTS.append(from_table(next(a for a in ATTEMPTS if a.name == "climbs uphill")))
