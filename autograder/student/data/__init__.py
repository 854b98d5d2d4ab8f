"""Real data for notebook 07: the UCI handwritten digits, in `digits.npz` beside this file.

The data: "Optical Recognition of Handwritten Digits" by E. Alpaydin and C. Kaynak (1998),
UCI Machine Learning Repository, https://doi.org/10.24432/C50P49, licensed under Creative
Commons Attribution 4.0 International (CC BY 4.0, https://creativecommons.org/licenses/by/4.0/).
The file holds the 1,797 images of the repository's test part (written by 13 people), as
scikit-learn ships them (`sklearn/datasets/data/digits.csv.gz`, scikit-learn 1.9.1): 32×32
bitmaps cut into 4×4 blocks, each pixel the number of ink dots in its block (0..16). Changed
here: only the format — `images` (uint8, (1797, 8, 8)) and `labels` (int64, (1797,), the
digit 0..9), stored as NumPy arrays (the course's `tests/scripts/make_digits.py` writes it).
"""

from pathlib import Path

import numpy as np

DIGITS = Path(__file__).with_name("digits.npz")
SPLIT_SEED = 0
SPLIT_SIZES = {"train": 1000, "validation": 397, "test": 400}


def split_indices():
    """{"train": indices, "validation": ..., "test": ...} into the file's 1,797 images: the
    first 1,000, next 397 and last 400 of `np.random.default_rng(0).permutation(1797)`."""
    order = np.random.default_rng(SPLIT_SEED).permutation(sum(SPLIT_SIZES.values()))
    cuts = np.cumsum(list(SPLIT_SIZES.values()))[:-1]
    return dict(zip(SPLIT_SIZES, np.split(order, cuts)))


def load_digits():
    """The 1,797 digits, split once and for all into training, validation and test sets.

    The split (`split_indices`): `np.random.default_rng(0).permutation(1797)`; its first 1,000
    indices are the training set, the next 397 the validation set, the last 400 the test set —
    the same three disjoint sets on every machine and every call.
    Returns: a dict {"train": (images, labels), "validation": (...), "test": (...)};
    images: uint8 (M, 8, 8), ink per pixel from 0 to 16; labels: int64 (M,), the digit 0..9.
    """
    with np.load(DIGITS) as data:
        images, labels = data["images"], data["labels"]
    return {name: (images[part], labels[part]) for name, part in split_indices().items()}
