"""Printable handouts (A4 PDFs): one per module, a warning-signs card, the glossary, a local-resources sheet.

``make handouts`` (or ``python -m coursekit.editions.handouts --out handouts``) renders each handout
from the course's data with the jinja2 templates in ``templates/handouts/`` and prints it with
Debian's Chromium through Playwright (``page.pdf``). The data is described in
:mod:`coursekit.editions.handout_data`; nothing is taken from lesson prose.

Printing is offline: Chromium starts with every non-local request sent to a dead proxy, every
request the page makes is answered only if it stays inside the page (``data:``, ``about:``), and the
build fails if a handout tried to reach anything else. Every page carries the course's credit and
licence line and its page number (Chromium's footer), and every PDF must stay under 500 KB.
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import datetime as dt
import re
import sys
from pathlib import Path

import jinja2
import markupsafe

from coursekit.course import data
from coursekit.course.schema import ContentError
from coursekit.editions import handout_data as hd
from coursekit.editions.chromium import CHROMIUM, FLAGS

TEMPLATES = Path(__file__).resolve().parent / "templates" / "handouts"
MAX_BYTES = 500_000
MONTHS = "January February March April May June July August September October November December".split()
MARGIN = {"top": "17mm", "bottom": "19mm", "left": "15mm", "right": "15mm"}
HEADER = (
    "<div style=\"width:100%;margin:0 15mm;font:7.5pt 'DejaVu Sans',sans-serif;color:#000;"
    'display:flex;justify-content:space-between"><span>{title}</span><span>{notice}</span></div>'
)
FOOTER = (
    "<div style=\"width:100%;margin:0 15mm;font:7pt 'DejaVu Sans',sans-serif;color:#000;"
    'display:flex;justify-content:space-between;gap:6mm"><span>{credit}</span>'
    '<span style="white-space:nowrap">{page} <span class="pageNumber"></span> {of} '
    '<span class="totalPages"></span></span></div>'
)


class HandoutError(RuntimeError):
    """A handout could not be printed as promised (network request, size, missing section)."""


def breakable(url: str) -> markupsafe.Markup:
    """A URL that may wrap after ``/``, ``?``, ``&`` or ``=``, not in the middle of a word.

    >>> str(breakable("https://a.org/b?c=1"))
    'https://<wbr>a.org/<wbr>b?<wbr>c=<wbr>1'
    """
    text = str(markupsafe.escape(url))
    return markupsafe.Markup(re.sub(r"(//|/|\?|&amp;|=)", r"\1<wbr>", text))


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["breakable"] = breakable
    return env


def _numbered(points: list[dict], sources: hd.Sources) -> list[dict]:
    return [{**p, "numbers": sources.mark(p.get("refs"))} for p in points]


def _date(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def module_context(handout: dict, frame: dict) -> dict:
    """What the module template needs, with every source numbered in order of first use."""
    from coursekit.topics.closing import logic as closing
    from coursekit.topics.warning_signs import logic as warning_signs

    sources = hd.Sources()
    context = {"handout": handout, "kicker": f"Module {handout['number']:02d}"}
    context["key_points"] = _numbered(handout["key_points"], sources)
    context["checklist"] = []
    if handout.get("checklist"):
        items = closing.load()["checklist"]
        for phase, label in frame["checklist_phases"].items():
            chosen = [i for i in items if i["phase"] == phase]
            context["checklist"].append({"label": label, "items": _numbered(chosen, sources)})
    context["stop_rules"] = _numbered(frame["every_handout"] + handout["stop_rules"], sources)
    context["care_places"] = _numbered(warning_signs.load()["care_places"], sources)
    context["care"] = _numbered(handout.get("care", []), sources)
    context["numbers"] = frame["numbers"] + handout.get("numbers", [])
    reviewed = data.last_reviewed(handout["module"])
    context["reviewed"] = frame["reviewed"].format(date=_date(reviewed))
    return {**context, "title": handout["title"], "references": sources.entries()}


def card_context(frame: dict) -> dict:
    """The warning-signs card: the four levels, most urgent first, each with its signs."""
    from coursekit.topics.warning_signs import logic as warning_signs

    ws = warning_signs.load()
    card = frame["card"]
    _check_card_ids(card, ws)
    omit = {o["sign"]: set(o["refs"]) for o in card.get("leave_out", [])}
    sources = hd.Sources()
    levels = []
    for level in reversed(ws["levels"]):
        signs = []
        for sign in (s for s in ws["signs"] if s["level"] == level["id"]):
            refs = [r for r in sign["refs"] if r not in omit.get(sign["id"], set())]
            after = [a for a in card.get("add", []) if a.get("sign") == sign["id"]]
            signs.append({**sign, "numbers": sources.mark(refs), "after": _numbered(after, sources)})
        notes = _numbered([a for a in card.get("add", []) if a.get("level") == level["id"]], sources)
        levels.append({**level, "numbers": sources.mark(level["refs"]), "signs": signs, "notes": notes})
    extra = _numbered(card["extra"], sources)
    return {
        "title": frame["card"]["title"],
        "kicker": "",
        "not_a_diagnosis": ws["not_a_diagnosis"],
        "levels": levels,
        "extra": extra,
        "references": sources.entries(),
        "reviewed": frame["reviewed"].format(date=_date(data.last_reviewed("warning_signs"))),
    }


def _check_card_ids(card: dict, ws: dict) -> None:
    """The card's additions must name levels and signs that warning_signs.yaml has."""
    levels, signs = {lv["id"] for lv in ws["levels"]}, {s["id"]: s for s in ws["signs"]}
    for i, add in enumerate(card.get("add", [])):
        if add.get("level", next(iter(levels))) not in levels or add.get("sign", next(iter(signs))) not in signs:
            raise ContentError(f"frame.yaml: card.add[{i}]: no such level or sign in warning_signs.yaml")
    for i, omit in enumerate(card.get("leave_out", [])):
        sign = signs.get(omit["sign"])
        if sign is None or not set(omit["refs"]) <= set(sign["refs"]):
            raise ContentError(f"frame.yaml: card.leave_out[{i}]: not a sign, or refs the sign does not cite")


