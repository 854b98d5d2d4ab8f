"""Cases of notebook 07, training a network: minibatches, SGD steps and whole trainings."""

from functools import partial

import numpy as np

from autograder.cases.builders import labels, rounded, rounded_net
from autograder.cases.registry import hidden, make_case, public


def numbered_rows(M, N, rng):
    """(M, N) rows that are all different (row m starts with m), shuffled values after that."""
    return np.column_stack([np.arange(M, dtype=float), rng.normal(size=(M, N - 1)).round(2)])


@public("iterate_minibatches")
def iterate_minibatches_public():
    case = partial(make_case, "iterate_minibatches")
    rng = np.random.default_rng(17)
    return [
        case("one epoch", "M = 12 examples, batches of 4", numbered_rows(12, 2, rng),
             np.arange(12) % 3, 4, np.random.default_rng(1)),
        case("one epoch", "M = 10 examples, batches of 3: the last batch holds 1",
             numbered_rows(10, 3, rng), np.arange(10) % 2, 3, np.random.default_rng(2)),
        case("one epoch", "M = 9, batches of 1 (plain SGD)", numbered_rows(9, 2, rng),
             np.arange(9) % 3, 1, np.random.default_rng(3)),
        case("one epoch", "M = 7, batch_size 16 > M: one batch of 7", numbered_rows(7, 2, rng),
             np.arange(7) % 2, 16, np.random.default_rng(4)),
        case("one epoch", "M = 20, batches of 6, 1-D labels from 4 classes",
             numbered_rows(20, 4, rng), labels(rng, 20, 4), 6, np.random.default_rng(5)),
    ]


@hidden("iterate_minibatches")
def iterate_minibatches_hidden(rng):
    cases = []
    for i in range(10):
        M, N, B = int(rng.integers(8, 40)), int(rng.integers(1, 5)), int(rng.integers(1, 12))
        X = rng.permutation(numbered_rows(M, N + 1, rng))  # rows not in order of their number
        cases.append(make_case("iterate_minibatches", "hidden",
                               f"random epoch {i + 1} (M = {M}, batches of {B})", X,
                               labels(rng, M, 3), B, np.random.default_rng(int(rng.integers(99)))))
    return cases


def pairs_like(params, rng, scale=1.0):
    """Random (W, b) pairs shaped like params, N(0, scale²): gradients or a velocity."""
    return [tuple(scale * rng.normal(size=np.shape(a)) for a in pair) for pair in params]


def sgd_case(group, label, rng, widths, lr, momentum=0.0, weight_decay=0.0, zero_velocity=False):
    """A case of sgd_step on a rounded network of `widths` with random gradients and velocity
    (zeros with `zero_velocity`); momentum and weight_decay are passed only when set."""
    params = rounded_net(rng, widths)
    grads = pairs_like(params, rng)
    velocity = pairs_like(params, rng, 0.0 if zero_velocity else 0.3)
    args = [params, grads, velocity, lr] + ([momentum, weight_decay] if momentum or weight_decay
                                            else [])
    return make_case("sgd_step", group, label, *args)


@public("sgd_step")
def sgd_step_public():
    rng = np.random.default_rng(18)
    return [
        sgd_case("plain", "one layer 3 -> 2, lr = 0.1, defaults (no momentum, no decay)", rng,
                 [3, 2], 0.1, zero_velocity=True),
        sgd_case("plain", "two layers 2 -> 4 -> 3, lr = 0.5", rng, [2, 4, 3], 0.5,
                 zero_velocity=True),
        sgd_case("momentum", "momentum 0.9, lr = 0.1, a velocity from earlier steps", rng,
                 [3, 2], 0.1, momentum=0.9),
        sgd_case("momentum", "two layers, momentum 0.5, lr = 0.2", rng, [2, 3, 2], 0.2,
                 momentum=0.5),
        sgd_case("weight decay", "weight_decay 0.01, lr = 0.1, no momentum", rng, [3, 2], 0.1,
                 weight_decay=0.01, zero_velocity=True),
        sgd_case("weight decay", "weight_decay 0.1, momentum 0.9, lr = 0.05", rng, [2, 4, 2],
                 0.05, momentum=0.9, weight_decay=0.1),
    ]


@hidden("sgd_step")
def sgd_step_hidden(rng):
    cases = []
    for i in range(10):
        widths = [int(k) for k in rng.integers(1, 6, size=rng.integers(2, 5))]
        cases.append(sgd_case("hidden", f"random step {i + 1}", rng, widths,
                              float(rng.uniform(0.01, 1)), float(rng.uniform(0.1, 0.95)),
                              float(rng.choice([0.0, 0.001, 0.05]))))
    return cases


def repeated_example(rng, M, N0, classes):
    """One example (x, label) repeated M times: every order of it gives the same batches."""
    x, label = rng.normal(size=(1, N0)).round(2), int(rng.integers(classes))
    return np.tile(x, (M, 1)), np.full(M, label)


@public("train")
def train_public():
    case = partial(make_case, "train")
    rng = np.random.default_rng(19)
    X, y = rounded(rng, 8, 2), np.array([0, 1, 1, 0, 1, 0, 0, 1])
    Xr, yr = repeated_example(rng, 10, 3, 3)
    return [
        case("full batch", "8 examples, sizes [2, 3, 2], 5 epochs of one batch, lr = 0.5",
             X, y, [2, 3, 2], 0.5, 5, 8),
        case("full batch", "the same with momentum 0.9 and weight_decay 0.01",
             X, y, [2, 3, 2], 0.5, 5, 8, 0.9, 0.01),
        case("full batch", "sizes [2, 4, 3, 2], 3 epochs, seed 7", X, y, [2, 4, 3, 2], 1.0, 3, 8,
             0.0, 0.0, 7),
        case("minibatches", "one example repeated 10 times, batches of 4: 3 steps per epoch",
             Xr, yr, [3, 2, 3], 0.3, 4, 4, 0.5),
    ]


@hidden("train")
def train_hidden(rng):
    cases = []
    for i in range(6):
        sizes = [int(k) for k in rng.integers(2, 5, size=rng.integers(2, 4))]
        M, epochs = int(rng.integers(4, 12)), int(rng.integers(1, 6))
        lr, momentum = float(rng.uniform(0.1, 1)), float(rng.choice([0.0, 0.8]))
        decay, seed = float(rng.choice([0.0, 0.01])), int(rng.integers(100))
        if i % 2 == 0:  # full batch: the shuffle cannot change the gradient
            X, y, batch = rng.normal(size=(M, sizes[0])), labels(rng, M, sizes[-1]), M
        else:  # one repeated example: every batch holds the same rows
            (X, y), batch = repeated_example(rng, M, sizes[0], sizes[-1]), int(rng.integers(2, M))
        cases.append(make_case("train", "hidden", f"random training {i + 1} (sizes {sizes})", X,
                               y, sizes, lr, epochs, batch, momentum, decay, seed))
    return cases
