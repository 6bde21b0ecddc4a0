"""Console commands that the install puts in the environment's bin folder (see pyproject.toml).

    coursekit-grade       autograde a class in parallel (coursekit.grading.classrun)
    coursekit-build       regenerate graded masters and student quizzes (coursekit.grading.build)
    coursekit-nbgrader    any nbgrader command, with this environment set up for it

Each one works as ``.venv/bin/<name>`` without activating the environment first.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from coursekit import __version__

# nbgrader's log lines look like "[GenerateAssignmentApp | ERROR] There was an error ...".
NBGRADER_ERROR = re.compile(r"^\[\w+ \| (ERROR|CRITICAL)\]")


def build(argv: list[str] | None = None) -> int:
    """``coursekit-build``: ``python -m coursekit.grading.build``, plus ``--version``."""
    argv = sys.argv[1:] if argv is None else list(argv)
    if "--version" in argv:
        print(f"coursekit-build (coursekit) {__version__}")
        return 0
    from coursekit.grading import build as builder

    return builder.main(argv)


def nbgrader(argv: list[str] | None = None) -> int:
    """``coursekit-nbgrader``: nbgrader with this environment's bin folder first on PATH.

    nbgrader runs ``alembic`` by name when it creates a gradebook, so ``.venv/bin/nbgrader`` in a
    shell where the environment is not activated fails; and nbgrader may log an error and still
    exit 0. This command sets PATH, passes nbgrader's output through, and exits 1 when nbgrader
    logged an error, whatever nbgrader's own exit status was.
    """
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv == ["--version"]:
        print(f"coursekit-nbgrader (coursekit) {__version__}, nbgrader {metadata.version('nbgrader')}")
        return 0
    if argv[:1] in (["-h"], ["--help"]):
        print("coursekit-nbgrader: nbgrader, with this environment's tools on PATH; exits 1 if nbgrader")
        print("logs an error. Run it from the repository root. nbgrader's own help follows.\n")
    elif not Path("nbgrader_config.py").is_file():
        print(
            "coursekit-nbgrader: no nbgrader_config.py in this folder; run it from the repository root.",
            file=sys.stderr,
        )
    cmd = [sys.executable, "-m", "nbgrader", *argv]
    # As coursekit.grading.autograde.nbgrader_env, without importing nbgrader here (it costs seconds).
    env = {**os.environ, "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])}
    failed = False
    with subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE, text=True, errors="replace") as proc:
        try:
            for line in proc.stderr:
                sys.stderr.write(line)
                failed = failed or bool(NBGRADER_ERROR.match(line))
            code = proc.wait()
        except KeyboardInterrupt:  # nbgrader got the same Ctrl-C; let it finish its clean-up
            proc.wait()
            return 130
    if code == 0 and failed:
        print("coursekit-nbgrader: nbgrader logged an error (above), so this command fails.", file=sys.stderr)
        return 1
    return code
