"""Cases of notebook 06, softmax and cross-entropy: distributions, labels and classifiers."""

from functools import partial

import numpy as np

from autograder import reference
from autograder.cases.builders import labels, random_network, rounded, rounded_network
from autograder.cases.registry import hidden, make_case, public
from autograder.student.checks.nb06_softmax import CE_FLOOR


def distributions(rng, M, N, zeros=False):
    """M random probability rows over N classes; with `zeros`, some exact 0 entries."""
    P = rng.dirichlet(np.ones(N), size=M)
    if zeros and N > 2:
        P[rng.uniform(size=(M, N)) < 0.3] = 0.0
        P[:, 0] += P.sum(axis=1) == 0  # keep every row a distribution
        P /= P.sum(axis=1, keepdims=True)
    return P


@public("softmax")
def softmax_public():
    case = partial(make_case, "softmax")
    rng = np.random.default_rng(12)
    return [
        case("values", "one example, logits [2, 1, 0.1]", np.array([[2.0, 1.0, 0.1]])),
        case("values", "M = 4 examples, N = 3 classes", rounded(rng, 4, 3, scale=2)),
        case("values", "M = 2 examples, N = 5 classes, equal logits in row 0",
             np.array([[0.5, 0.5, 0.5, 0.5, 0.5], [-1.0, 2.0, 0.0, 3.5, 1.0]])),
        case("rows", "M = 3 = N: each row is one example, normalised on its own",
             np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 4.0], [-2.0, 1.0, 0.5]])),
        case("rows", "M = 4, N = 2: rows with very different offsets",
             np.array([[10.0, 11.0], [-3.0, -1.0], [0.0, 0.5], [30.0, 28.0]])),
        case("stable", "logits ±1000: no overflow, no NaN",
             np.array([[1000.0, 0.0, -1000.0], [-1000.0, -1000.0, -999.0]])),
        case("stable", "logits 800 and 801 in one row, 1000 in every entry of another",
             np.array([[800.0, 801.0, 0.0], [1000.0, 1000.0, 1000.0]])),
    ]


@hidden("softmax")
def softmax_hidden(rng):
    cases = []
    for i in range(10):
        M, N = (int(k) for k in rng.integers(1, 7, size=2))
        Z = rng.normal(scale=3, size=(M, N + 1))
        if i % 2 == 0:  # rows far from 0, up to ±1000
            Z += rng.choice([-1000.0, -700.0, 700.0, 1000.0], size=(M, 1))
        cases.append(make_case("softmax", "hidden", f"random logits {i + 1} ({M}×{N + 1})", Z))
    return cases


@public("cross_entropy")
def cross_entropy_public():
    case = partial(make_case, "cross_entropy")
    rng = np.random.default_rng(13)
    return [
        case("values", "one example, P = [0.7, 0.2, 0.1], correct class 0: −log 0.7",
             np.array([[0.7, 0.2, 0.1]]), np.array([0])),
        case("values", "M = 4 examples, N = 3 classes", distributions(rng, 4, 3).round(3),
             np.array([2, 0, 1, 1])),
        case("values", "M = 5 examples, N = 4 classes", distributions(rng, 5, 4),
             labels(rng, 5, 4)),
        case("zeros", "zeros among the wrong classes: the loss stays finite",
             np.array([[0.0, 1.0, 0.0], [0.5, 0.5, 0.0], [0.0, 0.1, 0.9]]),
             np.array([1, 0, 2])),
        case("zeros", f"P = 0 for the correct class: clipped at {CE_FLOOR:g}, "
                      f"−log({CE_FLOOR:g}) ≈ {-np.log(CE_FLOOR):.1f}",
             np.array([[0.0, 1.0], [0.6, 0.4]]), np.array([0, 0])),
    ]


@hidden("cross_entropy")
def cross_entropy_hidden(rng):
    cases = []
    for i in range(10):
        M, N = (int(k) for k in rng.integers(2, 7, size=2))
        P, y = distributions(rng, M, N, zeros=i % 2 == 1), labels(rng, M, N)
        if i % 4 == 3:
            P[0] = 0.0  # the first example is sure of a wrong class
            P[0, (y[0] + 1) % N] = 1.0
        cases.append(make_case("cross_entropy", "hidden", f"random batch {i + 1} ({M}×{N})",
                               P, y))
    return cases


@public("softmax_jacobian")
def softmax_jacobian_public():
    case = partial(make_case, "softmax_jacobian")
    return [
        case("values", "scores z = [2, 1, 0.1]", np.array([2.0, 1.0, 0.1])),
        case("values", "equal scores z = [0, 0, 0, 0]: p = 1/4 everywhere", np.zeros(4)),
        case("values", "two classes, z = [2.2, 0]", np.array([2.2, 0.0])),
        case("values", "five classes", np.array([-1.0, 1.5, 0.3, 1.1, 0.0])),
        case("values", "one class, z = [0.7]: p = [1] whatever z is", np.array([0.7])),
        case("values", "scores near 1000: no overflow, the same J as for [2, 1, 0]",
             np.array([1002.0, 1001.0, 1000.0])),
    ]


