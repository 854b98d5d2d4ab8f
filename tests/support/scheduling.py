"""How the full suite is spread over pytest-xdist workers (`-n 3`, README "Run the tests").

A work unit is one test module, kept whole so that its module-scoped fixtures (a graded class, a
released course) are built once. The exception is a set-up that must exist once per run: the
course hub's unix accounts (every test under tests/hub/, where its package-scoped fixtures
live) and the demo class (the modules named below). Each forms a single unit, so that the
set-up never runs on two workers at once.

The units go out longest first, so that the long ones start together and the short ones fill the
gaps at the end. xdist's own `--dist loadgroup` would express the grouping with markers, but
under pytest 9 its groups never reach the scheduler (it rewrites `item._nodeid`, which pytest 9
no longer reads), so the scheduler here decides from the node ids alone.
"""

from pathlib import PurePosixPath

HUB_PACKAGE = "tests/hub/"  # its fixtures are visible to its own tests only
# set-ups that must exist once per run outside a package: {unit: (the fixture, its modules)}
SHARED_SETUPS = {
    "demo-class": ("demo_class", ("test_browser", "test_demo", "test_feedback_page")),
}
# Units in the order they start, the longest first (as measured in one process on this machine:
# README "Run the tests"); every module not named here follows, in collection order.
LONGEST_FIRST = ("test_grading", "demo-class", "hub", "test_explorer_app",
                 "test_notebooks", "test_hostile", "test_setup_cache", "test_release",
                 "test_preflight", "test_class_report", "test_cluster", "test_progress",
                 "test_distribution", "test_sandbox", "test_exports", "test_postgres",
                 "test_playground_browser")


def module_of(nodeid):
    """'tests/hub/test_hub.py::test_x[1]' -> 'test_hub'."""
    return PurePosixPath(nodeid.split("::", 1)[0]).stem


def unit_of(nodeid):
    """The work unit a test belongs to: its shared set-up's, or its module's."""
    if nodeid.startswith(HUB_PACKAGE):
        return "hub"
    module = module_of(nodeid)
    for unit, (_, modules) in SHARED_SETUPS.items():
        if module in modules:
            return unit
    return module


def start_order(nodeid):
    """Sort key: the units in `LONGEST_FIRST`'s order, every other unit after them."""
    unit = unit_of(nodeid)
    return LONGEST_FIRST.index(unit) if unit in LONGEST_FIRST else len(LONGEST_FIRST)


def misplaced(items):
    """Tests that use a once-per-run set-up from a module outside its unit: each would start
    that set-up a second time on another worker. [(node id, fixture, unit)]"""
    wrong = []
    for item in items:
        for unit, (fixture, modules) in SHARED_SETUPS.items():
            if fixture in item.fixturenames and module_of(item.nodeid) not in modules:
                wrong.append((item.nodeid, fixture, unit))
    return wrong


def scheduler(config, log):
    """xdist's scheduling by scope, with `unit_of` as the scope (imported only under xdist)."""
    from xdist.scheduler import LoadScopeScheduling

    class CourseScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid):
            return unit_of(nodeid)

    # the workers' collection order (sorted by `start_order` in conftest) is the start order;
    # xdist would otherwise reorder the units by their number of tests
    config.option.loadscopereorder = False
    return CourseScheduling(config, log)
