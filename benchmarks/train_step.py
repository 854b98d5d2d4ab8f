"""One training step of a 784-128-10 sigmoid/softmax classifier on a batch of 256, three ways.

    .venv/bin/python benchmarks/train_step.py            # PyTorch optional (CPU build)

1. the reference: `forward_classifier`, `classifier_backward` and `sgd_step` (momentum 0.9,
   weight decay 1e-4), in float64 — the code the course's hidden tests trust;
2. PyTorch's CPU autograd on the same network, batch, dtype and update (torch.optim.SGD with the
   same momentum and weight decay), if `torch` is installed;
3. the matmul-bound floor: only the five matrix products that forward and backward cannot avoid
   (X W1, H1 W2; H1ᵀ Δ2, Δ2 W2ᵀ, Xᵀ Δ1), nothing elementwise.
Prints the best and median time per step of each, and the ratios of the best times, after
checking that the reference and PyTorch compute the same step. The thread count of both
libraries follows OPENBLAS_NUM_THREADS / OMP_NUM_THREADS (default: all cores).
"""

import statistics
import time

import numpy as np

from autograder import reference

M, SIZES = 256, [784, 128, 10]
LR, MOMENTUM, DECAY = 0.1, 0.9, 1e-4


def timings(steps, repeat=40, warmup=5):
    """Best and median seconds per call of each step; the steps take turns, so that a busy
    machine slows all of them alike."""
    for step in steps:
        for _ in range(warmup):
            step()
    times = [[] for _ in steps]
    for _ in range(repeat):
        for step, own in zip(steps, times):
            start = time.perf_counter()
            step()
            own.append(time.perf_counter() - start)
    return [(min(t), statistics.median(t)) for t in times]


def problem(seed=0):
    rng = np.random.default_rng(seed)
    X = rng.uniform(size=(M, SIZES[0]))  # pixel-like inputs in [0, 1)
    y = rng.integers(0, SIZES[-1], size=M)
    params = reference.init_params(SIZES, rng)
    return X, y, params


def reference_step(X, y, params, velocity):
    grads = reference.classifier_backward(reference.forward_classifier(X, params), y, params)
    return reference.sgd_step(params, grads, velocity, LR, MOMENTUM, DECAY)


def matmul_floor(X, params):
    (W1, _), (W2, _) = params
    H1 = X @ W1  # (M, 128)
    Delta2 = H1 @ W2  # (M, 10), standing in for P - Y
    dW2 = H1.T @ Delta2  # (128, 10)
    Delta1 = Delta2 @ W2.T  # (M, 128)
    dW1 = X.T @ Delta1  # (784, 128)
    return dW1, dW2


def torch_setup(X, y, params):
    import torch

    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
    weights = [torch.tensor(a, requires_grad=True) for pair in params for a in pair]
    optimizer = torch.optim.SGD(weights, lr=LR, momentum=MOMENTUM, weight_decay=DECAY)
    W1, b1, W2, b2 = weights

    def step():
        optimizer.zero_grad()
        H1 = torch.sigmoid(Xt @ W1 + b1)
        loss = torch.nn.functional.cross_entropy(H1 @ W2 + b2, yt)  # mean over the batch
        loss.backward()
        optimizer.step()

    return step, weights


def same_step(X, y, params):
    """Whether one reference step and one PyTorch step give the same parameters."""
    velocity = [(np.zeros_like(W), np.zeros_like(b)) for W, b in params]
    ours, _ = reference_step(X, y, params, velocity)
    step, weights = torch_setup(X, y, params)
    step()
    theirs = [w.detach().numpy() for w in weights]
    return all(np.allclose(a, b, rtol=1e-10, atol=1e-12)
               for a, b in zip([a for pair in ours for a in pair], theirs))


def main():
    X, y, params = problem()
    velocity = [(np.zeros_like(W), np.zeros_like(b)) for W, b in params]
    steps = {"reference (NumPy)": lambda: reference_step(X, y, params, velocity),
             "matmul-bound floor": lambda: matmul_floor(X, params)}
    try:
        import torch

        steps["PyTorch CPU autograd"] = torch_setup(X, y, params)[0]
        print(f"PyTorch {torch.__version__} with {torch.get_num_threads()} threads; it computes "
              f"the same step as the reference: {same_step(X, y, params)}")
    except ImportError:
        print("PyTorch is not installed (pip install torch): no comparison")
    results = dict(zip(steps, timings(list(steps.values()))))
    print(f"784-128-10, batch {M}, float64, one step (forward + backward + update), "
          "best and median of 40:")
    for name, (best, median) in results.items():
        print(f"  {name:<22} {best * 1e3:6.2f} ms   {median * 1e3:6.2f} ms")
    ours = results["reference (NumPy)"][0]
    for name in list(results)[1:]:
        print(f"  reference / {name:<22} {ours / results[name][0]:.2f} (best times)")


if __name__ == "__main__":
    main()
