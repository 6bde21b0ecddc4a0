"""Module 03 views: the compatibility explorer, the osmolality chart and the label checker."""

from __future__ import annotations

import html

import ipywidgets as w

from coursekit.course import theme
from coursekit.course.citations import cite
from coursekit.topics.lubrication.labels import LabelReport, headline, read_label
from coursekit.topics.lubrication.logic import (
    VERDICTS,
    Compatibility,
    check_compatibility,
    ids,
    load,
    name_of,
    verdict_table,
)

# ---------------------------------------------------------------------------
# Figure and widget 1: compatibility
# ---------------------------------------------------------------------------

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
    """Body fluid, study lubes and the procurement limit on one log scale, values written on the bars."""
    items = sorted(load()["osmolality"], key=lambda i: i["value"])
    colours = {"body": theme.OKABE_ITO["green"], "study": theme.OKABE_ITO["blue"], "limit": theme.OKABE_ITO["black"]}
    fig = theme.figure(
        title="Osmolality (log scale); hatched bars were reported per litre (mOsm/L)",
        height=520,
        xaxis={
            "type": "log",
            "range": [2, 4.4],  # 100 to about 25,000, so every bar and its value fit
            "tickvals": [100, 300, 1000, 3000, 10000],
            "ticktext": ["100", "300", "1,000", "3,000", "10,000"],
            "title": "mOsm/kg (hatched bars: mOsm/L), logarithmic scale",
        },
        margin={"l": 300, "r": 40, "t": 60, "b": 60},
        showlegend=False,
    )
    fig.add_bar(
        x=[i["value"] for i in items],
        y=[i["label"] for i in items],
        orientation="h",
        marker={
            "color": [colours[i["kind"]] for i in items],
            "pattern": {"shape": ["/" if i.get("unit") == "mOsm/L" else "" for i in items]},
        },
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
    listed = "; ".join(f"{i['label']} {i['value']:,.0f} {i.get('unit', 'mOsm/kg')} ({i['note']})" for i in items)
    per_litre = [i for i in items if i.get("unit") == "mOsm/L"]
    return (
        f"Horizontal bars on a logarithmic scale. {body['label']}: about {body['value']:,.0f}. "
        f"A dashed line marks {limit['value']:,.0f} mOsm/kg, reported as the maximum acceptable level in "
        "WHO/UNFPA/FHI 360 advice on buying lubricants for condom programmes (read second-hand; a buying "
        f"ceiling, not a safe level). {len(above)} of the study values lie above it, the highest at about "
        f"{above[-1]['value']:,.0f}. {len(per_litre)} bars (hatched) were reported per litre (mOsm/L), a "
        f"slightly different unit, so compare them only roughly. All values: {listed}."
    )


def show_osmolality_chart() -> None:
    """Display the osmolality chart with its description."""
    theme.show(osmolality_figure(), osmolality_description())


# ---------------------------------------------------------------------------
# Widget 3: the ingredient-label reader
# ---------------------------------------------------------------------------


def report_html(report: LabelReport) -> str:
    """The report in words: an honest headline, each flag once with its items, reason and source,
    then every item that could not be checked, then what was recognised."""
    titles = {k: v["title"] for k, v in load()["flags"].items()}
    head = headline(report)
    parts = [f"<p><b>{html.escape(head)}</b></p>"]
    if report.flags:
        rows = "".join(
            f"<li><b>{html.escape(titles[f.code])}</b> ({html.escape(_short(f.ingredients))}): "
            f"{html.escape(f.message)} <small>Source: {html.escape(cite(list(f.refs)))}</small></li>"
            for f in report.flags
        )
        parts.append(f"<ul>{rows}</ul>")
    if report.unrecognised:
        shown = [
            html.escape(item[:60]) + (f" (did you mean <i>{html.escape(close)}</i>?)" if close else "")
            for item, close in report.unrecognised[:30]
        ]
        more = len(report.unrecognised) - len(shown)
        parts.append(
            f"<p><b>Could not be checked ({len(report.unrecognised)}):</b> {', '.join(shown)}"
            + (f", and {more} more" if more > 0 else "")
            + ". They may be harmless, but this check cannot tell: look them up, or ask a pharmacist.</p>"
        )
    if report.recognised:
        names = ", ".join(html.escape(item[:60]) for item, _ in report.recognised)
        parts.append(f"<p>Recognised: {names}.</p>")
    if report.instructions:
        parts.append(
            f"<p>Read as uses, warnings or directions, not as ingredients: {len(report.instructions)} "
            "line(s). They were still scanned for the words this check looks for.</p>"
        )
    shown = set(report.limits) | {c for c in report.cautions if c in head}  # already in the headline
    parts += [
        f"<p><small>{html.escape(n)}</small></p>"
        for n in report.notes
        if n not in shown and "could not be checked;" not in n and "line(s) were read as" not in n
    ]
    return "".join(parts)


def _short(items: tuple[str, ...], limit: int = 5) -> str:
    text = ", ".join(i if "really absent" in i else i[:60] for i in items[:limit])
    return text + (f" and {len(items) - limit} more" if len(items) > limit else "")


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
