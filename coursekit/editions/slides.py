"""Projector slides from the lessons: slide metadata computed from each lesson's structure, shown by Voila.

    python -m coursekit.editions.slides           write the metadata into notebooks/*/lesson.ipynb
    python -m coursekit.editions.slides --check   exit 1, listing the lessons whose metadata has drifted

The slideshow is Voila's reveal.js template (``make slides``): Voila runs the lesson with a live kernel,
shows the markdown and the outputs, leaves the code out, and cuts slides from ``slideshow.slide_type`` on
each cell. Widgets work on the slides: Voila draws them with its own widget manager. The rules:

- the title cell, and every markdown cell with a ``#`` or ``##`` heading line, starts a new slide;
- a markdown cell that is nothing but a list is a fragment (it appears on the next key press);
- the one import cell is skipped (it still runs with the rest);
- everything else (widgets, figures, the line on what to try) continues the current slide.

There are no subslides: reveal.js's right arrow steps over them, so a presenter could miss one. Long
slides scroll. Slides follow cells, so a markdown cell holding several sections is one slide.

Every lesson code cell also opens collapsed (``jupyter.source_hidden``) in JupyterLab, so projecting
JupyterLab itself shows no Python either (the blue bar beside a cell expands it).

The course's template is ``voila/templates/coursekit-slides`` beside this file (``TEMPLATES`` goes on
``JUPYTER_PATH``). It is Voila's reveal template without the style sheets and jQuery that the stock one
loads from a CDN: reveal.js's own ``reveal.css`` (MIT, 4.0.2, the version nbconvert's template names) is
served from the template, and ``theme/coursekit.css`` makes the text large with the system's fonts.
The course makes no network requests; tests/test_slides.py fails if the slideshow contacts any host.
(jupyterlab-rise cannot draw ipywidgets 8, jupyterlab-contrib/rise#119, so the course does not use it.)

The title cell ends with the course's credit line, so a projected lesson is credited on its first slide.
"""

from __future__ import annotations

import copy
import re
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

from coursekit.editions import lessonfiles

ROOT = Path(__file__).resolve().parents[2]

# The folder to put on JUPYTER_PATH, and the name of the Voila template in it (make slides, the tests).
TEMPLATES = Path(__file__).resolve().parent
TEMPLATE = "coursekit-slides"


CREDIT = (
    "*Safer anal training: an interactive course for adults*, by the coursekit contributors, "
    "licensed [CC BY-SA 4.0](https://creativecommons.org/licenses/by-sa/4.0/)."
)
CREDIT_LINE = f"<small>{CREDIT}</small>"
CREDIT_MARK = "<small>*Safer anal training:"

HEADING = re.compile(r"^#{1,2} \S", re.M)
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\S")
IMPORT = re.compile(r"^(?:from\s+\S+\s+import\s|import\s)")


def is_import_cell(cell: Mapping) -> bool:
    """True for a code cell made only of import lines.

    >>> is_import_cell({"cell_type": "code", "source": "from coursekit.topics import anatomy"})
    True
    >>> is_import_cell({"cell_type": "code", "source": "anatomy.AnatomyExplorer()"})
    False
    """
    lines = [line for line in cell["source"].splitlines() if line.strip()]
    return cell["cell_type"] == "code" and bool(lines) and all(IMPORT.match(line) for line in lines)


def is_list_cell(cell: Mapping) -> bool:
    """True for a markdown cell whose every paragraph is a list (continuation lines are indented).

    >>> is_list_cell({"cell_type": "markdown", "source": "- one\\n- two\\n  more of two"})
    True
    >>> is_list_cell({"cell_type": "markdown", "source": "Intro:\\n- one"})
    False
    """
    lines = [line for line in cell["source"].splitlines() if line.strip()]
    if cell["cell_type"] != "markdown" or not lines or not LIST_ITEM.match(lines[0]):
        return False
    return all(LIST_ITEM.match(line) or line.startswith((" ", "\t")) for line in lines)


