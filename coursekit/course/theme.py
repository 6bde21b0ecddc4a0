"""The course's plotly look (colour-blind-safe Okabe-Ito palette) and described figures.

Figures are plain dicts built by :mod:`coursekit.course.figures` in plotly's JSON shape; no lesson
imports plotly itself (tests/test_figures.py checks that plotly accepts every course figure).
"""

from __future__ import annotations

import html

from . import strings
from .figures import Figure

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

# A plotly layout template, as plotly's JSON (the test checks plotly's Template accepts it).
TEMPLATE = {
    "layout": {
        "colorway": PALETTE,
        "font": {"family": FONT, "size": 15, "color": "#222222"},
        "title": {"font": {"size": 18}, "x": 0.02, "xanchor": "left"},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "margin": {"l": 60, "r": 30, "t": 60, "b": 50},
        "hoverlabel": {"font": {"family": FONT, "size": 14}},
        "xaxis": {"showgrid": True, "gridcolor": "#EEEEEE", "zeroline": False},
        "yaxis": {"showgrid": True, "gridcolor": "#EEEEEE", "zeroline": False},
    }
}

# No plotly.js in notebooks: JupyterLab renders this mimetype with its own bundled extension.
MIMETYPE = "application/vnd.plotly.v1+json"
CONFIG = {"displaylogo": False, "responsive": True}


def figure(**layout) -> Figure:
    """A new figure with the course template.

    >>> figure(title="x").to_dict()["layout"]["template"]["layout"]["colorway"][0]
    '#0072B2'
    """
    return Figure(layout={"template": TEMPLATE, **layout})


def description_html(text: str) -> str:
    """The text description shown under a figure (for everyone, and for screen readers)."""
    label = strings.text("course", "figure_description")
    return f'<p class="coursekit-figure-description" role="note"><b>{label}</b> {html.escape(text)}</p>'


def mimebundle(fig: Figure, description: str) -> dict:
    """The figure as JupyterLab's plotly mimetype, with the description as its plain-text form.

    Built directly rather than through plotly's ``fig.show()``: plotly's renderer registry takes
    about two seconds to initialise in a fresh kernel, which doubled the lessons' run time.

    >>> sorted(mimebundle(figure(), "An empty figure."))
    ['application/vnd.plotly.v1+json', 'text/plain']
    """
    return {MIMETYPE: {**fig.to_dict(), "config": dict(CONFIG)}, "text/plain": description}


def show(fig: Figure, description: str) -> None:
    """Display a figure and its text description under it. Every course figure goes through here."""
    from IPython.display import HTML, display

    if not description or not description.strip():
        raise ValueError("every figure needs a text description")
    display(mimebundle(fig, description), raw=True)
    display(HTML(description_html(description)))
