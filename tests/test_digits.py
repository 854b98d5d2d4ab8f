"""Notebook 07's real data: the UCI handwritten digits shipped in the student package, their
split, and the capstone that trains on them (its plots saved to artifacts/digits/)."""

import base64
import hashlib
import os
import re

import numpy as np
import pytest
from nbclient import NotebookClient

from autograder.student.data import DIGITS, SPLIT_SIZES, load_digits, split_indices
from tests.support.course import REPO, read

# tests/scripts/make_digits.py on scikit-learn 1.9.1's sklearn/datasets/data/digits.csv.gz
SHA256 = "6dd2508b580c1b778e0dc6db8c16856d4821b13862539868f5d64f893759e499"
CLASS_COUNTS = [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]  # digits 0..9, 1,797 in all
SOURCE = REPO / "solutions" / "07_training" / "07_training.ipynb"
SHOTS = REPO / "artifacts" / "digits"
SECTION = "## 8 · Real data: handwritten digits"
FIGURES = ["samples", "learning_curves", "confusion_and_worst", "relu_vs_sigmoid"]


def test_the_shipped_file_is_the_uci_digits_unchanged():
    assert hashlib.sha256(DIGITS.read_bytes()).hexdigest() == SHA256
    with np.load(DIGITS) as data:
        assert sorted(data.files) == ["images", "labels"]
        images, labels = data["images"], data["labels"]
    assert images.shape == (1797, 8, 8) and images.dtype == np.uint8
    assert labels.shape == (1797,) and labels.dtype == np.int64
    assert images.min() == 0 and images.max() == 16
    assert np.bincount(labels).tolist() == CLASS_COUNTS


def test_the_split_is_fixed_disjoint_and_complete():
    parts = split_indices()
    assert {name: len(part) for name, part in parts.items()} == SPLIT_SIZES
    assert np.array_equal(np.sort(np.concatenate(list(parts.values()))), np.arange(1797))
    again = split_indices()
    assert all(np.array_equal(parts[name], again[name]) for name in parts)
    first, second = load_digits(), load_digits()
    assert list(first) == ["train", "validation", "test"]
    with np.load(DIGITS) as data:
        for name, (images, labels) in first.items():
            assert np.array_equal(images, data["images"][parts[name]])
            assert np.array_equal(labels, data["labels"][parts[name]])
            assert np.array_equal(images, second[name][0])
    # every class in every part, so that validation and test accuracy mean something
    assert all(len(np.unique(labels)) == 10 for _, labels in first.values())


@pytest.fixture(scope="module")
def executed():
    """Notebook 07 run top to bottom with the inline backend (the tests' Agg draws no PNGs)."""
    nb = read(SOURCE)
    backend = os.environ.pop("MPLBACKEND", None)
    try:
        NotebookClient(nb, timeout=120, kernel_name="python3", shutdown_kernel="immediate",
                       resources={"metadata": {"path": str(SOURCE.parent)}}).execute()
    finally:
        if backend is not None:
            os.environ["MPLBACKEND"] = backend
    return nb


def section_outputs(nb):
    """(printed text, [PNG bytes]) of the code cells of the digits section."""
    start = next(i for i, c in enumerate(nb.cells) if c.source.startswith(SECTION))
    stop = next(i for i, c in enumerate(nb.cells) if i > start and c.cell_type == "markdown"
                and c.source.startswith("## "))
    text, pngs = "", []
    for cell in nb.cells[start:stop]:
        for output in cell.get("outputs", []):
            text += output.get("text", "")
            if "image/png" in output.get("data", {}):
                pngs.append(base64.b64decode(output["data"]["image/png"]))
    return text, pngs


@pytest.mark.slow  # executes notebook 07
def test_the_capstone_chooses_on_validation_and_reaches_95_percent_on_test(executed):
    text, pngs = section_outputs(executed)
    print(text)
    assert re.search(r"chosen on the validation set alone: hidden width \d+", text)
    (accuracy,) = re.findall(r"test accuracy of the chosen network: ([\d.]+)%", text)
    assert float(accuracy) >= 95
    assert len(re.findall(r"test accuracy", text)) == 1  # the test set is reported once
    assert re.search(r"8 epochs retrace the first 8 of \d+: True", text)  # train is replayable
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert len(pngs) == len(FIGURES)
    for name, png in zip(FIGURES, pngs):
        (SHOTS / f"{name}.png").write_bytes(png)
