"""List the pairs of submissions of one assignment whose answers look alike.

    python -m autograder similarity 05_deep_delta
    python -m autograder similarity 05_deep_delta --threshold 0.4

Compares the answer cells of submitted/<student>/<assignment>/ (the released starter code left
out; renamed variables, reformatting, reordered statements and comments do not hide a copy) and
writes reports/<assignment>/similarity.html: every pair at or above the threshold, the matching
lines side by side.
"""

from autograder.course import Course
from autograder.reports.similarity_page import write_similarity_page


def add_arguments(parser):
    parser.add_argument("assignment", help="e.g. 05_deep_delta")
    parser.add_argument("--threshold", type=float, default=0.5,
                        help="list pairs sharing at least this share of fingerprints "
                             "(default: %(default)s)")


def run(args):
    course = Course.at(args.root)
    if args.assignment not in course.assignments():
        raise SystemExit(f"no assignment {args.assignment!r}; known: {course.assignments()}")
    if not 0 < args.threshold <= 1:
        raise SystemExit(f"--threshold must be in (0, 1], got {args.threshold}")
    path, pairs, found = write_similarity_page(course, args.assignment, args.threshold)
    print(f"{args.assignment}: {len(found.answers)} submission(s) compared, "
          f"{len(pairs)} pair(s) at or above {args.threshold:.0%}")
    for pair in pairs:
        print(f"  {pair.similarity:4.0%}  {pair.first}  {pair.second}  "
              f"({', '.join(sorted(pair.lines))})")
    for student, why in sorted(found.unread.items()):
        print(f"  not compared: {student}: {why}")
    print(f"report: {path}")
