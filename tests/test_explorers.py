"""Every explorer, headless: each control changes the picture, the picture shows what the given
functions compute, an unwritten function is named, central differences stand in where they can,
and an exception inside a redraw appears in the widget."""

from functools import partial

import numpy as np
import pytest

from autograder import reference
from autograder.student.explore import (
    AnyGraphExplorer,
    GradientFlowExplorer,
    GraphExplorer,
    LastLayerExplorer,
    LearningRateExplorer,
    SaturationExplorer,
    SoftmaxExplorer,
    TrainingExplorer,
)
from tests.support.explorers import small_datasets


def stub(*args, **kwargs):
    raise NotImplementedError


def broken(*args, **kwargs):
    raise ValueError("shapes (3,) and (2,) not aligned")


def networks():
    return {name: (partial(reference.forward_net, activation=name),
                   partial(reference.backward_net, activation=name))
            for name in reference.HIDDEN_ACTIVATIONS}


# name -> (build from the reference, build with every function a stub, build with a broken one)
EXPLORERS = {
    "01": (lambda f=reference.gradient_descent: LearningRateExplorer(f),
           "gradient_descent"),
    "02": (lambda f=reference.add_mul_graph: GraphExplorer(f), "add_mul_graph"),
    "03": (lambda f=reference.sigmoid: SaturationExplorer(f, reference.sigmoid_prime),
           "sigmoid"),
    "04": (lambda f=reference.mse_loss: LastLayerExplorer(
        reference.sigmoid, f, reference.mse_output_delta, reference.logloss_output_delta),
        "mse_loss"),
    "05": (lambda f=reference.backward_sigmoid_net: GradientFlowExplorer(
        {"sigmoid": (reference.forward_sigmoid_net, f), **dict(list(networks().items())[1:])}),
        "backward_sigmoid_net"),
    "06": (lambda f=reference.softmax: SoftmaxExplorer(f, reference.cross_entropy,
                                                       reference.softmax_ce_delta), "softmax"),
    "07": (lambda f=reference.train: TrainingExplorer(f, reference.forward_classifier,
                                                      small_datasets(), epochs=5),
           "iterate_minibatches</code>, <code>sgd_step</code> and <code>train"),
    "08": (lambda f=reference.backward: AnyGraphExplorer(f), "backward"),
}


def nudge(control):
    """Move a control to another of its values, as a reader would."""
    if hasattr(control, "options"):
        values = [o[1] if isinstance(o, tuple) else o for o in control.options]
        control.value = next(v for v in values if v != control.value)
    else:
        span = control.max - control.min
        target = control.value + 0.3 * span
        control.value = target if target <= control.max else control.value - 0.3 * span


@pytest.mark.parametrize("name", EXPLORERS)
def test_every_control_changes_the_picture(name):
    explorer = EXPLORERS[name][0]()
    assert explorer.status == "drawn", explorer.error.value
    assert bytes(explorer.image.value).startswith(b"\x89PNG")
    for control in explorer.controls:
        before = explorer.image.value
        nudge(control)
        assert explorer.status == "drawn", explorer.error.value
        assert explorer.image.value != before, f"{control.description} left the plot unchanged"


@pytest.mark.parametrize("name", EXPLORERS)
def test_an_unwritten_function_is_named_and_nothing_is_drawn(name):
    build, function = EXPLORERS[name]
    explorer = build(stub)
    assert explorer.status == "missing"
    assert f"Write <code>{function}</code>" in explorer.message.value
    assert explorer.image.value == b"" and not explorer.error.value
    assert explorer.image.layout.display == "none"


@pytest.mark.parametrize("name", EXPLORERS)
def test_an_exception_in_a_redraw_shows_in_the_widget(name):
    explorer = EXPLORERS[name][0](broken)
    assert explorer.status == "error"
    assert "ValueError" in explorer.error.value and "not aligned" in explorer.error.value


def test_a_redraw_that_fails_after_a_good_one_keeps_the_picture_and_shows_the_error():
    calls = []

    def flaky(grad, x0, lr, steps):
        calls.append(lr)
        if lr > 0.5:
            raise ValueError("lr too large for this student's function")
        return reference.gradient_descent(grad, x0, lr, steps)

    explorer = LearningRateExplorer(flaky)
    picture = explorer.image.value
    explorer.lr.value = 0.8
    assert "lr too large" in explorer.error.value and explorer.image.value == picture
    explorer.lr.value = 0.2
    assert explorer.status == "drawn" and not explorer.error.value


def test_learning_rate_reaches_past_every_landscapes_limit():
    explorer = LearningRateExplorer(reference.gradient_descent)
    highest = explorer.lr.base ** explorer.lr.max  # a log slider's max is an exponent
    for name, landscape in explorer.LANDSCAPES.items():
        assert highest > 1.5 * 2 / landscape.curvature, name
        explorer.landscape.value, explorer.lr.value = name, highest
        assert "diverges" in explorer.caption.value or "does not settle" in explorer.caption.value


