"""Build steps that spare the browser work: byte-compile the wheels and the standard library, pre-parse data.

PyPI wheels hold only ``.py`` files, so Pyodide would compile IPython, ipywidgets and the course on every
page load: tens of seconds in the browser. Pyodide's own wheels are repackaged with compiled files for
that reason. Here each wheel is unpacked, compiled by the very Pyodide the site ships (so the bytecode
matches its Python, 3.14, whatever Python runs the build), and packed again with ``__pycache__/*.pyc``
beside the sources. The ``.pyc`` files are "unchecked-hash" (PEP 552): Python uses them without
comparing them to the sources' timestamps, which unpacking in the browser changes. Other packages get
Pyodide's own layout: each ``.py`` replaced by its ``.pyc`` (no sources, half the bytes); the course keeps
its sources, for readable tracebacks. Files no lesson needs (plotly's copies of plotly.js, its
JupyterLab extension and data sets, the packages' tests) are left out.

The npm package's standard library (``python_stdlib.zip``) holds sources only, so it gets the same
treatment (``compile_stdlib``), and the course's data files ship parsed as well as in YAML
(``preparse_data``). PyYAML's pure-Python wheel for Pyodide is made here too (``pure_wheel``).

Compiled wheels are cached in the download cache's ``compiled/`` folder (``lite.CACHE``) by the hash of
the original, so a second build, in this clone or another, compiles only the course's own wheel.
"""

from __future__ import annotations

import hashlib
import json
import os
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
import compileall, pathlib, py_compile, sys, sysconfig, warnings
warnings.simplefilter("ignore")  # old escapes in the packages' own tests; a file that fails stays source only
for folder in pathlib.Path("/work").iterdir():
    keep = folder.name.startswith(%(keep)s)
    mode = py_compile.PycInvalidationMode.UNCHECKED_HASH
    # ddir: tracebacks name the file where the browser installs it, not this build's folder
    ddir = sysconfig.get_paths()["purelib"]
    compileall.compile_dir(str(folder), ddir=ddir, quiet=2, legacy=not keep, invalidation_mode=mode)
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
    if shutil.which("node") is None:  # the site still works, only slower to start
        print("  node not found: the wheels are left uncompiled (slower start in the browser)")
        return
    with tempfile.TemporaryDirectory(prefix="coursekit-pyc-") as tmp:
        root = Path(tmp) / "wheels"
        for whl, _ in todo:
            with zipfile.ZipFile(whl) as zf:
                zf.extractall(root / whl.name, [n for n in zf.namelist() if not UNUSED.match(n)])
        _compile_in_pyodide(SCRIPT, pyodide, root, "the wheels", keep=json.dumps(KEEP_SOURCES))
        for whl, cached in todo:
            _zip_folder(root / whl.name, whl)
            _store(whl, cached)


