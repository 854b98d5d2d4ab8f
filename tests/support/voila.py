"""The explorer app as a visitor gets it: the README's Voilà command on a free loopback port."""

import os
import re
import shlex
import sys
import urllib.request

from autograder.course import tool_env
from tests.support.course import REPO
from tests.support.servers import ServerProcess, free_port, kill, pids_mentioning


def readme_command():
    """The README's "Explore" command, `cd FOLDER && VOILA ARGS...` -> (folder, argv)."""
    text = (REPO / "README.md").read_text()
    section = text.split("## Explore", 1)[1].split("\n## ", 1)[0]
    line = next(line for line in section.splitlines() if "bin/voila" in line)
    cd, command = (part.strip() for part in line.split("&&"))
    return REPO / shlex.split(cd)[1], shlex.split(command)


class VoilaApp:
    """The README's command, run from the repository root on a free loopback port."""

    def __init__(self, log_path):
        self.port = free_port()
        folder, command = readme_command()
        assert (folder / command[0]).resolve() == (REPO / ".venv/bin/voila").resolve()
        command[0] = os.path.join(os.path.dirname(sys.executable), "voila")  # this venv's voila
        command[1:1] = [f"--port={self.port}", "--Voila.ip=127.0.0.1"]
        env = tool_env()
        env.pop("MPLBACKEND", None)  # as a person's shell would have it
        self.server = ServerProcess("voila", command, log_path, cwd=folder, env=env,
                                    ready=lambda: urllib.request.urlopen(self.base, timeout=5))

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        self.server.start()
        return self

    def connection_dir(self):
        found = re.search(r"Storing connection files in (\S+?)\.?$", self.server.log(), re.M)
        return found[1] if found else None

    def stop(self):
        marker = self.connection_dir()
        kernels = pids_mentioning(marker) if marker else []
        self.server.stop()  # SIGTERM: Voilà shuts its kernels down
        kill(kernels)  # any kernel the shutdown missed
