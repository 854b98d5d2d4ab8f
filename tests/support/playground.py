"""Drive explorer 07's training playground in a real browser and time it there.

Used by tests/test_playground_browser.py and benchmarks/playground.py. Every number comes from
the page's own clock (performance.now()): a MutationObserver logs each frame the kernel sends
(its number, epoch, losses, settings, from the frame's data- attributes) when it lands in the
DOM, and a capturing keydown listener logs each key press. A control's latency is the time from
its key press to the first frame drawn with the new setting — the whole trip through the
websocket, the kernel and back. Every control is worked with the keyboard, found by its label.
"""

import json

FRAME = ".playground-view .playground-frame"

INSTALL_JS = """() => {
    if (window.__pg) return;
    const log = window.__pg = {frames: [], keys: []};
    document.addEventListener('keydown', e => log.keys.push(performance.now()), true);
    const record = () => {
        const el = document.querySelector('.playground-view .playground-frame');
        if (!el) return;
        const n = +el.dataset.frame;
        const last = log.frames[log.frames.length - 1];
        if (last && last.frame === n) return;
        log.frames.push({t: performance.now(), frame: n, epoch: +el.dataset.epoch,
                         running: +el.dataset.running, train: +el.dataset.trainLoss,
                         test: +el.dataset.testLoss, settings: JSON.parse(el.dataset.settings),
                         label: el.querySelector('svg.playground-loss')
                                  .getAttribute('aria-label')});
    };
    new MutationObserver(record).observe(document.querySelector('.playground-view'),
                                         {childList: true, subtree: true});
    record();
}"""


def open_playground(page, base, timeout=120_000):
    """Open the app's page 07 and start logging frames."""
    page.goto(f"{base}/voila/render/07_training.ipynb", timeout=timeout)
    page.wait_for_selector(FRAME, timeout=timeout)
    page.evaluate(INSTALL_JS)


def frames(page, start=0):
    """The frames logged from index `start` on (the log grows all the time: fetch a slice)."""
    return page.evaluate("start => window.__pg.frames.slice(start)", start)


def count(page):
    return page.evaluate("() => window.__pg.frames.length")


def last_frame(page):
    return page.evaluate("() => window.__pg.frames[window.__pg.frames.length - 1]")


def wait_for_frame(page, condition, after, timeout=30_000):
    """The first logged frame from index `after` on for which the JS `condition(f)` holds, with
    its index in the log as f.index."""
    return page.wait_for_function(
        f"""(after) => {{ const fs = window.__pg.frames;
            for (let i = after; i < fs.length; i++)
                if (({condition})(fs[i])) return {{...fs[i], index: i}};
            return null; }}""", arg=after, timeout=timeout).json_value()


def button(page, name):
    return page.get_by_role("button", name=name, exact=True)


def press(page, name):
    """Press a button with the keyboard: focus, then Enter."""
    button(page, name).focus()
    page.keyboard.press("Enter")


def slider(page, label):
    return page.locator(".widget-slider", has_text=label).locator("[role=slider]")


def key_time(page):
    return page.evaluate("() => window.__pg.keys[window.__pg.keys.length - 1]")


def move(page, control, key=None):
    """Work one control with the keyboard -> (settings key, what the frame must show, JS test).
    Sliders take an arrow key (or `key`), drop-downs ArrowDown/ArrowUp, the text box new
    widths and Enter."""
    if control in SLIDERS:
        handle = slider(page, control)
        handle.focus()
        at_max = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
        page.keyboard.press(key or ("ArrowLeft" if at_max else "ArrowRight"))
    elif control in DROPDOWNS:
        select = page.get_by_label(control, exact=True)
        select.focus()
        last = select.evaluate("s => s.selectedIndex === s.options.length - 1")
        page.keyboard.press("ArrowUp" if last else "ArrowDown")
    else:
        box = page.get_by_label(control, exact=True)
        box.focus()
        box.fill("6, 6" if box.input_value() != "6, 6" else "5, 5")
        page.keyboard.press("Enter")


SLIDERS = {"noise": "noise", "test fraction": "test_fraction", "learning rate": "lr",
           "momentum": "momentum", "weight decay": "weight_decay", "batch size": "batch_size"}
DROPDOWNS = {"data set": "dataset", "activation": "activation"}
TEXTS = {"hidden widths": "hidden"}
CONTROLS = {**SLIDERS, **DROPDOWNS, **TEXTS}


def control_latency(page, control):
    """Work `control`; ms from its key press to the first frame drawn with its new value."""
    key = CONTROLS[control]
    before = last_frame(page)["settings"][key]
    after = count(page)
    move(page, control)
    shown = wait_for_frame(page, f"f => f.settings.{key} !== {json.dumps(before)}", after)
    return shown["t"] - key_time(page), shown


def button_latency(page, name):
    """Press a button; ms to the frame that shows its effect: play, a training frame; pause, a
    paused one; step, one epoch more; reset, epoch 0."""
    after, epoch = count(page), last_frame(page)["epoch"]
    condition = {"play": "f => f.running === 1",
                 "pause": "f => f.running === 0",
                 "step": f"f => f.running === 0 && f.epoch === {epoch + 1}",
                 "reset": "f => f.epoch === 0"}[name]
    press(page, name)
    shown = wait_for_frame(page, condition, after)
    return shown["t"] - key_time(page), shown


def fps(page, seconds):
    """Frames per second that reached the page over the last `seconds` (page clock)."""
    start = count(page)
    page.wait_for_timeout(seconds * 1000)
    recent = frames(page, start)
    if len(recent) < 2:
        return 0.0, recent
    return (len(recent) - 1) / ((recent[-1]["t"] - recent[0]["t"]) / 1000), recent


def p95(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
