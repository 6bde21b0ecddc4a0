"""A bubblewrap sandbox for a student's kernel during autograde.

The kernel (and everything it starts) runs under ``bwrap`` with:

- a read-only system: the OS folders, this Python and its environment, the ``coursekit`` package;
- one writable folder, fresh for each submission and deleted after it (its own files only);
- no view of the course folder, the gradebook or any other submission (none of them is mounted);
- no network (``--unshare-net``: no interface but an isolated loopback), no other processes
  (``--unshare-pid``), no capabilities, ``NoNewPrivs``;
- limits from ``prlimit``: address space (memory), processes, CPU seconds, file size. Run as root,
  the kernel also drops to an unused user id of its own with ``setpriv``, because Linux does not
  apply the process limit to root.

nbclient stays outside, in the grading worker, and reaches the kernel over ZeroMQ's ``ipc``
transport: Unix sockets in the writable folder, bound at the same path inside and outside.
Wall-clock time is limited by nbgrader's cell timeout and by ``coursekit-grade --timeout``.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from traitlets import Any

import coursekit

SWITCH = "COURSEKIT_SANDBOX"  # "off": coursekit-grade --no-sandbox
TOOLS = ("bwrap", "setpriv", "prlimit")
UID_BASE = 1_900_000_000  # far above any account; one id per grading worker process
KEEP_ENV = ("LANG", "LC_ALL", "LC_CTYPE", "PYTHONPATH", "NBGRADER_EXECUTION", "TZ")


class SandboxUnavailable(RuntimeError):
    """bubblewrap (or util-linux's setpriv and prlimit) is missing or cannot run here."""

    advice = (
        "Install bubblewrap (Debian: apt-get install bubblewrap), grade in a container (see "
        "docs/instructor-guide.md), or pass --no-sandbox to run students' code with your rights."
    )


@dataclass(frozen=True)
class Limits:
    """Resource limits for one sandboxed kernel; each can be set by an environment variable."""

    memory_mb: int = 2048  # address space: a Python kernel reserves ~0.5 GB before running anything
    processes: int = 64  # threads count too: an idle ipykernel has about ten
    cpu_seconds: int = 600
    file_mb: int = 64

    @classmethod
    def from_env(cls, env: dict | None = None) -> Limits:
        """``COURSEKIT_SANDBOX_MEMORY_MB``, ``_PROCESSES``, ``_CPU_SECONDS``, ``_FILE_MB`` override the defaults."""
        env = os.environ if env is None else env
        values = {}
        for name in cls.__dataclass_fields__:
            raw = env.get(f"{SWITCH}_{name.upper()}")
            if raw:
                values[name] = int(raw)
        return cls(**values)


def enabled(env: dict | None = None) -> bool:
    """False only when the instructor turned the sandbox off (``--no-sandbox``)."""
    env = os.environ if env is None else env
    return env.get(SWITCH, "on").strip().lower() not in ("off", "0", "no", "false")


@functools.cache
def problem() -> str | None:
    """Why the sandbox cannot run on this machine, or None when it can (a real, tiny sandbox is tried once)."""
    if not sys.platform.startswith("linux"):
        return "the sandbox needs Linux (bubblewrap)"
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        return f"{', '.join(missing)} not found: install Debian's bubblewrap and util-linux packages"
    with tempfile.TemporaryDirectory(prefix="coursekit-probe-") as tmp:
        box = Box(Path(tmp), Limits(), own=False)
        try:
            run = subprocess.run(box.wrap(["/bin/true"]), capture_output=True, text=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return f"bwrap could not start a sandbox: {exc}"
    if run.returncode != 0:
        return f"bwrap could not start a sandbox: {run.stderr.strip()[:300] or run.returncode}"
    return None


def read_only_paths() -> list[Path]:
    """What the kernel may read: the system, this Python, its environment and the coursekit package."""
    paths = [Path(p) for p in ("/usr", "/etc", "/opt", "/nix", "/gnu") if Path(p).is_dir()]
    prefixes = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    paths += [Path(p).resolve() for p in prefixes]
    paths.append(Path(coursekit.__file__).resolve().parent)
    paths.append(Path(os.path.realpath(sys.executable)).parent)
    unique: list[Path] = []
    for path in sorted(set(paths), key=lambda p: len(p.parts)):
        if not any(path.is_relative_to(kept) for kept in unique):
            unique.append(path)
    return unique


def _parents(path: Path, made: set[Path]) -> list[str]:
    """bwrap arguments creating ``path``'s missing parents readable by anyone (bwrap's own are 0700)."""
    args = []
    for parent in reversed(path.parents[:-1]):  # every ancestor but "/"
        if parent not in made:
            made.add(parent)
            args += ["--perms", "0755", "--dir", str(parent)]
    return args


class Box:
    """One submission's sandbox: a fresh writable folder and the bwrap command around a kernel."""

    def __init__(self, path: Path | None = None, limits: Limits | None = None, hide=(), own: bool = True):
        self.limits = limits or Limits.from_env()
        self.path = Path(path or tempfile.mkdtemp(prefix="coursekit-sandbox-")).resolve()
        self.root = os.geteuid() == 0
        self.uid = UID_BASE + os.getpid() % 10_000_000 if self.root else os.getuid()
        self.hide = [Path(h).resolve() for h in hide]
        self.own = own
        if own and self.root:
            os.chown(self.path, self.uid, self.uid)
        os.chmod(self.path, 0o711 if self.root else 0o700)

    def add_files(self, folder: Path, skip=("*.ipynb", ".coursekit-graded*")) -> None:
        """Copy a submission's other files in (data files the notebook reads); links stay links."""
        folder = Path(folder)
        if folder.is_dir():
            shutil.copytree(folder, self.path, symlinks=True, ignore=shutil.ignore_patterns(*skip), dirs_exist_ok=True)
        if self.root:
            for dirpath, dirnames, filenames in os.walk(self.path):
                for name in dirnames + filenames:
                    os.lchown(os.path.join(dirpath, name), self.uid, self.uid)

    def give(self, path: Path) -> None:
        """Let the kernel's user read a file the grader wrote into the box (the connection file)."""
        if self.root:
            os.chown(path, self.uid, self.uid)

    def wrap(self, command: list[str], env: dict | None = None) -> list[str]:
        """``command`` run inside the sandbox: bwrap, then setpriv (as root), then prlimit."""
        env = os.environ if env is None else env
        args = ["bwrap", "--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try"]
        if not self.root:
            args.append("--unshare-user")
        args += ["--die-with-parent", "--tmpfs", "/"]
        made: set[Path] = set()
        for name in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
            link = Path("/") / name
            if link.is_symlink():
                args += ["--symlink", os.readlink(link), str(link)]
            elif link.is_dir():
                args += ["--ro-bind", str(link), str(link)]
        for path in read_only_paths():
            args += _parents(path, made) + ["--ro-bind", str(path), str(path)]
        for path in self.hide:  # a course folder inside one of the read-only folders
            if any(path.is_relative_to(p) for p in read_only_paths()) and path.is_dir():
                args += ["--tmpfs", str(path)]
        args += ["--dev", "/dev", "--proc", "/proc", "--perms", "1777", "--tmpfs", "/tmp"]
        args += _parents(self.path, made) + ["--bind", str(self.path), str(self.path), "--chdir", str(self.path)]
        bindir = str(Path(sys.executable).parent)
        inside = {"PATH": f"{bindir}:/usr/local/bin:/usr/bin:/bin", "HOME": str(self.path), "TMPDIR": "/tmp"}
        inside.update({k: env[k] for k in KEEP_ENV if k in env})
        inside.update(
            IPYTHONDIR=str(self.path / ".ipython"),
            JUPYTER_RUNTIME_DIR=str(self.path / ".runtime"),
            MPLCONFIGDIR=str(self.path / ".matplotlib"),
            PYTHONDONTWRITEBYTECODE="1",
            JPY_PARENT_PID="1",  # the sandbox's init: ipykernel then neither polls a parent nor prints a note
        )
        args.append("--clearenv")  # the grader's environment (a database password, say) stays out
        for key, value in inside.items():
            args += ["--setenv", key, value]
        limits = self.limits
        processes = limits.processes if self.root else limits.processes + _tasks_of(self.uid)
        if self.root:
            args += ["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID", "--"]
            args += ["setpriv", f"--reuid={self.uid}", f"--regid={self.uid}", "--clear-groups", "--inh-caps=-all"]
        args += [
            "--",
            "prlimit",
            f"--as={limits.memory_mb * 2**20}",
            f"--nproc={processes}",
            f"--cpu={limits.cpu_seconds}",
            f"--fsize={limits.file_mb * 2**20}",
            "--core=0",
            "--",
            *command,
        ]
        return args

    def close(self) -> None:
        if self.own:
            shutil.rmtree(self.path, ignore_errors=True)


def _tasks_of(uid: int) -> int:
    """Threads the user already runs: without root the process limit counts all of theirs."""
    count = 0
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if f"\nUid:\t{uid}\t" in text:
            count += int(text.split("\nThreads:\t", 1)[1].split("\n", 1)[0])
    return count


class SandboxedKernelManager(AsyncKernelManager):
    """A kernel manager whose kernel starts inside ``box`` and speaks over Unix sockets in it."""

    box = Any(None, allow_none=True, help="the Box to start the kernel in; None starts it as usual")

    def use(self, box: Box) -> None:
        self.box = box
        # A signal to the kernel's process group would reach bwrap and end the sandbox: ask the
        # kernel to interrupt itself instead (ipykernel's interrupt_request, on its control thread).
        if self.kernel_spec is not None:
            self.kernel_spec.interrupt_mode = "message"
        self.transport = "ipc"
        self.ip = str(box.path / "kernel")
        self.connection_file = str(box.path / "kernel.json")

    def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
        cmd = super().format_kernel_cmd(extra_arguments)
        if self.box is None:
            return cmd
        self.box.give(Path(self.connection_file))
        return self.box.wrap(cmd)
