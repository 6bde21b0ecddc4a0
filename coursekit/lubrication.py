"""Module 03, lubrication: the compatibility rules, the osmolality chart, and the label reader."""

from __future__ import annotations

import difflib
import functools
import html
import re
import unicodedata
from dataclasses import dataclass

import ipywidgets as w

from . import theme
from .content import ContentError, MapOf, OneOf, Ref, cite, find_by_id, load_topic

VERDICTS = ("fine", "caution", "avoid")  # from best to worst
KINDS = ("base", "humectant", "silicone", "oil", "spermicide", "numbing", "other")
FLAGS = ("oil", "nonoxynol9", "numbing", "high_osmolality")
MAX_CHARS = 5000
MAX_ITEMS = 80

_RULE = {"verdict": OneOf(*VERDICTS), "reason": str, "refs": [Ref]}
SPEC = {
    "verdicts": {v: {"label": str, "summary": str} for v in VERDICTS},
    "lubes": [{"id": str, "name": str, "about": str, "refs": [Ref]}],
    "materials": [{"id": str, "name": str}],
    "barriers": [{"id": str, "name": str}],
    "with_material": MapOf(MapOf(_RULE)),
    "with_barrier": MapOf(MapOf(_RULE)),
    "osmolality": [{"label": str, "value": float, "kind": OneOf("body", "study", "limit"), "note": str, "refs": [Ref]}],
    "ingredients": [{"id": str, "kind": OneOf(*KINDS), "names": [str]}],
    "top_of_list": int,
    "flags": {f: {"title": str, "message": str, "refs": [Ref]} for f in FLAGS},
    "disclaimer": str,
}


@functools.cache
def load() -> dict:
    """The lubrication data, validated: every lube rated against every material and barrier once."""
    data = load_topic("lubrication", SPEC)
    lubes = sorted(ids("lubes", data))
    for table, axis in (("with_material", "materials"), ("with_barrier", "barriers")):
        if sorted(data[table]) != lubes:
            raise ContentError(f"lubrication.yaml: {table}: rate exactly the lubes {', '.join(lubes)}")
        for lube, row in data[table].items():
            if sorted(row) != sorted(ids(axis, data)):
                raise ContentError(f"lubrication.yaml: {table}.{lube}: rate every one of the {axis}")
    seen: dict[str, str] = {}
    for item in data["ingredients"]:
        for name in item["names"]:
            key = normalise(name)
            if key in seen:
                raise ContentError(f"lubrication.yaml: ingredients: {name!r} is listed twice")
            seen[key] = item["id"]
    return data


def ids(section: str, data: dict | None = None) -> list[str]:
    return [item["id"] for item in (data or load())[section]]


def name_of(section: str, item_id: str) -> str:
    return find_by_id(load()[section], item_id, "choice")["name"]


# ---------------------------------------------------------------------------
# Rule 1: compatibility
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Compatibility:
    verdict: str  # one of VERDICTS
    reasons: tuple[str, ...]
    refs: tuple[str, ...]


def check_compatibility(lube: str, material: str = "body", barrier: str = "none") -> Compatibility:
    """The verdict for one lube with one toy material (or ``"body"``) and one barrier.

    The verdict is the worse of the two pairs (lube with material, lube with barrier); the
    reasons say which pair caused it. Unknown choices raise ValueError naming the valid ones.

    >>> check_compatibility("oil", "body", "latex_condom").verdict
    'avoid'
    >>> check_compatibility("water", "silicone", "latex_condom").verdict
    'fine'
    """
    for section, value in (("lubes", lube), ("materials", material), ("barriers", barrier)):
        if not isinstance(value, str) or value not in ids(section):
            raise ValueError(f"unknown choice {value!r}; choose one of: {', '.join(ids(section))}")
    data = load()
    pairs = [
        (name_of("materials", material), data["with_material"][lube][material]),
        (name_of("barriers", barrier), data["with_barrier"][lube][barrier]),
    ]
    worst = max((rule["verdict"] for _, rule in pairs), key=VERDICTS.index)
    reasons = tuple(
        f"{data['verdicts'][rule['verdict']]['label']} with {where}: {rule['reason']}" for where, rule in pairs
    )
    refs = tuple(dict.fromkeys(r for _, rule in pairs for r in rule["refs"]))
    return Compatibility(worst, reasons, refs)


