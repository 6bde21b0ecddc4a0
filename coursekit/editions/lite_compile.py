"""Byte-compile the browser edition's wheels for Pyodide's Python, at build time, in Pyodide itself (Node.js).

PyPI wheels hold only ``.py`` files, so Pyodide would compile IPython, ipywidgets and the course on every
page load: tens of seconds in the browser. Pyodide's own wheels are repackaged with compiled files for
that reason. Here each wheel is unpacked, compiled by the very Pyodide the site ships (so the bytecode
matches its Python, 3.14, whatever Python runs the build), and packed again with ``__pycache__/*.pyc``
beside the sources. The ``.pyc`` files are "unchecked-hash" (PEP 552): Python uses them without
comparing them to the sources' timestamps, which unpacking in the browser changes. Other packages get
Pyodide's own layout: each ``.py`` replaced by its ``.pyc`` (no sources, half the bytes); the course keeps
its sources, for readable tracebacks. Files no lesson needs (plotly's copies of plotly.js, its
JupyterLab extension and data sets, the packages' tests) are left out.

Compiled wheels are cached in ``.lite-cache/compiled/`` by the hash of the original, so a second build
compiles only the course's own wheel.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

KEEP_SOURCES = "coursekit-"  # wheels that keep their .py files (and get __pycache__ beside them)
# Never loaded in the browser: plotly.js (the page has its own, from the plotly JupyterLab extension), the
# extension itself, the FigureWidget bundle, example data sets, and test suites.
UNUSED = re.compile(
    r"^(plotly-[^/]+\.data/|plotly/labextension/|plotly/package_data/(plotly\.min\.js|widgetbundle\.js|datasets/)"
    r"|[^/]+/(.+/)?tests?/)"
)
SCRIPT = """
import { loadPyodide } from %(mjs)s;
const py = await loadPyodide({ indexURL: %(index)s });
py.FS.mkdirTree("/work");
py.FS.mount(py.FS.filesystems.NODEFS, { root: %(root)s }, "/work");
py.runPython(`
import compileall, pathlib, py_compile, sys, warnings
warnings.simplefilter("ignore")  # old escapes in the packages' own tests; a file that fails stays source only
for folder in pathlib.Path("/work").iterdir():
    keep = folder.name.startswith(%(keep)s)
    mode = py_compile.PycInvalidationMode.UNCHECKED_HASH
    compileall.compile_dir(str(folder), quiet=2, legacy=not keep, invalidation_mode=mode)
    if not keep:  # as in Pyodide's own wheels: the compiled file where the source was, half the download
        for py in folder.rglob("*.py"):
            if py.with_suffix(".pyc").exists():
                py.unlink()
print("compiled", flush=True)
`);
"""


def _digest(path: Path) -> str:
    """The cache key of a wheel: its bytes and how this module compiles and trims."""
    recipe = (SCRIPT + UNUSED.pattern + KEEP_SOURCES).encode()
    return hashlib.sha256(recipe + path.read_bytes()).hexdigest()[:16]


def compile_wheels(wheels: list[Path], pyodide: Path, cache: Path) -> None:
    """Replace each wheel in ``wheels`` by a byte-compiled copy (``pyodide``: the runtime's folder)."""
    cache.mkdir(parents=True, exist_ok=True)
    todo = []
    for whl in wheels:
        cached = cache / f"{_digest(whl)}-{whl.name}"
        if cached.exists():
            shutil.copy(cached, whl)
        else:
            todo.append((whl, cached))
    if not todo:
        return
    node = shutil.which("node")
    if node is None:  # the site still works, only slower to start
        print("  node not found: the wheels are left uncompiled (slower start in the browser)")
        return
    with tempfile.TemporaryDirectory(prefix="coursekit-pyc-") as tmp:
        root = Path(tmp) / "wheels"
        for whl, _ in todo:
            with zipfile.ZipFile(whl) as zf:
                zf.extractall(root / whl.name, [n for n in zf.namelist() if not UNUSED.match(n)])
        script = Path(tmp) / "compile.mjs"
        values = {
            "mjs": json.dumps((pyodide / "pyodide.mjs").resolve().as_uri()),
            "index": json.dumps(str(pyodide.resolve()) + "/"),
            "root": json.dumps(str(root)),
            "keep": json.dumps(KEEP_SOURCES),
        }
        script.write_text(SCRIPT % values)
        done = subprocess.run([node, str(script)], capture_output=True, text=True, check=False)
        if done.returncode != 0 or not done.stdout.strip().endswith("compiled"):
            raise RuntimeError(f"compiling the wheels in Pyodide failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
        for whl, cached in todo:
            folder = root / whl.name
            with zipfile.ZipFile(whl, "w", zipfile.ZIP_DEFLATED) as zf:
                for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                    zf.write(path, path.relative_to(folder).as_posix())
            shutil.copy(whl, cached)
