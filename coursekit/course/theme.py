"""The course's plotly look (colour-blind-safe Okabe-Ito palette) and described figures."""

from __future__ import annotations

import html
import json

import plotly.graph_objects as go

from . import strings

# Okabe & Ito (2008) palette: distinguishable with the common colour-vision deficiencies.
OKABE_ITO = {
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermilion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
    "grey": "#999999",
}
PALETTE = [OKABE_ITO[k] for k in ("blue", "orange", "green", "vermilion", "purple", "sky", "yellow")]
HIGHLIGHT = OKABE_ITO["vermilion"]
MUTED = "#BBBBBB"
FONT = "Atkinson Hyperlegible, Verdana, DejaVu Sans, Arial, sans-serif"

TEMPLATE = go.layout.Template(
    layout=go.Layout(
        colorway=PALETTE,
        font={"family": FONT, "size": 15, "color": "#222222"},
        title={"font": {"size": 18}, "x": 0.02, "xanchor": "left"},
        paper_bgcolor="white",
        plot_bgcolor="white",
        margin={"l": 60, "r": 30, "t": 60, "b": 50},
        hoverlabel={"font": {"family": FONT, "size": 14}},
        xaxis={"showgrid": True, "gridcolor": "#EEEEEE", "zeroline": False},
        yaxis={"showgrid": True, "gridcolor": "#EEEEEE", "zeroline": False},
    )
)

# No plotly.js in notebooks: JupyterLab renders this mimetype with its own bundled extension.
MIMETYPE = "application/vnd.plotly.v1+json"
CONFIG = {"displaylogo": False, "responsive": True}


def figure(**layout) -> go.Figure:
    """A new figure with the course template.

    >>> figure(title="x").layout.template.layout.colorway[0]
    '#0072B2'
    """
    return go.Figure(layout={"template": TEMPLATE, **layout})


def description_html(text: str) -> str:
    """The text description shown under a figure (for everyone, and for screen readers)."""
    label = strings.text("course", "figure_description")
    return f'<p class="coursekit-figure-description" role="note"><b>{label}</b> {html.escape(text)}</p>'


def mimebundle(fig: go.Figure, description: str) -> dict:
    """The figure as JupyterLab's plotly mimetype, with the description as its plain-text form.

    Built directly rather than through ``fig.show()``: plotly's renderer registry takes about
    two seconds to initialise in a fresh kernel, which doubled the lessons' run time.

    >>> sorted(mimebundle(figure(), "An empty figure."))
    ['application/vnd.plotly.v1+json', 'text/plain']
    """
    return {MIMETYPE: {**json.loads(fig.to_json()), "config": CONFIG}, "text/plain": description}


def show(fig: go.Figure, description: str) -> None:
    """Display a figure and its text description under it. Every course figure goes through here."""
    from IPython.display import HTML, display

    if not description or not description.strip():
        raise ValueError("every figure needs a text description")
    display(mimebundle(fig, description), raw=True)
    display(HTML(description_html(description)))
