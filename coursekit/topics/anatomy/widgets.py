"""Module 01 views: the anatomy sketch, the explorer and the flared-base demo."""

from __future__ import annotations

import html
import math

import ipywidgets as w

from coursekit.course import theme
from coursekit.course.citations import cite_html
from coursekit.course.strings import text
from coursekit.topics.anatomy.logic import (
    STATES,
    BaseOutcome,
    anorectal_angle,
    flared_base_outcome,
    load,
    rectum_centreline,
    structure,
)

# ---------------------------------------------------------------------------
# Views
# ---------------------------------------------------------------------------


def sketch_label(name: str) -> str:
    """A structure's short label on the sketch: the part before any gloss, keeping "(if present)".

    >>> sketch_label("Internal sphincter (inner ring)"), sketch_label("Prostate (if present)")
    ('Internal sphincter', 'Prostate (if present)')
    """
    short, marker = name.split(" (")[0], text("anatomy", "if_present")
    return text("anatomy", "sketch_label_if_present", name=short, marker=marker) if marker in name else short


def make_diagram(selected: str | None, state: str) -> theme.Figure:
    """The labelled side-view sketch with ``selected`` highlighted, for the given state."""
    data = load()
    angle = anorectal_angle(state)
    fig = theme.figure(
        title=text("anatomy", "diagram_title", state=data["angles"][state]["label"].lower(), angle=angle),
        xaxis={"visible": False, "range": [-8, 11]},
        yaxis={"visible": False, "range": [-1, 17], "scaleanchor": "x"},
        showlegend=False,
        height=600,
    )
    xs, ys = rectum_centreline(angle)
    names = {s["id"]: s["name"] for s in data["structures"]}

    def trace(sid, x, y, base_width, colour=None, **extra):
        # One named line per structure: highlighted (colour and double width) when selected.
        chosen = sid == selected
        fig.add_scatter(
            x=x,
            y=y,
            mode="lines",
            name=names[sid],
            hoverinfo="name",
            **extra,
            line={
                "color": theme.HIGHLIGHT if chosen else (colour or theme.MUTED),
                "width": base_width * (2 if chosen else 1),
            },
        )

    trace("rectum", xs, ys, 26)
    trace("rectal_lining", xs, ys, 4, colour="white")
    trace("puborectalis", [-5, -1.2, xs[1] + 0.8, xs[1] + 0.8, -1.2, -5], [6, 4.4, 3.8, 4.6, 3.4, 5.6], 6)
    for sid, shape in data["drawing"].items():
        kind = shape["kind"]
        trace(
            sid,
            shape["x"],
            shape["y"],
            {"band": 7, "line": 3, "region": 2}[kind],
            fill="toself" if kind == "region" else None,
        )
    # An arc at the junction from the canal's downward axis round to the rectum's first step.
    top = data["canal_length_cm"]
    arc = [math.radians(t * angle / 12) for t in range(13)]
    trace("anorectal_angle", [0.9 * math.sin(a) for a in arc], [top - 0.9 * math.cos(a) for a in arc], 3)
    # Short labels on the sketch itself, so it reads without hovering.
    labels = {
        "rectum": (xs[-1] + 0.6, ys[-1] - 1, "left"),
        "puborectalis": (-5, 6.4, "left"),
        "external_sphincter": (-1.5, 0.6, "right"),
        "internal_sphincter": (-0.9, 3.4, "right"),
        "dentate_line": (0.8, 1.5, "left"),
        "prostate": (-4.4, 7.2, "left"),
    }
    for sid, (x, y, anchor) in labels.items():
        fig.add_annotation(
            x=x,
            y=y,
            text=sketch_label(names[sid]),
            showarrow=False,
            xanchor=anchor,
            font={"size": 12, "color": theme.HIGHLIGHT if sid == selected else "#333333"},
        )
    for key, x, y in (
        ("diagram_front", -5, -0.6),
        ("diagram_back", 9, -0.6),
        ("diagram_opening", 0, -0.6),
        ("diagram_not_to_scale", 1.5, 16.6),  # the highlighted name goes on its own line below
    ):
        fig.add_annotation(x=x, y=y, text=text("anatomy", key), showarrow=False, font={"size": 12, "color": "#555555"})
    if selected:
        fig.add_annotation(
            x=1.5,
            y=15.5,
            text=text("anatomy", "diagram_highlighted", name=html.escape(names[selected])),
            showarrow=False,
            font={"color": theme.HIGHLIGHT},
        )
    return fig