def _compile_in_pyodide(script: str, pyodide: Path, root: Path, what: str, **values: str) -> None:
    """Run ``script`` (a template with %(mjs)s, %(index)s, %(root)s) under Node.js in the shipped Pyodide."""
    values |= {
        "mjs": json.dumps((pyodide / "pyodide.mjs").resolve().as_uri()),
        "index": json.dumps(str(pyodide.resolve()) + "/"),
        "root": json.dumps(str(root)),
    }
    path = root.parent / "compile.mjs"
    path.write_text(script % values)
    # --liftoff-only: V8 runs the 10 MB Pyodide module with its baseline compiler only. Optimising it
    # (TurboFan) costs more CPU than it saves in a run this short: 1.7 CPU-s instead of 3-4 here, and
    # the .pyc files are the same bytes either way.
    cmd = [shutil.which("node") or "node", "--liftoff-only", str(path)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0 or not done.stdout.strip().endswith("compiled"):
        raise RuntimeError(f"compiling {what} in Pyodide failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")


def _store(path: Path, cached: Path) -> None:
    """Copy ``path`` into the cache whole: a build beside this one never reads a half-written file."""
    part = cached.with_name(f".{cached.name}.{os.getpid()}.part")
    shutil.copy(path, part)
    os.replace(part, cached)


def _zip_folder(folder: Path, out: Path) -> None:
    """Write every file under ``folder`` into the zip ``out``, named relative to ``folder``."""
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            zf.write(path, path.relative_to(folder).as_posix())


STDLIB_SCRIPT = """
import { loadPyodide } from %(mjs)s;
const py = await loadPyodide({ indexURL: %(index)s });
py.FS.mkdirTree("/work");
py.FS.mount(py.FS.filesystems.NODEFS, { root: %(root)s }, "/work");
py.runPython(`
import compileall, py_compile, sys, warnings
warnings.simplefilter("ignore")
mode = py_compile.PycInvalidationMode.UNCHECKED_HASH
zipped = next(p for p in sys.path if p.endswith(".zip"))  # where the browser reads the zip: for tracebacks
compileall.compile_dir("/work", ddir=zipped, quiet=2, legacy=True, invalidation_mode=mode)
print("compiled", flush=True)
`);
"""


def compile_stdlib(pyodide: Path, cache: Path) -> None:
    """Add a compiled ``.pyc`` beside every module in Pyodide's ``python_stdlib.zip`` (in ``pyodide``).

    The npm package's standard library holds sources only, so the browser compiled every standard
    module it imported at every start: 1.8 s of the 3.3 s that ``import IPython`` took in Pyodide
    here. Python's zip importer prefers ``module.pyc`` to ``module.py`` in the same folder, and an
    "unchecked-hash" ``.pyc`` is used as it is; the sources stay, for tracebacks.
    """
    stdlib = pyodide / "python_stdlib.zip"
    cache.mkdir(parents=True, exist_ok=True)
    cached = cache / f"{hashlib.sha256(STDLIB_SCRIPT.encode() + stdlib.read_bytes()).hexdigest()[:16]}-stdlib.zip"
    if cached.exists():
        shutil.copy(cached, stdlib)
        return
    if shutil.which("node") is None:
        print("  node not found: the standard library is left uncompiled (slower start in the browser)")
        return
    with tempfile.TemporaryDirectory(prefix="coursekit-stdlib-") as tmp:
        root = Path(tmp) / "stdlib"
        with zipfile.ZipFile(stdlib) as zf:
            zf.extractall(root)
        _compile_in_pyodide(STDLIB_SCRIPT, pyodide, root, "the standard library")
        _zip_folder(root, stdlib)
    _store(stdlib, cached)


def preparse_data(whl: Path) -> list[str]:
    """Add ``<name>.yaml.json`` beside every YAML file in the course's wheel; return the files added.

    Pyodide has only PyYAML's pure-Python parser, which took seconds per lesson in the browser. Each
    file is parsed here once, and the course reads the result while its hash matches the YAML text
    (coursekit/course/data.py). A file whose data JSON cannot give back exactly is left as YAML only.
    """
    from coursekit.course import data

    with zipfile.ZipFile(whl) as src:
        entries = {name: src.read(name) for name in src.namelist()}
    added = []
    for name in sorted(n for n in entries if n.endswith(".yaml")):
        text = entries[name].decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")  # as read_text reads it
        parsed = data.parse_yaml(text)
        stored = data.encode_parsed(text, parsed)
        if data.decode_parsed(text, stored) == parsed:
            entries[name + data.PARSED_SUFFIX] = stored.encode("utf-8")
            added.append(name + data.PARSED_SUFFIX)
    record = next(n for n in entries if n.endswith(".dist-info/RECORD"))
    entries[record] += "".join(f"{n},,\n" for n in added).encode()
    with zipfile.ZipFile(whl, "w", zipfile.ZIP_DEFLATED) as out:
        for name, content in entries.items():
            out.writestr(name, content)
    return added


def pure_wheel(binary: Path, package: str, dest: Path) -> Path:
    """A py3-none-any wheel of ``package`` from a compiled wheel: its Python files, no extension modules.

    PyYAML's Python files are the same in every build; without its C part it uses its pure-Python
    parser, which the course falls back to (coursekit/course/data.py).
    """
    name, version = binary.name.split("-")[:2]
    out = dest / f"{name}-{version}-py3-none-any.whl"
    info = f"{name}-{version}.dist-info"
    with zipfile.ZipFile(binary) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as whl:
        keep = [n for n in src.namelist() if n.startswith(f"{package}/") and n.endswith(".py")]
        keep += [n for n in src.namelist() if n.startswith(f"{info}/") and ("licenses/" in n or n.endswith("METADATA"))]
        for arcname in keep:
            whl.writestr(arcname, src.read(arcname))
        tag = "Wheel-Version: 1.0\nGenerator: coursekit.editions.lite\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
        whl.writestr(f"{info}/WHEEL", tag)
        whl.writestr(f"{info}/RECORD", "".join(f"{n},,\n" for n in [*keep, f"{info}/WHEEL", f"{info}/RECORD"]))
    return out
