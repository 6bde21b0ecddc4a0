"""nbgrader's Execute step, with the student's kernel in a sandbox and the marking outside it.

Configured in ``grading/nbgrader_config.py`` in place of ``nbgrader.preprocessors.Execute``, so
``coursekit-grade``, ``nbgrader autograde`` and the formgrader's autograde button all use it.
Everything else stays nbgrader's: its converter sanitises the submission and restores the test
cells first, and its ``SaveAutoGrades`` writes the scores afterwards, in the grader's process.

Per notebook: :func:`coursekit.grading.judge.swap_in` takes the answer keys out of the cells, the
kernel runs in a :class:`coursekit.grading.sandbox.Box` (unless the sandbox is off), and
:func:`coursekit.grading.judge.mark` marks the recorded answers against the gradebook's masters.
"""

from __future__ import annotations

from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.preprocessors import Execute
from traitlets import Bool, default

from coursekit.course import kernelpoll
from coursekit.grading import judge, sandbox


class SandboxedExecute(Execute):
    """Run the notebook's kernel in a bubblewrap sandbox; mark course answer checks outside it."""

    sandbox = Bool(help="run the kernel in a bubblewrap sandbox (off: COURSEKIT_SANDBOX=off)").tag(config=True)

    @default("sandbox")
    def _sandbox_default(self) -> bool:
        return sandbox.enabled()

    def __init__(self, *args, **kwargs):
        # The grading worker's kernel clients poll in slices, so a missed wake-up costs half a second,
        # not the cell timeout (coursekit/course/kernelpoll.py).
        kernelpoll.install()
        kwargs.setdefault("kernel_manager_class", sandbox.SandboxedKernelManager)
        super().__init__(*args, **kwargs)
        self._box: sandbox.Box | None = None

    def checks(self, resources: dict) -> dict[str, judge.Check]:
        """The answer checks of this notebook's graded test cells, read from the gradebook's master."""
        info = resources.get("nbgrader", {})
        if not {"notebook", "assignment", "db_url"} <= info.keys():
            return {}  # not an nbgrader run: nothing to mark
        found = {}
        with Gradebook(info["db_url"]) as gb:
            try:
                notebook = gb.find_notebook(info["notebook"], info["assignment"])
            except MissingEntry:
                return {}
            for cell in notebook.grade_cells:
                if cell.cell_type != "code" or not cell.max_score:
                    continue  # a written answer, or a 0-point rubric cell (coursekit.grading.rubric): nothing to mark
                source = gb.find_source_cell(cell.name, info["notebook"], info["assignment"]).source
                check = judge.parse(cell.name, source)
                if check is None:
                    self.log.warning("Test cell %s is not a course answer check: it is marked in the kernel", cell.name)
                else:
                    found[cell.name] = check
        return found

    def preprocess(self, nb, resources=None, km=None):
        resources = resources if resources is not None else {}
        checks = self.checks(resources)
        originals = judge.swap_in(nb, checks)
        metadata = resources.setdefault("metadata", {})
        folder = metadata.get("path")
        try:
            if self.sandbox:
                why = sandbox.problem()
                if why:
                    raise sandbox.SandboxUnavailable(
                        f"{why}. Student code is not run outside the sandbox; "
                        "pass --no-sandbox to coursekit-grade (or set COURSEKIT_SANDBOX=off) to run it unprotected."
                    )
                hide = [Path(folder).resolve().parents[2]] if folder and len(Path(folder).resolve().parents) > 2 else []
                self._box = sandbox.Box(hide=hide)
                if folder:
                    self._box.add_files(Path(folder))
                metadata["path"] = str(self._box.path)
            nb, resources = super().preprocess(nb, resources, km)
        finally:
            results = judge.mark(nb, checks, originals)
            if folder is not None:
                metadata["path"] = folder
            if self._box is not None:
                self._box.close()
                self._box = None
        wrong = sorted(k for k, right in results.items() if not right)
        self.log.info("Marked outside the kernel: %d right, wrong: %s", len(results) - len(wrong), wrong or "none")
        return nb, resources

    def create_kernel_manager(self):
        km = super().create_kernel_manager()
        if self._box is not None:
            km.use(self._box)
        return km
