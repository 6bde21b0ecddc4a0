"""Bank export: GIFT read back by a GIFT parser that is not ours (pygiftparser), QTI 2.1 checked
against the IMS QTI 2.1 XML schema (lxml), and both checked against the bank's keys."""

from __future__ import annotations

import io
import os
import re
import warnings
import zipfile
from pathlib import Path

import pytest

from coursekit.course.banks import load_bank
from coursekit.course.data import BANKS
from coursekit.course.questions import Option, Question
from coursekit.grading import bankexport

with warnings.catch_warnings():  # pygiftparser 1.1 calls locale.getdefaultlocale at import
    warnings.simplefilter("ignore", DeprecationWarning)
    from pygiftparser import parser as giftparser

ROOT = Path(__file__).resolve().parent.parent
QTI = "{http://www.imsglobal.org/xsd/imsqti_v2p1}"
# IMS's QTI 2.1 schema and the files it imports (not ours; see its README): in shared/ beside the
# repository, or wherever COURSEKIT_QTI_XSD points.
XSD = Path(
    os.environ.get("COURSEKIT_QTI_XSD")
    or ROOT.parent / "shared" / "schemas" / "imsqti_v2p1" / "qtiv2p1" / "imsqti_v2p1.xsd"
)
GIFT_KIND = {
    "single": "SelectSet",
    "truefalse": "TrueFalseSet",
    "multiple": "MultipleChoicesSet",
    "ordering": "MatchingSet",
    "short": "Essay",
}
MODULES = bankexport.modules()
# The schema is compiled and the packages written once: their tests stay on one xdist worker.
pytestmark = pytest.mark.xdist_group("bankexport")


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text).strip()


@pytest.fixture(scope="module")
def schema():
    # Like the seed-overlap check, this needs a file that is not ours and is not committed: it runs
    # wherever ../shared sits beside the checkout (or COURSEKIT_QTI_XSD is set), and skips elsewhere.
    if not XSD.is_file():
        pytest.skip(f"the IMS QTI 2.1 schema is not at {XSD} (set COURSEKIT_QTI_XSD)")
    from lxml import etree

    return etree.XMLSchema(etree.parse(str(XSD)))


@pytest.mark.parametrize("module", MODULES)
def test_gift_parses_to_the_banks_questions(module):
    bank = load_bank(BANKS / f"{module}.yaml")
    parsed = giftparser.parseFile(io.StringIO(bankexport.gift(bank)))
    assert len(parsed) == len(bank["questions"])
    for n, (q, g) in enumerate(zip(bank["questions"], parsed, strict=True), start=1):
        assert g.valid, g.full
        assert type(g.answers).__name__ == GIFT_KIND[q.type], q.id
        assert g.title == f"Q{n} {q.grade_id}"
        assert unescape(g.text) == bankexport._flat(q.prompt)
        if q.type == "short":
            assert "Model answer" in g.generalFeedback
            continue
        assert unescape(g.generalFeedback) == bankexport._flat(q.explanation)
        if q.type == "truefalse":
            assert g.answers.answer is q.answer
            continue
        texts = {bankexport._flat(o.text): o.key for o in q.options}
        got = {texts[unescape(a.question if q.type == "ordering" else a.answer)]: a for a in g.answers.answers}
        assert set(got) == set(q.keys)
        if q.type == "single":
            assert [k for k, a in got.items() if a.fraction == 100] == [q.answer]
        elif q.type == "multiple":
            assert {k for k, a in got.items() if a.fraction > 0} == set(q.answer)
            assert sum(a.fraction for a in got.values() if a.fraction > 0) == pytest.approx(100, abs=0.01)
        else:  # ordering: each option matched to its place
            assert sorted(got, key=lambda k: int(got[k].answer)) == list(q.answer)


def test_gift_escapes_special_characters():
    q = Question(
        "x", "single", "Is a = b? Use ~half: #1", "Why: a=b", (), (Option("a", "x = y"), Option("b", "z#1: w~")), "a"
    )
    g = giftparser.parseFile(io.StringIO(bankexport.gift_question(q, 1) + "\n"))[0]
    assert g.valid and unescape(g.text) == "Is a = b? Use ~half: #1"
    assert [(unescape(a.answer), a.fraction) for a in g.answers.answers] == [("x = y", 100), ("z#1: w~", 0)]
    assert unescape(g.generalFeedback) == "Why: a=b"


@pytest.fixture(scope="module")
def packages(tmp_path_factory):
    out = tmp_path_factory.mktemp("qti")
    assert bankexport.main(["--qti", "--out", str(out)]) == 0
    return {m: zipfile.ZipFile(out / f"{m}.qti.zip") for m in MODULES}


@pytest.mark.parametrize("module", MODULES)
def test_qti_items_and_test_are_valid_qti_2_1(module, packages, schema):
    from lxml import etree

    zf = packages[module]
    names = zf.namelist()
    manifest = etree.fromstring(zf.read("imsmanifest.xml"))
    hrefs = {f.get("href") for f in manifest.iter("{http://www.imsglobal.org/xsd/imscp_v1p1}file")}
    assert hrefs == set(names) - {"imsmanifest.xml"}  # every file is declared, and every declared file is there
    for name in sorted(hrefs):
        doc = etree.fromstring(zf.read(name))
        assert schema.validate(doc), f"{module}/{name}: {schema.error_log.last_error}"


@pytest.mark.parametrize("module", MODULES)
def test_qti_keys_and_points_match_the_bank(module, packages):
    from lxml import etree

    bank = load_bank(BANKS / f"{module}.yaml")
    for q in bank["questions"]:
        item = etree.fromstring(packages[module].read(f"items/{bankexport.item_id(q)}.xml"))
        values = [v.text for v in item.iter(f"{QTI}correctResponse") for v in v.iter(f"{QTI}value")]
        score = item.find(f"{QTI}outcomeDeclaration").get("normalMaximum")
        assert float(score) == q.points
        if q.type == "short":
            assert values == []
            scorer = item.find(f"{QTI}itemBody/{QTI}rubricBlock")
            assert scorer.get("view") == "scorer" and "Model answer" in "".join(scorer.itertext())
            continue
        if q.type == "truefalse":
            expected = ["true" if q.answer else "false"]
        else:
            expected = [q.answer] if q.type == "single" else list(q.answer)
        assert values == expected, q.id
        awarded = [float(b.text) for b in item.iter(f"{QTI}baseValue")]
        assert awarded == [q.points, 0.0]


def test_the_schema_check_can_fail(packages, schema):
    from lxml import etree

    first = load_bank(BANKS / f"{MODULES[0]}.yaml")["questions"][0]
    raw = packages[MODULES[0]].read(f"items/{bankexport.item_id(first)}.xml")
    assert schema.validate(etree.fromstring(raw))
    item = etree.fromstring(raw)
    del item.attrib["identifier"]  # required by QTI 2.1
    assert not schema.validate(item)
    item = etree.fromstring(raw)
    item.find(f"{QTI}itemBody").append(etree.Element(f"{QTI}notAnInteraction"))
    assert not schema.validate(item)
