"""The reader edition's pages that are not lessons: home (course map, content notes), glossary, care.

Each function returns the HTML of a page's main content, built from the course's data files
(``welcome.yaml``, ``glossary.yaml``, ``warning_signs.yaml``, ``references.yaml``) and the lessons'
own content notes. Sources are numbered links into a References list at the end of the page, as in
the lessons.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from pathlib import Path

import nbformat
from nbconvert.filters.markdown import markdown2html

from coursekit.course.data import load_glossary, load_references
from coursekit.course.strings import text
from coursekit.editions.references import RENDERED
from coursekit.topics.warning_signs import logic as warning_signs
from coursekit.topics.welcome import logic as welcome


def t(key: str, **values: object) -> str:
    """A site text, escaped for HTML."""
    return html.escape(text("site", key, **values))


class Sources:
    """The sources a page cites: numbered in order of first use, listed at the end."""

    def __init__(self) -> None:
        self.order: list[str] = []

    def cite(self, ids: Iterable[str]) -> str:
        ids = list(ids)
        if not ids:
            return ""
        for rid in ids:
            if rid not in self.order:
                self.order.append(rid)
        links = ", ".join(f'<a href="#ref-{rid}">{self.order.index(rid) + 1}</a>' for rid in ids)
        return f" [{links}]"

    def html(self) -> str:
        refs = load_references()
        items = []
        for rid in self.order:
            ref = refs[rid]
            url = html.escape(ref["url"], quote=True)
            items.append(
                f'<li id="ref-{rid}">{html.escape(ref["title"])}. {html.escape(ref["publisher"])}, '
                f'{str(ref["year"] or "n.d.").rstrip(".")}. <a href="{url}">{html.escape(ref["url"])}</a></li>'
            )
        return f"<h2>{t('references')}</h2><ol>{''.join(items)}</ol>" if items else ""


def lesson_title(path: Path) -> str:
    """The first heading of a lesson."""
    nb = nbformat.read(path, as_version=4)
    first = nb.cells[0].source.splitlines()[0]
    return first.lstrip("# ").strip()


def content_note(path: Path) -> str:
    """A lesson's content note (its first block quote), as HTML, citations left out."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        quote = [line for line in cell.source.splitlines() if line.startswith(">")]
        if quote:
            return markdown2html(RENDERED.sub("", "\n".join(quote)))
    return ""


def home_body(lessons: Mapping[str, Path]) -> str:
    """Home: who the course is for, the course map with suggested times, and every content note."""
    modules = {m["number"]: m for m in welcome.load()["modules"]}
    rows = []
    for folder, path in lessons.items():
        m = modules[int(folder[:2])]
        name = lesson_title(path).split(":")[0]  # as in the navigation
        rows.append(
            f'<tr><td><a href="{folder}.html">{folder[:2]} {html.escape(name)}</a></td>'
            f"<td>{html.escape(m['covers'])}</td><td>{m['minutes']}</td></tr>"
        )
    notes = "".join(
        f"<h3>{folder[:2]} {html.escape(lesson_title(path).split(':')[0])}</h3>{content_note(path)}"
        for folder, path in lessons.items()
    )
    total = sum(modules[int(f[:2])]["minutes"] for f in lessons)
    return (
        f"<h1>{t('home_title')}</h1><p>{t('home_intro')}</p><p><b>{t('home_adults')}</b></p>"
        f'<p>{t("home_care")} <a href="care.html">{t("nav_care")}</a></p>'
        f"<h2>{t('map_heading')}</h2><table><caption>{t('map_caption')}</caption>"
        f'<thead><tr><th scope="col">{t("map_module")}</th><th scope="col">{t("map_covers")}</th>'
        f'<th scope="col">{t("map_minutes")}</th></tr></thead><tbody>{"".join(rows)}</tbody>'
        f'<tfoot><tr><th scope="row" colspan="2">{t("map_total")}</th><td>{total}</td></tr></tfoot></table>'
        f"<p>{t('map_note')}</p><h2>{t('notes_heading')}</h2><p>{t('notes_intro')}</p>{notes}"
        f'<h2>{t("more_heading")}</h2><ul><li><a href="glossary.html">{t("nav_glossary")}</a></li>'
        f'<li><a href="care.html">{t("nav_care")}</a></li></ul>'
    )


