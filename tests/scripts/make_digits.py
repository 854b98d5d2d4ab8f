"""Write autograder/student/data/digits.npz from scikit-learn's copy of the UCI digits.

    pip download --no-deps scikit-learn -d /tmp/skl
    python tests/scripts/make_digits.py /tmp/skl/scikit_learn-*.whl

Reads sklearn/datasets/data/digits.csv.gz out of the wheel (no install: scikit-learn is not a
dependency of the course) and stores its 1,797 rows as `images` (uint8, (1797, 8, 8), pixel
counts 0..16) and `labels` (int64, (1797,)). The file's SHA-256 is checked by
tests/test_digits.py; the same wheel gives the same bytes.
"""

import gzip
import io
import sys
import zipfile
from pathlib import Path

import numpy as np

MEMBER = "sklearn/datasets/data/digits.csv.gz"
ZIP_DATE = (2020, 1, 1, 0, 0, 0)  # fixed, so that the same wheel gives the same bytes
OUT = Path(__file__).resolve().parents[2] / "autograder" / "student" / "data" / "digits.npz"


def main(wheel):
    with zipfile.ZipFile(wheel) as archive:
        table = np.loadtxt(io.BytesIO(gzip.decompress(archive.read(MEMBER))), delimiter=",")
    images = table[:, :64].astype(np.uint8).reshape(-1, 8, 8)
    labels = table[:, 64].astype(np.int64)
    assert np.array_equal(table[:, :64], images.reshape(-1, 64)) and images.max() == 16
    with zipfile.ZipFile(OUT, "w", zipfile.ZIP_DEFLATED) as archive:  # what np.load reads
        for name, array in [("images", images), ("labels", labels)]:
            entry = zipfile.ZipInfo(f"{name}.npy", ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(entry, "w") as f:
                np.lib.format.write_array(f, array, allow_pickle=False)
    print(f"{OUT}: {len(labels)} images, {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main(sys.argv[1])