def slide_type(cell: Mapping, index: int) -> str:
    """The reveal.js slide type of one cell: ``slide``, ``fragment``, ``skip`` or ``-`` (continue).

    >>> slide_type({"cell_type": "markdown", "source": "## Safer sex"}, 5)
    'slide'
    >>> slide_type({"cell_type": "code", "source": "hygiene.SwitchCheck()"}, 6)
    '-'
    """
    if is_import_cell(cell):
        return "skip"
    if cell["cell_type"] != "markdown":
        return "-"
    if index == 0 or HEADING.search(cell["source"]):
        return "slide"
    if is_list_cell(cell):
        return "fragment"
    return "-"


def cell_metadata(cells: Iterable[Mapping]) -> list[dict]:
    """The slide metadata for each cell of a lesson, in order (a pure function of the cells).

    Markdown cells get ``slideshow``; code cells also get ``jupyter.source_hidden``, so they open
    collapsed in JupyterLab and on the slides.

    >>> cell_metadata([{"cell_type": "markdown", "source": "# Title"},
    ...                {"cell_type": "code", "source": "import math"},
    ...                {"cell_type": "code", "source": "math.pi"}])  # doctest: +NORMALIZE_WHITESPACE
    [{'slideshow': {'slide_type': 'slide'}},
     {'slideshow': {'slide_type': 'skip'}, 'jupyter': {'source_hidden': True}},
     {'slideshow': {'slide_type': '-'}, 'jupyter': {'source_hidden': True}}]
    """
    out = []
    for index, cell in enumerate(cells):
        meta: dict = {"slideshow": {"slide_type": slide_type(cell, index)}}
        if cell["cell_type"] == "code":
            meta["jupyter"] = {"source_hidden": True}
        out.append(meta)
    return out


def with_credit(title: str) -> str:
    """The title cell's source ending with the credit line, once (any older credit line is replaced).

    >>> with_credit("# Anatomy\\n\\nObjectives.").splitlines()[-1] == CREDIT_LINE
    True
    >>> with_credit(with_credit("# Anatomy")) == with_credit("# Anatomy")
    True
    """
    kept = [line for line in title.rstrip().splitlines() if not line.startswith(CREDIT_MARK)]
    return "\n".join(kept).rstrip() + "\n\n" + CREDIT_LINE


def apply(nb: Mapping) -> dict:
    """A copy of the notebook with the slide metadata and the title credit.

    Only ``slideshow`` and ``jupyter.source_hidden`` on cells and the title's last line change (and an old
    ``rise`` section on the notebook goes); ids, sources, other metadata and everything else are kept.
    """
    out = copy.deepcopy(nb)
    if out["cells"] and out["cells"][0]["cell_type"] == "markdown":
        out["cells"][0]["source"] = with_credit(out["cells"][0]["source"])
    for cell, meta in zip(out["cells"], cell_metadata(out["cells"]), strict=True):
        cell["metadata"]["slideshow"] = meta["slideshow"]
        if "jupyter" in meta:
            cell["metadata"]["jupyter"] = {**cell["metadata"].get("jupyter", {}), **meta["jupyter"]}
        else:  # markdown: nothing to hide
            cell["metadata"].get("jupyter", {}).pop("source_hidden", None)
            if cell["metadata"].get("jupyter") == {}:
                del cell["metadata"]["jupyter"]
    out["metadata"].pop("rise", None)  # jupyterlab-rise's settings, from before the course used Voila
    return out


def lessons(root: Path = ROOT) -> list[Path]:
    return lessonfiles.lessons(root)


def drifted(root: Path = ROOT) -> list[Path]:
    """The lessons whose slide metadata or credit differs from a fresh generation."""
    return lessonfiles.drifted(apply, root)


def write(root: Path = ROOT) -> list[Path]:
    """Rewrite every lesson that needs it; return the files written."""
    return lessonfiles.write(apply, root)


def main(argv: list[str] | None = None) -> int:
    return lessonfiles.main(
        apply,
        argv,
        "python -m coursekit.editions.slides",
        __doc__,
        "slide metadata",
        "python -m coursekit.editions.slides   (or make slides)",
    )


if __name__ == "__main__":
    sys.exit(main())