def diagram_description(selected: str | None, state: str) -> str:
    """Words for what the diagram shows (the figure's text alternative)."""
    angle = anorectal_angle(state)
    name = structure(selected)["name"] if selected else text("anatomy", "diagram_nothing")
    return text(
        "anatomy",
        "diagram_description",
        length=load()["canal_length_cm"],
        angle=angle,
        state=load()["angles"][state]["label"].lower(),
        name=name,
    )


def info_html(structure_id: str) -> str:
    item = structure(structure_id)
    control = {"voluntary": "control_voluntary", "involuntary": "control_involuntary", "not a muscle": "control_none"}
    answer = text("anatomy", "info_control", answer=text("anatomy", control[item["control"]]))
    source = text("anatomy", "source", refs=cite_html(item["refs"]))
    return (
        f"<h4>{html.escape(item['name'])}</h4><p>{html.escape(item['role'])}</p>"
        f"<p>{answer}</p>"
        f"<p><small>{source}</small></p>"
    )


class AnatomyExplorer(w.VBox):
    """Choose a structure to highlight and read about it; switch between rest and bearing down."""

    def __init__(self, selected: str = "external_sphincter", state: str = "rest"):
        data = load()
        self.structure = w.Dropdown(
            options=[(s["name"], s["id"]) for s in data["structures"]],
            value=selected,
            description=text("anatomy", "structure"),
            tooltip=text("anatomy", "structure_tooltip"),
            style={"description_width": "initial"},
        )
        self.state = w.ToggleButtons(
            options=[(data["angles"][s]["label"], s) for s in STATES],
            value=state,
            description=text("anatomy", "state"),
            tooltips=[text("anatomy", f"state_tooltip_{s}") for s in STATES],
            style={"description_width": "initial"},
        )
        self.info = w.HTML()
        self.angle_note = w.HTML()
        self.figure = w.Output()
        self.structure.observe(self._on_change, names="value")
        self.state.observe(self._on_change, names="value")
        # The row wraps when zoomed in or on a narrow screen, instead of running off the side.
        row = w.HBox([self.structure, self.state], layout=w.Layout(flex_flow="row wrap"))
        super().__init__([row, self.figure, self.info, self.angle_note])
        self.add_class("coursekit-anatomy-explorer")
        self._on_change()

    def _on_change(self, _change=None) -> None:
        sid, state = self.structure.value, self.state.value
        self.info.value = info_html(sid)
        angle = load()["angles"][state]
        source = text("anatomy", "source", refs=cite_html(angle["refs"]))
        heading = text("anatomy", "angle_heading", label=html.escape(angle["label"]))
        self.angle_note.value = f"<p><b>{heading}</b> {html.escape(angle['explanation'])} <small>{source}</small></p>"
        self.figure.clear_output(wait=True)
        with self.figure:
            theme.show(make_diagram(sid, state), diagram_description(sid, state))


DEPTH_STEP = 5  # the demo's depths, in percent of the toy's length: 0, 5, ... 100


def depth_options() -> list[tuple[str, int]]:
    """The depth choices (how much of the shaft is inside) as (label, whole percent), 0 to 100 in fives.

    The two ends are named in words:

    >>> depth_options()[0], depth_options()[10], depth_options()[-1]
    (('0% (tip at the opening)', 0), ('50%', 50), ('100% (all of the shaft; the base, if any, stays outside)', 100))
    """
    ends = {0: "depth_option_none", 100: "depth_option_all"}
    return [
        (text("anatomy", ends.get(percent, "depth_option"), percent=percent), percent)
        for percent in range(0, 101, DEPTH_STEP)
    ]


# A darker shade of the Okabe-Ito orange (#E69F00, only 2.2:1 on white): 4.6:1 on white, so the line
# stands out for people with low vision too (WCAG asks 3:1 for graphics).
AT_RISK_COLOUR = "#9E6A00"

# The toy's colour by outcome: a warning colour whenever nothing holds it back (the words say it too).
STATE_COLOURS = {
    "not_inserted": theme.OKABE_ITO["blue"],
    "outside": theme.OKABE_ITO["blue"],
    "held": theme.OKABE_ITO["blue"],
    "at_risk": AT_RISK_COLOUR,
    "lost": theme.HIGHLIGHT,
}


