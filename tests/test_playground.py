"""Explorer 07's training playground, headless: it trains with the functions it is given and the
settings of the moment, restarts on a change of data or architecture, really stops on pause,
names an unwritten function, and every picture's text alternative follows what it shows."""

import re
import threading
import time
from functools import partial

import numpy as np
import pytest

from autograder import reference
from autograder.reference import explorer_networks
from autograder.student.explore import TrainingPlayground, nb07_training
from autograder.student.explore.planar import DATASETS, split


def networks():
    return {name: (partial(explorer_networks.forward_classifier_net, activation=name),
                   partial(explorer_networks.classifier_backward_net, activation=name))
            for name in explorer_networks.HIDDEN_ACTIVATIONS}


def playground(**functions):
    given = {"init_params": reference.init_params,
             "iterate_minibatches": reference.iterate_minibatches,
             "sgd_step": reference.sgd_step, "loss": reference.cross_entropy} | functions
    built = TrainingPlayground(networks(), **given)
    yield built
    built.close()


@pytest.fixture
def pg():
    yield from playground()


def stub(*args, **kwargs):
    raise NotImplementedError


def expected_params(pg, epochs, settings):
    """The network after `epochs` epochs, trained here by hand with the reference and
    `settings(epoch)` -> (lr, momentum, weight_decay, batch_size) (an independent loop)."""
    X, y = DATASETS[pg.dataset.value](np.random.default_rng(1), nb07_training.POINTS,
                                      pg.noise.value)
    X_train, y_train, _, _ = split(X, y, pg.test_fraction.value, np.random.default_rng(2))
    rng = np.random.default_rng([pg.seed, 7])
    sizes = [2, *[int(w) for w in pg.hidden.value.split(",")], 2]
    params = reference.init_params(sizes, rng)
    velocity = [(np.zeros_like(W), np.zeros_like(b)) for W, b in params]
    act = pg.activation.value
    for epoch in range(epochs):
        lr, momentum, decay, batch = settings(epoch)
        for Xb, yb in reference.iterate_minibatches(X_train, y_train, batch, rng):
            Hs = explorer_networks.forward_classifier_net(Xb, params, act)
            grads = explorer_networks.classifier_backward_net(Hs, yb, params, act)
            params, velocity = reference.sgd_step(params, grads, velocity, lr, momentum, decay)
    return params


def same(a, b):
    return all(np.allclose(x, y) for pa, pb in zip(a, b) for x, y in zip(pa, pb))


def test_each_step_trains_one_epoch_with_the_given_functions(pg):
    pg.hidden.value, pg.activation.value = "5, 3", "sigmoid"
    for _ in range(3):
        pg.step()
    assert pg.epoch == 3 and len(pg.history) == 4  # epoch 0 is measured too
    assert same(pg.params, expected_params(pg, 3, lambda e: (pg.lr.value, 0.9, 0.0, 10)))


def test_a_step_setting_applies_to_the_running_network_without_a_restart(pg):
    first = (pg.lr.value, pg.momentum.value, pg.weight_decay.value, pg.batch_size.value)
    pg.step()
    pg.step()
    before = pg.params
    pg.lr.value, pg.momentum.value, pg.weight_decay.value, pg.batch_size.value = 0.3, 0.5, 0.01, 7
    assert pg.epoch == 2 and pg.params is before, "a step setting restarted the network"
    pg.step()
    assert same(pg.params, expected_params(
        pg, 3, lambda e: first if e < 2 else (0.3, 0.5, 0.01, 7)))


@pytest.mark.parametrize("control, value", [
    ("dataset", "ring"), ("noise", 0.5), ("test_fraction", 0.3), ("hidden", "4"),
    ("activation", "ReLU")])
def test_a_change_of_data_or_architecture_starts_again(pg, control, value):
    pg.step()
    pg.step()
    old_train = pg.train_set[0]
    getattr(pg, control).value = value
    assert pg.status == "drawn" and pg.epoch == 0 and len(pg.history) == 1
    assert pg.values()[control] == value
    if control == "hidden":
        assert [W.shape for W, _ in pg.params] == [(2, 4), (4, 2)]
    if control in ("dataset", "noise", "test_fraction"):
        assert not np.array_equal(old_train, pg.train_set[0])
    pg.step()
    assert same(pg.params, expected_params(pg, 1, lambda e: (pg.lr.value, 0.9, 0.0, 10)))


def test_play_trains_in_the_background_and_pause_really_stops_it(pg):
    pg.play()
    deadline = time.monotonic() + 30
    while pg.epoch < 5 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert pg.epoch >= 5, "play did not train"
    pg.pause()
    epoch, frame = pg.epoch, pg.frame
    assert "paused" in pg.caption.value
    time.sleep(0.5)
    assert (pg.epoch, pg.frame) == (epoch, frame), "training went on after pause"
    assert not any(t.name == "playground" and t.is_alive() for t in threading.enumerate())


def test_training_pauses_by_itself_after_max_epochs(pg, monkeypatch):
    monkeypatch.setattr(nb07_training, "MAX_EPOCHS", 3)
    pg.play()
    deadline = time.monotonic() + 30
    worker = pg._worker
    while worker.is_alive() and time.monotonic() < deadline:  # it draws its last frame, then ends
        time.sleep(0.05)
    assert not pg._running.is_set()
    assert pg.epoch == 3 and "paused" in pg.caption.value


def test_reset_draws_new_weights_at_epoch_zero(pg):
    pg.step()
    before = pg.params
    pg.reset()
    assert pg.epoch == 0 and not same(before, pg.params)


@pytest.mark.parametrize("missing", ["iterate_minibatches", "sgd_step"])
def test_an_unwritten_function_is_named_and_nothing_trains(missing):
    for pg in playground(**{missing: stub}):
        assert pg.status == "missing" and pg.view.value == ""
        assert "Write <code>iterate_minibatches</code> and <code>sgd_step</code>" in \
            pg.message.value
        pg.play()
        assert pg._worker is None and pg.epoch == 0


def test_an_exception_in_the_readers_function_shows_in_the_widget():
    def broken(*args):
        raise ValueError("shapes (3,) and (2,) not aligned")

    for pg in playground(sgd_step=broken):
        assert pg.status == "error" and "not aligned" in pg.error.value


def test_hidden_widths_that_do_not_parse_say_what_to_write_and_a_fix_recovers(pg):
    pg.hidden.value = "8, x"
    assert pg.status == "error" and "write 1 to 4 whole numbers" in pg.error.value
    pg.hidden.value = "3, 3, 3"
    assert pg.status == "drawn" and not pg.error.value and len(pg.params) == 4


def labels(pg):
    return dict(re.findall(r'class="playground-(\w+)" role="img" aria-label="([^"]*)"',
                           pg.view.value))


def test_every_picture_has_a_text_alternative_that_follows_it(pg):
    before = labels(pg)
    assert set(before) == {"boundary", "loss", "units"}
    pg.step()
    after = labels(pg)
    train, test, accuracy = pg.history[-1]
    now = f"epoch 1: train loss {train:.3g}, test loss {test:.3g}, test accuracy {accuracy:.0%}"
    assert all(now in label for label in after.values()), after
    assert all(after[k] != before[k] for k in before)
    assert "circles are the 200 training points, squares the 200 test points" in \
        after["boundary"]
    assert "tanh, widths 12, 12" in after["units"]
    frame = re.search(r'data-epoch="(\d+)".*?data-train-loss="([^"]+)"', pg.view.value)
    assert int(frame[1]) == 1 and float(frame[2]) == pytest.approx(train, rel=1e-5)
