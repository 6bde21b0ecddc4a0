"""The printed handouts (make handouts): data that validates, PDFs that say what they must, offline.

The handouts are printed once per session, in a temporary folder, by Debian's Chromium (about 8 s
of wall time, 3 s of CPU); the whole module is one xdist group so only one worker prints them.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
import textstat
import yaml

from coursekit.course import data
from coursekit.course.schema import ContentError
from coursekit.editions import handout_data as hd
from coursekit.editions import handouts

from .conftest import chromium_path, require

pytestmark = pytest.mark.xdist_group("handouts")

ROOT = Path(__file__).resolve().parent.parent
PAGE_NUMBER = re.compile(r"Page (\d+) of (\d+)")


@pytest.fixture(scope="session")
def frame() -> dict:
    return hd.load_frame()


@pytest.fixture(scope="session")
def built(tmp_path_factory, frame) -> dict:
    """Every handout printed once: name -> {"path", "kind", "subject", "pages" (text of each page)}."""
    require(Path(handouts.CHROMIUM).exists(), f"Chromium is not at {handouts.CHROMIUM}; handout tests skipped")
    from pypdf import PdfReader

    out = tmp_path_factory.mktemp("handouts")
    paths = handouts.build(out)
    docs = {d["name"]: d for d in handouts.documents(frame)}
    result = {}
    for path in paths:
        pages = [page.extract_text() for page in PdfReader(path).pages]
        result[path.name] = {
            "path": path,
            "pages": pages,
            "kind": docs[path.name]["kind"],
            "subject": docs[path.name]["subject"],
        }
    return result


# --- The data ---------------------------------------------------------------------------------


def test_every_module_has_a_handout_and_the_data_validates():
    modules = hd.module_ids()
    loaded = hd.load_all()
    assert [h["module"] for h in loaded] == sorted(modules, key=modules.get)
    assert all(h["key_points"] and h["stop_rules"] for h in loaded)


def test_every_ref_exists(frame):
    known = set(data.load_references())
    points = [p for h in hd.load_all() for key in ("key_points", "stop_rules", "care") for p in h.get(key, [])]
    points += frame["every_handout"] + frame["card"]["extra"]
    cited = {r for p in points for r in p.get("refs", [])}
    assert cited and cited <= known, sorted(cited - known)


def test_a_claim_without_refs_or_label_is_refused(tmp_path):
    raw = yaml.safe_load((hd.HANDOUTS / "03_lubrication.yaml").read_text())
    bad = copy.deepcopy(raw)
    del bad["handout"]["key_points"][0]["refs"]
    (tmp_path / "03_lubrication.yaml").write_text(yaml.safe_dump(bad))
    with pytest.raises(ContentError, match="needs refs, or suggestion"):
        hd.load_handout(tmp_path / "03_lubrication.yaml")
    bad = copy.deepcopy(raw)
    bad["handout"]["stop_rules"][0]["refs"] = ["no-such-reference"]
    (tmp_path / "03_lubrication.yaml").write_text(yaml.safe_dump(bad))
    with pytest.raises(ContentError, match="does not exist in references.yaml"):
        hd.load_handout(tmp_path / "03_lubrication.yaml")


def test_a_file_must_name_its_own_module(tmp_path):
    raw = (hd.HANDOUTS / "03_lubrication.yaml").read_text()
    (tmp_path / "04_lubrication.yaml").write_text(raw)
    with pytest.raises(ContentError, match="does not match"):
        hd.load_handout(tmp_path / "04_lubrication.yaml")


def test_handout_prose_is_short_and_plain(frame):
    """The same bar as the lessons: no sentence over 35 words, about school grade 9 or below."""
    texts = [p["text"] for h in hd.load_all() for key in ("key_points", "stop_rules", "care") for p in h.get(key, [])]
    texts += [h["intro"] for h in hd.load_all()] + [p["text"] for p in frame["every_handout"] + frame["card"]["extra"]]
    long = [s for t in texts for s in re.split(r"(?<=[.!?])\s+", t) if len(s.split()) > 35]
    assert not long, long
    grade = textstat.flesch_kincaid_grade(" ".join(texts))
    assert grade <= 9.0, grade


# --- The printed PDFs -------------------------------------------------------------------------


def test_all_handouts_are_printed(built):
    names = set(built)
    assert {f"{h['slug']}.pdf" for h in hd.load_all()} <= names
    assert {"warning-signs-card.pdf", "glossary.pdf", "local-resources.pdf"} <= names


def test_each_handout_has_its_required_sections(built, frame):
    problems = {}
    for name, doc in built.items():
        missing = hd.missing_text("\n".join(doc["pages"]), hd.required_text(doc["kind"], frame, doc["subject"]))
        if missing:
            problems[name] = missing
    assert not problems, problems


def test_every_page_has_the_licence_line_and_its_number(built, frame):
    credit = re.sub(r"\s+", " ", frame["credit"])
    assert "CC BY-SA 4.0" in credit and "coursekit contributors" in credit
    for name, doc in built.items():
        total = len(doc["pages"])
        for number, text in enumerate(doc["pages"], start=1):
            assert hd.missing_text(text, [credit]) == [], f"{name} page {number}: no licence line"
            assert (str(number), str(total)) in PAGE_NUMBER.findall(text), f"{name} page {number}: no page number"


def test_page_counts_and_sizes(built):
    for name, doc in built.items():
        pages = len(doc["pages"])
        if doc["kind"] == "card":
            # The card itself is one page; only its list of sources may follow on a second.
            assert 1 <= pages <= 2, f"{name}: {pages} pages"
            if pages == 2:
                assert "Sources" in doc["pages"][1] and "Sources" not in doc["pages"][0], name
        elif doc["kind"] == "module":
            assert 1 <= pages <= 2, f"{name}: {pages} pages (one or two per module)"
        assert doc["path"].stat().st_size < handouts.MAX_BYTES, name


def test_the_card_lists_every_sign_and_level(built, frame):
    """Everything the card says (levels, signs, fill-in lines, its own additions) is on page 1."""
    card = built["warning-signs-card.pdf"]
    signs = [s["label"] for s in card["subject"]["signs"]]
    assert hd.missing_text(card["pages"][0], signs) == []
    own = hd.required_text("card", frame, card["subject"]) + [a["text"] for a in frame["card"]["add"]]
    own += [p["text"] for p in frame["card"]["extra"]]
    assert hd.missing_text(card["pages"][0], own) == []
    labels = [f["label"] for f in frame["card"]["fill_in"]]
    assert {"Sexual-violence support", "Helpline if you are struggling"} <= set(labels)


def test_the_card_leaves_out_sources_for_text_it_does_not_print(frame):
    """A source the card omits for a sign (it supports only text the card does not print) is not listed."""
    listed = {r["id"] for r in handouts.card_context(frame)["references"]}
    omitted = {rid for omit in frame["card"]["leave_out"] for rid in omit["refs"]}
    assert omitted and not omitted & listed
    unfiltered = copy.deepcopy(frame)
    unfiltered["card"]["leave_out"] = []
    assert omitted <= {r["id"] for r in handouts.card_context(unfiltered)["references"]}


def test_a_card_addition_must_name_a_real_sign(frame):
    bad = copy.deepcopy(frame)
    bad["card"]["add"] = [{"sign": "no_such_sign", "text": "x", "suggestion": True}]
    with pytest.raises(ContentError, match="no such level or sign"):
        handouts.card_context(bad)
    bad["card"]["add"] = []
    bad["card"]["leave_out"] = [{"sign": "dark_stool", "refs": ["nhs-999"]}]
    with pytest.raises(ContentError, match="leave_out"):
        handouts.card_context(bad)


def test_sexual_violence_text_follows_a_content_note(built):
    """Wherever a handout speaks of sex without consent or an assault, a content note comes first."""
    for name, doc in built.items():
        text = hd._squash("\n".join(doc["pages"]))
        at = text.find("after sex without consent or an assault")
        if at >= 0 and doc["kind"] in ("module", "card"):
            assert "content note: sexual assault." in text[:at], name


def test_the_warning_signs_sheet_has_a_sexual_violence_line(built):
    text = "\n".join(built["05_warning_signs.pdf"]["pages"])
    assert hd.missing_text(text, ["Sexual-violence support:", "Helpline if you are struggling:"]) == []


def test_every_cited_source_is_listed(built):
    """Each handout's numbered list ends at the highest number it cites."""
    for name, doc in built.items():
        text = "\n".join(doc["pages"])
        cited = {int(n) for group in re.findall(r"\[(\d+(?:, \d+)*)\]", text) for n in group.split(", ")}
        sources = text.split("Sources", 1)[-1]
        listed = {int(n) for n in re.findall(r"^(\d+)\. ", sources, flags=re.M)}
        assert cited and cited <= listed, f"{name}: cited {sorted(cited - listed)} not listed"


# --- The checks can fail ----------------------------------------------------------------------


def test_a_handout_missing_its_care_section_fails_the_checker(built, frame):
    doc = built["02_relaxation.pdf"]
    text = "\n".join(doc["pages"])
    assert hd.missing_text(text, hd.required_text("module", frame)) == []
    without_care = text.replace(frame["headings"]["care"], "")
    assert hd.missing_text(without_care, hd.required_text("module", frame)) == [frame["headings"]["care"]]


def test_a_page_that_reaches_off_the_machine_is_caught(tmp_path, frame):
    require(chromium_path() is not None and Path(handouts.CHROMIUM).exists(), "Chromium is not installed")
    html = '<html><body><p>x</p><img src="https://example.org/pixel.png" alt=""></body></html>'
    attempted = handouts.print_pdfs([{"name": "x.pdf", "html": html}], tmp_path, frame)
    assert attempted == ["https://example.org/pixel.png"]
