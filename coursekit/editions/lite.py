"""The in-browser edition: the lessons as a static JupyterLite site, Python running in the browser (Pyodide).

    python -m coursekit.editions.lite                 build lite/ (downloads go to the cache once, see CACHE)
    python -m coursekit.editions.lite --offline       build from the cache only; fail if anything is missing
    python -m coursekit.editions.lite --out DIR       build somewhere else
    python -m coursekit.editions.lite --site 'https://host/site/{lesson}.html'   link each lesson to its reader page

Everything the site needs is vendored, so it works from any static host or a workshop laptop with the
network off:

- the Pyodide runtime, from the ``pyodide`` package on the npm registry (``npm pack``), at the version
  jupyterlite-pyodide-kernel expects (``PYODIDE``);
- the wheels the kernel loads at start (micropip, packaging, IPython and their dependencies), at the
  versions Pyodide's ``pyodide-lock.json`` names, from PyPI. Pyodide repackages wheels, so the lock's
  ``sha256`` is rewritten for the PyPI files. The kernel's own lock tool (PyodideLockAddon) needs
  ``pyodide-lock``, which does not install on Python 3.11, hence this small rewrite;
- the kernel's own wheels (piplite, pyodide-kernel and its ipykernel stand-in), from its JupyterLab
  extension. Everything the kernel needs, and the course, is listed in ``loadPyodideOptions.packages``,
  so Pyodide loads it all in one batch as it starts (``PRELOAD``); the kernel then skips its own
  one-at-a-time installs through micropip, about 3 s of a warm start on two cores;
- the course's wheel and what it imports (ipywidgets, comm), added to the lock with
  their ``imports``, so ``import coursekit`` loads them with no ``%pip`` cell. Versions come from
  requirements.txt, as in the JupyterLab edition;
- every wheel byte-compiled for Pyodide's Python by Pyodide itself under Node.js (lite_compile.py), as
  Pyodide's own wheels are: otherwise the browser compiles IPython and the course at every start;
- PyYAML as a pure-Python wheel made here from its Linux wheel, the compiled part left out: Pyodide's
  own build is on its CDN, not on PyPI, and
  the course reads YAML with the pure-Python loader when libyaml is missing (coursekit/course/data.py).
  It is rarely needed: every data file also ships parsed, as ``<name>.yaml.json`` (``preparse_data``).

The lock is cut down to exactly these packages, so nothing can ask for a file that is not there. The
lessons are copied with one note at the top on what is true in the browser; the graded quizzes stay in
JupyterLab and nbgrader. A lesson opens at ``lite/lab/index.html?workspace=NN_topic&path=NN_topic/lesson.ipynb``
(without its own ``workspace``, JupyterLite restores the last lesson opened in that browser instead).
``lite/coursekit-lite.json`` records a hash of the inputs, so a test can reuse a build that is current.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import nbformat

from coursekit.editions.lite_compile import compile_stdlib, compile_wheels, preparse_data, pure_wheel
from coursekit.editions.lite_fetch import CACHE, PYODIDE, norm, pyodide_tarball, wheel

ROOT = Path(__file__).resolve().parents[2]


OUT = ROOT / "lite"
STAMP = "coursekit-lite.json"
RUNTIME_FILES = ("pyodide.mjs", "pyodide.js", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
KERNEL_NEEDS = ("micropip", "packaging", "ipython", "jedi")  # loaded by the kernel when it starts
# The kernel's own wheels, shipped in its extension's static/pypi/ folder: name -> (imports, depends).
KERNEL_WHEELS = {
    "piplite": (["piplite"], ["micropip"]),
    "pyodide-kernel": (["pyodide_kernel"], ["comm", "ipython"]),
    "ipykernel": (["ipykernel"], ["pyodide-kernel"]),
}
# Loaded with Pyodide itself, in one batch (loadPyodideOptions.packages): the kernel then skips its own
# one-by-one installs through micropip, and the course is in place before the first cell runs.
PRELOAD = ("micropip", "piplite", "ipykernel", "comm", "pyodide-kernel", "jedi", "ipython", "coursekit")
# Added to the lock: name -> (imports, depends). Versions from requirements.txt.
EXTRA = {
    "comm": (["comm"], ["traitlets"]),
    "ipywidgets": (["ipywidgets"], ["comm", "ipython", "traitlets"]),
    "pyyaml": (["yaml"], []),
    # Not plotly: the lessons build their figures as plain dicts (coursekit/course/figures.py), which the
    # page's plotly extension draws; leaving plotly and narwhals out saves 6.6 MB and their unpacking.
    "coursekit": (["coursekit"], ["ipywidgets", "pyyaml"]),
}
# Front-end extensions the lessons need, from the build environment (nothing else in it is copied).
LABEXTENSIONS = ("@jupyterlite/pyodide-kernel-extension", "@jupyter-widgets/jupyterlab-manager", "jupyterlab-plotly")
NOTE_ID = "lite-note"
NOTE = """> **The browser edition.** Python runs inside this browser tab. Nothing you type is sent anywhere.
>
> - Your edits and any file you save stay in this browser's own storage, on this device only.
> - A save button also offers a download. The downloaded file goes where your browser keeps downloads.
> - Logs you have not saved are gone when you close the tab.
> - To delete what is stored: right-click a file in the file browser and choose **Delete**. To remove
>   everything, clear this site's data in your browser's settings.
> - On a shared computer, use made-up entries only, and clear the site's data when you finish.
> - A private window throws away this browser storage, with your edits and files, when you close it.
>
> Where this lesson talks about the kernel, a saved/ folder, Binder or a class server, this note
> applies instead.
>
> The graded quizzes are not here: they run in JupyterLab (see the course's README)."""


def pins(path: Path = ROOT / "requirements.txt") -> dict[str, str]:
    """``name -> version`` of every ``name==version`` line of a lock file."""
    found = re.findall(r"^([A-Za-z0-9_.-]+)==([^\s;\\]+)", path.read_text(), flags=re.M)
    return {norm(n): v for n, v in found}


def course_wheel(dest: Path) -> Path:
    """The course's own wheel, built from this repository (its data ships inside it)."""
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", tmp, "."]
        subprocess.run(cmd, check=True, cwd=ROOT)
        (built,) = Path(tmp).glob("coursekit-*.whl")
        return Path(shutil.copy(built, dest))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def closure(packages: dict[str, dict], wanted: list[str]) -> list[str]:
    """Every lock name that ``wanted`` needs, dependencies included."""
    by_norm = {norm(k): k for k in packages}
    seen: list[str] = []
    todo = [norm(w) for w in wanted]
    while todo:
        key = by_norm.get(todo.pop(), None)
        if key and key not in seen:
            seen.append(key)
            todo += [norm(d) for d in packages[key]["depends"]]
    return seen


def make_pyodide(dest: Path, offline: bool) -> dict:
    """``dest``: the Pyodide runtime, the wheels and a lock listing exactly them. Returns the lock."""
    dest.mkdir(parents=True)
    with tarfile.open(pyodide_tarball(offline)) as tar:
        for name in (*RUNTIME_FILES, "pyodide-lock.json"):
            (dest / name).write_bytes(tar.extractfile(f"package/{name}").read())
    lock = json.loads((dest / "pyodide-lock.json").read_text())
    upstream = lock["packages"]
    versions = pins()
    needed = closure(upstream, [*KERNEL_NEEDS, *(d for _, deps in EXTRA.values() for d in deps)])
    packages = {}
    for key in needed:
        if key in EXTRA:
            continue
        entry = dict(upstream[key])
        whl = Path(shutil.copy(wheel(entry["name"], entry["version"], offline), dest))
        entry.update(file_name=whl.name, sha256=sha256(whl))
        packages[key] = entry
    kernel_pypi = labextension(LABEXTENSIONS[0]) / "static" / "pypi"
    for name, (imports, depends) in {**EXTRA, **KERNEL_WHEELS}.items():  # EXTRA first: comm
        if name == "coursekit":
            whl = course_wheel(dest)
            preparse_data(whl)
            version = whl.name.split("-")[1]
        elif name in KERNEL_WHEELS:
            (found,) = kernel_pypi.glob(f"{norm(name).replace('-', '_')}-*-py3-none-any.whl")
            whl = Path(shutil.copy(found, dest))
            version = whl.name.split("-")[1]
        elif name == "pyyaml":
            version = versions[name]
            whl = pure_wheel(wheel("pyyaml", version, offline, "manylinux2014_x86_64"), "yaml", dest)
        else:
            version = versions[name]
            whl = Path(shutil.copy(wheel(name, version, offline), dest))
        packages[name] = {
            "name": name,
            "version": version,
            "file_name": whl.name,
            "install_dir": "site",
            "sha256": sha256(whl),
            "package_type": "package",
            "imports": imports,
            "depends": [next(k for k in packages if norm(k) == norm(d)) for d in depends],
            "unvendored_tests": False,
        }
    compile_wheels([dest / e["file_name"] for e in packages.values()], dest, CACHE / "compiled")
    compile_stdlib(dest, CACHE / "compiled")
    for entry in packages.values():  # compiling changed the files
        entry["sha256"] = sha256(dest / entry["file_name"])
    lock["packages"] = packages
    (dest / "pyodide-lock.json").write_text(json.dumps(lock, indent=1, sort_keys=True))
    return lock


def lessons(dest: Path, site: str | None = None) -> list[str]:
    """Copy every lesson (not the quizzes) into ``dest/NN_topic/``, the browser note first.

    ``site``: the reader edition's address for a lesson, with ``{lesson}`` (an absolute one: JupyterLab
    opens relative links as files of the site itself); the note then links to it.
    """
    names = []
    for path in sorted(ROOT.glob("notebooks/[0-9][0-9]_*/lesson.ipynb")):
        nb = nbformat.read(path, as_version=4)
        back = f"\n>\n> To read this lesson without running it: [the reader edition]({site})." if site else ""
        nb.cells.insert(1, nbformat.v4.new_markdown_cell((NOTE + back).format(lesson=path.parent.name), id=NOTE_ID))
        nb.metadata["kernelspec"] = {"name": "python", "display_name": "Python (Pyodide)", "language": "python"}
        (dest / path.parent.name).mkdir(parents=True)
        nbformat.write(nb, dest / path.parent.name / "lesson.ipynb")
        names.append(path.parent.name)
    return names


def inputs_hash() -> str:
    """A hash of everything a build is made from: the lessons, the package, its data, the pins, this file."""
    digest = hashlib.sha256(f"{PYODIDE} {sys.version_info[:2]}".encode())
    files = [*ROOT.glob("notebooks/*/lesson.ipynb"), *ROOT.glob("coursekit/**/*.py"), *ROOT.glob("assets/**/*.yaml")]
    for path in sorted(files + [ROOT / "requirements.txt", ROOT / "pyproject.toml", ROOT / "jupyter/overrides.json"]):
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def labextension(name: str) -> Path:
    for folder in (Path(sys.prefix) / "share" / "jupyter" / "labextensions", *map(Path, sys.path)):
        if (folder / name / "package.json").exists():
            return folder / name
    sys.exit(f"the JupyterLab extension {name} is not installed in {sys.prefix} (install the lite build tools)")


def build(out: Path = OUT, offline: bool = False, site: str | None = None) -> Path:
    """Build the site into ``out`` (replaced) and return it."""
    out = out.resolve()
    with tempfile.TemporaryDirectory(prefix="coursekit-lite-") as tmp:
        stage = Path(tmp)
        names = lessons(stage / "contents", site)
        lock = make_pyodide(stage / "pyodide", offline)
        kernel = {
            "pyodideUrl": "./static/pyodide/pyodide.mjs",
            "disablePyPIFallback": True,
            "loadPyodideOptions": {"packages": list(PRELOAD)},
        }
        config = {
            "jupyter-lite-schema-version": 0,
            "jupyter-config-data": {
                "appName": "Safer anal training: browser edition",
                "litePluginSettings": {"@jupyterlite/pyodide-kernel-extension:kernel": kernel},
            },
        }
        (stage / "jupyter-lite.json").write_text(json.dumps(config, indent=1))
        shutil.copy(ROOT / "jupyter" / "overrides.json", stage / "overrides.json")
        build_config = {
            "LiteBuildConfig": {
                "apps": ["lab"],
                "no_sourcemaps": True,
                "ignore_sys_prefix": ["federated_extensions"],
                "federated_extensions": [str(labextension(n)) for n in LABEXTENSIONS],
                "contents": [str(stage / "contents")],
                "output_dir": str(stage / "out"),
            }
        }
        (stage / "jupyter_lite_config.json").write_text(json.dumps(build_config, indent=1))
        env = {**os.environ, "JUPYTER_PLATFORM_DIRS": "1", "JUPYTER_CONFIG_DIR": str(stage / "config")}
        cmd = [sys.executable, "-m", "jupyterlite_core", "build", "--lite-dir", str(stage)]
        subprocess.run(cmd, check=True, cwd=stage, env=env)
        shutil.copytree(stage / "pyodide", stage / "out" / "static" / "pyodide", dirs_exist_ok=True)
        stamp = {"inputs": inputs_hash(), "lessons": names, "pyodide": PYODIDE, "packages": sorted(lock["packages"])}
        (stage / "out" / STAMP).write_text(json.dumps(stamp, indent=1))
        if out.exists():
            shutil.rmtree(out)
        shutil.move(stage / "out", out)
    return out


def is_current(folder: Path) -> bool:
    """Whether ``folder`` holds a complete build of the current inputs."""
    try:
        return json.loads((folder / STAMP).read_text())["inputs"] == inputs_hash()
    except (OSError, ValueError, KeyError):
        return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="where to write the site (default: lite/)")
    parser.add_argument("--offline", action="store_true", help="use only the cache; fail if a download is needed")
    parser.add_argument("--site", help="the reader edition's address of a lesson, with {lesson} (an absolute URL)")
    args = parser.parse_args(argv)
    out = build(args.out, args.offline, args.site)
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(f"Built {out} ({size / 1e6:.0f} MB). Serve it: python -m http.server -d {out} -b 127.0.0.1 8000")
    print("then open http://127.0.0.1:8000/lab/index.html?workspace=00_welcome&path=00_welcome/lesson.ipynb")
    return 0


if __name__ == "__main__":
    sys.exit(main())
