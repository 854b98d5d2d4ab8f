"""The runner, imported once per grading worker, forked into each job's own fresh sandbox.

    python -m autograder.student.runner_zygote FD     (started by autograder.grading.zygote)

Starting Python and importing NumPy, matplotlib, IPython and the checks costs every job most of
a second before its first cell. This zygote pays it once: it imports them, then waits on the
socket FD for jobs. For each job the grader has already started a sandbox with bubblewrap,
exactly as for a job of its own (fresh mount, PID, network, IPC, UTS, cgroup and user
namespaces, its own size-capped tmpfs mounts), holding only an idle process; the zygote forks a
child that joins that sandbox's control group and namespaces, takes its root and folder, sets
the rlimits, and forks again (into the sandbox's PID namespace); that grandchild drops every
capability as bubblewrap does and runs `runner.main` on the job.

Nothing of one job can reach the next: the zygote never runs a submission's code and never reads
a job, so every child starts from the same pristine memory; all a job writes lands in its own
sandbox's tmpfs; its processes live in its own PID namespace and control group, which the grader
kills when the job ends. The zygote keeps no thread (a fork would copy it half-way), and refuses
to fork if one appeared.
"""

import ctypes
import importlib
import os
import random
import resource
import signal
import socket
import sys
import traceback

from autograder.student.wire import ForkRequest

PRELOAD = ("numpy", "matplotlib.pyplot", "IPython.core.interactiveshell",
           "autograder.student.runner", "autograder.student.explore", "autograder.student.quiz")
NAMESPACES = {"user": 0x10000000, "cgroup": 0x02000000, "ipc": 0x08000000, "uts": 0x04000000,
              "net": 0x40000000, "pid": 0x20000000, "mnt": 0x00020000}  # joined in this order
FRESH = ("mnt", "pid", "net", "ipc", "uts")  # the sandbox must have its own of each
IDLE_SECONDS = 10.0  # between the jobs of one worker there is far less
SETUP_FAILED = 125  # the child could not enter the sandbox; no submission code ran
PR_SET_PDEATHSIG, PR_CAPBSET_DROP, PR_SET_NO_NEW_PRIVS, PR_CAP_AMBIENT = 1, 24, 38, 47
libc = ctypes.CDLL(None, use_errno=True)


def checked(result, what):
    if result != 0:
        number = ctypes.get_errno()
        raise OSError(number, f"{what}: {os.strerror(number)}")


def enter_sandbox(request):
    """In the child: the job's control group and rlimits, then the sandbox's namespaces, root
    and folder (the /proc paths are read before the mount namespace changes)."""
    checked(libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0), "prctl")
    for procs in request.cgroup_procs:
        with open(procs, "w") as f:
            f.write(str(os.getpid()))
    for name, value in request.rlimits.items():
        resource.setrlimit(getattr(resource, name), (value, value))
    holder = f"/proc/{request.holder}"
    joined = {}
    for kind in NAMESPACES:
        theirs, ours = os.stat(f"{holder}/ns/{kind}"), os.stat(f"/proc/self/ns/{kind}")
        if (theirs.st_dev, theirs.st_ino) != (ours.st_dev, ours.st_ino):
            joined[kind] = os.open(f"{holder}/ns/{kind}", os.O_RDONLY)
        elif kind in FRESH:
            raise OSError(f"the sandbox has no {kind} namespace of its own")
    root = os.open(f"{holder}/root", os.O_RDONLY)
    for kind, fd in joined.items():
        checked(libc.setns(fd, NAMESPACES[kind]), f"setns {kind}")
        os.close(fd)
    os.fchdir(root)
    os.chroot(".")
    os.close(root)
    os.chdir(request.folder)


class CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                ("inheritable", ctypes.c_uint32)]


def drop_privileges():
    """What bubblewrap's --cap-drop ALL leaves: no capability in any set, no new privileges.
    Checked afterwards from /proc; a job never runs with any left."""
    checked(libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no new privileges")
    with open("/proc/sys/kernel/cap_last_cap") as f:
        last = int(f.read())
    for cap in range(last + 1):
        checked(libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0), "drop the bounding set")
    checked(libc.prctl(PR_CAP_AMBIENT, 4, 0, 0, 0), "clear the ambient set")  # CLEAR_ALL
    header, data = CapHeader(0x20080522, 0), (CapData * 2)()  # version 3, this process
    checked(libc.capset(ctypes.byref(header), data), "capset")
    with open("/proc/self/status") as f:
        status = dict(line.split(":", 1) for line in f.read().splitlines())
    left = {k: v.strip() for k, v in status.items()
            if k in ("CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb") and int(v, 16)}
    if left or status["NoNewPrivs"].strip() != "1":
        raise OSError(f"capabilities left: {left}")


def run_job(request):
    """In the grandchild, inside the sandbox: a fresh session, no capability, the sandbox's
    environment, fresh random seeds, then the runner (which never returns)."""
    from autograder.student import runner

    os.setsid()
    drop_privileges()
    null = os.open("/dev/null", os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(null, 1)
    os.closerange(3, resource.getrlimit(resource.RLIMIT_NOFILE)[0])  # the zygote's socket too
    os.environ.clear()
    os.environ.update(request.environment)
    random.seed()
    if "numpy" in sys.modules:
        sys.modules["numpy"].random.seed()
    importlib.invalidate_caches()  # the zygote's view of the package folders is not this one
    sys.argv = [runner.__file__, request.job, request.results]
    sys.path[0] = request.folder  # as `python -m` in the job's folder would have it
    runner.main(request.job, request.results)


def child(request, stderr):
    """The forked child: enter the sandbox, fork the job into its PID namespace, wait for it
    and exit with its status (128 + signal if a signal ended it, as bubblewrap reports)."""
    try:
        os.dup2(stderr, 2)
        enter_sandbox(request)
        job = os.fork()
        if job == 0:
            try:
                checked(libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0), "prctl")
                run_job(request)
            except BaseException:
                os.write(2, traceback.format_exc().encode())
            os._exit(1)
        os.close(stderr)
    except BaseException as error:
        os.write(2, f"zygote: cannot enter the sandbox: {error}\n".encode())
        os._exit(SETUP_FAILED)
    _, status = os.waitpid(job, 0)
    code = os.waitstatus_to_exitcode(status)
    os._exit(code if code >= 0 else 128 - code)


def threads():
    return len(os.listdir("/proc/self/task"))


def serve(sock):
    """Fork a child per request; reply with the child's exit status. Exit when the grader
    closes the socket, or after IDLE_SECONDS without a job (the grader starts another)."""
    sock.settimeout(IDLE_SECONDS)
    while True:
        try:
            message, fds, _, _ = socket.recv_fds(sock, 65536, 1)
        except TimeoutError:
            return
        if not message:
            return
        request = ForkRequest.from_json(message.decode())
        if threads() != 1:
            status = SETUP_FAILED
        else:
            pid = os.fork()
            if pid == 0:
                sock.close()
                child(request, fds[0])
            _, status = os.waitpid(pid, 0)
            status = os.waitstatus_to_exitcode(status)
            status = status if status >= 0 else 128 - status
        for fd in fds:
            os.close(fd)
        sock.send(str(status).encode())


def main(fd):
    sock = socket.socket(fileno=int(fd))
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except Exception:  # a job that needs it imports it itself
            pass
    sock.send(f"ready {threads()}".encode())
    serve(sock)


if __name__ == "__main__":
    main(sys.argv[1])
