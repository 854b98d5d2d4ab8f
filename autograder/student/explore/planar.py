"""The 2-D data sets of the training playground (notebook 07), each with a noise level.

    X, y = DATASETS["spirals"](np.random.default_rng(0), m=300, noise=0.5)

Every set fits in EXTENT on both axes (before its noise), has m points and two classes of
m/2 points each. `noise` in [0, 1] scales each set's own jitter: 0 gives clean shapes, 1 sets
that overlap a good deal.
"""

import numpy as np

EXTENT = 5.0  # the playground shows the square [-EXTENT, EXTENT]²


def halves(m):
    return np.repeat([0, 1], m // 2)


def clouds(rng, m, noise):
    """Two round clouds around (-2, 2) and (2, -2): one straight line separates them."""
    y = halves(m)
    centres = np.array([[-2.0, 2.0], [2.0, -2.0]])[y]
    return centres + rng.normal(scale=0.5 + 1.5 * noise, size=(m, 2)), y


def xor(rng, m, noise):
    """Points in the four quadrants, class 1 where x1 and x2 have the same sign."""
    X = rng.uniform(0.3, 4.0, size=(m, 2)) * rng.choice([-1, 1], size=(m, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(int)
    return X + rng.normal(scale=1.2 * noise, size=(m, 2)), y


def ring(rng, m, noise):
    """Class 1 in a disc of radius 1.5, class 0 on a ring between radii 3 and 4."""
    y = halves(m)
    radius = np.where(y == 1, 1.5 * np.sqrt(rng.uniform(0, 1, m)), rng.uniform(3.0, 4.0, m))
    angle = rng.uniform(0, 2 * np.pi, m)
    X = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
    return X + rng.normal(scale=0.8 * noise, size=(m, 2)), y


def spirals(rng, m, noise, turns=1.75):
    """Two interleaved spiral arms, as in notebook 07."""
    t = np.sqrt(rng.uniform(0.02, 1, m // 2)) * turns * 2 * np.pi  # (m/2,) angles
    arm = np.column_stack([t * np.cos(t), t * np.sin(t)]) * (4 / (turns * 2 * np.pi))
    X = np.vstack([arm, -arm])
    return X + rng.normal(scale=0.05 + 0.6 * noise, size=(m, 2)), halves(m)


def square(rng, m, noise):
    """Uniform points in [-4, 4]², class 1 inside |x1|, |x2| < 2, as in notebook 07."""
    X = rng.uniform(-4, 4, size=(m, 2))
    y = (np.abs(X).max(axis=1) < 2).astype(int)
    return X + rng.normal(scale=0.8 * noise, size=(m, 2)), y


DATASETS = {"spirals": spirals, "ring": ring, "xor": xor, "clouds": clouds, "square": square}


def split(X, y, test_fraction, rng):
    """A random train/test split: (X_train, y_train, X_test, y_test), at least 2 of each."""
    n_test = min(max(int(round(test_fraction * len(X))), 2), len(X) - 2)
    test = np.zeros(len(X), dtype=bool)
    test[rng.choice(len(X), size=n_test, replace=False)] = True
    return X[~test], y[~test], X[test], y[test]