def glossary_context(frame: dict) -> dict:
    sources = hd.Sources()
    terms = sorted(data.load_glossary(), key=lambda t: t["term"].lower())
    return {
        "title": frame["glossary"]["title"],
        "kicker": "",
        "terms": _numbered(terms, sources),
        "references": sources.entries(),
        "reviewed": "",
    }


def _service(region: dict, key: str, frame: dict, sources: hd.Sources) -> dict:
    service = region.get("support", {}).get(key)
    if not service:
        return {"text": frame["resources"]["none"], "numbers": []}
    return {"text": f"{service['name']}: {service['contact']}", "numbers": sources.mark(service["refs"])}


def resources_context(frame: dict) -> dict:
    """The fill-in sheet, with the national numbers the course already lists as a reminder."""
    from coursekit.topics.warning_signs import logic as warning_signs

    sources = hd.Sources()
    regions = []
    for region in warning_signs.load()["regions"]:
        row = {"name": region["name"], "numbers": sources.mark(region["refs"]), "advice": ""}
        if region["emergency"] is None:
            row["advice"] = region.get("advice", "")
        else:
            urgent = (
                f"{region['urgent']}: {region['urgent_label']}" if region.get("urgent") else frame["resources"]["none"]
            )
            emergency = region["emergency"] + (f" ({region['advice']})" if region.get("advice") else "")
            row.update(emergency=emergency, urgent=urgent)
            row["sexual_violence"] = _service(region, "sexual_violence", frame, sources)
            row["distress"] = _service(region, "distress", frame, sources)
        regions.append(row)
    notes = _numbered(frame["resources"].get("notes", []), sources)
    return {
        "title": frame["resources"]["title"],
        "kicker": "",
        "regions": regions,
        "notes": notes,
        "references": sources.entries(),
        "reviewed": "",
    }


