"""The class charts: a score histogram and the pass rate of every exercise, as PNG images."""

import io

import matplotlib

matplotlib.use("Agg")  # files only, never a window
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from autograder.student.style import BLUE, ORANGE, use_course_style  # noqa: E402


def png(fig):
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return buffer.getvalue()


def charts(results, plan, passing):
    """{"scores.png": histogram, "pass_rates.png": bars} as PNG bytes; `passing` is
    {exercise: students passing every check of it} (class_report.passing_counts)."""
    use_course_style()
    maximum = max((r.max_score for r in results), default=0)
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.hist([r.score for r in results], bins=max(int(maximum), 1), range=(0, max(maximum, 1)),
            color=BLUE, edgecolor="white")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # whole students
    ax.set(xlabel=f"score (out of {maximum:g})", ylabel="students",
           title=f"{plan.assignment}: scores of {len(results)} submissions")
    scores = png(fig)
    rates = {exercise: count / max(len(results), 1) for exercise, count in passing.items()}
    fig, ax = plt.subplots(figsize=(6, 0.5 + 0.45 * max(len(rates), 1)))
    ax.barh(list(rates), [100 * v for v in rates.values()], color=ORANGE)
    ax.set(xlabel="students passing every check (%)", xlim=(0, 100),
           title=f"{plan.assignment}: pass rate per exercise")
    ax.invert_yaxis()
    return {"scores.png": scores, "pass_rates.png": png(fig)}
