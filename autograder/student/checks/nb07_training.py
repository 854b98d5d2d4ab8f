"""Checks of notebook 07, training a network: `iterate_minibatches`, `sgd_step` and `train`."""

import numpy as np

from autograder.student.checks.compare import agrees, describe, flatten_pairs
from autograder.student.checks.engine import Exercise, register
from autograder.student.checks.numeric import gradient


def minibatch_problem(got, expected, args):
    """What is wrong with one epoch of minibatches, judged by its properties (any order).

    Recognises, in order: something other than a list; batches that are not pairs; batches of
    the wrong shape; rows that are not rows of X; an example twice (drawn with replacement);
    the last, smaller batch missing; examples missing; wrong batch sizes; X and y shuffled
    apart; no shuffle at all.
    """
    X, y, batch_size = np.asarray(args[0]), np.asarray(args[1]), int(args[2])
    M = len(X)
    if not isinstance(got, (list, tuple)):
        return (f"expected the batches as a list of (X_batch, y_batch) pairs (or a generator "
                f"that yields them), got {describe(got)}.")
    if any(not isinstance(b, (tuple, list)) or len(b) != 2 for b in got):
        return "each batch should be a pair (X_batch, y_batch)."
    Xb = [np.asarray(b[0], dtype=float) for b in got]
    yb = [np.asarray(b[1]) for b in got]
    if any(a.ndim != 2 or a.shape[1:] != X.shape[1:] or len(a) != len(t) or t.ndim != 1
           for a, t in zip(Xb, yb)):
        return ("each X_batch should have shape (B, N) — whole rows of X — and its y_batch "
                "shape (B,), one label per row.")
    sizes, wanted = [len(a) for a in Xb], [len(b[0]) for b in expected]
    rows = {tuple(row): m for m, row in enumerate(X.astype(float))}
    taken = [rows.get(tuple(row), -1) for a in Xb for row in a]
    if -1 in taken:
        return "a batch holds rows that are not rows of X."
    counts = np.bincount(taken, minlength=M)
    if counts.max() > 1:
        return ("some examples appear more than once in one epoch (drawn with replacement?): "
                "shuffle the indices once with a permutation, then slice it, so that every "
                "example appears exactly once.")
    if sum(sizes) < M:
        if sizes[:-1] == wanted[:-2] or (sizes == wanted[:-1] and wanted[-1] < batch_size):
            return (f"the last, smaller batch is missing: {M} examples in batches of "
                    f"{batch_size} leave {M % batch_size} over, and they form one more batch.")
        return f"only {sum(sizes)} of the {M} examples appear: every example, once per epoch."
    if sizes != wanted:
        return (f"batch sizes {sizes}, expected {wanted}: batches of batch_size = {batch_size} "
                "examples, the last one holding what is left.")
    if not np.array_equal(np.concatenate(yb), y[taken]):
        return ("X and y rows no longer belong together: shuffle both with the same order "
                "(index X and y with one permutation), not each on its own.")
    if M > 3 and taken == list(range(M)):
        return ("the examples come in their original order: shuffle them (a permutation drawn "
                "from rng) so that every epoch mixes the batches anew.")
    return None


register(Exercise(
    "iterate_minibatches",
    checked="every example once, batch sizes, X and y rows paired, shuffled, inputs untouched",
    compare=lambda got, expected, args: minibatch_problem(got, expected, args),
    inputs=("X", "y", "batch_size", "rng"),
))


def try_flatten_pairs(pairs):
    """One vector of every array of a list of (W, b) pairs; None when it does not fit."""
    try:
        return flatten_pairs(pairs)
    except (TypeError, ValueError):
        return None


def penalty(theta, weight_decay):
    """The weight-decay penalty of one array as the notebook gives it: (λ/2)·‖θ‖²."""
    return 0.5 * weight_decay * np.sum(np.square(theta))


def decaying_sum(steps, momentum):
    """The notebook's velocity: s_n + μ·s_(n−1) + μ²·s_(n−2) + … of `steps`, oldest first."""
    return sum(momentum ** age * step for age, step in enumerate(reversed(steps)))


def moved(theta, g, v, lr, momentum, decay):
    """One array's (new θ, new velocity) from the definitions, with ∇L = g given."""
    theta = np.asarray(theta, dtype=float)
    step = -lr * (g + gradient(lambda t: penalty(t, decay), theta))  # the plain step on J
    velocity = decaying_sum([np.asarray(v, dtype=float), step], momentum)
    return theta + velocity, velocity


