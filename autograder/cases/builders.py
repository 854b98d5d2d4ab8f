"""Random inputs several notebooks' cases share: batches, layers and networks (params are lists
of (W, b) pairs, W of shape (n_in, n_out), b of shape (n_out,); batches are rows).

Public cases use `rounded*` (readable values from a fixed-seed generator), hidden cases the
`random*` draws. Each builder draws in a fixed order; keep it so, or every case changes.
"""

import numpy as np


def rounded(rng, *shape, scale=1.0):
    """Readable public values: normal draws with two decimals."""
    return (scale * rng.normal(size=shape)).round(2)


def probabilities(rng, *shape):
    """Sigmoid outputs strictly inside (0, 1), two decimals."""
    return rng.uniform(0.05, 0.95, size=shape).round(2)


def random_layer(rng, n_in, n_out):
    """(W, b) of a random layer: W ~ N(0, 1/n_in) of shape (n_in, n_out), b ~ N(0, 0.25)."""
    return rng.normal(size=(n_in, n_out)) / np.sqrt(n_in), rng.normal(scale=0.5, size=n_out)


def random_net(rng, widths, scale=1.0):
    """params of a network with the given widths [N_0, ..., N_L] (`random_layer`, times scale)."""
    return [tuple(scale * p for p in random_layer(rng, n_in, n_out))
            for n_in, n_out in zip(widths[:-1], widths[1:])]


def rounded_net(rng, widths):
    """params of a network with the given widths, readable values (`rounded`), b at scale 0.5."""
    return [(rounded(rng, n_in, n_out), rounded(rng, n_out, scale=0.5))
            for n_in, n_out in zip(widths[:-1], widths[1:])]


def labels(rng, M, N):
    """M random class labels in 0 .. N - 1, shape (M,)."""
    return rng.integers(0, N, size=M)


def rounded_network(rng, M, widths):
    """A public network case's inputs: (X, params), X of shape (M, widths[0]) and params of
    the given widths, both `rounded`. Draws X first, then params."""
    return rounded(rng, M, widths[0]), rounded_net(rng, widths)


def random_network(rng, min_width=1):
    """A hidden network case's inputs: (X, params) of a random network of 2 to 5 layers
    (widths min_width .. 6) and a batch of 1 to 7 examples, X ~ N(0, 1), params `random_net`
    at scale 2. Draws the widths, the batch size, X, then params."""
    widths = rng.integers(min_width, 7, size=rng.integers(2, 6))
    return rng.normal(size=(rng.integers(1, 8), widths[0])), random_net(rng, widths, scale=2.0)
