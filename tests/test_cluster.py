"""The same grading unit on a Dask cluster (a LocalCluster of two worker processes)."""

import csv

import pytest

from autograder.grading.submissions import fill, solutions, submit
from tests.support.course import GRADE_FLAGS, autograder, make_course, read

pytestmark = pytest.mark.grading

distributed = pytest.importorskip("distributed")
ASSIGNMENT = "01_gradient_descent"
NAME = f"{ASSIGNMENT}.ipynb"


def small_class(course):
    release = course.release_notebook(ASSIGNMENT, NAME)
    answer = solutions(read(course.solutions / ASSIGNMENT / NAME))["gradient_descent"]
    submit(course, "right", ASSIGNMENT, {NAME: fill(release, {"gradient_descent": answer})})
    submit(course, "stub", ASSIGNMENT, {NAME: fill(release, {})})
    submit(course, "uphill", ASSIGNMENT, {NAME: fill(release, {
        "gradient_descent": answer.replace("x - lr", "x + lr")})})


def grades(course):
    with open(course.root / "grades.csv") as f:
        return {r["student"]: (r["score"], r["failed"]) for r in csv.DictReader(f)}


def test_a_dask_cluster_grades_exactly_like_local_workers(tmp_path):
    (tmp_path / "cluster").mkdir(), (tmp_path / "local").mkdir()
    on_cluster, local = make_course(tmp_path / "cluster"), make_course(tmp_path / "local")
    for course in (on_cluster, local):
        small_class(course)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        autograder(on_cluster, "grade", ASSIGNMENT, "--scheduler", cluster.scheduler_address,
                   *GRADE_FLAGS)
    autograder(local, "grade", ASSIGNMENT, "--jobs", "2", *GRADE_FLAGS)
    assert grades(on_cluster) == grades(local)
    assert grades(local)["right"][0] == "4.0" and grades(local)["uphill"][0] == "0.0"
