"""Export the graded question banks for an LMS: Moodle GIFT and IMS QTI 2.1 (Canvas and others).

    coursekit-banks --gift [MODULE ...] [--out DIR]   # <out>/<module>.gift.txt (Moodle: import as GIFT)
    coursekit-banks --qti  [MODULE ...] [--out DIR]   # <out>/<module>.qti.zip (Canvas: import as QTI .zip)
    python -m coursekit.grading.bankexport ...        # the same

Both carry every question with its points, its keyed answer and its explanation. Differences from
the notebook quizzes, by format:

- choose-all questions are all-or-nothing here; GIFT has no such mode, so each right option is
  worth an equal share and each wrong one takes the whole mark away (a wrong pick scores 0);
- GIFT has no ordering question: it becomes a matching question (each option to its place);
- a written answer is an essay question; QTI shows its rubric and model answer to the scorer only
  (``rubricBlock view="scorer"``); GIFT puts them in the general feedback, shown after the attempt.
"""

from __future__ import annotations

import argparse
import re
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

from coursekit import __version__
from coursekit.course.banks import load_bank
from coursekit.course.data import BANKS, ROOT

QTI_NS = "http://www.imsglobal.org/xsd/imsqti_v2p1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
QTI_XSD = "http://www.imsglobal.org/xsd/imsqti_v2p1 http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd"
CP_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"
# Moodle's list of allowed answer weights (percent); a share of 100 is rounded to the nearest.
MOODLE_WEIGHTS = (100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667, 14.28571)


def modules() -> list[str]:
    return sorted(p.stem for p in BANKS.glob("*.yaml"))


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# ---------------------------------------------------------------------------------------------
# GIFT
# ---------------------------------------------------------------------------------------------


def gift_escape(text: str) -> str:
    r"""Escape GIFT's special characters and fold the text onto one line.

    >>> gift_escape("a = b {c} ~d #e: f")
    'a \\= b \\{c\\} \\~d \\#e\\: f'
    """
    return re.sub(r"([~=#{}:\\])", r"\\\1", _flat(text))


def _weight(share: float) -> str:
    best = min(MOODLE_WEIGHTS, key=lambda w: abs(w - share))
    return f"{best:g}"


def gift_question(q, number: int) -> str:
    """One question in GIFT (Moodle's plain-text question format)."""
    title = gift_escape(f"Q{number} {q.grade_id}")
    head = f"// {q.id}: {q.points} point{'s' if q.points != 1 else ''}\n::{title}::[markdown]{gift_escape(q.prompt)}"
    general = f"####{gift_escape(q.explanation)}" if q.explanation else ""
    if q.type == "truefalse":
        return f"{head} {{{'TRUE' if q.answer else 'FALSE'}{general}}}"
    if q.type == "single":
        lines = [f"\t{'=' if o.key == q.answer else '~'}{gift_escape(o.text)}" for o in q.options]
    elif q.type == "multiple":
        right = _weight(100 / len(q.answer))
        lines = [f"\t~%{right if o.key in q.answer else '-100'}%{gift_escape(o.text)}" for o in q.options]
    elif q.type == "ordering":
        place = {key: n for n, key in enumerate(q.answer, start=1)}
        lines = [f"\t={gift_escape(o.text)} -> {place[o.key]}" for o in q.options]
    else:  # short: an essay; the rubric and model answer are the general feedback
        rubric = " ".join(f"({p} pt) {c}" for p, c in q.rubric)
        feedback = gift_escape(f"Rubric: {rubric} Model answer: {q.model_answer}")
        return f"{head} {{####{feedback}}}"
    return head + " {\n" + "\n".join(lines) + (f"\n\t{general}" if general else "") + "\n}"


def gift(bank: dict) -> str:
    """A whole bank as a GIFT file, in a category named after the quiz."""
    parts = [
        f"// {bank['title']}: exported from the course's graded bank ({bank['module']}).",
        "// Adults-only (18+) course material; not medical advice.",
        f"$CATEGORY: $course$/top/{bank['module']}",
        "",
    ]
    for n, q in enumerate(bank["questions"], start=1):
        parts += [gift_question(q, n), ""]
    return "\n".join(parts)


