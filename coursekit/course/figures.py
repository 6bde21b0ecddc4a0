"""A small plain-dict figure builder: the few plotly calls the course's figures use, without plotly.

Importing plotly's Python figure objects (and their validators) cost a lesson about a third of a
second in a fresh kernel, and several times that in the in-browser edition. The course only needs
the figure's JSON, which JupyterLab's plotly extension draws, so figures are built here as plain
dicts in the same shape ``plotly.graph_objects.Figure(...).to_plotly_json()`` gives: the same
traces, layout and template. ``tests/test_figures.py`` builds every course figure and checks that
plotly accepts it (plotly refuses an unknown property) and gives back the same dict.

>>> fig = Figure(layout={"title": "Sizes"})
>>> fig.add_scatter(x=(1, 2), y=[3, 4], line_shape="hv", fill=None).add_vline(x=2)
Figure(1 trace)
>>> fig.to_dict()["data"]
[{'x': [1, 2], 'y': [3, 4], 'line': {'shape': 'hv'}, 'type': 'scatter'}]
>>> fig.to_dict()["layout"]["title"], fig.to_dict()["layout"]["shapes"][0]["yref"]
({'text': 'Sizes'}, 'y domain')
"""

from __future__ import annotations

import copy
from typing import Any

# plotly's "magic underscore": ``line_shape="hv"`` means ``line={"shape": "hv"}``. Only these
# parents are split, so property names that contain an underscore (``paper_bgcolor``) stay whole.
_MAGIC_PARENTS = ("line", "marker", "font", "title", "textfont", "hoverlabel", "legend")


def _clean(value: Any, key: str = "") -> Any:
    """A property value as plotly stores it: tuples as lists, None dropped, a string title as its text."""
    if key == "title" and isinstance(value, str):
        return {"text": value}
    if isinstance(value, dict):
        return props(value)
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def _merge(into: dict, new: dict) -> dict:
    """Merge ``new`` into ``into``, nested dicts key by key (as plotly's ``update`` does)."""
    for key, value in new.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value
    return into


def props(given: dict) -> dict:
    """Properties as plotly stores them: magic underscores expanded, None values dropped.

    >>> props({"line_dash": "dot", "line": {"color": "red"}, "fill": None, "xaxis": {"title": "t"}})
    {'line': {'dash': 'dot', 'color': 'red'}, 'xaxis': {'title': {'text': 't'}}}
    """
    out: dict = {}
    for key, value in given.items():
        if value is None:
            continue
        parent, _, child = key.partition("_")
        if child and parent in _MAGIC_PARENTS:
            _merge(out, {parent: props({child: value})})
        else:
            _merge(out, {key: _clean(value, key)})
    return out


class Figure:
    """A figure as two plain parts: ``data`` (a list of trace dicts) and ``layout`` (a dict)."""

    def __init__(self, layout: dict | None = None) -> None:
        self.data: list[dict] = []
        self.layout: dict = props(layout or {})

    def __repr__(self) -> str:
        return f"Figure({len(self.data)} trace{'' if len(self.data) == 1 else 's'})"

    def add_trace(self, kind: str, **given: Any) -> Figure:
        self.data.append({**props(given), "type": kind})
        return self

    def add_scatter(self, **given: Any) -> Figure:
        return self.add_trace("scatter", **given)

    def add_bar(self, **given: Any) -> Figure:
        return self.add_trace("bar", **given)

    def add_heatmap(self, **given: Any) -> Figure:
        return self.add_trace("heatmap", **given)

    def add_scatterpolar(self, **given: Any) -> Figure:
        return self.add_trace("scatterpolar", **given)

    def add_shape(self, **given: Any) -> Figure:
        self.layout.setdefault("shapes", []).append(props(given))
        return self

    def add_annotation(self, **given: Any) -> Figure:
        self.layout.setdefault("annotations", []).append(props(given))
        return self

    def add_vline(self, x: Any, **given: Any) -> Figure:
        """A vertical line at ``x`` across the whole plot height: the shape plotly's ``add_vline`` adds."""
        line = {"type": "line", "x0": x, "x1": x, "xref": "x", "y0": 0, "y1": 1, "yref": "y domain"}
        return self.add_shape(**given, **line)

    def update_layout(self, new: dict | None = None, **given: Any) -> Figure:
        _merge(self.layout, props({**(new or {}), **given}))
        return self

    def update_xaxes(self, new: dict | None = None, **given: Any) -> Figure:
        _merge(self.layout.setdefault("xaxis", {}), props({**(new or {}), **given}))
        return self

    def to_dict(self) -> dict:
        """The figure as plotly's JSON: ``{"data": [...], "layout": {...}}`` (a copy)."""
        return {"data": copy.deepcopy(self.data), "layout": copy.deepcopy(self.layout)}