def test_graph_explorer_writes_the_functions_gradients_and_central_differences():
    explorer = GraphExplorer(reference.add_mul_graph)
    explorer.inputs["x"].value, explorer.inputs["z"].value = 1.5, 2.5
    f, dx, dy, dz = reference.add_mul_graph(1.5, 5.0, 2.5)
    drawn = [(v.get_text(), g.get_text()) for v, g in explorer.ax.edge_texts]
    assert drawn[0] == ("1.5", f"{dx:.3g}") and drawn[3] == ("2.5", f"{dz:.3g}")
    assert drawn[-1][0] == f"{f:.3g}"
    assert np.allclose(explorer.numeric, [dx, dy, dz], atol=1e-6)


def test_saturation_explorer_chain_gradient_and_its_numerical_stand_in():
    explorer = SaturationExplorer(reference.sigmoid, reference.sigmoid_prime, z=0.5, w=2.0)
    depths, gradients = explorer.chain.get_data()
    h, expected = 0.5, 1.0
    for _ in range(3):
        expected *= 2.0 * reference.sigmoid_prime(2.0 * h)
        h = reference.sigmoid(2.0 * h)
    assert gradients[2] == pytest.approx(abs(expected))
    assert np.all(gradients <= (2.0 / 4) ** depths * (1 + 1e-9))
    numerical = SaturationExplorer(reference.sigmoid, stub, z=0.5, w=2.0)
    assert "central differences" in numerical.caption.value
    assert np.allclose(numerical.chain.get_data()[1], gradients, rtol=1e-6)


def test_last_layer_explorer_deltas_match_the_functions_and_their_stand_ins():
    explorer = LastLayerExplorer(reference.sigmoid, reference.mse_loss,
                                 reference.mse_output_delta, reference.logloss_output_delta,
                                 i=-6.0, target=1)
    y_hat = reference.sigmoid(-6.0)
    mse_delta = reference.mse_output_delta(np.array([[y_hat]]), np.ones((1, 1)))[0, 0]
    assert explorer.marks[1].get_data()[1] == pytest.approx([mse_delta, y_hat - 1])
    assert "confidently wrong" in explorer.caption.value
    numerical = LastLayerExplorer(reference.sigmoid, reference.mse_loss, stub, stub, i=-6.0)
    assert numerical.marks[1].get_data()[1] == pytest.approx([mse_delta, y_hat - 1], abs=1e-6)
    assert "mse_output_delta and logloss_output_delta" in numerical.caption.value


def test_gradient_flow_explorer_plots_the_norms_of_the_backward_pass():
    explorer = GradientFlowExplorer(networks(), depth=5, width=8)
    X, Y, params = explorer.network()
    grads = reference.backward_sigmoid_net(reference.forward_sigmoid_net(X, params), Y, params)
    layers, norms = explorer.norms.get_data()
    assert list(layers) == [1, 2, 3, 4, 5]
    assert np.allclose(norms, [np.linalg.norm(dW) for dW, _ in grads])


def test_reference_networks_with_other_activations_pass_the_gradient_check():
    rng = np.random.default_rng(1)
    X, Y = rng.normal(size=(4, 3)), rng.uniform(size=(4, 2))
    params = [(rng.normal(size=(3, 5)), rng.normal(size=5)), (rng.normal(size=(5, 2)),
                                                               rng.normal(size=2))]
    for name in reference.HIDDEN_ACTIVATIONS:
        grads = reference.backward_net(reference.forward_net(X, params, name), Y, params, name)

        def loss(W, name=name):
            changed = [(W, params[0][1]), params[1]]
            return reference.mse_loss(reference.forward_net(X, changed, name)[-1], Y)

        numeric = reference.numerical_gradient(loss, params[0][0].copy())
        assert reference.relative_error(grads[0][0], numeric) < 1e-6, name


def test_softmax_explorer_bars_are_p_and_p_minus_y_also_by_central_differences():
    explorer = SoftmaxExplorer(reference.softmax, reference.cross_entropy,
                               reference.softmax_ce_delta, logits=(1.0, 3.0, -1.0),
                               temperature=2.0, label=2)
    P = reference.softmax(np.array([[0.5, 1.5, -0.5]]))[0]
    assert [b.get_height() for b in explorer.p_bars] == pytest.approx(P)
    assert [b.get_height() for b in explorer.d_bars] == pytest.approx(P - [0, 0, 1])
    numerical = SoftmaxExplorer(reference.softmax, reference.cross_entropy, stub,
                                logits=(1.0, 3.0, -1.0), temperature=2.0, label=2)
    assert [b.get_height() for b in numerical.d_bars] == pytest.approx(P - [0, 0, 1], abs=1e-6)