def sgd_step_numerical(args):
    """sgd_step's expected output from the notebook's definitions, with no update rule written
    down: the plain step on J = L + Σ (λ/2)‖θ‖² is −lr·∇J, where ∇L is the given gradient and
    the penalty's gradient comes from finite differences; the velocity is the decaying sum of
    the plain steps so far. Only its sum over the earlier steps is known (the given velocity),
    so they enter as one earlier step equal to it: a history with that sum."""
    params, grads, velocity, lr = args[:4]
    momentum, decay = (list(args[4:]) + [0.0, 0.0])[:2]
    layers = [[moved(*arrays, lr, momentum, decay) for arrays in zip(*layer)]
              for layer in zip(params, grads, velocity)]
    return ([tuple(theta for theta, _ in layer) for layer in layers],
            [tuple(v for _, v in layer) for layer in layers])


def sgd_step_hint(got, expected, args):
    """Recognises, in order: something other than a pair; params or velocity not shaped like
    the input; (velocity, params) swapped; θ moved the wrong way; the old velocity returned;
    the decay term not scaled by lr (the slides' form); the decay term with the wrong sign,
    half as large, twice as large, or missing; momentum missing; the old velocity not decayed;
    momentum applied to the new step too; the new step scaled by (1 − momentum); the new step
    uphill; nothing moved at momentum 0 (the new step weighted by μ); θ moved by the old
    velocity; the biases not decayed."""
    params, grads, velocity, lr = args[:4]
    momentum, decay = (list(args[4:]) + [0.0, 0.0])[:2]
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        return "Return a pair (params, velocity): the new parameters and the new velocity."
    new_params, new_velocity = (try_flatten_pairs(g) for g in got)
    theta, v = (flatten_pairs(a) for a in (params, velocity))
    want_params, want_velocity = (flatten_pairs(e) for e in expected)
    if new_params is None or new_velocity is None or new_params.shape != theta.shape:
        return ("params and velocity should be lists of (W, b) pairs shaped like the ones you "
                "got.")
    if agrees(new_params, want_velocity) and agrees(new_velocity, want_params):
        return "You returned (velocity, params): return the parameters first."
    if agrees(new_params, theta - want_velocity):
        return "The parameters moved the wrong way: each step goes downhill on J, against ∇J."
    if agrees(new_velocity, v) and momentum:
        return ("The velocity you return is the old one: return the new v, the next step "
                "builds on it.")
    gap = new_velocity - want_velocity
    step = want_velocity - momentum * v  # this step's plain step, −lr·∇J
    decay_slips = [
        (decay * (lr - 1) * theta,
         "The decay term is not scaled by the learning rate (the slides' update): the penalty "
         "is part of J, so its gradient enters the step exactly as g does."),
        (2 * lr * decay * theta,
         "The decay term has the wrong sign: the penalty grows as |θ| grows, so descending on J "
         "pulls every entry towards 0, not away from it."),
        (0.5 * lr * decay * theta,
         "The decay term is half as large as it should be: differentiate (λ/2)·θᵢ² entry by "
         "entry — the square contributes a factor 2 that meets the ½."),
        (-lr * decay * theta,
         "The decay term is twice as large as it should be: the ½ in (λ/2)‖θ‖² cancels the "
         "factor 2 that differentiating the square brings."),
        (lr * decay * theta,
         "Weight decay is missing: the gradient of J has a second term, the penalty's, for "
         "every array, weights and biases alike."),
    ]
    for slip, message in decay_slips:
        if decay and agrees(gap, slip):
            return message
    momentum_slips = [
        (-momentum * v,
         "Momentum is missing: the new velocity still holds the earlier steps, each weighted by "
         "one more factor of momentum."),
        ((1 - momentum) * v,
         "The earlier steps are not decayed: in the velocity, each older step carries one more "
         "factor of momentum than the step after it."),
        ((momentum - 1) * step,
         "Momentum multiplies the new step too: the newest step enters the velocity with weight "
         "1 (μ⁰); only the earlier ones are decayed."),
        (-momentum * step,
         "The new step is scaled by (1 − momentum): the velocity is a sum of whole steps (not "
         "an average), the newest with weight 1."),
        (-2 * step,
         "The new step points uphill: the plain step on J is against its gradient."),
    ]
    for slip, message in momentum_slips:
        if momentum and agrees(gap, slip):
            return message
    if not momentum and agrees(new_velocity, np.zeros_like(new_velocity)) and agrees(
            new_params, theta):
        return ("Nothing moved: with momentum = 0 the velocity is the plain step itself — the "
                "newest step enters it with weight 1 (μ⁰) — and θ moves by it.")
    if momentum and agrees(new_params, theta + v):
        return "θ moved by the old velocity: update v first, then move θ by the new v."
    biases_only = np.concatenate([np.concatenate([np.zeros(np.size(W)), np.ravel(b)])
                                  for W, b in params])  # θ with every weight set to 0
    if decay and agrees(gap, lr * decay * biases_only):
        return ("The biases are not decayed: this course's penalty sums over every array, "
                "weights and biases alike.")
    return None


