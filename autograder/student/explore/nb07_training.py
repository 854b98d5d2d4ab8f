"""Explorer of notebook 07: a live training playground, like TensorFlow Playground.

    TrainingPlayground({"sigmoid": (forward_classifier, classifier_backward)},
                       init_params, iterate_minibatches, sgd_step, cross_entropy)

The network trains in a background thread, one slice of epochs per frame (FRAME_BUDGET), so
the kernel keeps answering the controls while it runs. Learning rate, momentum, weight decay
and batch size are read at every step and so apply to the running network; the data set, its
noise and split, the hidden layers and the activation rebuild the network and start again.
Each frame is one HTML widget value: the decision boundary with the points, the losses per
epoch and every hidden unit's output over the plane, as inline SVG (see pictures.py), plus
`data-` attributes that say which frame, epoch and settings it shows (the browser tests read
them).
"""

import html
import json
import threading
import time
import warnings

import ipywidgets as widgets
import numpy as np
from IPython.display import display

from autograder.student.explore import pictures
from autograder.student.explore.common import Unsolved, call, error_html, slider
from autograder.student.explore.planar import DATASETS, EXTENT, split

FRAME_BUDGET = 0.03  # s of training per frame: a control waits at most this long
GAP = 0.01  # s between frames in which the kernel handles the controls' messages
GRID = 48  # points per axis of the pictures over the plane
POINTS = 400  # per data set, before the split
HIDDEN_RANGE = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0)}  # others: 0 in the middle (white)
NEEDED = "iterate_minibatches and sgd_step"
# training pauses by itself here: a forgotten playground would hold a core of the reader's kernel
# (and keep a Voilà kernel from ever looking idle to the culler)
MAX_EPOCHS = 3000


