"""Each student's server and every kernel it starts in a control group of their own.

JupyterHub's LocalProcessSpawner runs a server as its user and nothing more: one student's
`np.ones((10**5, 10**4))` or runaway loop could take the memory or the CPUs of the whole class,
the hub included. This subclass makes a group per server with the grader's own control-group
code (autograder/grading/cgroup.py: cgroup v1 or v2, no systemd needed) and moves the server into it
before it becomes its user, so its kernels and whatever they fork are counted there too:
- memory: `Spawner.mem_limit` (set in hub/jupyterhub_config.py); over it the kernel kills the
  group's largest task — the student's kernel, never a classmate's, the hub or the proxy;
- processes and threads: `max_tasks` (a fork bomb gets "Resource temporarily unavailable");
- CPU: `cpu_weight`, a share under contention (100 = equal), not a cap.
Where systemd runs, jupyterhub-systemdspawner does the same with a transient unit per user
(README, "Teaching a class").
"""

import asyncio
import importlib.util
from pathlib import Path

from jupyterhub.spawner import LocalProcessSpawner
from traitlets import Integer


def _grader_cgroup():
    # The hub's venv holds the student wheel only, never the instructor's package: load the one
    # stdlib-only module by its path in this checkout (hub/start runs from here).
    path = Path(__file__).resolve().parents[1] / "autograder" / "grading" / "cgroup.py"
    spec = importlib.util.spec_from_file_location("backprop_hub_cgroup", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


cgroup = _grader_cgroup()


class LimitedSpawner(LocalProcessSpawner):
    max_tasks = Integer(256, config=True, help="Processes and threads of one student's server.")
    cpu_weight = Integer(100, config=True, help="CPU share under contention (100 = equal).")

    group = None
    oom_seen = 0

    async def start(self):
        if not self.mem_limit:
            raise ValueError("LimitedSpawner needs c.Spawner.mem_limit")
        self.group = cgroup.Group(self.mem_limit, self.max_tasks, self.cpu_weight,
                                  label=f"jupyterhub-{self.user.name}")
        self.oom_seen = 0
        try:
            return await super().start()
        except BaseException:
            await self._close_group()
            raise

    def make_preexec_fn(self, name):
        become_user, group = super().make_preexec_fn(name), self.group

        def preexec():  # in the child, still root: join the group, then become the student
            group.enter()
            become_user()

        return preexec

    async def poll(self):
        status = await super().poll()
        if self.group is not None and (kills := self.group.oom_kills()) > self.oom_seen:
            self.oom_seen = kills
            self.log.warning("%s went over the %d MB memory limit: the kernel killed their "
                             "largest process (%d time(s) in this server's life)", self.user.name,
                             self.mem_limit >> 20, kills)
        return status

    async def stop(self, now=False):
        await super().stop(now=now)
        await self._close_group()

    async def _close_group(self):
        group, self.group = self.group, None
        if group is not None:  # kills what outlived the server (a kernel it did not reap)
            await asyncio.to_thread(group.close)
