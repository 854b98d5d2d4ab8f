"""What every explorer shares: controls that redraw, a figure shown as a PNG image, a line that
says which function to write first, and an error area that shows a callback's exception.

Redraws never queue up: the browser's widget manager keeps at most one change of a control in
flight and merges the moves made meanwhile into the next message, so a slow redraw is followed
by one redraw with the latest value, never by one per intermediate position. Expensive explorers
set `continuous_update=False` so that work starts only when a slider is released.
"""

import html
import io
import re
import traceback
import warnings

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import traitlets
from IPython.display import display
from matplotlib.backends.backend_agg import FigureCanvasAgg
from PIL import Image

from autograder.student.style import use_course_style


class Unsolved(Exception):
    """A function the explorer needs still raises NotImplementedError (an unsolved stub)."""

    def __init__(self, name, exercise=None):
        super().__init__(name)
        self.name, self.exercise = name, exercise

    def html(self):
        """"Write `f` (exercise 2) first, ..."; `name` may list several: "a, b and c"."""
        names = [n.strip() for n in self.name.replace(" and ", ", ").split(",")]
        listed = ", ".join(f"<code>{n}</code>" for n in names[:-1])
        listed = f"{listed} and <code>{names[-1]}</code>" if listed else f"<code>{names[0]}</code>"
        where = f" ({self.exercise})" if self.exercise else ""
        cells = "their cells" if len(names) > 1 else "its cell"
        return f"<b>Write {listed}{where} first, run {cells}, then this one.</b>"


def call(function, name, *args, exercise=None):
    """`function(*args)`, with a stub's NotImplementedError turned into `Unsolved(name)`."""
    try:
        return function(*args)
    except NotImplementedError:
        raise Unsolved(name, exercise) from None


def solved(function, *args):
    """True if `function(*args)` runs without NotImplementedError (for optional functions)."""
    try:
        function(*args)
    except NotImplementedError:
        return False
    except Exception:  # written, but wrong: the explorer calls it and shows the error
        return True
    return True


def slider(kind, description, value, low, high, step, continuous=True, **options):
    """A slider whose description is readable in full."""
    cls = {"float": widgets.FloatSlider, "int": widgets.IntSlider,
           "log": widgets.FloatLogSlider}[kind]
    return cls(value=value, min=low, max=high, step=step, description=description,
               continuous_update=continuous, style={"description_width": "initial"},
               layout=widgets.Layout(width="300px"), **options)


class Picture(widgets.Image):
    """An image whose tooltip becomes its title, the text alternative: ipywidgets' front end
    reads a `description` before it sets the title, and an Image has none (it fails there)."""

    description = traitlets.Unicode("").tag(sync=True)


def png(canvas):
    """What an Agg canvas shows, as PNG bytes (fast compression: the bytes go to the browser)."""
    buffer = io.BytesIO()
    rgba = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(), "raw",
                            "RGBA", 0, 1)
    rgba.convert("RGB").save(buffer, format="png", compress_level=1)
    return buffer.getvalue()


