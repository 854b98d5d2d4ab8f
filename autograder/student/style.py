"""The course's one plot style: call `use_course_style()` once at the top of a notebook."""

import matplotlib as mpl

# Okabe–Ito: distinguishable with every common form of colour blindness.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442",
           "#000000"]
BLUE, ORANGE, GREEN, RED, PURPLE, SKY, YELLOW, BLACK = PALETTE


def use_course_style():
    mpl.rcParams.update({
        "figure.figsize": (9, 3.6),
        "figure.dpi": 90,
        "axes.prop_cycle": mpl.cycler(color=PALETTE),
        "axes.grid": True,
        "grid.alpha": 0.3,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titlesize": 11,
        "axes.labelsize": 10,
        "legend.fontsize": 9,
        "legend.frameon": False,
        "lines.linewidth": 2,
        "figure.constrained_layout.use": True,
    })
