"""`python -m autograder SUBCOMMAND`: one module per subcommand, registered here.

Only the subcommand that runs is imported: grading pulls in NumPy, nbgrader and matplotlib,
seconds of start-up that `release` or `progress` should not pay, nor `grade` for the others'.
"""

import argparse
import importlib
import sys

COMMANDS = {  # subcommand (the module autograder.cli.<name>) -> its line in --help
    "release": "regenerate notebooks/ from solutions/",
    "vectors": "regenerate the public test vectors (autograder/student/vectors/)",
    "grade": "grade submitted/ in sandboxes: gradebook, feedback, grades.csv, report",
    "demo": "grade a simulated class of three students (a first run for instructors)",
    "similarity": "similar submissions of one assignment: an HTML page with the matching lines",
    "progress": "for students: which exercises of your notebooks pass their checks",
    "distribute": "build dist/student/: the student wheel and the released notebooks",
}
# The library's errors whose message is all an instructor needs: (module, class).
ERRORS = [("autograder.course", "CourseError"), ("autograder.grading.plan", "SetupError")]


def reported(error):
    """Whether `error` is one of ERRORS (a module not imported raised none of its errors)."""
    return any(module in sys.modules and isinstance(error, getattr(sys.modules[module], name))
               for module, name in ERRORS)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = argparse.ArgumentParser(prog="python -m autograder", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    for name, help_line in COMMANDS.items():
        if argv[:1] != [name]:
            sub.add_parser(name, help=help_line)
            continue
        module = importlib.import_module(f"autograder.cli.{name}")
        command = sub.add_parser(name, help=help_line, description=module.__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
        command.add_argument("--root", default=".", help="the course directory (default: .)")
        module.add_arguments(command)
        command.set_defaults(run=module.run)
    args = parser.parse_args(argv)
    try:
        return args.run(args) or 0
    except Exception as error:
        if not reported(error):
            raise
        print(error, file=sys.stderr)  # the library says why; the CLI says it and fails
        return 1