def toy_description(flared: bool, percent: int) -> str:
    """The demo figure's text alternative: which toy, how much of its shaft is inside, and the outcome in words.

    >>> toy_description(True, 55)
    'A toy with a flared base, 55% of its shaft inside; state: Still in reach.'
    >>> toy_description(True, 100)
    'A toy with a flared base, shaft fully inside, base outside against the opening; state: Held by the base.'
    """
    state = flared_base_outcome(flared, percent / 100).state
    toy = text("anatomy", "demo_toy_flared" if flared else "demo_toy_plain")
    where_key = {0: "demo_where_none", 100: "demo_where_all_flared" if flared else "demo_where_all_plain"}
    where = text("anatomy", where_key.get(percent, "demo_where"), percent=percent)
    return text("anatomy", "demo_description", toy=toy, where=where, state=text("anatomy", f"state_{state}"))


class FlaredBaseDemo(w.VBox):
    """Move a toy in, with or without a flared base, and see whether it can still be removed."""

    def __init__(self):
        # A drop-down, like the depth: a native select tied to its label, so a screen reader names it
        # and says which toy is chosen (ipywidgets 8 radio buttons have no shared name or group label).
        # Each choice says what a flared base is, so the definition does not rely on the tooltip.
        self.flared = w.Dropdown(
            options=[(text("anatomy", "toy_flared"), True), (text("anatomy", "toy_plain"), False)],
            value=True,
            description=text("anatomy", "toy"),
            tooltip=text("anatomy", "toy_tooltip"),
            style={"description_width": "initial"},
            layout=w.Layout(width="auto"),
        )
        # A drop-down, not a slider: its label is tied to the control, so screen readers name it.
        # Its values are whole percentages, so 35 is a valid value where 7 * 0.05 would not be.
        self.depth = w.Dropdown(
            options=depth_options(),
            value=50,
            description=text("anatomy", "depth"),
            tooltip=text("anatomy", "depth_tooltip"),
            style={"description_width": "initial"},
            layout=w.Layout(width="auto"),
        )
        self.result = w.HTML()
        self.figure = w.Output()
        self.flared.observe(self._on_change, names="value")
        self.depth.observe(self._on_change, names="value")
        # The result (state and message) straight after the controls, so it is read before the figure.
        super().__init__([self.flared, self.depth, self.result, self.figure])
        self.add_class("coursekit-flared-demo")
        self._on_change()

    def _on_change(self, _change=None) -> None:
        depth = self.depth.value / 100
        outcome = flared_base_outcome(self.flared.value, depth)
        label = text("anatomy", f"state_{outcome.state}")
        self.result.value = (
            f"<p>{text('anatomy', 'demo_result', state=label, message=html.escape(outcome.message))}</p>"
        )
        self.figure.clear_output(wait=True)
        with self.figure:
            theme.show(
                _toy_figure(self.flared.value, depth, outcome), toy_description(self.flared.value, self.depth.value)
            )


def _toy_figure(flared: bool, depth: float, outcome: BaseOutcome) -> theme.Figure:
    fig = theme.figure(
        xaxis={"visible": False, "range": [-4, 4]},
        yaxis={"visible": False, "range": [-7, 10], "scaleanchor": "x"},
        showlegend=False,
        height=360,
        title=text("anatomy", "toy_figure_title"),
    )
    fig.add_scatter(
        x=[-4, -0.8, None, 0.8, 4],
        y=[0, 0, None, 0, 0],
        mode="lines",
        line={"color": theme.MUTED, "width": 6},
        name=text("anatomy", "toy_figure_skin"),
        hoverinfo="name",
    )
    length = 6.0
    bottom = -length + depth * length + (3.0 if outcome.state == "lost" else 0.0)
    top = bottom + length
    colour = STATE_COLOURS[outcome.state]
    fig.add_scatter(
        x=[-0.5, -0.5, 0.5, 0.5, -0.5],
        y=[bottom, top, top, bottom, bottom],
        fill="toself",
        mode="lines",
        line={"color": colour},
        name=text("anatomy", "toy_figure_toy"),
        hoverinfo="name",
    )
    if flared:
        fig.add_scatter(
            x=[-1.8, 1.8],
            y=[bottom, bottom],
            mode="lines",
            name=text("anatomy", "toy_figure_base"),
            line={"color": colour, "width": 10},
            hoverinfo="name",
        )
    return fig
