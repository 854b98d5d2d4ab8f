"""Cases of notebook 05, the deep δ recursion: layers and whole sigmoid networks."""

from functools import partial

import numpy as np

from autograder import reference
from autograder.cases.builders import (
    probabilities,
    random_layer,
    random_network,
    rounded,
    rounded_network,
)
from autograder.cases.registry import hidden, make_case, public


def sigmoid_slope(rng, *shape):
    """act'(I) = H(1 - H) of random sigmoid activations H: values in (0, 1/4]."""
    H = probabilities(rng, *shape)
    return H * (1 - H)


@public("backprop_delta")
def backprop_delta_public():
    case = partial(make_case, "backprop_delta")
    rng = np.random.default_rng(9)
    return [
        case("one example", "one example, 3 neurons <- 2 neurons", rounded(rng, 1, 2),
             rounded(rng, 3, 2), sigmoid_slope(rng, 1, 3)),
        case("batch", "M = 5 examples, 4 neurons <- 2 neurons", rounded(rng, 5, 2),
             rounded(rng, 4, 2), sigmoid_slope(rng, 5, 4)),
        case("batch", "M = 4 examples, a square layer (3 <- 3)", rounded(rng, 4, 3),
             rounded(rng, 3, 3), sigmoid_slope(rng, 4, 3)),
    ]


@hidden("backprop_delta")
def backprop_delta_hidden(rng):
    return [make_case("backprop_delta", "hidden", f"random layer {i + 1}",
                      rng.normal(size=(M, n_next)), rng.normal(size=(n, n_next)),
                      rng.uniform(0.01, 0.25, size=(M, n)))
            for i, (M, n, n_next) in enumerate(rng.integers(1, 8, size=(10, 3)))]


@public("forward_sigmoid_net")
def forward_sigmoid_net_public():
    case = partial(make_case, "forward_sigmoid_net")
    rng = np.random.default_rng(10)
    return [
        case("one layer", "M = 4, one layer 3 -> 2", *rounded_network(rng, 4, [3, 2])),
        case("deep", "M = 3, widths 3 -> 3 -> 3", *rounded_network(rng, 3, [3, 3, 3])),
        case("deep", "M = 5, widths 3 -> 4 -> 4 -> 2", *rounded_network(rng, 5, [3, 4, 4, 2])),
        case("deep", "M = 1, widths 2 -> 5 -> 3 -> 4 -> 1",
             *rounded_network(rng, 1, [2, 5, 3, 4, 1])),
    ]


@hidden("forward_sigmoid_net")
def forward_sigmoid_net_hidden(rng):
    return [make_case("forward_sigmoid_net", "hidden", f"random network {i + 1}",
                      *random_network(rng))
            for i in range(10)]


def backward_case(group, label, X, params, Y, exercise="backward_sigmoid_net"):
    """A case of backward_sigmoid_net (or fixed_backward): the activations Hs of X through
    params (by the reference), the targets Y and params."""
    Hs = reference.forward_sigmoid_net(X, params)
    return make_case(exercise, group, label, Hs, Y, params)


@public("backward_sigmoid_net")
def backward_sigmoid_net_public():
    rng = np.random.default_rng(11)
    return [
        backward_case("one example", "one example, widths 3 -> 3 -> 3",
                      *rounded_network(rng, 1, [3, 3, 3]), np.array([[0.5, 0.1, 0.7]])),
        backward_case("one example", "one example, widths 3 -> 4 -> 2",
                      *rounded_network(rng, 1, [3, 4, 2]), np.array([[1.0, 0.0]])),
        backward_case("one example", "one example, widths 2 -> 3 -> 3 -> 2",
                      *rounded_network(rng, 1, [2, 3, 3, 2]), np.array([[0.2, 0.9]])),
        backward_case("batch", "M = 5, widths 3 -> 4 -> 2",
                      *rounded_network(rng, 5, [3, 4, 2]), probabilities(rng, 5, 2)),
        backward_case("batch", "M = 4, widths 2 -> 5 -> 3 -> 1",
                      *rounded_network(rng, 4, [2, 5, 3, 1]), probabilities(rng, 4, 1)),
        backward_case("batch", "M = 6, widths 4 -> 4 -> 4 -> 4",
                      *rounded_network(rng, 6, [4, 4, 4, 4]), probabilities(rng, 6, 4)),
        backward_case("batch", "M = 3, one layer 4 -> 3",
                      *rounded_network(rng, 3, [4, 3]), probabilities(rng, 3, 3)),
    ]


