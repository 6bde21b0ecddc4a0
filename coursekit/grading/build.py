"""Regenerate the graded notebooks: bank -> master (grading/source) -> student version (notebooks/).

python -m coursekit.grading.build           write every generated file
python -m coursekit.grading.build --check   exit 1 if a committed generated file differs from a fresh one
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from coursekit.course.banks import load_bank
from coursekit.course.data import BANKS, ROOT
from coursekit.course.schema import ContentError
from coursekit.grading.autograde import nbgrader
from coursekit.grading.masters import dumps, make_master

GRADING = ROOT / "grading"


def modules() -> list[str]:
    return sorted(p.stem for p in BANKS.glob("*.yaml"))


def master_path(module: str, root: Path = ROOT) -> Path:
    return root / "grading" / "source" / module / "quiz.ipynb"


def student_path(module: str, root: Path = ROOT) -> Path:
    return root / "notebooks" / module / "quiz.ipynb"


def generate(out: Path, names: list[str] | None = None) -> list[Path]:
    """Write masters and student versions for ``names`` under the tree ``out``; return the files."""
    names = names or modules()
    written = []
    for module in names:
        path = master_path(module, out)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dumps(make_master(load_bank(BANKS / f"{module}.yaml"))), encoding="utf-8")
        written.append(path)
    with tempfile.TemporaryDirectory(prefix="coursekit-build-") as tmp:
        course = Path(tmp) / "grading"
        for module in names:
            shutil.copytree(master_path(module, out).parent, master_path(module, course.parent).parent)
        shutil.copy(GRADING / "nbgrader_config.py", course / "nbgrader_config.py")
        env = {k: v for k, v in os.environ.items() if not k.startswith("COURSEKIT_")}
        # One nbgrader run for every quiz in the folder ("*"): its start-up and gradebook are paid once.
        run = nbgrader(course, "generate_assignment", "*", "--force", "--log-level=WARN", env=env)
        if run.returncode != 0:
            raise RuntimeError(f"nbgrader generate_assignment failed:\n{run.stdout}\n{run.stderr}")
        for module in names:
            nb = json.loads((course / "release" / module / "quiz.ipynb").read_text(encoding="utf-8"))
            target = student_path(module, out)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(dumps(nb), encoding="utf-8")
            written.append(target)
    return written


def stale_files(names: list[str] | None = None) -> list[str]:
    """Generated files in the repository that differ from a fresh generation (relative paths)."""
    with tempfile.TemporaryDirectory(prefix="coursekit-check-") as tmp:
        fresh = generate(Path(tmp), names)
        stale = []
        for path in fresh:
            rel = path.relative_to(tmp)
            committed = ROOT / rel
            if not committed.exists() or committed.read_bytes() != path.read_bytes():
                stale.append(str(rel))
        return stale


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only report generated files that are out of date")
    parser.add_argument("modules", nargs="*", help="modules to build (default: every bank)")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.modules) - set(modules()))
    if unknown:
        parser.error(f"no bank for {', '.join(unknown)}; banks: {', '.join(modules())}")
    try:
        if args.check:
            stale = stale_files(args.modules or None)
            for rel in stale:
                print(f"out of date: {rel}  (run: make regenerate)")
            return 1 if stale else 0
        for path in generate(ROOT, args.modules or None):
            print(f"wrote {path.relative_to(ROOT)}")
    except (ContentError, RuntimeError) as exc:  # a bad bank or a failed nbgrader run: say which
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
