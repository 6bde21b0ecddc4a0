"""Downloads for the browser edition (``lite.py``), kept in a cache shared by every build and clone.

The Pyodide runtime comes from the npm registry (``npm pack``) and wheels from PyPI (``pip download``).
Each goes into the cache once; ``--offline`` builds use only what is there.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

PYODIDE = "314.0.6"  # the version jupyterlite-pyodide-kernel 0.8.6 loads
PY_TAG = "3.14"  # Pyodide 314's Python


def cache_folder() -> Path:
    """Where downloads and compiled files are kept between builds, and between clones, as pip keeps its own.

    ``COURSEKIT_LITE_CACHE`` if set; else ``$XDG_CACHE_HOME/coursekit/lite``, or ``%LOCALAPPDATA%`` on
    Windows, or ``~/.cache/coursekit/lite``. Everything in it is keyed by version or content hash, so
    clones at different versions can share it; deleting it only costs downloads and compiling again.
    """
    if os.environ.get("COURSEKIT_LITE_CACHE"):
        return Path(os.environ["COURSEKIT_LITE_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or (os.environ.get("LOCALAPPDATA") if os.name == "nt" else "")
    return Path(base or Path.home() / ".cache") / "coursekit" / "lite"


CACHE = cache_folder()


def norm(name: str) -> str:
    """A package name as Pyodide's lock compares them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def run(cmd: list[str], offline: bool, what: str) -> None:
    if offline:
        sys.exit(f"--offline: {what} is not in {CACHE}; run `make lite` once with the network on")
    print("  " + " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True)


def pyodide_tarball(offline: bool) -> Path:
    tgz = CACHE / f"pyodide-{PYODIDE}.tgz"
    if not tgz.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        # Packed beside the cache and moved in whole: an interrupted download never looks complete.
        with tempfile.TemporaryDirectory(dir=CACHE) as tmp:
            run(["npm", "pack", f"pyodide@{PYODIDE}", "--pack-destination", tmp], offline, tgz.name)
            os.replace(Path(tmp) / tgz.name, tgz)
    return tgz


def wheel(name: str, version: str, offline: bool, platform: str | None = None) -> Path:
    """The PyPI wheel of ``name==version`` from the cache, downloading it once (pure, or for ``platform``)."""
    folder = CACHE / "wheels"
    prefix = f"{norm(name).replace('-', '_')}-{version}-"
    for path in sorted(folder.glob("*.whl")):
        if path.name.lower().startswith(prefix) and (platform is None or platform in path.name):
            return path  # wheel names are normalised (PEP 427), so the prefix is enough
    cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:"]
    cmd += ["--python-version", PY_TAG, "-d", str(folder), *(["--platform", platform] if platform else [])]
    run([*cmd, f"{name}=={version}"], offline, f"{name} {version}")
    return wheel(name, version, True, platform)
