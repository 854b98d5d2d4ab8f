"""Cases of notebook 04, last-layer gradients: single layers, losses and output Deltas."""

from functools import partial

import numpy as np

from autograder.cases.builders import probabilities, random_layer, rounded
from autograder.cases.registry import hidden, make_case, public

# The simple-derivatives text's ReLU network (`003`, "A Simple Example"): 3 inputs, one hidden
# neuron, 2 outputs, all biases 0; the weights are the numbers printed on its figure.
EX003_X = np.array([[1.0, 0.5, 1.0]])
EX003_W1, EX003_B1 = np.array([[0.5], [1.0], [-0.5]]), np.zeros(1)
EX003_W2, EX003_B2 = np.array([[-1.0, 1.0]]), np.zeros(2)


@public("dense_forward")
def dense_forward_public():
    case = partial(make_case, "dense_forward")
    rng = np.random.default_rng(4)
    return [
        case("worked example", "`003` hidden layer: x = [1, 0.5, 1]", EX003_X, EX003_W1,
             EX003_B1),
        case("worked example", "`003` output layer: h = [0.5]", np.array([[0.5]]), EX003_W2,
             EX003_B2),
        case("batch", "M = 4 examples, 3 inputs -> 2 neurons", rounded(rng, 4, 3),
             rounded(rng, 3, 2), np.array([0.5, -1.0])),
        case("batch", "M = 1 example, 2 inputs -> 5 neurons", rounded(rng, 1, 2),
             rounded(rng, 2, 5), rounded(rng, 5)),
        case("batch", "M = 3, a square W (3 -> 3)", rounded(rng, 3, 3), rounded(rng, 3, 3),
             np.array([1.0, 2.0, 3.0])),
    ]


@hidden("dense_forward")
def dense_forward_hidden(rng):
    cases = []
    for i in range(10):
        M, n_in, n_out = rng.integers(1, 8, size=3)
        W, b = random_layer(rng, n_in, n_out)
        cases.append(make_case("dense_forward", "hidden", f"random layer {i + 1}",
                               rng.normal(size=(M, n_in)), W, b))
    return cases


@public("mse_loss")
def mse_loss_public():
    case = partial(make_case, "mse_loss")
    rng = np.random.default_rng(5)
    return [
        case("worked examples", "`003`: got [0, 0.5], wanted [-0.5, 1] -> 0.25",
             np.array([[0.0, 0.5]]), np.array([[-0.5, 1.0]])),
        case("worked examples", "`003` ReLU network: got [0, 0.5], wanted [0.5, 1] -> 0.25",
             np.array([[0.0, 0.5]]), np.array([[0.5, 1.0]])),
        case("batch", "M = 5 examples, N = 3 outputs", probabilities(rng, 5, 3),
             probabilities(rng, 5, 3)),
        case("batch", "M = 4 examples, N = 6 outputs", rounded(rng, 4, 6), rounded(rng, 4, 6)),
        case("batch", "M = 1 example, N = 4 outputs", rounded(rng, 1, 4), rounded(rng, 1, 4)),
    ]


@hidden("mse_loss")
def mse_loss_hidden(rng):
    return [make_case("mse_loss", "hidden", f"random batch {i + 1}",
                      rng.uniform(size=(M, N)), rng.uniform(size=(M, N)))
            for i, (M, N) in enumerate(rng.integers(1, 9, size=(10, 2)))]


@public("mse_output_delta")
def mse_output_delta_public():
    case = partial(make_case, "mse_output_delta")
    rng = np.random.default_rng(6)
    return [
        case("one example", "one example, N = 4 outputs", np.array([[0.8, 0.3, 0.6, 0.1]]),
             np.array([[1.0, 0.0, 0.0, 0.0]])),
        case("batch", "M = 5 examples, N = 3 outputs", probabilities(rng, 5, 3),
             probabilities(rng, 5, 3)),
        case("batch", "M = 4 examples, N = 6 outputs, 0/1 targets", probabilities(rng, 4, 6),
             rng.integers(0, 2, size=(4, 6)).astype(float)),
    ]


@hidden("mse_output_delta")
def mse_output_delta_hidden(rng):
    return [make_case("mse_output_delta", "hidden", f"random batch {i + 1}",
                      rng.uniform(0.01, 0.99, size=(M, N)), rng.uniform(size=(M, N)))
            for i, (M, N) in enumerate(rng.integers(1, 9, size=(10, 2)))]


@public("last_layer_gradients")
def last_layer_gradients_public():
    case = partial(make_case, "last_layer_gradients")
    rng = np.random.default_rng(7)
    return [
        case("worked example", "`003` output layer: h = [0.5], Delta = [0, -0.5]",
             np.array([[0.5]]), np.array([[0.0, -0.5]])),
        case("batch", "M = 5 examples, 3 inputs -> 2 neurons", probabilities(rng, 5, 3),
             rounded(rng, 5, 2)),
        case("batch", "M = 4 examples, 2 inputs -> 6 neurons", probabilities(rng, 4, 2),
             rounded(rng, 4, 6)),
        case("batch", "M = 6 examples, a square layer (4 -> 4)", probabilities(rng, 6, 4),
             rounded(rng, 6, 4)),
    ]


@hidden("last_layer_gradients")
def last_layer_gradients_hidden(rng):
    return [make_case("last_layer_gradients", "hidden", f"random layer {i + 1}",
                      rng.uniform(size=(M, n_in)), rng.normal(size=(M, n_out)))
            for i, (M, n_in, n_out) in enumerate(rng.integers(1, 8, size=(10, 3)))]


def below_saturation(rng, *shape):
    """Sigmoid outputs in [0.05, 0.7], two decimals. The visible checks of
    logloss_output_delta compare with finite differences of the log-loss at σ⁻¹(Y_hat), also on
    the grader's twins, which scale each value by up to 1.42: 0.7 stays inside (0, 1)."""
    return rng.uniform(0.05, 0.7, size=shape).round(2)


@public("logloss_output_delta")
def logloss_output_delta_public():
    case = partial(make_case, "logloss_output_delta")
    rng = np.random.default_rng(8)
    return [
        case("one example", "one example, 3 outputs, targets [1, 0, 0]",
             np.array([[0.7, 0.2, 0.6]]), np.array([[1.0, 0.0, 0.0]])),
        case("batch", "M = 5 examples, 3 outputs, 0/1 labels", below_saturation(rng, 5, 3),
             rng.integers(0, 2, size=(5, 3)).astype(float)),
        case("batch", "M = 4 examples, 6 outputs, soft labels", below_saturation(rng, 4, 6),
             probabilities(rng, 4, 6)),
    ]


@hidden("logloss_output_delta")
def logloss_output_delta_hidden(rng):
    return [make_case("logloss_output_delta", "hidden", f"random batch {i + 1}",
                      rng.uniform(0.01, 0.99, size=(M, N)),
                      rng.integers(0, 2, size=(M, N)).astype(float))
            for i, (M, N) in enumerate(rng.integers(1, 9, size=(10, 2)))]
