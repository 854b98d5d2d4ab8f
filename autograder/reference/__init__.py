"""The reference implementation of every exercise: the one source of truth for every formula.

Instructor side only: hidden tests and the public test vectors are computed from it, and no
student-facing file imports it. One module per notebook (`nb01_gradient_descent` ...
`nb08_any_graph`), small pieces first; this package hands every function out under one name,
`reference.<exercise>`, which is how the cases and the twins find an exercise's truth. The
networks only explorer 05 uses live apart, in `explorer_networks`.

Tensor convention (README, "The notebooks"): batch-first rows. `X` is (M, N0); layer k has
`W[k]` of shape (N_{k-1}, N_k) and `b[k]` of shape (N_k,); `I_k = H_{k-1} @ W_k + b_k`,
`H_k = act(I_k)`. Sources: tutorial 04 (`000`), lecture slides (`001`), MSE derivation (`002`),
simple derivatives (`003`), SGD text (`004`).
"""

from autograder.reference.nb01_gradient_descent import (
    gradient_descent,
)
from autograder.reference.nb02_chain_rule import (
    add_mul_graph,
    norm_sq_of_product,
    numerical_gradient,
    relative_error,
    sigmoid_neuron,
    two_path,
)
from autograder.reference.nb03_sigmoid import (
    relu,
    relu_prime,
    sigmoid,
    sigmoid_prime,
    tanh_prime,
)
from autograder.reference.nb04_last_layer import (
    dense_forward,
    last_layer_gradients,
    log_loss,
    logloss_output_delta,
    mse_loss,
    mse_output_delta,
)
from autograder.reference.nb05_deep_delta import (
    backprop_delta,
    backward_by_hand,
    backward_from_output_delta,
    backward_sigmoid_net,
    fixed_backward,
    forward_sigmoid_net,
)
from autograder.reference.nb06_softmax import (
    classifier_backward,
    cross_entropy,
    forward_classifier,
    softmax,
    softmax_ce_delta,
    softmax_jacobian,
)
from autograder.reference.nb07_training import (
    init_params,
    iterate_minibatches,
    sgd_step,
    train,
)
from autograder.reference.nb08_any_graph import (
    accumulate,
    backward,
    local_backward,
    topological_order,
)

__all__ = [
    "gradient_descent",
    "two_path",
    "add_mul_graph",
    "sigmoid_neuron",
    "norm_sq_of_product",
    "numerical_gradient",
    "relative_error",
    "sigmoid",
    "sigmoid_prime",
    "tanh_prime",
    "relu",
    "relu_prime",
    "dense_forward",
    "last_layer_gradients",
    "mse_loss",
    "mse_output_delta",
    "log_loss",
    "logloss_output_delta",
    "backprop_delta",
    "forward_sigmoid_net",
    "backward_sigmoid_net",
    "backward_from_output_delta",
    "fixed_backward",
    "backward_by_hand",
    "softmax",
    "cross_entropy",
    "softmax_jacobian",
    "softmax_ce_delta",
    "forward_classifier",
    "classifier_backward",
    "init_params",
    "iterate_minibatches",
    "sgd_step",
    "train",
    "local_backward",
    "topological_order",
    "accumulate",
    "backward",
]
