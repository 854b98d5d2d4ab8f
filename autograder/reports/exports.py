"""Grades out of nbgrader's gradebook: grades.csv with every assignment, and the CSV files Canvas
and Moodle import. Rebuilt from the gradebook each time, so they never drift from it.

    nbgrader export --exporter=autograder.reports.exports.GradesCsvExporter            # grades.csv
    nbgrader export --exporter=autograder.reports.exports.CanvasExporter --to=canvas.csv
    nbgrader export --exporter=autograder.reports.exports.MoodleExporter --to=moodle.csv

(`--assignment` and `--student` narrow them, as for nbgrader's own exporter.) The columns:

grades.csv (long: one row per student and assignment in the gradebook, unsubmitted ones too)
    assignment, student (nbgrader's student id), last_name, first_name, email, submitted
    (yes/no), timestamp, score, max_score, failed (the test cells that lost points,
    space-separated), problem (why a notebook could not be graded: the grader's note from
    autograded/<student>/<assignment>/grading.json, empty otherwise)
canvas.csv (Canvas: Grades > Import; wide: one row per student)
    Student ("Last, First"), ID (nbgrader's lms_user_id: the Canvas user id), SIS User ID
    (empty), SIS Login ID (the nbgrader student id), Section (empty), then one column per
    assignment named like it; the second row is "Points Possible" with each maximum. Canvas
    matches a student by ID or SIS Login ID and creates a new assignment for an unknown name.
moodle.csv (Moodle: Grades > Import > CSV file; wide: one row per student)
    Email address, ID number (the nbgrader student id), First name, Last name, then one column
    per assignment. In Moodle, identify users by mapping "Email address" (or "ID number") to the
    same field, and each assignment column to a grade item or a new one.
In the Canvas and Moodle files an assignment a student did not submit is empty (the LMS leaves
that grade as it is); in grades.csv it scores 0 with submitted = no.
"""

import csv
import warnings
from dataclasses import dataclass
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.plugins import ExportPlugin
from sqlalchemy.exc import SAWarning

from autograder.course import Course
from autograder.grading.recording import load_graded

GRADES_COLUMNS = ["assignment", "student", "last_name", "first_name", "email", "submitted",
                  "timestamp", "score", "max_score", "failed", "problem"]
CANVAS_IDENTITY = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
MOODLE_IDENTITY = ["Email address", "ID number", "First name", "Last name"]


@dataclass(frozen=True)
class Mark:
    """One student's result on one assignment, as the gradebook holds it."""
    assignment: str
    student_id: str
    first_name: str
    last_name: str
    email: str
    lms_user_id: str
    submitted: bool
    timestamp: str
    score: float
    max_score: float
    lost_points_on: tuple  # grade ids of test cells that scored less than their points


def marks(gradebook, assignments=(), students=()):
    """Every (assignment, student) Mark of the gradebook, assignments and students by name."""
    found = []
    for assignment in sorted(gradebook.assignments, key=lambda a: a.name):
        if assignments and assignment.name not in assignments:
            continue
        for student in sorted(gradebook.students, key=lambda s: s.id):
            if students and student.id not in students:
                continue
            identity = {"assignment": assignment.name, "student_id": student.id,
                        "first_name": student.first_name or "",
                        "last_name": student.last_name or "", "email": student.email or "",
                        "lms_user_id": student.lms_user_id or "",
                        "max_score": float(assignment.max_score)}
            try:
                submission = gradebook.find_submission(assignment.name, student.id)
            except MissingEntry:
                found.append(Mark(**identity, submitted=False, timestamp="", score=0.0,
                                  lost_points_on=()))
                continue
            lost = tuple(grade.name for notebook in submission.notebooks
                         for grade in notebook.grades
                         if grade.max_score and (grade.score or 0) < grade.max_score)
            found.append(Mark(**identity, submitted=True, timestamp=str(submission.timestamp),
                              score=float(submission.score), lost_points_on=lost))
    return found


