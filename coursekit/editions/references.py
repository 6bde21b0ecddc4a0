"""Rendered citations in the lessons: numbered links in the text, and a References section at the end.

    python -m coursekit.editions.references           renumber the citations in notebooks/*/lesson.ipynb
    python -m coursekit.editions.references --check   exit 1, listing the lessons that need it

An author cites a source in a lesson's markdown as ``[@id]`` or ``[@id; @other]`` (ids from
``assets/data/references.yaml``) and runs this command. It turns every citation into numbered links,
``[[3](#ref-id)]`` or ``[[3](#ref-id), [4](#ref-other)]``, which read as "[3]" or "[3, 4]" in JupyterLab,
on Voila's slides and in the reader edition. Sources are numbered in the order they are first cited.
The last markdown cell before the upkeep line, tagged ``coursekit-references``, is generated: a
``## References`` heading and one numbered line per source, each with an ``<a id="ref-id">`` anchor that
the links jump to. So no learner sees an id, and the notebook stays the one machine-readable source:
the ids are in the links, and the tests read them back (tests/test_references.py).

Running it again changes nothing; a citation added or removed (in either form) renumbers the lesson.
Older lessons that ended with a ``citations.reference_list([...])`` code cell are converted once: that
cell becomes the References cell, with the same id, and the ``## References`` heading moves into it.
"""

from __future__ import annotations

import copy
import re
import sys
from collections.abc import Mapping
from pathlib import Path

import nbformat

from coursekit.course.data import load_references
from coursekit.course.schema import ContentError
from coursekit.editions import lessonfiles

ROOT = Path(__file__).resolve().parents[2]
TAG = "coursekit-references"
HEADING = "## References"

ID = r"[a-z0-9][a-z0-9-]*[a-z0-9]"
# An author's citation: [@id] or [@id; @id] (possibly across a line break).
AUTHOR = re.compile(r"\[(@" + ID + r"(?:;\s*@" + ID + r")*)\]")
# A rendered citation: [[3](#ref-id)] or [[3](#ref-id), [4](#ref-other)].
ONE_LINK = r"\[\d+\]\(#ref-" + ID + r"\)"
RENDERED = re.compile(r"\[(" + ONE_LINK + r"(?:,\s*" + ONE_LINK + r")*)\]")
# Either form, for reading ids back in order.
ANY = re.compile(AUTHOR.pattern + "|" + RENDERED.pattern)
LINK_ID = re.compile(r"\(#ref-(" + ID + r")\)")
AUTHOR_ID = re.compile(r"@(" + ID + r")")
ANCHOR = re.compile(r'<a id="ref-(' + ID + r')"></a>')
OLD_LIST_CALL = "reference_list("
OLD_IMPORT = "from coursekit.course import citations, "


def group_ids(match: re.Match) -> list[str]:
    """The ids of one citation group, in either form."""
    if match.group(1) is not None:
        return AUTHOR_ID.findall(match.group(1))
    return LINK_ID.findall(match.group(2))


def cited_ids(markdown: str) -> list[str]:
    """Every id cited in a piece of markdown, in order, repeats included.

    >>> cited_ids("A [@nhs-a]. B [[2](#ref-cdc-b), [1](#ref-nhs-a)]. C [@x-1;\\n @y-2].")
    ['nhs-a', 'cdc-b', 'nhs-a', 'x-1', 'y-2']
    """
    return [rid for m in ANY.finditer(markdown) for rid in group_ids(m)]


def render(markdown: str, numbers: Mapping[str, int]) -> str:
    """The markdown with every citation group written as numbered links.

    >>> render("Lube helps [@nhs-a; @cdc-b].", {"nhs-a": 1, "cdc-b": 2})
    'Lube helps [[1](#ref-nhs-a), [2](#ref-cdc-b)].'
    """

    def links(m: re.Match) -> str:
        return "[" + ", ".join(f"[{numbers[rid]}](#ref-{rid})" for rid in group_ids(m)) + "]"

    return ANY.sub(links, markdown)


