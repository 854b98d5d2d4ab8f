"""Voilà's configuration for the explorer app, read beside voila.json when Voilà starts in this
folder (README, "Explore"; hub/jupyterhub_config.py for the course hub's service).

The page template `course` (share/voila/templates/course/) is Voilà's lab page without its
Font Awesome CDN links — every asset comes from the app itself — and with names, a focus ring
and a main landmark for keyboard and screen-reader users.
"""

import os
from pathlib import Path

here = Path(__file__).resolve().parent
# Voilà finds templates on the Jupyter data path only
os.environ["JUPYTER_PATH"] = os.pathsep.join(
    [str(here / "share"), *filter(None, [os.environ.get("JUPYTER_PATH")])])

c = get_config()  # noqa: F821  (injected by traitlets when Voilà loads this file)
c.VoilaConfiguration.template = "course"