class Explorer:
    """Base of the explorers: subclasses create `self.fig` and controls, then call `finish`.

    `draw()` (the subclass's) updates the figure from the controls; it may raise `Unsolved`.
    Rendering the whole figure costs most of a redraw (tick labels, text). So a subclass that
    keeps its axes fixed marks the artists that change as animated and returns a `layout_key`
    naming what the rest depends on: while the key stays the same, a redraw pastes the saved
    background and draws only the animated artists on it (blitting).
    """

    animated = ()  # artists drawn over the saved background on every redraw
    margins = {"left": 0.07, "right": 0.98, "bottom": 0.14, "top": 0.9, "wspace": 0.25}

    def figure(self, ncols=2, figsize=(10, 4), **options):
        use_course_style()
        self.fig, axes = plt.subplots(1, ncols, figsize=figsize, layout="none", **options)
        plt.close(self.fig)  # shown through the image widget, not by the notebook
        # a fixed layout: constrained layout would re-measure every label on every redraw
        self.fig.subplots_adjust(**self.margins)
        self.canvas = FigureCanvasAgg(self.fig)
        self._background = self._background_key = None
        return axes

    def layout_key(self):
        """What the non-animated part of the figure depends on; None: redraw it every time."""
        return None

    def render(self):
        """Draw the figure (or only its animated artists on the saved background) -> PNG."""
        key = self.layout_key()
        if key is None or key != self._background_key or self._background is None:
            self.canvas.draw()  # skips the animated artists
            self._background = self.canvas.copy_from_bbox(self.fig.bbox)
            self._background_key = key
        else:
            self.canvas.restore_region(self._background)
        for artist in self.animated:
            if artist.get_visible():
                self.fig.draw_artist(artist)
        return png(self.canvas)

    def say(self, text):
        """The line above the plot (cheaper as HTML than as a figure title drawn each time)."""
        self.caption.value = f"<b>{html.escape(text)}</b>"

    def finish(self, rows, controls):
        """Lay out the rows of controls, watch `controls`, and draw once."""
        self.controls = list(controls)
        width = int(self.fig.get_figwidth() * self.fig.dpi)  # shown at its own size, not stretched
        self.image = Picture(format="png", width=str(width),
                                   layout=widgets.Layout(max_width="100%"))
        self.message = widgets.HTML()  # which function to write first, while it is a stub
        self.error = widgets.HTML()  # an exception of the last redraw, shown where one looks
        self.caption = widgets.HTML()  # what the picture shows, e.g. "lr = 0.3: converges"
        self.status = "new"
        for control in self.controls:
            control.observe(self.refresh, names="value")
        self.widget = widgets.VBox([*rows, self.message, self.error, self.caption,
                                   self.image])
        self.refresh()

    def _ipython_display_(self):
        display(self.widget)

    def refresh(self, change=None):
        """Redraw from the current controls; record what happened in `self.status`."""
        try:
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                self.draw()
                picture = self.render()
        except Unsolved as missing:
            self.status = "missing"
            self.message.value, self.error.value = missing.html(), ""
            self.caption.value, self.image.value = "", b""
            self.image.layout.display = "none"  # no empty frame under the message
            return
        except Exception as error:  # the reader's function failed: say so in the widget
            self.status = "error"
            self.error.value = error_html(error)
            return
        self.status = "drawn"
        self.message.value = self.error.value = ""
        with self.image.hold_sync():  # the picture and its words reach the browser together
            self.image.value = picture
            self.image.tooltip = self.describe()  # the text alternative (the image's title)
        self.image.layout.display = None

    def draw(self):
        raise NotImplementedError

    def describe(self):
        """The picture in words, for readers who cannot see it: the line above it (which says
        what the current settings do) and what each panel shows; it changes with the picture."""
        titles = [self.fig._suptitle.get_text()] if self.fig._suptitle else []
        titles += [ax.get_title() for ax in self.fig.axes if ax.get_title()]
        said = plain_text(self.caption.value) or "Settings: " + ", ".join(
            setting(control) for control in self.controls)
        return ". ".join(filter(None, [said, "Shown: " + "; ".join(titles) if titles else ""]))


def setting(control):
    """'learning rate = 0.3' for a control (its description, its value)."""
    name, value = control.description.rstrip(": "), control.value
    value = f"{value:g}" if isinstance(value, float) else str(value)
    return f"{name} {value}" if name.endswith("=") else f"{name} = {value}"


def plain_text(markup):
    """HTML as one line of text; a table's cells separated by commas, its rows by semicolons."""
    text = re.sub(r"</t[dh]>", ", ", markup)
    text = re.sub(r"</tr>", "; ", text)
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    text = re.sub(r"(\s*,)+\s*;", ";", re.sub(r"\s+", " ", text))
    return re.sub(r"(\s*;)+", ";", text).strip(" ,;")


def error_html(error):
    """The exception and the last frames of its traceback, in red."""
    frames = traceback.format_exception(type(error), error, error.__traceback__, limit=-3)
    text = html.escape("".join(frames))
    return ("<div style='color:#D55E00'><b>This redraw failed:</b>"
            f"<pre style='white-space:pre-wrap;font-size:85%'>{text}</pre></div>")