def verdict_table(barrier: str = "none") -> list[list[str]]:
    """Verdicts for every lube (rows) with every material (columns), given one barrier."""
    return [[check_compatibility(lube, m, barrier).verdict for m in ids("materials")] for lube in ids("lubes")]


_VERDICT_COLOURS = {
    "fine": theme.OKABE_ITO["sky"],
    "caution": theme.OKABE_ITO["yellow"],
    "avoid": theme.OKABE_ITO["vermilion"],
}


def heatmap(lube: str, material: str, barrier: str) -> theme.go.Figure:
    """The lube x material table for one barrier, verdict written in every cell, choice outlined."""
    data = load()
    table = verdict_table(barrier)
    lubes, materials = ids("lubes"), ids("materials")
    x = [name_of("materials", m) for m in materials]
    y = [name_of("lubes", lube_id).split(" (")[0] for lube_id in lubes]
    n = len(VERDICTS) - 1
    scale = []
    for i, v in enumerate(VERDICTS):
        scale += [[max(0.0, (i - 0.5) / n), _VERDICT_COLOURS[v]], [min(1.0, (i + 0.5) / n), _VERDICT_COLOURS[v]]]
    fig = theme.figure(
        title=f"Lube and toy material, with: {name_of('barriers', barrier).lower()}",
        height=420,
        xaxis={"side": "top", "showgrid": False},
        yaxis={"autorange": "reversed", "showgrid": False},
        margin={"l": 130, "r": 20, "t": 110, "b": 20},
    )
    fig.add_heatmap(
        z=[[VERDICTS.index(v) for v in row] for row in table],
        x=x,
        y=y,
        text=[[data["verdicts"][v]["label"] for v in row] for row in table],
        texttemplate="%{text}",
        textfont={"size": 15, "color": "#111111"},
        hovertemplate="%{y} lube with %{x}: %{text}<extra></extra>",
        colorscale=scale,
        zmin=0,
        zmax=n,
        showscale=False,
        xgap=3,
        ygap=3,
    )
    col, row = materials.index(material), lubes.index(lube)
    fig.add_shape(
        type="rect",
        x0=col - 0.5,
        x1=col + 0.5,
        y0=row - 0.5,
        y1=row + 0.5,
        line={"color": theme.OKABE_ITO["black"], "width": 5},
    )
    return fig


def heatmap_description(lube: str, material: str, barrier: str) -> str:
    data = load()
    rows = []
    for lube_id, row in zip(ids("lubes"), verdict_table(barrier), strict=True):
        cells = ", ".join(
            f"{name_of('materials', m).lower()} {data['verdicts'][v]['label'].lower()}"
            for m, v in zip(ids("materials"), row, strict=True)
        )
        rows.append(f"{name_of('lubes', lube_id).split(' (')[0]}: {cells}")
    chosen = check_compatibility(lube, material, barrier).verdict
    return (
        f"A table of verdicts for each lube (rows) with each toy material (columns), with "
        f"{name_of('barriers', barrier).lower()}. " + "; ".join(rows) + f". Outlined: your choice, "
        f"{name_of('lubes', lube).split(' (')[0].lower()} lube with {name_of('materials', material).lower()}, "
        f"{data['verdicts'][chosen]['label'].lower()}."
    )


