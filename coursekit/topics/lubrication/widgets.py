"""Module 03 views: the compatibility explorer and the osmolality chart (the label checker is in ``label_widget``)."""

from __future__ import annotations

import html

import ipywidgets as w

from coursekit.course import strings, theme
from coursekit.course.citations import cite_html
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


def heatmap(lube: str, material: str, barrier: str) -> theme.Figure:
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
        title=strings.text(  # with a condom, the table counts on it being on the toy (review 13 of module 03, C2)
            "lubrication",
            "heatmap_title_condom" if barrier.endswith("_condom") else "heatmap_title",
            barrier=name_of("barriers", barrier).lower(),
        ),
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
        hovertemplate=strings.text("lubrication", "heatmap_hover", lube="%{y}", material="%{x}", verdict="%{text}")
        + "<extra></extra>",
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
    label = {v: info["label"] for v, info in load()["verdicts"].items()}
    rows = []
    for lube_id, row in zip(ids("lubes"), verdict_table(barrier), strict=True):
        cells = ", ".join(
            strings.text(
                "lubrication",
                "heatmap_description_cell",
                material=name_of("materials", m).lower(),
                verdict=label[v].lower(),
            )
            for m, v in zip(ids("materials"), row, strict=True)
        )
        rows.append(
            strings.text(
                "lubrication", "heatmap_description_row", lube=name_of("lubes", lube_id).split(" (")[0], cells=cells
            )
        )
    chosen = check_compatibility(lube, material, barrier).verdict
    return strings.text(
        "lubrication",
        "heatmap_description",
        barrier=name_of("barriers", barrier).lower(),
        rows="; ".join(rows),
        lube=name_of("lubes", lube).split(" (")[0].lower(),
        material=name_of("materials", material).lower(),
        verdict=label[chosen].lower(),
    )


def verdict_html(result: Compatibility) -> str:
    info = load()["verdicts"][result.verdict]
    reasons = "".join(f"<li>{html.escape(r)}</li>" for r in result.reasons)
    heading = strings.text("lubrication", "verdict_heading", label=html.escape(info["label"]))
    source = strings.text("lubrication", "source", refs=cite_html(list(result.refs)))
    return f"<p><b>{heading}</b> {html.escape(info['summary'])}</p><ul>{reasons}</ul><p><small>{source}</small></p>"


class CompatibilityExplorer(w.VBox):
    """Choose a lube, a toy material and a barrier; read the verdict and see the whole table."""

    def __init__(self, lube: str = "water", material: str = "body", barrier: str = "none"):
        data = load()
        style = {"description_width": "initial"}
        self.lube = w.Dropdown(
            options=[(x["name"], x["id"]) for x in data["lubes"]],
            value=lube,
            description=strings.text("lubrication", "lube_label"),
            tooltip=strings.text("lubrication", "lube_tooltip"),
            style=style,
        )
        self.material = w.Dropdown(
            options=[(x["name"], x["id"]) for x in data["materials"]],
            value=material,
            description=strings.text("lubrication", "toy_label"),
            tooltip=strings.text("lubrication", "toy_tooltip"),
            style=style,
        )
        self.barrier = w.Dropdown(
            options=[(x["name"], x["id"]) for x in data["barriers"]],
            value=barrier,
            description=strings.text("lubrication", "barrier_label"),
            tooltip=strings.text("lubrication", "barrier_tooltip"),
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
        about = strings.text("lubrication", "about_lube", lube=html.escape(item["name"].lower()))
        self.about.value = f"<p><b>{about}</b> {html.escape(item['about'])}</p>"
        self.figure.clear_output(wait=True)
        with self.figure:
            theme.show(heatmap(lube, material, barrier), heatmap_description(lube, material, barrier))


# ---------------------------------------------------------------------------
# Figure 2: osmolality
# ---------------------------------------------------------------------------


def osmolality_figure() -> theme.Figure:
    """Body fluid, study lubes and the procurement limit on one log scale, values written on the bars."""
    items = sorted(load()["osmolality"], key=lambda i: i["value"])
    colours = {"body": theme.OKABE_ITO["green"], "study": theme.OKABE_ITO["blue"], "limit": theme.OKABE_ITO["black"]}
    fig = theme.figure(
        title=strings.text("lubrication", "osmolality_title"),
        height=520,
        xaxis={
            "type": "log",
            "range": [1, 4.4],  # 10 to about 25,000, so every bar (the lowest is 32) and its value fit
            "tickvals": [100, 300, 1000, 3000, 10000],
            "ticktext": ["100", "300", "1,000", "3,000", "10,000"],
            "title": strings.text("lubrication", "osmolality_axis"),
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
    listed = "; ".join(
        strings.text(
            "lubrication",
            "osmolality_value",
            label=i["label"],
            value=f"{i['value']:,.0f}",
            unit=i.get("unit", "mOsm/kg"),
            note=i["note"],
        )
        for i in items
    )
    per_litre = [i for i in items if i.get("unit") == "mOsm/L"]
    return strings.text(
        "lubrication",
        "osmolality_description",
        body=body["label"],
        body_value=f"{body['value']:,.0f}",
        limit=f"{limit['value']:,.0f}",
        above=len(above),
        highest=f"{above[-1]['value']:,.0f}",
        per_litre=len(per_litre),
        values=listed,
    )


def show_osmolality_chart() -> None:
    """Display the osmolality chart with its description."""
    theme.show(osmolality_figure(), osmolality_description())
