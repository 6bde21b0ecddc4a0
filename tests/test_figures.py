"""The course's plain-dict figures (coursekit/course/figures.py) against plotly itself.

Lessons build figures without importing plotly (its import cost a lesson about a third of a second).
These tests keep plotly's checks: every course figure, over representative states, must be accepted
by ``plotly.graph_objects.Figure`` (which refuses an unknown property or a bad value) and must come
back from plotly as the same JSON, so JupyterLab draws it exactly as before.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import nbformat
import plotly.graph_objects as go
import pytest
from plotly.utils import PlotlyJSONEncoder

from coursekit.course import figures, theme
from coursekit.topics import anatomy, closing, lubrication, relaxation, welcome
from coursekit.topics.anatomy.logic import STATES, flared_base_outcome
from coursekit.topics.lubrication.logic import ids
from coursekit.topics.relaxation.logic import Session, Step, breath_at

ROOT = Path(__file__).resolve().parent.parent
LESSONS = sorted(ROOT.glob("notebooks/*/lesson.ipynb"))


def course_figures():
    """(name, figure) for every course figure function over representative states."""
    yield "welcome.course_map", welcome.course_map()
    names = [s["id"] for s in anatomy.load()["structures"]]
    for sid, state in itertools.product([None, *names], STATES):
        yield f"anatomy.make_diagram({sid}, {state})", anatomy.make_diagram(sid, state)
    for flared, depth in itertools.product([True, False], [0.0, 0.3, 0.7, 1.0]):
        outcome = flared_base_outcome(flared, depth)
        yield f"anatomy._toy_figure({flared}, {depth})", anatomy.widgets._toy_figure(flared, depth, outcome)
    for tick in range(10):
        yield f"relaxation.pacer_figure({tick})", relaxation.pacer_figure(breath_at(tick, 4, 6))
    day = dt.date(2026, 3, 1)
    history = [
        Session(day, 1, 8, False, False, 10),
        Session(day + dt.timedelta(days=3), 2, 4, False, False, 10),
        Session(day + dt.timedelta(days=6), 2, 7, True, False, 10),
        Session(day + dt.timedelta(days=9), 1, 8, False, True, 10),
    ]
    yield "history_figure(empty)", relaxation.history_figure([], None, 3)
    yield "history_figure(stop)", relaxation.history_figure(history, Step("stop", None, None, "x"), 3)
    later = Step("stay", 1, day + dt.timedelta(days=12), "x")
    yield "history_figure(next)", relaxation.history_figure(history, later, 4)
    first = Step("up", 2, day + dt.timedelta(days=2), "x")
    yield "history_figure(one)", relaxation.history_figure(history[:1], first, 3)
    for lube, material, barrier in itertools.product(ids("lubes"), ids("materials"), ids("barriers")):
        yield f"lubrication.heatmap({lube}, {material}, {barrier})", lubrication.heatmap(lube, material, barrier)
    yield "lubrication.osmolality_figure", lubrication.osmolality_figure()
    modules = [m["id"] for m in closing.load()["modules"]]
    yield "closing.confidence_figure(empty)", closing.confidence_figure({})
    yield "closing.confidence_figure(mixed)", closing.confidence_figure({m: i % 6 for i, m in enumerate(modules)})


def as_json(value):
    """Plain JSON data (lists, not tuples; plotly's encoder for anything else)."""
    return json.loads(json.dumps(value, cls=PlotlyJSONEncoder))


def without_default_template(fig: go.Figure) -> dict:
    """plotly's JSON for a figure made without a template (plotly adds its default one on export)."""
    out = fig.to_plotly_json()
    out["layout"].pop("template", None)
    return out


@pytest.mark.parametrize(("name", "fig"), list(course_figures()), ids=lambda v: v if isinstance(v, str) else "")
def test_plotly_accepts_every_course_figure_and_gives_it_back_unchanged(name, fig):
    built = fig.to_dict()
    assert set(built) == {"data", "layout"}
    checked = go.Figure(built)  # raises on an unknown property or an invalid value
    plotly = checked.to_plotly_json()
    assert as_json(plotly["data"]) == as_json(built["data"]), name
    assert as_json(plotly["layout"]) == as_json(built["layout"]), name
    bundle = theme.mimebundle(fig, "A description.")
    assert as_json(bundle[theme.MIMETYPE]) == {**as_json(built), "config": theme.CONFIG}


def test_template_is_the_one_plotly_builds():
    expected = go.layout.Template(layout=go.Layout(**theme.TEMPLATE["layout"])).to_plotly_json()
    assert as_json(expected) == as_json(theme.TEMPLATE)
    assert as_json(theme.figure().to_dict()["layout"]["template"]) == as_json(theme.TEMPLATE)


@pytest.mark.parametrize("line", [{}, {"color": "#000000", "dash": "dash", "width": 2}])
@pytest.mark.parametrize("x", [0, 1200, 3.5])
def test_add_vline_gives_the_shape_plotly_gives(x, line):
    ours = figures.Figure().add_vline(x=x, line=line or None).to_dict()["layout"]
    theirs = go.Figure()
    theirs.add_vline(x=x, line=line or None)
    assert as_json(ours) == as_json(without_default_template(theirs)["layout"])


def test_builder_matches_plotly_for_each_method():
    ours = figures.Figure(layout={"title": "t", "xaxis": {"title": "x"}})
    theirs = go.Figure(layout={"title": "t", "xaxis": {"title": "x"}})
    for fig in (ours, theirs):
        fig.add_scatter(x=(1, 2), y=[1, None], line_shape="hv", line={"dash": "dot"}, fill=None, name="a")
        fig.add_bar(x=[1], y=["b"], orientation="h", marker={"pattern": {"shape": ["/"]}})
        fig.add_heatmap(z=[[0, 1]], showscale=False)
        fig.add_scatterpolar(r=[1, 2], theta=["p", "q"], fill="toself")
        fig.add_shape(type="circle", x0=-1, y0=-1, x1=1, y1=1, line={"color": "#999999"})
        fig.add_annotation(x=0, y=0, text="note", showarrow=False, font={"size": 12})
        fig.update_layout(polar={"radialaxis": {"range": [0, 5]}}, height=300)
        fig.update_layout(polar={"radialaxis": {"dtick": 1}})
        fig.update_xaxes(dtick=86_400_000)
    assert as_json(ours.to_dict()) == as_json(without_default_template(theirs))


def test_to_dict_is_a_copy():
    fig = theme.figure()
    fig.to_dict()["layout"]["template"]["layout"]["colorway"].append("#123456")
    assert theme.TEMPLATE["layout"]["colorway"] == theme.PALETTE
    assert fig.to_dict()["layout"]["template"] == theme.TEMPLATE


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.parent.name)
def test_a_lesson_never_imports_plotly(path):
    # Runs the lesson's code cells (imports, widgets, figures) in a fresh process, as a kernel would.
    cells = [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
    script = textwrap.dedent(
        """
        import json, sys
        import IPython.display
        IPython.display.display = lambda *args, **kwargs: None  # no front end here
        for source in json.loads(sys.argv[1]):
            exec(compile(source, "<cell>", "exec"), globals())
        print(sorted(m for m in sys.modules if m.split(".")[0] in ("plotly", "_plotly_utils")))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script, json.dumps(cells)],
        cwd=path.parent,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "[]", f"{path.parent.name} imported plotly"
