"""`python -m autograder SUBCOMMAND`: one module per subcommand, registered here."""

import argparse
import sys

from autograder.cli import demo, distribute, grade, progress, release, similarity, vectors
from autograder.course import CourseError
from autograder.grading.plan import SetupError

COMMANDS = {"release": release, "vectors": vectors, "grade": grade, "demo": demo,
            "similarity": similarity, "progress": progress, "distribute": distribute}


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m autograder", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    for name, module in COMMANDS.items():
        command = sub.add_parser(name, help=module.HELP, description=module.__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
        command.add_argument("--root", default=".", help="the course directory (default: .)")
        module.add_arguments(command)
        command.set_defaults(run=module.run)
    args = parser.parse_args(argv)
    try:
        return args.run(args) or 0
    except (CourseError, SetupError) as error:  # the library says why; the CLI says it and fails
        print(error, file=sys.stderr)
        return 1
