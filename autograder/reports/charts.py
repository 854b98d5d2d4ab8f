"""The class charts: a score histogram and the pass rate of every exercise, as PNG images."""

import io

import matplotlib

matplotlib.use("Agg")  # files only, never a window
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from autograder.student.style import BLUE, ORANGE, use_course_style  # noqa: E402


def pass_rates(results, plan):
    """exercise -> share of students who passed every test cell of that exercise."""
    cells = {}
    for test in plan.tests:
        for exercise, _ in test.checks:
            cells.setdefault(exercise, set()).add(test.grade_id)
    return {exercise: sum(not (ids & set(r.failed)) for r in results) / max(len(results), 1)
            for exercise, ids in cells.items()}


def png(fig):
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return buffer.getvalue()


def charts(results, plan):
    """{"scores.png": histogram, "pass_rates.png": bars} as PNG bytes."""
    use_course_style()
    maximum = max((r.max_score for r in results), default=0)
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.hist([r.score for r in results], bins=max(int(maximum), 1), range=(0, max(maximum, 1)),
            color=BLUE, edgecolor="white")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # whole students
    ax.set(xlabel=f"score (out of {maximum:g})", ylabel="students",
           title=f"{plan.assignment}: scores of {len(results)} submissions")
    scores = png(fig)
    rates = pass_rates(results, plan)
    fig, ax = plt.subplots(figsize=(6, 0.5 + 0.45 * max(len(rates), 1)))
    ax.barh(list(rates), [100 * v for v in rates.values()], color=ORANGE)
    ax.set(xlabel="students passing every check (%)", xlim=(0, 100),
           title=f"{plan.assignment}: pass rate per exercise")
    ax.invert_yaxis()
    return {"scores.png": scores, "pass_rates.png": png(fig)}


def write_report(folder, results, plan):
    """Write scores.png and pass_rates.png into `folder`; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in charts(results, plan).items():
        (folder / name).write_bytes(data)
        paths.append(folder / name)
    return paths