@hidden("backward_sigmoid_net")
def backward_sigmoid_net_hidden(rng):
    cases = []
    for i in range(10):
        X, params = random_network(rng)
        Y = rng.uniform(size=(len(X), len(params[-1][1])))  # targets of the output's shape
        cases.append(backward_case("hidden", f"random network {i + 1}", X, params, Y))
    return cases


@public("fixed_backward")
def fixed_backward_public():
    """Networks with hidden layers (where the text's slip shows), one example and batches."""
    rng = np.random.default_rng(12)
    case = partial(backward_case, exercise="fixed_backward")
    return [
        case("one example", "one example, widths 3 -> 3 -> 3",
             *rounded_network(rng, 1, [3, 3, 3]), np.array([[0.5, 0.1, 0.7]])),
        case("one example", "one example, widths 3 -> 4 -> 2",
             *rounded_network(rng, 1, [3, 4, 2]), np.array([[1.0, 0.0]])),
        case("one example", "one example, widths 2 -> 3 -> 3 -> 2",
             *rounded_network(rng, 1, [2, 3, 3, 2]), np.array([[0.2, 0.9]])),
        case("batch", "M = 5, widths 3 -> 4 -> 2",
             *rounded_network(rng, 5, [3, 4, 2]), probabilities(rng, 5, 2)),
        case("batch", "M = 6, widths 4 -> 4 -> 4 -> 4",
             *rounded_network(rng, 6, [4, 4, 4, 4]), probabilities(rng, 6, 4)),
    ]


@hidden("fixed_backward")
def fixed_backward_hidden(rng):
    cases = []
    for i in range(8):
        X, params = random_network(rng)
        Y = rng.uniform(size=(len(X), len(params[-1][1])))
        cases.append(backward_case("hidden", f"random network {i + 1}", X, params, Y,
                                   exercise="fixed_backward"))
    return cases


def by_hand_case(group, label, rng, M, widths, lam):
    """A case of backward_by_hand: X (M, N0), targets Y in (0, 1), readable weights of a
    tanh–sigmoid network with the given widths [N0, N1, N2], and the L2 weight lam."""
    X = rounded(rng, M, widths[0])
    (W1, b1), (W2, b2) = [(rounded(rng, n_in, n_out, scale=0.6), rounded(rng, n_out, scale=0.3))
                          for n_in, n_out in zip(widths[:-1], widths[1:])]
    Y = probabilities(rng, M, widths[2])
    return make_case("backward_by_hand", group, label, X, Y, W1, b1, W2, b2, lam)


@public("backward_by_hand")
def backward_by_hand_public():
    """Moderate values (every Yhat well inside (0, 1)): the visible checks compare with finite
    differences of the notebook's forward, which are accurate there."""
    rng = np.random.default_rng(13)
    return [
        by_hand_case("one example", "one example, widths 2 -> 3 -> 2, λ = 0.1", rng, 1,
                     [2, 3, 2], 0.1),
        by_hand_case("batch", "M = 4, widths 3 -> 3 -> 1 (a square W1), λ = 0.05", rng, 4,
                     [3, 3, 1], 0.05),
        by_hand_case("batch", "M = 5, widths 2 -> 4 -> 2, λ = 0.2", rng, 5, [2, 4, 2], 0.2),
    ]


@hidden("backward_by_hand")
def backward_by_hand_hidden(rng):
    cases = []
    for i in range(8):
        M, N0, N1, N2 = (int(rng.integers(low, high)) for low, high in [(1, 7), (1, 5), (1, 6),
                                                                         (1, 3)])
        X = rng.normal(size=(M, N0))
        (W1, b1), (W2, b2) = random_layer(rng, N0, N1), random_layer(rng, N1, N2)
        Y = rng.uniform(0.05, 0.95, size=(M, N2))
        lam = float(rng.uniform(0.01, 0.3))
        cases.append(make_case("backward_by_hand", "hidden", f"random network {i + 1}", X, Y, W1,
                               b1, W2, b2, lam))
    return cases