@hidden("softmax_jacobian")
def softmax_jacobian_hidden(rng):
    cases = []
    for i, n in enumerate(rng.integers(2, 8, size=10)):
        z = rng.normal(scale=2, size=n)
        if i % 3 == 2:  # far from 0: the softmax must be the stable one
            z += rng.choice([-1000.0, -700.0, 700.0, 1000.0])
        cases.append(make_case("softmax_jacobian", "hidden", f"random scores {i + 1} ({n} classes)",
                               z))
    return cases


@public("softmax_ce_delta")
def softmax_ce_delta_public():
    case = partial(make_case, "softmax_ce_delta")
    rng = np.random.default_rng(14)
    return [
        case("one example", "P = [0.7, 0.2, 0.1], correct class 0", np.array([[0.7, 0.2, 0.1]]),
             np.array([0])),
        case("one example", "P = [0.1, 0.6, 0.3], correct class 2", np.array([[0.1, 0.6, 0.3]]),
             np.array([2])),
        case("batch", "M = 4 examples, N = 3 classes", distributions(rng, 4, 3).round(3),
             np.array([1, 0, 2, 1])),
        case("batch", "M = 5 examples, N = 4 classes", distributions(rng, 5, 4),
             labels(rng, 5, 4)),
        case("batch", "M = 3 = N: a square P", distributions(rng, 3, 3), np.array([2, 2, 0])),
    ]


@hidden("softmax_ce_delta")
def softmax_ce_delta_hidden(rng):
    cases = []
    for i in range(10):
        M, N = (int(k) for k in rng.integers(1, 7, size=2))
        cases.append(make_case("softmax_ce_delta", "hidden", f"random batch {i + 1} ({M}×{N + 1})",
                               distributions(rng, M, N + 1), labels(rng, M, N + 1)))
    return cases


@public("forward_classifier")
def forward_classifier_public():
    case = partial(make_case, "forward_classifier")
    rng = np.random.default_rng(15)
    return [
        case("one layer", "M = 4, softmax regression 3 -> 2 (no hidden layer)",
             *rounded_network(rng, 4, [3, 2])),
        case("one layer", "M = 3, softmax regression 2 -> 4", *rounded_network(rng, 3, [2, 4])),
        case("deep", "M = 5, widths 3 -> 4 -> 3", *rounded_network(rng, 5, [3, 4, 3])),
        case("deep", "M = 3, widths 2 -> 3 -> 3 -> 2", *rounded_network(rng, 3, [2, 3, 3, 2])),
        case("deep", "M = 2, widths 4 -> 5 -> 3 -> 4 -> 5",
             *rounded_network(rng, 2, [4, 5, 3, 4, 5])),
    ]


@hidden("forward_classifier")
def forward_classifier_hidden(rng):
    return [make_case("forward_classifier", "hidden", f"random network {i + 1}",
                      *random_network(rng, min_width=2))
            for i in range(10)]


def classifier_case(group, label, X, params, y):
    """A case of classifier_backward: the activations Hs of X through params (by the reference),
    the labels y and params."""
    Hs = reference.forward_classifier(X, params)
    return make_case("classifier_backward", group, label, Hs, y, params)


@public("classifier_backward")
def classifier_backward_public():
    rng = np.random.default_rng(16)
    return [
        classifier_case("one example", "one example, softmax regression 3 -> 3",
                        *rounded_network(rng, 1, [3, 3]), np.array([1])),
        classifier_case("one example", "one example, widths 3 -> 4 -> 2",
                        *rounded_network(rng, 1, [3, 4, 2]), np.array([0])),
        classifier_case("one example", "one example, widths 2 -> 3 -> 3 -> 3",
                        *rounded_network(rng, 1, [2, 3, 3, 3]), np.array([2])),
        classifier_case("batch", "M = 5, widths 3 -> 4 -> 2",
                        *rounded_network(rng, 5, [3, 4, 2]), np.array([0, 1, 1, 0, 1])),
        classifier_case("batch", "M = 4, widths 2 -> 5 -> 3 -> 3",
                        *rounded_network(rng, 4, [2, 5, 3, 3]), np.array([2, 0, 1, 2])),
        classifier_case("batch", "M = 6, widths 4 -> 4 -> 4",
                        *rounded_network(rng, 6, [4, 4, 4]), labels(rng, 6, 4)),
        classifier_case("batch", "M = 3, softmax regression 4 -> 3",
                        *rounded_network(rng, 3, [4, 3]), np.array([0, 2, 1])),
    ]


@hidden("classifier_backward")
def classifier_backward_hidden(rng):
    cases = []
    for i in range(10):
        X, params = random_network(rng, min_width=2)
        y = labels(rng, len(X), len(params[-1][1]))  # one label per example, any class
        cases.append(classifier_case("hidden", f"random network {i + 1}", X, params, y))
    return cases