def verdict_html(result: Compatibility) -> str:
    info = load()["verdicts"][result.verdict]
    reasons = "".join(f"<li>{html.escape(r)}</li>" for r in result.reasons)
    return (
        f"<p><b>Verdict: {html.escape(info['label'])}.</b> {html.escape(info['summary'])}</p>"
        f"<ul>{reasons}</ul><p><small>Source: {html.escape(cite(list(result.refs)))}</small></p>"
    )


class CompatibilityExplorer(w.VBox):
    """Choose a lube, a toy material and a barrier; read the verdict and see the whole table."""

    def __init__(self, lube: str = "water", material: str = "body", barrier: str = "none"):
        data = load()
        style = {"description_width": "initial"}
        self.lube = w.Dropdown(
            options=[(x["name"], x["id"]) for x in data["lubes"]],
            value=lube,
            description="Lube:",
            tooltip="The type of lube",
            style=style,
        )
        self.material = w.Dropdown(
            options=[(x["name"], x["id"]) for x in data["materials"]],
            value=material,
            description="Toy:",
            tooltip="The toy's material, or no toy",
            style=style,
        )
        self.barrier = w.Dropdown(
            options=[(x["name"], x["id"]) for x in data["barriers"]],
            value=barrier,
            description="Barrier:",
            tooltip="A condom or glove, if you use one",
            style=style,
        )
        self.about = w.HTML()
        self.result = w.HTML()
        self.figure = w.Output()
        for control in (self.lube, self.material, self.barrier):
            control.observe(self._on_change, names="value")
        super().__init__([w.HBox([self.lube, self.material, self.barrier]), self.result, self.about, self.figure])
        self.add_class("coursekit-compatibility")
        self._on_change()

    def _on_change(self, _change=None) -> None:
        lube, material, barrier = self.lube.value, self.material.value, self.barrier.value
        self.result.value = verdict_html(check_compatibility(lube, material, barrier))
        item = next(x for x in load()["lubes"] if x["id"] == lube)
        self.about.value = f"<p><b>About {html.escape(item['name'].lower())} lube:</b> {html.escape(item['about'])}</p>"
        self.figure.clear_output(wait=True)
        with self.figure:
            theme.show(heatmap(lube, material, barrier), heatmap_description(lube, material, barrier))


# ---------------------------------------------------------------------------
# Figure 2: osmolality
# ---------------------------------------------------------------------------


def osmolality_figure() -> theme.go.Figure:
    """Body fluid, study lubes and the WHO limit on one logarithmic scale, values written on the bars."""
    items = sorted(load()["osmolality"], key=lambda i: i["value"])
    colours = {"body": theme.OKABE_ITO["green"], "study": theme.OKABE_ITO["blue"], "limit": theme.OKABE_ITO["black"]}
    fig = theme.figure(
        title="Osmolality, mOsm/kg (log scale)",
        height=520,
        xaxis={
            "type": "log",
            "range": [2, 4.4],  # 100 to about 25,000, so every bar and its value fit
            "tickvals": [100, 300, 1000, 3000, 10000],
            "ticktext": ["100", "300", "1,000", "3,000", "10,000"],
            "title": "mOsm/kg, logarithmic scale",
        },
        margin={"l": 300, "r": 40, "t": 60, "b": 60},
        showlegend=False,
    )
    fig.add_bar(
        x=[i["value"] for i in items],
        y=[i["label"] for i in items],
        orientation="h",
        marker={"color": [colours[i["kind"]] for i in items]},
        text=[f"{i['value']:,.0f}" for i in items],
        textposition="outside",
        customdata=[i["note"] for i in items],
        hovertemplate="%{y}: %{x:,.0f} (%{customdata})<extra></extra>",
    )
    limit = next(i for i in items if i["kind"] == "limit")
    fig.add_vline(x=limit["value"], line={"color": theme.OKABE_ITO["black"], "dash": "dash", "width": 2})
    return fig


