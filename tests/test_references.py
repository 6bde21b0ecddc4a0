"""Citations: every cited id exists, every reference is cited, lessons list what they cite,
and no passage is copied from the seed articles."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from coursekit.course import data as course_data

ROOT = Path(__file__).resolve().parent.parent
SEED_TOOL = ROOT.parent / "shared" / "tools" / "seed_overlap.py"
CITATION = re.compile(r"@([a-z0-9][a-z0-9-]*[a-z0-9])")


REFERENCES_TAG = "coursekit-references"
LINK = re.compile(r"\[(\d+)\]\(#ref-([a-z0-9][a-z0-9-]*[a-z0-9])\)")
ANCHOR = re.compile(r'<a id="ref-([a-z0-9][a-z0-9-]*[a-z0-9])"></a>')


def lesson_citations(path: Path) -> tuple[set[str], list[str]]:
    """Ids cited in the markdown (as numbered links [[3](#ref-id)], or an author's [@id; @id]),
    and the ids of the generated References cell, in its order."""
    nb = json.loads(path.read_text())
    cited, listed = set(), []
    for cell in nb["cells"]:
        source = "".join(cell["source"])
        if REFERENCES_TAG in cell["metadata"].get("tags", []):
            listed = ANCHOR.findall(source)
        elif cell["cell_type"] == "markdown":
            for group in re.findall(r"\[(@[^\]]+)\]", source):
                cited.update(CITATION.findall(group))
            cited.update(rid for _n, rid in LINK.findall(source))
    return cited, listed


def yaml_refs(node) -> set[str]:
    found = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "refs" or key.endswith("_refs"):
                found.update(value)
            else:
                found |= yaml_refs(value)
    elif isinstance(node, list):
        for item in node:
            found |= yaml_refs(item)
    return found


def doc_citations(path: Path) -> set[str]:
    """Ids cited as [@id] in a guide under docs/, outside code (where `[@id]` only shows the form)."""
    text = re.sub(r"```.*?```", "", path.read_text(), flags=re.S)
    text = re.sub(r"`[^`\n]*`", "", text)
    return {rid for group in re.findall(r"\[(@[^\]]+)\]", text) for rid in CITATION.findall(group)}


def all_cited() -> set[str]:
    cited = set()
    for path in sorted(ROOT.glob("docs/**/*.md")):
        cited |= doc_citations(path)
    for path in sorted(ROOT.glob("assets/**/*.yaml")) + sorted(ROOT.glob("grading/banks/*.yaml")):
        if path.name != "references.yaml":
            cited |= yaml_refs(yaml.safe_load(path.read_text()))
    for path in sorted(ROOT.glob("notebooks/*/lesson.ipynb")):
        cited |= lesson_citations(path)[0]
    return cited


def test_every_cited_id_exists():
    missing = all_cited() - set(course_data.load_references())
    assert not missing, f"cited but not in references.yaml: {sorted(missing)}"


def test_every_reference_is_cited():
    unused = set(course_data.load_references()) - all_cited()
    assert not unused, f"in references.yaml but never cited: {sorted(unused)}"


@pytest.mark.parametrize("path", sorted(ROOT.glob("notebooks/*/lesson.ipynb")), ids=lambda p: p.parent.name)
def test_lesson_reference_list_is_exactly_what_it_cites(path):
    cited, listed = lesson_citations(path)
    assert cited, "a lesson with no citations"
    assert len(listed) == len(set(listed)), "a reference listed twice"
    assert set(listed) == cited


@pytest.mark.parametrize("path", sorted(ROOT.glob("notebooks/*/lesson.ipynb")), ids=lambda p: p.parent.name)
def test_lesson_shows_rendered_citations_only(path):
    """No learner sees [@id] or a list of ids in code: citations are numbered links into the list."""
    nb = json.loads(path.read_text())
    listed = lesson_citations(path)[1]
    for cell in nb["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "code":
            assert "reference_list(" not in source and "citations." not in source, f"cell {cell['id']}"
        else:
            assert "[@" not in source, f"cell {cell['id']}: run python -m coursekit.editions.references"
            for number, rid in LINK.findall(source):
                assert listed.index(rid) + 1 == int(number), f"cell {cell['id']}: [{number}] should point at {rid}"
    assert "".join(nb["cells"][-2]["source"]).startswith("## References"), "References is not the last section"


def test_rendered_citations_are_up_to_date():
    from coursekit.editions import references

    stale = references.drifted(ROOT)
    assert not stale, f"run python -m coursekit.editions.references: {[p.parent.name for p in stale]}"


def test_references_command_converts_and_renumbers():
    import nbformat

    from coursekit.editions import references

    refs = course_data.load_references()
    a, b = sorted(refs)[:2]
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(f"One [@{b}]. Two [@{a};\n @{b}]."),
        nbformat.v4.new_markdown_cell("## Summary\n\n## References"),
        nbformat.v4.new_code_cell(f"citations.reference_list(['{b}', '{a}'])"),
    ]
    out = references.apply(nb)
    assert out["cells"][0]["source"] == f"One [[1](#ref-{b})]. Two [[2](#ref-{a}), [1](#ref-{b})]."
    assert out["cells"][1]["source"] == "## Summary"
    last = out["cells"][2]
    assert last["cell_type"] == "markdown" and last["id"] == nb.cells[2]["id"]
    assert ANCHOR.findall(last["source"]) == [b, a] and references.TAG in last["metadata"]["tags"]
    assert references.apply(out) == out  # a second run changes nothing
    out["cells"][0]["source"] = f"Now only [@{a}]."
    again = references.apply(out)
    assert again["cells"][0]["source"] == f"Now only [[1](#ref-{a})]."
    assert ANCHOR.findall(again["cells"][2]["source"]) == [a]


def test_references_point_at_original_publishers():
    mirrors = (
        "docslib.org",
        "iiab.me",
        "123dok",
        "issuu.com",
        "nuanqintech",
        "kibz.com",
        "medilib.ir",
        "ripplephx",
        "liquidnomad",
        "wilddata",
        "paperexplained",
        "sexarchive.info",
        "einpresswire",
    )
    for ref in course_data.load_references().values():
        assert not any(m in ref["url"] for m in mirrors), f"{ref['id']} cites a mirror: {ref['url']}"


def test_no_brand_or_shop_links():
    shops = ("amazon.", "shop", "store", "lovehoney", "bespokesurgical.com/product")
    for path in list(ROOT.glob("notebooks/*/lesson.ipynb")) + list(ROOT.glob("assets/**/*.yaml")):
        text = path.read_text().lower()
        for word in shops:
            assert f"https://{word}" not in text and f"www.{word}" not in text, (path, word)


def test_nothing_is_copied_from_the_seed_articles():
    if not SEED_TOOL.exists():
        pytest.skip("../shared/tools/seed_overlap.py is not beside this checkout")
    run = subprocess.run([sys.executable, str(SEED_TOOL), str(ROOT)], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-3000:]