# ---------------------------------------------------------------------------------------------
# QTI 2.1
# ---------------------------------------------------------------------------------------------


def _el(parent, tag: str, text: str | None = None, **attrs) -> ET.Element:
    el = ET.SubElement(parent, f"{{{QTI_NS}}}{tag}", {k.rstrip("_"): str(v) for k, v in attrs.items()})
    if text is not None:
        el.text = text
    return el


def item_id(q) -> str:
    """An identifier QTI accepts (an XML name cannot start with a digit)."""
    return "q-" + re.sub(r"[^A-Za-z0-9_.-]", "-", q.id)


def qti_item(q, number: int) -> ET.Element:
    """One assessmentItem: the interaction, the key, and all-or-nothing scoring worth the points."""
    item = ET.Element(
        f"{{{QTI_NS}}}assessmentItem",
        {
            f"{{{XSI}}}schemaLocation": QTI_XSD,
            "identifier": item_id(q),
            "title": f"Q{number} {q.grade_id}",
            "adaptive": "false",
            "timeDependent": "false",
        },
    )
    card = {"multiple": "multiple", "ordering": "ordered"}.get(q.type, "single")
    base = "string" if q.type == "short" else "identifier"
    decl = _el(item, "responseDeclaration", identifier="RESPONSE", cardinality=card, baseType=base)
    if q.type != "short":
        if q.type == "truefalse":
            keyed = ["true" if q.answer else "false"]
        else:
            keyed = [q.answer] if q.type == "single" else list(q.answer)
        correct = _el(decl, "correctResponse")
        for key in keyed:
            _el(correct, "value", key)
    score = _el(item, "outcomeDeclaration", identifier="SCORE", cardinality="single", baseType="float")
    score.set("normalMaximum", f"{q.points:g}")
    _el(_el(score, "defaultValue"), "value", "0")
    body = _el(item, "itemBody")
    if q.type == "short":
        scorer = _el(body, "rubricBlock", view="scorer")
        _el(scorer, "p", "Rubric: " + "; ".join(f"({p} pt) {_flat(c)}" for p, c in q.rubric))
        _el(scorer, "p", "Model answer: " + _flat(q.model_answer))
        interaction = _el(body, "extendedTextInteraction", responseIdentifier="RESPONSE")
        _el(interaction, "prompt", _flat(q.prompt))
        return item
    if q.type == "ordering":
        interaction = _el(body, "orderInteraction", responseIdentifier="RESPONSE", shuffle="false")
    else:
        max_choices = "0" if q.type == "multiple" else "1"
        interaction = _el(body, "choiceInteraction", responseIdentifier="RESPONSE", shuffle="false")
        interaction.set("maxChoices", max_choices)
    _el(interaction, "prompt", _flat(q.prompt))
    choices = [("true", "True"), ("false", "False")] if q.type == "truefalse" else [(o.key, o.text) for o in q.options]
    for key, text in choices:
        _el(interaction, "simpleChoice", _flat(text), identifier=key)
    processing = _el(item, "responseProcessing")
    condition = _el(processing, "responseCondition")
    when = _el(condition, "responseIf")
    match = _el(when, "match")
    _el(match, "variable", identifier="RESPONSE")
    _el(match, "correct", identifier="RESPONSE")
    _el(_el(when, "setOutcomeValue", identifier="SCORE"), "baseValue", f"{float(q.points):g}", baseType="float")
    otherwise = _el(condition, "responseElse")
    _el(_el(otherwise, "setOutcomeValue", identifier="SCORE"), "baseValue", "0", baseType="float")
    return item