def osmolality_description() -> str:
    items = sorted(load()["osmolality"], key=lambda i: i["value"])
    body = next(i for i in items if i["kind"] == "body")
    limit = next(i for i in items if i["kind"] == "limit")
    above = [i for i in items if i["kind"] == "study" and i["value"] > limit["value"]]
    listed = "; ".join(f"{i['label']} {i['value']:,.0f} ({i['note']})" for i in items)
    return (
        f"Horizontal bars on a logarithmic scale. {body['label']}: about {body['value']:,.0f}. "
        f"A dashed line marks the WHO upper limit of {limit['value']:,.0f} mOsm/kg, a figure read "
        f"second-hand. {len(above)} of the measured lubes lie above it, the highest at about "
        f"{above[-1]['value']:,.0f}. All values: {listed}."
    )


def show_osmolality_chart() -> None:
    """Display the osmolality chart with its description."""
    theme.show(osmolality_figure(), osmolality_description())


# ---------------------------------------------------------------------------
# Rule 3: the ingredient-label reader
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Flag:
    code: str  # one of FLAGS
    ingredient: str  # as written on the label
    message: str
    refs: tuple[str, ...]


@dataclass(frozen=True)
class LabelReport:
    flags: tuple[Flag, ...]
    recognised: tuple[tuple[str, str], ...]  # (as written, ingredient id)
    unrecognised: tuple[tuple[str, str | None], ...]  # (as written, closest known name or None)
    notes: tuple[str, ...]  # what the reader could not do, plus the disclaimer (always last)

    @property
    def codes(self) -> set[str]:
        return {f.code for f in self.flags}


