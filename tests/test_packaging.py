"""The package's shape holds: every package is shipped, no import cycles, small files, and a wheel works alone.

The last test builds the wheel, installs it into a fresh virtual environment that borrows only the
third-party libraries of this one, and executes a lesson from there, in a folder outside the
repository, so the lesson can only find its code and data inside the installed package.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "coursekit"
MAX_LINES = 330  # "about 300"


def declared_packages() -> set[str]:
    return set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])


def test_every_package_in_the_tree_is_declared_and_nothing_else():
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in PACKAGE.rglob("__init__.py")}
    data = {"coursekit.assets", *(f"coursekit.assets.{d.name}" for d in (ROOT / "assets").iterdir() if d.is_dir())}
    assert declared_packages() == found | {d for d in data if "__pycache__" not in d}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """The coursekit modules that ``path`` imports at module level (imports inside functions are lazy)."""
    tree = ast.parse(path.read_text())
    here = module_name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    out = set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1] + ([base] if base else []))
            for alias in node.names:
                out.add(f"{base}.{alias.name}" if base else alias.name)
                out.add(base)
        elif isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
    return {m for m in out if m.startswith("coursekit")}


def test_no_import_cycles():
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph = {name: {m for m in imports_of(path) if m in modules and m != name} for name, path in modules.items()}
    # A package's __init__ re-exporting its own submodules is not a cycle of parts.
    for name in graph:
        graph[name] = {m for m in graph[name] if not m.startswith(name + ".")}
    state: dict[str, int] = {}

    def visit(node, trail):
        state[node] = 1
        for nxt in graph[node]:
            if state.get(nxt) == 1:
                pytest.fail("import cycle: " + " -> ".join([*trail[trail.index(nxt) :], nxt]))
            if nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])


def test_no_module_is_far_over_300_lines():
    long = {
        str(p.relative_to(ROOT)): n for p in PACKAGE.rglob("*.py") if (n := len(p.read_text().splitlines())) > MAX_LINES
    }
    assert not long, f"files over {MAX_LINES} lines: {long}"


def test_rules_never_import_widgets_or_plotly():
    logics = sorted(PACKAGE.glob("topics/*/logic.py"))
    assert len(logics) == len(list(PACKAGE.glob("topics/*/__init__.py"))), "every topic has a logic.py"
    for logic in logics:
        names = set()
        for node in ast.walk(ast.parse(logic.read_text())):
            if isinstance(node, ast.Import):
                names |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module.split(".")[0])
        assert not names & {"ipywidgets", "plotly"}, logic


@pytest.mark.notebook
def test_a_lesson_runs_from_the_installed_wheel(tmp_path):
    dist, source = tmp_path / "dist", tmp_path / "source"
    # Build from a copy: setuptools writes build/ and *.egg-info next to the sources it builds.
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE", "LICENSE-content"):
        shutil.copy(ROOT / name, source / name)
    skip = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "coursekit", source / "coursekit", ignore=skip)
    shutil.copytree(ROOT / "assets", source / "assets", ignore=skip)
    # No build isolation: setuptools comes from this environment (both lock files pin it), so the
    # build needs no download and takes seconds, not a fresh build environment per run.
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "-w",
            str(dist),
            str(source),
        ],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    wheel = next(dist.glob("coursekit-*.whl"))

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = Path(
        subprocess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    # Borrow this environment's third-party libraries, but not its editable coursekit: a plain path
    # entry adds the folder without running the .pth files in it (which install the editable finder).
    (site / "borrowed.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    installed = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--quiet", str(wheel)],
        capture_output=True,
        text=True,
    )
    assert installed.returncode == 0, installed.stderr[-2000:]

    lesson = tmp_path / "lesson.ipynb"
    lesson.write_bytes((ROOT / "notebooks" / "01_anatomy" / "lesson.ipynb").read_bytes())
    script = (
        "import coursekit, nbformat, sys\n"
        "from nbclient import NotebookClient\n"
        "from coursekit.course import kernelpoll\n"
        "kernelpoll.install()\n"
        "assert 'site-packages' in coursekit.__file__, coursekit.__file__\n"
        "nb = nbformat.read('lesson.ipynb', as_version=4)\n"
        "NotebookClient(nb, timeout=180, kernel_name='python3').execute()\n"
        "print('ran', sum(1 for c in nb.cells if c.cell_type == 'code'), 'cells from', coursekit.__file__)\n"
    )
    run = subprocess.run([python, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "ran" in run.stdout and str(ROOT) not in run.stdout
