"""An nbgrader feedback preprocessor that keeps answer keys out of the feedback students get."""

from __future__ import annotations

from nbgrader import utils
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Unicode

REGIONS = (("BEGIN HIDDEN TESTS", "END HIDDEN TESTS"), ("BEGIN MARK SCHEME", "END MARK SCHEME"))


def strip_regions(source: str, note: str = "# (hidden checks: not shown in feedback)") -> str:
    """Remove hidden-test and mark-scheme regions, leaving one note where each stood.

    >>> strip_regions("a\\n### BEGIN HIDDEN TESTS\\nsecret\\n### END HIDDEN TESTS\\nb")
    'a\\n# (hidden checks: not shown in feedback)\\nb'
    """
    out, hiding = [], False
    for line in source.split("\n"):
        if any(begin in line for begin, _ in REGIONS):
            hiding = True
            out.append(note)
        elif any(end in line for _, end in REGIONS):
            hiding = False
        elif not hiding:
            out.append(line)
    return "\n".join(out)


class HideHiddenTests(NbGraderPreprocessor):
    """Strip hidden tests from grade cells and cut tracebacks down to ``Error: message``.

    nbgrader's own feedback shows the full source of every test cell and each traceback,
    which reveals hidden tests (nbgrader issues #917, #1363). Enable it in the course config.
    """

    note = Unicode("# (hidden checks: not shown in feedback)").tag(config=True)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code" or not utils.is_grade(cell):
            return cell, resources
        cell.source = strip_regions(cell.source, self.note)
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                message = f"{output.get('ename', 'Error')}: {output.get('evalue', '')}".rstrip(": ")
                output["traceback"] = [message]
        return cell, resources