class TrainingPlayground:
    """Train a classifier on a 2-D set live: controls, play/pause/step/reset, three pictures.

    networks: {activation name: (forward(X, params) -> Hs, backward(Hs, y, params) -> grads)};
    init_params(sizes, rng), iterate_minibatches(X, y, batch_size, rng), sgd_step(params,
    grads, velocity, lr, momentum, weight_decay) and loss(P, y) are the course's functions —
    the reader's own in notebook 07, the reference in the explorer app.
    """

    def __init__(self, networks, init_params, iterate_minibatches, sgd_step, loss,
                 dataset="spirals", hidden="12, 12", activation="tanh", lr=0.03, momentum=0.9,
                 weight_decay=0.0, batch_size=10, noise=0.1, test_fraction=0.5, seed=0):
        self.networks, self.init_params, self.loss = networks, init_params, loss
        self.iterate_minibatches, self.sgd_step = iterate_minibatches, sgd_step
        self.seed, self.frame, self.status = seed, 0, "new"
        self._lock = threading.RLock()
        self._running = threading.Event()
        # set while a restart waits for the lock: the worker gives it up between minibatches
        # instead of finishing its slice and drawing a frame no one will see
        self._restarting = threading.Event()
        self._worker = None
        self.build_controls(dataset, hidden, activation, lr, momentum, weight_decay,
                            batch_size, noise, test_fraction)
        self.restart()

    # ---- controls ----------------------------------------------------------------------------

    def build_controls(self, dataset, hidden, activation, lr, momentum, weight_decay,
                       batch_size, noise, test_fraction):
        self.dataset = widgets.Dropdown(options=list(DATASETS), value=dataset,
                                        description="data set")
        self.noise = slider("float", "noise", noise, 0.0, 1.0, 0.05)
        self.test_fraction = slider("float", "test fraction", test_fraction, 0.1, 0.9, 0.1,
                                    readout_format=".0%")
        self.hidden = widgets.Text(value=hidden, description="hidden widths",
                                   placeholder="e.g. 8, 8", continuous_update=False,
                                   style={"description_width": "initial"})
        self.activation = widgets.Dropdown(
            options=list(self.networks), description="activation",
            value=activation if activation in self.networks else next(iter(self.networks)))
        self.lr = slider("log", "learning rate", lr, -3, 1, 0.1, base=10, readout_format=".3f")
        self.momentum = slider("float", "momentum", momentum, 0.0, 0.99, 0.01)
        self.weight_decay = slider("float", "weight decay", weight_decay, 0.0, 0.05, 0.001,
                                   readout_format=".3f")
        self.batch_size = slider("int", "batch size", batch_size, 1, 64, 1)
        self.buttons = {name: widgets.Button(description=name, tooltip=tip,
                                             layout=widgets.Layout(width="80px"))
                        for name, tip in (("play", "train continuously"),
                                          ("pause", "stop training"),
                                          ("step", "train one epoch"),
                                          ("reset", "new random weights, epoch 0"))}
        for name, button in self.buttons.items():
            button.on_click(lambda _, name=name: getattr(self, name)())
        self.structure = [self.dataset, self.noise, self.test_fraction, self.hidden,
                          self.activation]
        self.settings = [self.lr, self.momentum, self.weight_decay, self.batch_size]
        self.controls = self.structure + self.settings
        for control in self.structure:
            control.observe(lambda _: self.restart(), names="value")
        for control in self.settings:
            control.observe(lambda _: self.show(), names="value")
        self.message, self.error = widgets.HTML(), widgets.HTML()
        self.caption = widgets.HTML()
        self.view = widgets.HTML()
        self.view.add_class("playground-view")
        self.widget = widgets.VBox([
            widgets.HBox(list(self.buttons.values())),
            widgets.HBox([self.dataset, self.noise, self.test_fraction]),
            widgets.HBox([self.hidden, self.activation]),
            widgets.HBox([self.lr, self.momentum]),
            widgets.HBox([self.weight_decay, self.batch_size]),
            self.message, self.error, self.caption, self.view])

    def _ipython_display_(self):
        display(self.widget)

    def values(self):
        """The settings a frame was drawn with (also written into the frame): the structure
        the network was built with and the step settings of this moment."""
        return {**self.applied, "lr": round(self.lr.value, 6),
                "momentum": round(self.momentum.value, 3),
                "weight_decay": round(self.weight_decay.value, 4),
                "batch_size": self.batch_size.value}

    @staticmethod
    def widths(text):
        """The hidden widths typed into the text box: "8, 8" -> [8, 8] (1 to 4 layers of 1-16)."""
        try:
            widths = [int(w) for w in text.replace(",", " ").split()]
        except ValueError:
            widths = []
        if not 1 <= len(widths) <= 4 or not all(1 <= w <= 16 for w in widths):
            raise ValueError(f"hidden widths {text!r}: write 1 to 4 whole numbers "
                             "from 1 to 16, e.g. 8, 8")
        return widths

    # ---- play, pause, step, reset ------------------------------------------------------------

    def play(self):
        if self.status != "drawn" or self._running.is_set():
            return
        self._running.set()
        self._worker = threading.Thread(target=self._run, name="playground", daemon=True)
        self._worker.start()

    def pause(self):
        """Stop training; returns once the worker has finished its slice (no frame follows)."""
        self._running.clear()
        worker, self._worker = self._worker, None
        if worker is not None and worker is not threading.current_thread():
            worker.join()
        self.show()

    def step(self):
        self.pause()
        with self._lock:
            if self.status == "drawn" and self.guarded(self._epoch):
                self.guarded(self._publish)

    def reset(self):
        self.seed += 1
        self.restart()

    def close(self):
        self._running.clear()
        self.widget.close()

    # ---- training ----------------------------------------------------------------------------

    def restart(self):
        """New data, network and history from the structural controls (training continues if
        it was running)."""
        self._restarting.set()
        try:
            with self._lock:
                self._restarting.clear()
                self.guarded(self._rebuild)
        finally:
            self._restarting.clear()

    def _rebuild(self):
        # read once: a control may change while this runs, and then rebuilds again
        self.applied = {"dataset": self.dataset.value, "noise": round(self.noise.value, 3),
                        "test_fraction": round(self.test_fraction.value, 3),
                        "hidden": self.hidden.value, "activation": self.activation.value}
        rng = np.random.default_rng([self.seed, 7])
        X, y = DATASETS[self.applied["dataset"]](np.random.default_rng(1), POINTS,
                                                  self.applied["noise"])
        X_train, y_train, X_test, y_test = split(X, y, self.applied["test_fraction"],
                                                 np.random.default_rng(2))
        self.train_set, self.test_set = (X_train, y_train), (X_test, y_test)
        sizes = [2, *self.widths(self.applied["hidden"]), int(y.max()) + 1]
        self.params = call(self.init_params, "init_params", sizes, rng)
        self.velocity = [tuple(np.zeros(np.shape(a)) for a in pair) for pair in self.params]
        self.rng, self.epoch, self.history = rng, 0, []
        self.points = pictures.marks(EXTENT, self.train_set, self.test_set, pictures.SIZE)
        self.probe()
        self._measure()
        self._publish()

    def probe(self):
        """Call the step functions once on a copy, so an unwritten one is named at once."""
        X, y = self.train_set
        call(self.iterate_minibatches, NEEDED, X, y, 4, np.random.default_rng(0))
        call(self.sgd_step, NEEDED, self.params, self.velocity, self.velocity, 0.0, 0.0, 0.0)

    def _epoch(self):
        """One epoch of minibatch steps with the settings of this moment."""
        with self._lock:
            forward, backward = self.networks[self.applied["activation"]]
            X, y = self.train_set
            for X_batch, y_batch in call(self.iterate_minibatches, NEEDED, X, y,
                                         self.batch_size.value, self.rng):
                if self._restarting.is_set():
                    return  # the network is about to be replaced
                grads = backward(forward(X_batch, self.params), y_batch, self.params)
                self.params, self.velocity = call(
                    self.sgd_step, NEEDED, self.params, grads, self.velocity, self.lr.value,
                    self.momentum.value, self.weight_decay.value)
            self.epoch += 1
            self._measure()

    def _measure(self):
        forward = self.networks[self.applied["activation"]][0]
        (X, y), (X_test, y_test) = self.train_set, self.test_set
        P_test = forward(X_test, self.params)[-1]
        accuracy = float(np.mean(np.argmax(P_test, axis=1) == y_test))
        self.history.append((self.loss(forward(X, self.params)[-1], y),
                             self.loss(P_test, y_test), accuracy))

    def _run(self):
        """The worker: train for FRAME_BUDGET, draw, let the kernel breathe, until paused."""
        while self._running.is_set():
            start = time.perf_counter()
            with self._lock:
                while (self._running.is_set() and not self._restarting.is_set()
                       and time.perf_counter() - start < FRAME_BUDGET):
                    if not self.guarded(self._epoch):
                        return
                    if self.epoch >= MAX_EPOCHS:
                        self._running.clear()  # and the frame below says "paused"
                        self.guarded(self._publish)
                        return
                if self._running.is_set() and not self._restarting.is_set():
                    self.guarded(self._publish)
            time.sleep(GAP)

    def guarded(self, work):
        """Run `work`; a stub or an exception shows in the widget instead, and training stops.
        Returns True if it worked."""
        try:
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                work()
        except Unsolved as unsolved:
            self._running.clear()
            self.status = "missing"
            self.message.value, self.error.value, self.view.value = unsolved.html(), "", ""
            self.caption.value = ""
            return False
        except Exception as error:  # the reader's function failed: say so in the widget
            self._running.clear()
            self.status = "error"
            self.error.value = error_html(error)
            return False
        return True

    def show(self):
        """Redraw the current state (after a setting changed, or on pause); while training
        runs, its next frame shows the change."""
        if self.status in ("drawn", "new") and not self._running.is_set():
            with self._lock:
                self.guarded(self._publish)

    # ---- pictures ----------------------------------------------------------------------------

    def describe(self):
        """The text alternative of the frame: "epoch 40: train loss 0.21, ... 94%"."""
        if not self.history:
            return "no epoch yet"
        train, test, accuracy = self.history[-1]
        return (f"epoch {self.epoch}: train loss {train:.3g}, test loss {test:.3g}, "
                f"test accuracy {accuracy:.0%}")

    def _publish(self):
        forward = self.networks[self.applied["activation"]][0]
        axis = np.linspace(-EXTENT, EXTENT, GRID)
        grid = np.column_stack([a.ravel() for a in np.meshgrid(axis, axis)])  # (G², 2)
        Hs = forward(grid, self.params)
        P = np.asarray(Hs[-1])[:, 1].reshape(GRID, GRID)  # row 0 at x2 = -EXTENT
        now = self.describe()
        values = self.values()
        where = f"{values['dataset']} (noise {values['noise']:g})"
        layers = []
        for H in Hs[1:-1]:
            A = np.asarray(H).reshape(GRID, GRID, -1)
            top = max(float(np.abs(A).max()), 1e-6)
            low, high = HIDDEN_RANGE.get(values["activation"], (-top, top))
            layers.append((A, low, high))
        boundary = pictures.boundary(
            P, self.points,
            f"Decision boundary on {where}, {now}: orange is class 0, blue class 1, circles "
            f"are the {len(self.train_set[1])} training points, squares the "
            f"{len(self.test_set[1])} test points")
        train, test, _ = zip(*self.history)
        curves = pictures.losses(  # the step settings act live: their picture says them
            list(train), list(test),
            f"Loss per epoch (learning rate {values['lr']:g}, momentum {values['momentum']:g}, "
            f"weight decay {values['weight_decay']:g}, batch {values['batch_size']}), {now}")
        tiles = pictures.units(
            layers, f"Output of every hidden unit over the plane ({values['activation']}, "
            f"widths {values['hidden']}), {now}")
        self.frame += 1
        attributes = {"frame": self.frame, "epoch": self.epoch,
                      "running": int(self._running.is_set()),
                      "train-loss": f"{train[-1]:.6g}", "test-loss": f"{test[-1]:.6g}",
                      "settings": json.dumps(values, sort_keys=True)}
        data = " ".join(f'data-{k}="{html.escape(str(v))}"' for k, v in attributes.items())
        self.view.value = (
            f'<div class="playground-frame" {data} style="display:flex;flex-wrap:wrap;'
            f'gap:16px;align-items:flex-start">{boundary}<div>{curves}<br>{tiles}</div></div>')
        running = "training" if self._running.is_set() else "paused"
        self.caption.value = (f"<b>{html.escape(now)}</b> ({running}; learning rate "
                              f"{values['lr']:.3g}, momentum {values['momentum']:g}, batch "
                              f"{values['batch_size']})")
        self.status = "drawn"
        self.message.value = self.error.value = ""
