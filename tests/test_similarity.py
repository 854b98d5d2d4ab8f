"""The similarity report finds disguised copies and leaves independent answers alone.

On a generated class per assignment (tests/copied_class.py): three students answer with
different correct texts (the instructor's solution and the catalogue's correct variants), and the
first two are copied with renamed variables, reformatting, reordered independent statements,
added comments, or all four. Precision and recall are measured over every pair of every
assignment and printed (pytest -s shows them).
"""

import ast
import shutil

import nbformat
import pytest

from autograder.grading.submissions import fill, submit
from autograder.reports.similarity import compare, fingerprint_class, fingerprints, similar_pairs
from tests.support.copied_class import DISGUISES, generated_class
from tests.support.course import ASSIGNMENTS, REPO, autograder

THRESHOLD = 0.5


def scores(generated):
    """{(student, student): similarity} of every pair of the generated class."""
    submissions = fingerprint_class(generated.answers, generated.starter)
    return {tuple(sorted((p.first, p.second))): p.similarity
            for p in similar_pairs(submissions, threshold=0.0)}


def test_planted_copies_are_found_and_independent_answers_are_not():
    found, planted_total, flagged_total, missed = 0, 0, 0, []
    lowest_planted, highest_other = 1.0, 0.0
    by_disguise = dict.fromkeys(DISGUISES, 0)
    for assignment in ASSIGNMENTS:
        generated = generated_class(assignment)
        planted, scored = generated.planted(), scores(generated)
        flagged = {pair for pair, score in scored.items() if score >= THRESHOLD}
        lowest_planted = min([lowest_planted, *(scored.get(p, 0) for p in planted)])
        highest_other = max([highest_other, *(v for p, v in scored.items() if p not in planted)])
        independent = {p for p in flagged if all(s.startswith("independent") for s in p)}
        assert not independent, f"{assignment}: independent correct answers flagged: {independent}"
        found += len(planted & flagged)
        planted_total += len(planted)
        flagged_total += len(flagged)
        missed += [(assignment, p) for p in planted - flagged]
        for copier, original in generated.copied_from.items():
            disguise = copier.split("-")[1]
            by_disguise[disguise] += tuple(sorted((copier, original))) in flagged
    precision, recall = found / max(flagged_total, 1), found / planted_total
    print(f"\nsimilarity at {THRESHOLD:.0%}: {planted_total} planted pairs, {flagged_total} "
          f"flagged, precision {precision:.3f}, recall {recall:.3f}; copies found by disguise "
          f"(of {2 * len(ASSIGNMENTS)} each): {by_disguise}; lowest planted pair "
          f"{lowest_planted:.2f}, highest other pair {highest_other:.2f}")
    assert not missed, f"{len(missed)} planted copies not found, e.g. {missed[:5]}"
    assert precision == 1.0
    assert all(n == 2 * len(ASSIGNMENTS) for n in by_disguise.values()), by_disguise


def test_the_disguises_really_change_the_code_and_keep_it_valid_python():
    changed = dict.fromkeys(DISGUISES, 0)
    cells = 0
    for assignment in ASSIGNMENTS:
        generated = generated_class(assignment)
        for original in ("independent-0", "independent-1"):
            for exercise, code in generated.answers[original].items():
                cells += 1
                for disguise in DISGUISES:
                    copy = generated.answers[f"copy-{disguise}-of-{original[-1]}"][exercise]
                    ast.parse(copy)
                    changed[disguise] += copy != code
    print(f"\ncells changed by each disguise (of {cells}): {changed}")
    for disguise in ("rename", "reformat", "comment", "all"):
        assert changed[disguise] == cells, disguise
    assert changed["reorder"] >= 10  # only cells with independent neighbouring statements


@pytest.mark.parametrize("disguise", DISGUISES)
def test_a_disguise_leaves_the_fingerprints_unchanged(disguise):
    generated = generated_class("02_chain_rule")  # it has statements that can be reordered
    for exercise, code in generated.answers["independent-0"].items():
        copy = generated.answers[f"copy-{disguise}-of-0"][exercise]
        assert fingerprints(copy).keys() == fingerprints(code).keys(), (exercise, copy)


def test_starter_code_and_what_the_whole_class_writes_are_ignored():
    generated = generated_class("03_sigmoid")
    untouched = {f"untouched-{i}": dict(generated.starter) for i in range(3)}
    assert similar_pairs(fingerprint_class(untouched, generated.starter), 0.01) == []
    assert all(not s.places for s in fingerprint_class(untouched, generated.starter))
    # without the starter left out, the untouched notebooks would look alike
    assert similar_pairs(fingerprint_class(untouched), THRESHOLD)
    # one line most of a class writes the same way is no evidence
    common = "def relu(z):\n    return np.maximum(0, z)\n"
    answers = {f"s{i}": {"relu": common} for i in range(5)}
    answers["s5"] = {"relu": "def relu(z):\n    y = z.copy()\n    y[y < 0] = 0\n    return y\n"}
    submissions = fingerprint_class(answers)
    assert all(not s.places for s in submissions[:5])
    assert compare(submissions[0], submissions[1]).similarity == 0


@pytest.fixture(scope="module")
def copied_course(tmp_path_factory):
    """A course folder with the generated class of 05 submitted, and one corrupt notebook."""
    root = tmp_path_factory.mktemp("similar")
    shutil.copy(REPO / "nbgrader_config.py", root)
    shutil.copytree(REPO / "solutions", root / "solutions")
    shutil.copytree(REPO / "notebooks", root / "notebooks")
    from autograder.course import Course

    course = Course.at(root)
    assignment = "05_deep_delta"
    generated = generated_class(assignment)
    release = course.release_notebook(assignment, f"{assignment}.ipynb")
    for student, answers in generated.answers.items():
        submit(course, student, assignment, {f"{assignment}.ipynb": fill(release, answers)})
    submit(course, "broken", assignment, {f"{assignment}.ipynb": "{ not json"})
    return course, generated


@pytest.mark.slow  # the command on a generated class
def test_the_command_writes_the_page_with_the_matching_lines(copied_course):
    course, generated = copied_course
    out = autograder(course, "similarity", "05_deep_delta")
    assert "13 submission(s) compared" in out
    assert f"{len(generated.planted())} pair(s) at or above 50%" in out
    assert "not compared: broken" in out
    page = (course.root / "reports" / "05_deep_delta" / "similarity.html").read_text()
    assert "copy-rename-of-0" in page and 'class=match' in page
    assert "<script" not in page and "http" not in page.split("</style>")[1]
    nb = nbformat.read(course.submitted / "copy-all-of-1" / "05_deep_delta" /
                       "05_deep_delta.ipynb", 4)
    assert any("# step by step" in c.source for c in nb.cells)
