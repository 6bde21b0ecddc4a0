"""House style holds: ruff (lint and format, notebooks included) and codespell are clean."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def run(*args):
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True)


def test_ruff_lint_is_clean():
    result = run(str(BIN / "ruff"), "check", ".")
    assert result.returncode == 0, result.stdout[-3000:]


def test_ruff_format_is_clean():
    result = run(str(BIN / "ruff"), "format", "--check", ".")
    assert result.returncode == 0, result.stdout[-3000:]


def test_spelling():
    codespell = BIN / "codespell" if (BIN / "codespell").exists() else shutil.which("codespell")
    result = run(str(codespell), "coursekit", "tests", "assets", "grading/banks", "README.md", "docs")
    assert result.returncode == 0, result.stdout[-3000:]
