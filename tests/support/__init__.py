"""What the tests share, and nothing that is itself a test (test modules import only from here,
from tests/catalogue/ and from the library; fixtures live in tests/conftest.py):

- course.py        the repository's notebooks, throw-away course copies, the instructor command
- servers.py       a server process: started, polled until it answers, stopped with its group;
                   free loopback ports
- browser.py       Debian's Chromium through Playwright: why it cannot run, launch, a page that
                   collects script errors, a screenshot when a block fails
- lab.py           a private JupyterLab and what a person does on its pages
- hub.py           the course hub's machine (hub/setup) and a running hub (hub/start)
- attempts.py      a catalogued attempt judged in-process by the visible and hidden checks
- leaks.py         what a solution or the reference looks like, for the no-leak tests
- copied_class.py  a generated class with planted copies (similarity)
- answers.py       where a solution's expressions appear before its exercise (derive tests)
- oracles.py       central differences and the relative error, independent of the reference
- explorers.py     small data sets for the explorers' tests
"""
