"""What the commands that rewrite lessons share: find the lessons, list drift, write, and one CLI.

``coursekit.editions.slides`` (slide metadata) and ``coursekit.editions.references`` (numbered
citations) each define a pure ``apply(nb) -> nb``; this module runs it over the lessons, so both
commands behave alike: ``--check`` lists the lessons a fresh run would change and exits 1.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping
from pathlib import Path

import nbformat

from coursekit.course.data import ROOT

Apply = Callable[[Mapping], dict]


def lessons(root: Path = ROOT) -> list[Path]:
    """Every lesson notebook under ``root``, in module order."""
    return sorted(Path(root).glob("notebooks/*/lesson.ipynb"))


def drifted(apply: Apply, root: Path = ROOT) -> list[Path]:
    """The lessons that ``apply`` would change."""
    return [p for p in lessons(root) if apply(nb := nbformat.read(p, as_version=4)) != nb]


def write(apply: Apply, root: Path = ROOT) -> list[Path]:
    """Rewrite every lesson that ``apply`` changes; return the files written."""
    written = []
    for path in lessons(root):
        nb = nbformat.read(path, as_version=4)
        fresh = apply(nb)
        if fresh != nb:
            nbformat.write(nbformat.from_dict(fresh), path)
            written.append(path)
    return written


def main(apply: Apply, argv: list[str] | None, prog: str, doc: str, what: str, fix: str) -> int:
    """The command line: rewrite the lessons, or with ``--check`` list those out of date (exit 1)."""
    parser = argparse.ArgumentParser(prog=prog, description=doc.split("\n")[0])
    parser.add_argument("--check", action="store_true", help=f"list lessons whose {what} drifted; exit 1")
    parser.add_argument("--root", type=Path, default=ROOT, help="the course folder (default: this checkout)")
    args = parser.parse_args(argv)
    if args.check:
        stale = drifted(apply, args.root)
        for path in stale:
            print(f"out of date: {path.relative_to(args.root)}")
        if stale:
            print(f"run: {fix}")
        return 1 if stale else 0
    for path in write(apply, args.root):
        print(f"wrote {path.relative_to(args.root)}")
    return 0
