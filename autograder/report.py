"""The class report: a score histogram and the pass rate of every exercise, as PNG files."""

import matplotlib

matplotlib.use("Agg")  # files only, never a window
import matplotlib.pyplot as plt  # noqa: E402

from autograder.student.style import BLUE, ORANGE, use_course_style  # noqa: E402


def pass_rates(results, plan):
    """exercise -> share of students who passed every test cell of that exercise."""
    cells = {}
    for test in plan.tests:
        for exercise, _ in test.checks:
            cells.setdefault(exercise, set()).add(test.grade_id)
    return {exercise: sum(not (ids & set(r.failed)) for r in results) / max(len(results), 1)
            for exercise, ids in cells.items()}


def write_report(folder, results, plan):
    """Write scores.png and pass_rates.png into `folder`; returns their paths."""
    use_course_style()
    folder.mkdir(parents=True, exist_ok=True)
    maximum = max((r.max_score for r in results), default=0)
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.hist([r.score for r in results], bins=max(int(maximum), 1), range=(0, max(maximum, 1)),
            color=BLUE, edgecolor="white")
    ax.set(xlabel=f"score (out of {maximum:g})", ylabel="students",
           title=f"{plan.assignment}: scores of {len(results)} submissions")
    fig.savefig(folder / "scores.png")
    plt.close(fig)
    rates = pass_rates(results, plan)
    fig, ax = plt.subplots(figsize=(6, 0.5 + 0.45 * max(len(rates), 1)))
    ax.barh(list(rates), [100 * v for v in rates.values()], color=ORANGE)
    ax.set(xlabel="students passing every check (%)", xlim=(0, 100),
           title=f"{plan.assignment}: pass rate per exercise")
    ax.invert_yaxis()
    fig.savefig(folder / "pass_rates.png")
    plt.close(fig)
    return [folder / "scores.png", folder / "pass_rates.png"]
