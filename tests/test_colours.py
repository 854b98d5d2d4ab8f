"""The course's plot colours stay distinguishable for colour-blind readers: every pair of the
palette's colours that the plots use together (autograder/student/style.py, Okabe–Ito) keeps a
clear difference after simulating protanopia, deuteranopia and tritanopia.

Simulation: Machado, Oliveira & Fernandes (2009), full severity, on linear RGB; difference:
CIE76 ΔE in L*a*b* (D65). Independent of the palette's own claim.
"""

import itertools

import numpy as np
import pytest

from autograder.student import style

MACHADO = {  # linear-RGB matrices at severity 1.0
    "protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                   [-0.003882, -0.048116, 1.051998]],
    "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                     [-0.011820, 0.042940, 0.968881]],
    "tritanopia": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602],
                   [0.004733, 0.691367, 0.303900]],
}
MIN_DELTA_E = 10  # ΔE about 2 is barely noticeable; 10 is a plainly different colour
USED_TOGETHER = ["BLUE", "ORANGE", "GREEN", "RED", "PURPLE"]  # lines, points, graph labels


def linear(hex_colour):
    srgb = np.array([int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)])
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


def lab(rgb_linear):
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722],
                    [0.0193, 0.1192, 0.9505]]) @ np.clip(rgb_linear, 0, 1)
    t = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(t > (6 / 29) ** 3, np.cbrt(t), t / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


@pytest.mark.parametrize("vision", ["normal", *MACHADO])
def test_plot_colours_stay_apart(vision):
    seen = {name: linear(getattr(style, name)) for name in USED_TOGETHER}
    if vision != "normal":
        seen = {name: np.array(MACHADO[vision]) @ rgb for name, rgb in seen.items()}
    close = [(a, b, round(float(np.linalg.norm(lab(seen[a]) - lab(seen[b]))), 1))
             for a, b in itertools.combinations(USED_TOGETHER, 2)
             if np.linalg.norm(lab(seen[a]) - lab(seen[b])) < MIN_DELTA_E]
    assert not close, f"{vision}: too alike (ΔE < {MIN_DELTA_E}): {close}"