register(Exercise(
    "sgd_step",
    checked="new params and velocity against finite differences of J, momentum as a decaying "
            "sum, inputs untouched",
    output_hint=sgd_step_hint,
    inputs=("params", "grads", "velocity", "lr", "momentum", "weight_decay"),
    numerical=sgd_step_numerical,
))


def train_hint(got, expected, args):
    """Recognises, in order: something other than a pair; history with one row per minibatch
    step, transposed, or of another shape; constant hidden weights (symmetric initialisation);
    with the params right: history one epoch late, its columns swapped, accuracy in percent,
    or otherwise wrong; with several steps per epoch, the minibatch loop; a right first epoch
    only (velocity reset, momentum not passed); a wrong first epoch (initialisation, seed, lr,
    weight decay)."""
    X, batch_size, epochs = args[0], int(args[5]), int(args[4])
    steps = -(-len(X) // batch_size)  # minibatches per epoch
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        return "Return a pair (params, history)."
    params, history = got
    history, want = np.asarray(history, dtype=float), expected[1]
    if history.shape != want.shape:
        if steps > 1 and history.shape[:1] == (epochs * steps,):
            return (f"history has {len(history)} rows, one per minibatch step: record one row "
                    "per epoch, after the epoch's last step.")
        if history.shape == want.shape[::-1]:
            return f"history has shape {history.shape}: one row per epoch, (loss, accuracy)."
        return (f"history has shape {history.shape}, expected {want.shape}: one row per epoch "
                "holding the loss and the accuracy on the whole training set.")
    hidden = [np.asarray(pair[0], dtype=float) for pair in params[:-1]]
    if hidden and all(np.allclose(W, W[:, :1]) for W in hidden):
        return ("Every hidden neuron has the same weights: zero (or constant) initialisation "
                "never breaks the symmetry. Start from init_params(sizes, rng).")
    params_right = all(agrees(g, e) for pair, want_pair in zip(params, expected[0])
                       for g, e in zip(pair, want_pair))
    if params_right:
        if epochs > 1 and agrees(history[1:], want[:-1]):
            return ("history is one epoch late: record the loss and accuracy after each epoch's "
                    "updates, not before them.")
        if agrees(history[:, ::-1], want):
            return "history's columns are swapped: (loss, accuracy) in that order."
        if agrees(history[:, 1], 100 * want[:, 1]):
            return "The accuracy is in percent: give it as a fraction between 0 and 1."
        return ("The params are right, history is not: after each epoch, record the mean "
                "cross-entropy and the accuracy of the network on the whole training set.")
    if steps > 1:
        return (f"With {len(X)} examples in batches of {batch_size}, each epoch makes {steps} "
                "steps: one sgd_step for every minibatch that iterate_minibatches returns, each "
                "starting from the params and velocity of the step before.")
    if agrees(history[0], want[0]):
        return ("The first epoch is right, later ones are not: keep the velocity from step to "
                "step (zeros only once, before the first epoch) and pass momentum to sgd_step.")
    return ("Already the first epoch differs: draw the initial weights with "
            "init_params(sizes, rng), rng = np.random.default_rng(seed), before any shuffle; "
            "then pass lr and weight_decay to sgd_step.")


register(Exercise(
    "train",
    calls=("iterate_minibatches", "sgd_step"),
    checked="params after training, one (loss, accuracy) row per epoch, seed, momentum, decay",
    output_hint=train_hint,
    inputs=("X", "y", "sizes", "lr", "epochs", "batch_size", "momentum", "weight_decay", "seed"),
))
