"""How long the similarity report takes on a large class: fingerprints plus every pair.

    .venv/bin/python benchmarks/similarity.py [--students 50 200 400] [--assignment 06_softmax]

The class is the generated one of tests/support/copied_class.py, repeated with every student's
answers disguised differently (renamed, reformatted, commented), until it has the wanted size.
"""

import argparse
import time

from autograder.reports.similarity import fingerprint_class, similar_pairs
from tests.support.copied_class import DISGUISES, disguised, generated_class


def big_class(assignment, size):
    generated = generated_class(assignment)
    base = list(generated.answers.items())
    answers = {}
    for i in range(size):
        student, cells = base[i % len(base)]
        disguise = DISGUISES[(i // len(base)) % len(DISGUISES)]
        answers[f"{student}-{i}"] = {e: disguised(c, disguise, seed=i) for e, c in cells.items()}
    return answers, generated.starter


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, nargs="+", default=[50, 200, 400])
    parser.add_argument("--assignment", default="06_softmax")
    args = parser.parse_args()
    for size in args.students:
        answers, starter = big_class(args.assignment, size)
        start = time.perf_counter()
        submissions = fingerprint_class(answers, starter)
        middle = time.perf_counter()
        pairs = similar_pairs(submissions, 0.5)
        end = time.perf_counter()
        print(f"{args.assignment}, {size} students: fingerprints {middle - start:.2f} s, "
              f"{size * (size - 1) // 2} pairs compared in {end - middle:.2f} s "
              f"({len(pairs)} at or above 50%)")


if __name__ == "__main__":
    main()