def documents(frame: dict | None = None) -> list[dict]:
    """Every handout as ``{name, kind, title, html, subject}``, rendered but not printed."""
    from coursekit.topics.warning_signs import logic as warning_signs

    frame = frame or hd.load_frame()
    env = environment()
    css = (TEMPLATES / "print.css").read_text()

    def doc(name: str, kind: str, context: dict, subject) -> dict:
        html = env.get_template(f"{kind}.html.j2").render(frame=frame, css=css, kind=kind, **context)
        return {"name": name, "kind": kind, "title": context["title"], "html": html, "subject": subject}

    docs = [doc(f"{h['slug']}.pdf", "module", module_context(h, frame), h) for h in hd.load_all()]
    docs.append(doc("warning-signs-card.pdf", "card", card_context(frame), warning_signs.load()))
    docs.append(doc("glossary.pdf", "glossary", glossary_context(frame), data.load_glossary()))
    docs.append(doc("local-resources.pdf", "resources", resources_context(frame), None))
    return docs


def print_pdfs(docs: list[dict], out: Path, frame: dict, executable: str = CHROMIUM) -> list[str]:
    """Print each document to ``out/<name>`` with Chromium; return the off-machine URLs any page tried.

    Such requests are aborted, never answered (and the dead proxy would stop them anyway).
    Playwright's sync API refuses to start inside a running asyncio loop (a caller that already
    drives a browser, such as a test session): then the printing runs in a thread of its own.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return _print_pdfs(docs, out, frame, executable)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_print_pdfs, docs, out, frame, executable).result()


def _print_pdfs(docs: list[dict], out: Path, frame: dict, executable: str) -> list[str]:
    from playwright.sync_api import sync_playwright

    if not Path(executable).exists():
        raise HandoutError(f"Chromium not found at {executable} (Debian: apt-get install chromium)")
    out.mkdir(parents=True, exist_ok=True)
    attempted: list[str] = []

    def guard(route) -> None:
        url = route.request.url
        if url.startswith(("data:", "about:")):
            route.continue_()
        else:
            attempted.append(url)
            route.abort()

    footer = FOOTER.format(credit=frame["credit"], page=frame["page"], of=frame["page_of"])
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=FLAGS)
        try:
            context = browser.new_context()
            context.route("**/*", guard)
            page = context.new_page()
            for doc in docs:
                page.set_content(doc["html"], wait_until="load")
                header = HEADER.format(title=frame["course_title"], notice=frame["header_notice"])
                page.pdf(
                    path=str(out / doc["name"]),
                    format="A4",
                    print_background=True,
                    display_header_footer=True,
                    header_template=header,
                    footer_template=footer,
                    margin=MARGIN,
                )
        finally:
            browser.close()
    return attempted


def build(out: Path, executable: str = CHROMIUM, keep_html: bool = False) -> list[Path]:
    """Validate the data, render and print every handout into ``out``; return the PDFs' paths."""
    frame = hd.load_frame()
    docs = documents(frame)
    attempted = print_pdfs(docs, Path(out), frame, executable)
    if attempted:
        raise HandoutError(f"a handout tried to load from outside this machine: {sorted(set(attempted))}")
    paths = [Path(out) / d["name"] for d in docs]
    if keep_html:
        for doc in docs:
            (Path(out) / doc["name"]).with_suffix(".html").write_text(doc["html"], encoding="utf-8")
    too_big = [f"{p.name} ({p.stat().st_size // 1000} KB)" for p in paths if p.stat().st_size >= MAX_BYTES]
    if too_big:
        raise HandoutError(f"over {MAX_BYTES // 1000} KB: {', '.join(too_big)}")
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m coursekit.editions.handouts", description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="handouts", help="folder for the PDFs (default: handouts)")
    parser.add_argument("--chromium", default=CHROMIUM, help=f"Chromium to print with (default: {CHROMIUM})")
    parser.add_argument("--html", action="store_true", help="also keep each handout's HTML next to its PDF")
    args = parser.parse_args(argv)
    try:
        paths = build(Path(args.out), args.chromium, keep_html=args.html)
    except (ContentError, HandoutError) as exc:
        print(f"make handouts: {exc}", file=sys.stderr)
        return 1
    for path in paths:
        print(f"{path}  ({path.stat().st_size // 1000} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
