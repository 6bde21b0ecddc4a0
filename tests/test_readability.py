"""Lesson prose stays readable: no sentence over 35 words, and each lesson at about school grade 9 or below.

Plain-language health material usually aims at grade 6 to 8 with short sentences. The grade is
Flesch-Kincaid as computed by textstat (0.7.4, which counts syllables with pyphen and needs no
download). Only the lesson's prose is measured: headings, code, citations, link targets and
markdown markup are removed first, and each list item counts as a sentence of its own.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
import textstat

ROOT = Path(__file__).resolve().parent.parent
LESSONS = sorted(ROOT.glob("notebooks/*/lesson.ipynb"))
MAX_WORDS = 35
MAX_GRADE = 9.0

CITATION = re.compile(r"\s*\[(?:@[\w.-]+(?:;\s*)?)+\]")
# A rendered citation, [[3](#ref-id)] or [[3](#ref-id), [4](#ref-x)] (python -m coursekit.editions.references)
RENDERED = re.compile(r"\s*\[(?:\[\d+\]\(#ref-[\w.-]+\)(?:,\s*)?)+\]")
LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
MARKUP = re.compile(r"[*_`>|#]+")
SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")
WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’.,%-]*")


def plain_text(markdown: str) -> list[str]:
    """The prose of one markdown cell as a list of blocks (paragraphs and list items), markup removed.

    >>> plain_text("## Title\\n\\nOne **bold** claim [@nhs-999]. A [link](https://x.org).\\n- an item")
    ['One bold claim. A link.', 'an item']
    >>> plain_text("Lube helps [[1](#ref-nhs-a), [2](#ref-cdc-b)]. Sources: [[3](#ref-x)].")
    ['Lube helps. Sources:.']
    >>> plain_text("| kind | note |\\n|---|---|\\n| water | rinses off |")
    ['kind', 'note', 'water', 'rinses off']
    """
    blocks, current = [], []
    for line in markdown.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or re.fullmatch(r"[-|: ]+", stripped):
            blocks.append(" ".join(current))
            current = []
            continue
        if stripped.startswith("|"):  # a table row: each cell is a block of its own
            blocks.append(" ".join(current))
            blocks += [cell.strip() for cell in stripped.strip("|").split("|")]
            current = []
            continue
        item = re.match(r"^(?:[-*+]|\d+[.)])\s+(.*)", stripped)
        if item:
            blocks.append(" ".join(current))
            current = [item.group(1)]
        else:
            current.append(stripped)
    blocks.append(" ".join(current))
    cleaned = []
    for block in blocks:
        block = LINK.sub(r"\1", RENDERED.sub("", CITATION.sub("", block)))
        block = re.sub(r"<[^>]+>", " ", block)
        block = re.sub(r"\s+", " ", MARKUP.sub("", block)).strip()
        if WORD.search(block):
            cleaned.append(block)
    return cleaned


def sentences(blocks: list[str]) -> list[str]:
    """Split blocks into sentences; a block without a full stop is one sentence.

    >>> sentences(["One. Two words here! Three?", "a list item"])
    ['One.', 'Two words here!', 'Three?', 'a list item']
    """
    return [s for block in blocks for s in SENTENCE_END.split(block) if s.strip()]


def lesson_prose(path: Path) -> list[str]:
    nb = nbformat.read(path, as_version=4)
    blocks = []
    for cell in nb.cells:
        if cell.cell_type == "markdown" and "coursekit-references" not in cell.metadata.get("tags", []):
            blocks += plain_text(cell.source)
    return blocks


def word_count(sentence: str) -> int:
    return len(WORD.findall(sentence))


def test_the_measure_can_fail():
    long = " ".join(["word"] * (MAX_WORDS + 1)) + "."
    assert word_count(sentences([long])[0]) > MAX_WORDS
    dense = "Comprehensive interdisciplinary investigations substantiate heterogeneous physiological characteristics."
    assert textstat.flesch_kincaid_grade(dense) > MAX_GRADE


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.parent.name)
def test_no_lesson_sentence_is_too_long(path):
    too_long = [s for s in sentences(lesson_prose(path)) if word_count(s) > MAX_WORDS]
    assert not too_long, f"{len(too_long)} sentence(s) over {MAX_WORDS} words in {path.parent.name}:\n" + "\n".join(
        f"({word_count(s)}) {s}" for s in too_long
    )


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.parent.name)
def test_lesson_reads_at_grade_nine_or_below(path):
    text = " ".join(s if s.rstrip().endswith((".", "!", "?", ":")) else s + "." for s in sentences(lesson_prose(path)))
    grade = textstat.flesch_kincaid_grade(text)
    assert grade <= MAX_GRADE, f"{path.parent.name} reads at grade {grade} (limit {MAX_GRADE})"