def glossary_body() -> str:
    """Every glossary term in alphabetical order, with its module and sources."""
    sources = Sources()
    items = []
    for term in sorted(load_glossary(), key=lambda x: x["term"].lower()):
        also = ", ".join(term.get("aliases", []))
        module = (
            f' <span class="muted">({t("glossary_module", module=term["module"])})</span>' if term.get("module") else ""
        )
        items.append(
            f'<dt id="term-{term["id"]}">{html.escape(term["term"])}</dt>'
            f"<dd>{html.escape(term['definition'])}{sources.cite(term.get('refs', []))}"
            + (f' <span class="muted">({html.escape(also)})</span>' if also else "")
            + f"{module}</dd>"
        )
    return (
        f"<h1>{t('glossary_title')}</h1><p>{t('glossary_intro')}</p>"
        f'<dl class="glossary">{"".join(items)}</dl>{sources.html()}'
    )


def _service(service: Mapping | None, sources: Sources) -> str:
    if not service:
        return ""
    about = html.escape(service.get("about", ""))
    return (
        f"<b>{html.escape(service['name'])}</b>: {html.escape(service.get('contact', ''))}. "
        f"{about}{sources.cite(service.get('refs', []))}"
    )


def _signs(data: Mapping, level: str, sources: Sources) -> str:
    """The signs that call for one level of care (a sign asked "how long ago" counts at its first level)."""
    items = [
        f"<li>{html.escape(sign['label'])}{sources.cite(sign.get('refs', []))}</li>"
        for sign in data["signs"]
        if level == ([d["level"] for d in sign.get("durations", [])[:1]] or [sign["level"]])[0]
    ]
    return f"<p>{t('care_signs')}</p><ul>{''.join(items)}</ul>" if items else ""


def care_body() -> str:
    """Where to get care: the services, how soon, the numbers by region, and the opt-in support routes."""
    data = warning_signs.load()
    sources = Sources()
    places = "".join(
        f"<li><b>{html.escape(p['name'])}.</b> {html.escape(p['when'])}{sources.cite(p.get('refs', []))}</li>"
        for p in data["care_places"]
    )
    levels = "".join(
        f"<li><b>{html.escape(lv['label'])}.</b> {html.escape(lv['action'])}{sources.cite(lv.get('refs', []))}"
        f"{_signs(data, lv['id'], sources)}</li>"
        for lv in data["levels"]
    )
    pep = next(r for r in welcome.load()["care_routes"] if r["id"] == "pep")
    pep_refs = dict.fromkeys([*pep.get("refs", []), "nhs-newcastle-pep"])
    levels += f"<li><b>{t('care_pep')}</b>{sources.cite(pep_refs)}</li>"
    rows, violence, distress = [], [], []
    for region in data["regions"]:
        urgent = (
            f"{html.escape(region['urgent'])}: {html.escape(region['urgent_label'])}"
            if region.get("urgent")
            else t("care_no_urgent")
        )
        name = html.escape(region["name"])
        rows.append(
            f'<tr><th scope="row">{name}</th><td>{html.escape(region.get("emergency") or region.get("advice", ""))}'
            f"{sources.cite(region.get('refs', []))}</td><td>{urgent}</td></tr>"
        )
        support = region.get("support", {})
        if support.get("sexual_violence"):
            violence.append(f"<li>{name}: {_service(support['sexual_violence'], sources)}</li>")
        if support.get("distress"):
            distress.append(f"<li>{name}: {_service(support['distress'], sources)}</li>")
    after = data["after_assault"]
    steps = "".join(f"<li>{html.escape(s['text'])}{sources.cite(s.get('refs', []))}</li>" for s in after["steps"])
    # no picker on this page: the lesson's "choose where you are" becomes "find your region below"
    intro = html.escape(data["struggling"]["intro"]).replace(
        "Choose where you are to see a helpline.", t("care_find_region")
    )
    return (
        f"<h1>{t('care_title')}</h1><p>{html.escape(data['not_a_diagnosis'])}</p>"
        f"<h2>{t('care_places')}</h2><ul>{places}</ul>"
        f"<h2>{t('care_levels')}</h2><ul>{levels}</ul>"
        f'<h2>{t("care_regions")}</h2><table><thead><tr><th scope="col">{t("care_region")}</th>'
        f'<th scope="col">{t("care_emergency")}</th><th scope="col">{t("care_urgent")}</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
        f"<details><summary>{t('care_struggling_summary')}</summary><p>{intro}</p><ul>{''.join(distress)}</ul></details>"
        f"<details><summary>{t('care_assault_summary')}</summary><p>{html.escape(after['content_note'])}</p>"
        f"<ol>{steps}</ol><ul>{''.join(violence)}</ul>"
        f"<p>{t('care_find_region_violence')}</p></details>"
        f"{sources.html()}"
    )
