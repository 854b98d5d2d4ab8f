"""The playground's pictures as inline SVG: cheap to build in the kernel, drawn by the browser.

A matplotlib PNG of the whole figure costs tens of milliseconds per frame; here a frame is a
probability grid coloured with a lookup table and encoded as a small PNG (the browser scales it
up smoothly: no contour lines), SVG circles and squares for the points, and polylines for the
losses. Every picture is an `<svg role="img">` whose `aria-label` says what it shows now.
Colours are Okabe–Ito orange and blue (class 0 and 1), which stay apart for colour-blind
readers; train and test points also differ in shape.
"""

import base64
import html
import io

import numpy as np
from PIL import Image

from autograder.student.style import BLUE, ORANGE, RED

INK = "#333333"
SIZE = 340  # px of the decision-boundary picture


def rgb(hex_colour):
    return np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)], dtype=float)


def diverging_lut(lightness=0.45):
    """256 colours from a light orange (0) through white (0.5) to a light blue (1)."""
    white = np.full(3, 255.0)
    t = np.linspace(0, 1, 256)[:, None]  # (256, 1)
    low = white + (rgb(ORANGE) - white) * (1 - lightness)  # the palest end colours
    high = white + (rgb(BLUE) - white) * (1 - lightness)
    colours = np.where(t < 0.5, low + (white - low) * (2 * t), white + (high - white) * (2 * t - 1))
    return colours.astype(np.uint8)  # (256, 3)


LUT = diverging_lut()


PALETTE = LUT.ravel().tolist()


def colour_index(values, low, high):
    """Values mapped from [low, high] onto 0..255, the entries of LUT."""
    span = high - low if high > low else 1.0
    return np.clip((np.nan_to_num(values) - low) / span * 255, 0, 255).astype(np.uint8)


def png_uri(index):
    """A (rows, cols) array of LUT entries -> a PNG data: URI. A palette image: one byte per
    pixel to compress, a third of what RGB costs. Row 0 is drawn at the top."""
    image = Image.fromarray(index, mode="L").convert("P")
    image.putpalette(PALETTE)
    buffer = io.BytesIO()
    image.save(buffer, format="png", compress_level=1)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def svg(width, height, label, body, css_class):
    return (f'<svg class="{css_class}" role="img" aria-label="{html.escape(label)}" '
            f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
            f'xmlns="http://www.w3.org/2000/svg"><title>{html.escape(label)}</title>'
            f"{body}</svg>")


def marks(extent, train, test, size):
    """SVG marks of the points: train points are circles, test points squares (the same for
    every frame of one data set: the caller keeps them)."""
    scale = size / (2 * extent)
    out = []
    for (X, y), shape in ((train, "circle"), (test, "square")):
        xs, ys = (X[:, 0] + extent) * scale, (extent - X[:, 1]) * scale
        for x, yy, cls in zip(xs, ys, y):
            colour = BLUE if cls else ORANGE
            if shape == "circle":
                out.append(f'<circle cx="{x:.1f}" cy="{yy:.1f}" r="3.2" fill="{colour}"/>')
            else:
                out.append(f'<rect x="{x - 3:.1f}" y="{yy - 3:.1f}" width="6" height="6" '
                           f'fill="{colour}" stroke="{INK}" stroke-width="1"/>')
    return f'<g stroke="white" stroke-width="0.6">{"".join(out)}</g>'


def boundary(P, points, label, size=SIZE):
    """P (G, G), the probability of class 1 on the grid (row 0 at the bottom), under `points`
    (from marks)."""
    body = (f'<image href="{png_uri(colour_index(P[::-1], 0.0, 1.0))}" width="{size}" '
            f'height="{size}" preserveAspectRatio="none"/>{points}'
            f'<rect width="{size}" height="{size}" fill="none" stroke="{INK}"/>')
    return svg(size, size, label, body, "playground-boundary")


def curve_points(values, x_of, y_of):
    return " ".join(f"{x_of(i):.1f},{y_of(v):.1f}" for i, v in enumerate(values))


def losses(train_loss, test_loss, label, width=340, height=170):
    """Train (solid) and test (dashed) loss per epoch; the y axis from 0 to a round top."""
    left, bottom, top, right = 34, 22, 8, 8
    n = max(len(train_loss), 2)
    finite = [v for v in (*train_loss, *test_loss) if np.isfinite(v)]
    top_value = float(np.ceil(min(max(finite, default=1.0), 5.0) * 4) / 4) or 0.25
    step = max(1, n // 300)  # at most ~300 points per line

    def x_of(i):
        return left + (i * step) / (n - 1) * (width - left - right)

    def y_of(v):
        v = min(v, top_value) if np.isfinite(v) else top_value
        return top + (1 - v / top_value) * (height - top - bottom)

    ticks = "".join(
        f'<text x="{left - 4}" y="{y_of(v) + 4:.1f}" text-anchor="end">{v:g}</text>'
        f'<line x1="{left}" x2="{width - right}" y1="{y_of(v):.1f}" y2="{y_of(v):.1f}" '
        f'stroke="#dddddd"/>' for v in (0, top_value / 2, top_value))
    lines = "".join(
        f'<polyline fill="none" stroke="{colour}" stroke-width="2" {dash}'
        f'points="{curve_points(values[::step], x_of, y_of)}"/>'
        for values, colour, dash in ((train_loss, BLUE, ""),
                                     (test_loss, RED, 'stroke-dasharray="5 3" ')) if values)
    body = (f'<g font-size="10" fill="{INK}">{ticks}'
            f'<text x="{width - right}" y="{height - 6}" text-anchor="end">epoch {n - 1}</text>'
            f'<text x="{left}" y="{height - 6}">'
            f'<tspan fill="{BLUE}">— train</tspan>  <tspan fill="{RED}">- - test</tspan>'
            f' (cross-entropy)</text></g>{lines}')
    return svg(width, height, label, body, "playground-loss")


def units(layers, label, tile=24, scale=2, gap=3, lead=8):
    """Small multiples: one row per hidden layer, one tile per unit, all in one PNG (one encode
    per frame, not one per unit) that the browser draws `scale` times larger; `lead` pixels
    above each row leave room for its caption.
    layers: list of (A (G, G, N_k) outputs on the grid, low, high); row 0 of A at the bottom."""
    columns = max(A.shape[2] for A, _, _ in layers)
    pitch = lead + tile + gap
    mosaic = np.full((len(layers) * pitch, columns * (tile + gap)), 127, dtype=np.uint8)
    texts = []
    for k, (A, low, high) in enumerate(layers):
        step = max(1, A.shape[0] // tile)
        index = colour_index(A[::-step, ::step][:tile, :tile], low, high)  # (tile, tile, N_k)
        top = k * pitch + lead
        for j in range(A.shape[2]):
            mosaic[top:top + tile, j * (tile + gap):j * (tile + gap) + tile] = index[:, :, j]
        texts.append(f'<text x="0" y="{top * scale - 4}" font-size="10" fill="{INK}">'
                     f"layer {k + 1}, {A.shape[2]} units</text>")
    height, width = mosaic.shape[0] * scale, mosaic.shape[1] * scale
    body = (f'<image href="{png_uri(mosaic)}" width="{width}" height="{height}" '
            f'preserveAspectRatio="none"/>{"".join(texts)}')
    return svg(max(width, 120), height, label, body, "playground-units")