def number(value):
    return str(float(value))


def grading_problem(course, mark):
    """The grader's note on a submission it could not fully grade ('' if none or unknown)."""
    if not mark.submitted:
        return "no submission"
    graded = load_graded(course, mark.assignment, mark.student_id) if course else None
    return str(graded.result.problem) if graded else ""


def write_grades_csv(path, class_marks, course=None):
    """grades.csv: one row per Mark (see the module docstring for the columns); the grader's
    notes are read from `course`'s records."""
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(GRADES_COLUMNS)
        for m in class_marks:
            writer.writerow([m.assignment, m.student_id, m.last_name, m.first_name, m.email,
                             "yes" if m.submitted else "no", m.timestamp, number(m.score),
                             number(m.max_score), " ".join(m.lost_points_on),
                             grading_problem(course, m)])


def wide(class_marks):
    """(assignment names, {assignment: max score}, {student_id: {assignment: Mark}}, people)."""
    names = sorted({m.assignment for m in class_marks})
    maxima = {m.assignment: m.max_score for m in class_marks}
    table, people = {}, {}
    for m in class_marks:
        table.setdefault(m.student_id, {})[m.assignment] = m
        people[m.student_id] = m
    return names, maxima, table, people


def write_canvas_csv(path, class_marks, course=None):
    """The Canvas gradebook import format (see the module docstring)."""
    names, maxima, table, people = wide(class_marks)
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(CANVAS_IDENTITY + names)
        writer.writerow(["Points Possible", "", "", "", ""] + [number(maxima[n]) for n in names])
        for student_id in sorted(table):
            p = people[student_id]
            name = ", ".join(filter(None, [p.last_name, p.first_name])) or student_id
            writer.writerow([name, p.lms_user_id, "", student_id, ""] +
                            [cell(table[student_id].get(n)) for n in names])


def write_moodle_csv(path, class_marks, course=None):
    """The Moodle grade import format (see the module docstring)."""
    names, _, table, people = wide(class_marks)
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(MOODLE_IDENTITY + names)
        for student_id in sorted(table):
            p = people[student_id]
            writer.writerow([p.email, student_id, p.first_name, p.last_name] +
                            [cell(table[student_id].get(n)) for n in names])


def cell(mark):
    return number(mark.score) if mark and mark.submitted else ""


def export_grades(course, path=None):
    """Rebuild the course's grades.csv (or `path`) from its whole gradebook; returns the Marks."""
    with warnings.catch_warnings(), Gradebook(course.gradebook_url) as gradebook:
        warnings.simplefilter("ignore", SAWarning)  # nbgrader's lazy loads; harmless
        class_marks = marks(gradebook)
    write_grades_csv(path or course.grades_csv, class_marks, course)
    return class_marks


class _Exporter(ExportPlugin):
    """nbgrader export plugins: `nbgrader export --exporter=autograder.reports.exports.<Name>`."""
    default_to, write = "grades.csv", staticmethod(write_grades_csv)

    def export(self, gradebook):
        destination = self.to or self.default_to
        class_marks = marks(gradebook, [str(a) for a in self.assignment],
                            [str(s) for s in self.student])
        self.log.info("Exporting %d grades to %s", len(class_marks), destination)
        root = getattr(getattr(self.parent, "coursedir", None), "root", None)
        self.write(destination, class_marks, Course(Path(root).resolve()) if root else None)


class GradesCsvExporter(_Exporter):
    """grades.csv, long: one row per student and assignment."""


class CanvasExporter(_Exporter):
    """canvas.csv for Canvas's gradebook import."""
    default_to, write = "canvas.csv", staticmethod(write_canvas_csv)


class MoodleExporter(_Exporter):
    """moodle.csv for Moodle's CSV grade import."""
    default_to, write = "moodle.csv", staticmethod(write_moodle_csv)