def normalise(text: str) -> str:
    """Lower-case, unify look-alike characters and spacing.

    >>> normalise("  Aqua\u00a0(WATER). ")
    'aqua (water)'
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"[\u2010-\u2015]", "-", text)
    text = re.sub(r"\s+", " ", text)
    return text.strip(" .*:†‡•·-")


_PERCENT = re.compile(r"\(?\s*\d+(?:[.,]\d+)?\s*%\s*(?:w/w|w/v|v/v)?\s*\)?")
_PREFIX = re.compile(
    r"^(?:ingredients|ingr[eé]dients|inci|contains|composition|active ingredients?|inactive ingredients?)\s*:\s*"
)


def split_label(text: str) -> list[str]:
    """The label's items in order: split on commas, semicolons, line breaks and bullets.

    >>> split_label("Ingredients: Aqua (Water), Glycerin 20%; Carbomer")
    ['aqua (water)', 'glycerin', 'carbomer']
    """
    text = unicodedata.normalize("NFKC", text)
    # A comma inside a number ("2,5%") is a decimal point, not a separator.
    text = re.sub(r"(\d),(\d)", r"\1.\2", text)
    items = []
    for raw in re.split(r"[,;\n\r\t•·|]+|\s+and\s+|\s+&\s+", text):
        item = normalise(_PERCENT.sub(" ", _PREFIX.sub("", normalise(raw))))
        if item and re.search(r"\w", item) and not _PREFIX.match(item + ":"):
            items.append(item)
    return items


def _names() -> dict[str, str]:
    return {normalise(n): item["id"] for item in load()["ingredients"] for n in item["names"]}


def _kinds() -> dict[str, str]:
    return {item["id"]: item["kind"] for item in load()["ingredients"]}


def _match(item: str) -> str | None:
    """The ingredient id for one label item, reading "A (B)" as A, B or the whole."""
    names = _names()
    outer = re.sub(r"\([^)]*\)", " ", item)
    inner = re.findall(r"\(([^)]*)\)", item)
    for candidate in [item, outer, *inner]:
        key = normalise(candidate)
        if key in names:
            return names[key]
    if re.search(r"\b(oil|butter|petrolatum|paraffin)\b", outer) and not outer.startswith("peg"):
        return "other_oil"
    return None


def read_label(text: object) -> LabelReport:
    """Read a pasted ingredient list and flag what matters for anal use.

    Never raises: anything that is not text, or text it cannot read, gives a report that says so.

    >>> sorted(read_label("Water, Glycerin, Mineral Oil, Nonoxynol-9").codes)
    ['high_osmolality', 'nonoxynol9', 'oil']
    """
    data = load()
    notes: list[str] = []
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    if len(text) > MAX_CHARS:
        text = text[:MAX_CHARS]
        notes.append(f"The text was very long; only the first {MAX_CHARS:,} characters were read.")
    items = split_label(text)
    if len(items) > MAX_ITEMS:
        items = items[:MAX_ITEMS]
        notes.append(f"Only the first {MAX_ITEMS} items were read.")
    if not items:
        notes.append("There was nothing to read: paste the ingredient list from the label.")
    kinds, all_names = _kinds(), list(_names())
    flags: list[Flag] = []
    recognised, unrecognised = [], []
    for position, item in enumerate(items):
        found = _match(item)
        if found is None:
            close = difflib.get_close_matches(normalise(item), all_names, n=1, cutoff=0.8)
            unrecognised.append((item, close[0] if close else None))
            continue
        recognised.append((item, found))
        kind = "oil" if found == "other_oil" else kinds[found]
        code = {"oil": "oil", "spermicide": "nonoxynol9", "numbing": "numbing"}.get(kind)
        if kind == "humectant" and position < data["top_of_list"]:
            code = "high_osmolality"
        if code:
            spec = data["flags"][code]
            flags.append(Flag(code, item, spec["message"], tuple(spec["refs"])))
    if unrecognised:
        notes.append(
            f"{len(unrecognised)} item(s) were not recognised; they may be harmless, but this check "
            "cannot tell. Look them up, or ask a pharmacist."
        )
    notes.append(data["disclaimer"])
    return LabelReport(tuple(flags), tuple(recognised), tuple(unrecognised), tuple(notes))


def report_html(report: LabelReport) -> str:
    """The report in words: each flag with its reason and source, then what was not recognised."""
    titles = {k: v["title"] for k, v in load()["flags"].items()}
    parts = []
    if report.flags:
        rows = "".join(
            f"<li><b>{html.escape(titles[f.code])}</b> ({html.escape(f.ingredient)}): {html.escape(f.message)} "
            f"<small>Source: {html.escape(cite(list(f.refs)))}</small></li>"
            for f in report.flags
        )
        parts.append(f"<p><b>Flags: {len(report.flags)}.</b></p><ul>{rows}</ul>")
    elif report.recognised:
        parts.append("<p><b>No flags.</b> Nothing on this list matched the things this check looks for.</p>")
    if report.recognised:
        names = ", ".join(html.escape(item) for item, _ in report.recognised)
        parts.append(f"<p>Recognised: {names}.</p>")
    if report.unrecognised:
        shown = [
            html.escape(item[:60]) + (f" (did you mean <i>{html.escape(close)}</i>?)" if close else "")
            for item, close in report.unrecognised[:20]
        ]
        parts.append(f"<p>Not recognised: {', '.join(shown)}.</p>")
    parts += [f"<p><small>{html.escape(n)}</small></p>" for n in report.notes]
    return "".join(parts)


class LabelChecker(w.VBox):
    """Paste an ingredient list, press Check, and read the flags."""

    def __init__(self, text: str = ""):
        self.text = w.Textarea(
            value=text,
            placeholder="Paste the ingredient list here, for example: Aqua (Water), Hydroxyethylcellulose, ...",
            description="Label:",
            tooltip="The ingredient list, copied from the bottle or box",
            layout={"width": "95%", "height": "7em"},
        )
        self.check = w.Button(description="Check label", tooltip="Read the list and show any flags", icon="search")
        self.result = w.HTML()
        self.check.on_click(self._on_check)
        super().__init__([self.text, self.check, self.result])
        self.add_class("coursekit-label-checker")

    def _on_check(self, _button=None) -> None:
        self.result.value = report_html(read_label(self.text.value))