def escape(text: str) -> str:
    r"""Text safe to put in markdown as it is (no emphasis, links or HTML from a title).

    >>> escape("A *b* [c] <d>")
    'A \\*b\\* \\[c\\] &lt;d&gt;'
    """
    text = re.sub(r"([\\`*_\[\]])", r"\\\1", text)
    return text.replace("<", "&lt;").replace(">", "&gt;")


def reference_line(ref: Mapping) -> str:
    """One source as a markdown line: title, publisher, year, and its address as a link.

    >>> reference_line({"title": "Is it safe?", "publisher": "NHS", "year": None, "url": "https://x.org/"})
    'Is it safe? NHS, n.d. <https://x.org/>'
    """
    parts = [escape(ref["title"]), f"{escape(ref['publisher'])}, {ref['year'] or 'n.d.'}"]
    return " ".join(p if p.endswith((".", "?", "!")) else p + "." for p in parts) + f" <{ref['url']}>"


def references_source(ids: list[str], refs: Mapping[str, Mapping] | None = None) -> str:
    """The References cell: a heading and a numbered list, one anchored line per source, in order."""
    refs = load_references() if refs is None else refs
    missing = [rid for rid in ids if rid not in refs]
    if missing:
        raise ContentError(f"unknown reference id(s): {', '.join(missing)}")
    lines = [f'{n}. <a id="ref-{rid}"></a>{reference_line(refs[rid])}' for n, rid in enumerate(ids, 1)]
    return HEADING + "\n\n" + "\n".join(lines)


def is_references_cell(cell: Mapping) -> bool:
    return TAG in cell.get("metadata", {}).get("tags", []) or (
        cell["cell_type"] == "code" and OLD_LIST_CALL in cell["source"]
    )


def apply(nb: Mapping, refs: Mapping[str, Mapping] | None = None) -> dict:
    """A copy of the lesson with numbered citations and a fresh References cell.

    Only citation groups, the References cell (and, in an old lesson, its heading line and the
    ``citations`` import) change; cell ids and all other metadata are kept.
    """
    out = copy.deepcopy(nb)
    cells = out["cells"]
    where = [i for i, cell in enumerate(cells) if is_references_cell(cell)]
    if len(where) != 1:
        raise ContentError(f"a lesson needs exactly one References cell (tagged {TAG!r}); found {len(where)}")
    at = where[0]
    order: list[str] = []
    for i, cell in enumerate(cells):
        if cell["cell_type"] == "markdown" and i != at:
            for rid in cited_ids(cell["source"]):
                if rid not in order:
                    order.append(rid)
    numbers = {rid: n for n, rid in enumerate(order, 1)}
    for i, cell in enumerate(cells):
        if cell["cell_type"] == "markdown" and i != at:
            cell["source"] = render(cell["source"], numbers)
    old = cells[at]
    if old["cell_type"] == "code":  # the one-time conversion of an old lesson
        before = cells[at - 1] if at else None
        if before is not None and before["cell_type"] == "markdown" and before["source"].rstrip().endswith(HEADING):
            before["source"] = before["source"].rstrip()[: -len(HEADING)].rstrip()
        for cell in cells:
            if cell["cell_type"] == "code" and cell["source"].startswith(OLD_IMPORT):
                cell["source"] = "from coursekit.course import " + cell["source"][len(OLD_IMPORT) :]
    metadata = {k: v for k, v in old["metadata"].items() if k != "jupyter"}
    metadata["tags"] = [*[t for t in metadata.get("tags", []) if t != TAG], TAG]
    new = nbformat.v4.new_markdown_cell(references_source(order, refs), metadata=metadata)
    new["id"] = old["id"]
    cells[at] = dict(new)
    return out


def drifted(root: Path = ROOT) -> list[Path]:
    """The lessons whose citations or References cell differ from a fresh generation."""
    return lessonfiles.drifted(apply, root)


def write(root: Path = ROOT) -> list[Path]:
    """Rewrite every lesson that needs it; return the files written."""
    return lessonfiles.write(apply, root)


def main(argv: list[str] | None = None) -> int:
    return lessonfiles.main(
        apply,
        argv,
        "python -m coursekit.editions.references",
        __doc__,
        "citations",
        "python -m coursekit.editions.references",
    )


if __name__ == "__main__":
    sys.exit(main())