def qti_test(bank: dict) -> ET.Element:
    """An assessmentTest that puts every item of the bank in one section, in bank order."""
    test = ET.Element(
        f"{{{QTI_NS}}}assessmentTest",
        {f"{{{XSI}}}schemaLocation": QTI_XSD, "identifier": f"test-{bank['module']}", "title": bank["title"]},
    )
    part = _el(test, "testPart", identifier="part-1", navigationMode="nonlinear", submissionMode="simultaneous")
    section = _el(part, "assessmentSection", identifier="section-1", title=bank["title"], visible="true")
    for q in bank["questions"]:
        _el(section, "assessmentItemRef", identifier=f"ref-{item_id(q)}", href=f"items/{item_id(q)}.xml")
    return test


def _xml(el: ET.Element) -> bytes:
    ET.register_namespace("", QTI_NS)
    ET.register_namespace("xsi", XSI)
    ET.indent(el)
    return ET.tostring(el, encoding="utf-8", xml_declaration=True)


def manifest(bank: dict) -> bytes:
    """imsmanifest.xml: the test and each item as a resource of the content package."""
    ET.register_namespace("", CP_NS)
    root = ET.Element(f"{{{CP_NS}}}manifest", {"identifier": f"manifest-{bank['module']}"})
    ET.SubElement(root, f"{{{CP_NS}}}organizations")
    resources = ET.SubElement(root, f"{{{CP_NS}}}resources")
    test = ET.SubElement(
        resources,
        f"{{{CP_NS}}}resource",
        {"identifier": f"res-test-{bank['module']}", "type": "imsqti_test_xmlv2p1", "href": "assessment.xml"},
    )
    ET.SubElement(test, f"{{{CP_NS}}}file", {"href": "assessment.xml"})
    for q in bank["questions"]:
        href = f"items/{item_id(q)}.xml"
        ET.SubElement(test, f"{{{CP_NS}}}dependency", {"identifierref": f"res-{item_id(q)}"})
        res = ET.SubElement(
            resources,
            f"{{{CP_NS}}}resource",
            {"identifier": f"res-{item_id(q)}", "type": "imsqti_item_xmlv2p1", "href": href},
        )
        ET.SubElement(res, f"{{{CP_NS}}}file", {"href": href})
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def qti_package(bank: dict, path: Path) -> Path:
    """Write the bank as an IMS content package (zip) of QTI 2.1 items and one test."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("imsmanifest.xml", manifest(bank))
        zf.writestr("assessment.xml", _xml(qti_test(bank)))
        for n, q in enumerate(bank["questions"], start=1):
            zf.writestr(f"items/{item_id(q)}.xml", _xml(qti_item(q, n)))
    return path


def main(argv: list[str] | None = None, prog: str = "python -m coursekit.grading.bankexport") -> int:
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.split("\n")[0])
    parser.add_argument("modules", nargs="*", help="e.g. 01_anatomy (default: every graded bank)")
    kind = parser.add_mutually_exclusive_group(required=True)
    kind.add_argument("--gift", action="store_true", help="Moodle GIFT text files")
    kind.add_argument("--qti", action="store_true", help="IMS QTI 2.1 content packages (zip), e.g. for Canvas")
    parser.add_argument("--out", type=Path, default=ROOT / "lms-export", help="output folder (default: ./lms-export)")
    parser.add_argument("--version", action="version", version=f"{parser.prog} (coursekit) {__version__}")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.modules) - set(modules()))
    if unknown:
        parser.error(f"no graded bank for {', '.join(unknown)}; banks: {', '.join(modules())}")
    args.out.mkdir(parents=True, exist_ok=True)
    for module in args.modules or modules():
        bank = load_bank(BANKS / f"{module}.yaml")
        if args.gift:
            path = args.out / f"{module}.gift.txt"
            path.write_text(gift(bank), encoding="utf-8")
        else:
            path = qti_package(bank, args.out / f"{module}.qti.zip")
        print(f"wrote {path}")
    return 0


def cli() -> int:
    """The ``coursekit-banks`` console command."""
    return main(prog="coursekit-banks")


if __name__ == "__main__":
    sys.exit(main())
