"""One visit per page, several tests per visit.

Loading a page costs seconds of Chromium and, for an explorer or a notebook, a kernel. So a
module-scoped fixture, parametrized over the pages, visits each page once and runs the steps of
every test about it in an order where none hides another's evidence; the tests then read what
their steps found. A `Visit` runs each step under a recorder: the step fills a record (a dict)
and makes its own assertions; if it raises, the exception is kept, a screenshot of the page at
that moment is written as `NAME-FAILED.png` (the convention of `screenshot_on_failure`), and
the visit goes on with the next step. A test re-raises the failure of its own steps only, or of
the steps they need (the page's load), so one failing aspect fails one test.
"""

from tests.support.browser import screenshot_on_failure


class Visit:
    """The steps run on one page, what they recorded, and how they failed."""

    def __init__(self, page, name):
        self.page, self.name = page, name
        self.records = {}  # step -> what it recorded, as far as it came
        self.failures = {}  # step -> (exception, its traceback), its own or a needed step's

    def step(self, key, action, *, shot, needs=()):
        """Run `action(record)` as step `key`, unless a step in `needs` failed (then `key` fails
        with that failure). `shot` = (folder, name) of the screenshot taken if it raises."""
        record = self.records[key] = {}
        blocked = next((n for n in needs if n in self.failures), None)
        if blocked:
            self.failures[key] = self.failures[blocked]
            return record
        try:
            with screenshot_on_failure(self.page, *shot):
                action(record)
        except Exception as error:  # kept for the tests that read this step
            self.failures[key] = (error, error.__traceback__)
        return record

    def result(self, key):
        """What step `key` recorded; raises its failure if it failed."""
        if key in self.failures:
            self.reraise(key)
        return self.records[key]

    def reraise(self, key):
        error, traceback = self.failures[key]
        # the traceback as it was caught, so that each test reading it shows the step's frames
        raise error.with_traceback(traceback)
