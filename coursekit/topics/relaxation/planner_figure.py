"""Module 02 planner views without controls: the history figure and the advice in words."""

from __future__ import annotations

import html
import math

from coursekit.course import theme
from coursekit.course.strings import text
from coursekit.topics.relaxation.logic import Session, Step, load, rules
from coursekit.topics.relaxation.planner import comfortable


def history_figure(history: list[Session], step: Step | None, kit_sizes: int) -> theme.Figure:
    """A step chart of the size used at each session, and the suggested next size (dashed).

    A stop has no suggested size or date, so it draws no suggested step. Markers use the planner's
    own rule for "comfortable"; a pain-free session below it is marked "low comfort".
    """
    rule = rules()
    fig = theme.figure(
        title=text("relaxation", "figure_title"),
        xaxis={"title": text("relaxation", "figure_axis_date"), "tickformat": "%d %b", "type": "date"},
        yaxis={"title": text("relaxation", "figure_axis_size"), "range": [0.5, kit_sizes + 0.5], "dtick": 1},
        height=360,
    )
    suggested = step is not None and step.size is not None and step.earliest is not None
    dates = [s.date.isoformat() for s in history]
    if history:
        last = step.earliest if suggested else history[-1].date
        span = (last - history[0].date).days
        fig.update_xaxes(dtick=86_400_000 * max(1, math.ceil(span / 8)))  # whole days, about 8 ticks
    fig.add_scatter(
        x=dates,
        y=[s.size for s in history],
        mode="lines",
        line_shape="hv",
        name=text("relaxation", "figure_size_used"),
        hoverinfo="skip",
    )
    for name, pick, symbol, colour in (
        ("figure_comfortable", lambda s: comfortable(s, rule), "circle", theme.OKABE_ITO["blue"]),
        (
            "figure_low_comfort",
            lambda s: not (s.pain or s.bleeding or comfortable(s, rule)),
            "square-open",
            theme.OKABE_ITO["black"],
        ),
        ("figure_pain", lambda s: s.pain and not s.bleeding, "x", theme.OKABE_ITO["orange"]),
        ("figure_bleeding", lambda s: s.bleeding, "diamond", theme.HIGHLIGHT),
    ):
        chosen = [s for s in history if pick(s)]
        if chosen:
            fig.add_scatter(
                x=[s.date.isoformat() for s in chosen],
                y=[s.size for s in chosen],
                mode="markers",
                marker={"symbol": symbol, "size": 12, "color": colour},
                name=text("relaxation", name),
                text=[text("relaxation", "figure_hover", comfort=s.comfort, minutes=s.minutes) for s in chosen],
            )
    if suggested and history:
        fig.add_scatter(
            x=[dates[-1], step.earliest.isoformat()],
            y=[history[-1].size, step.size],
            mode="lines+markers",
            line_shape="hv",
            line={"dash": "dash", "color": theme.OKABE_ITO["purple"]},
            marker={"symbol": "star", "size": 14},
            name=text("relaxation", "figure_suggested", action=load()["actions"][step.action].lower()),
        )
    return fig


def advice_html(step: Step) -> str:
    """The planner's answer in words: a bold headline, then the reason. A stop has no size or date."""
    label = html.escape(load()["actions"][step.action])
    if step.size is None or step.earliest is None:
        headline = text("relaxation", "advice_stop", action=label)
    else:
        when = text("relaxation", "advice_when", date=step.earliest)
        if step.action == "rest":
            headline = text("relaxation", "advice_rest", action=label, size=step.size, when=when)
        else:
            headline = text("relaxation", "advice_next", action=label, size=step.size, when=when)
    return f"<p class='coursekit-next-step'><b>{headline}</b> {html.escape(step.reason)}</p>"


def _episode_words(found: list[Session]) -> str:
    """'pain on 05 March and bleeding on 07 March': each pain or bleeding session, in words."""
    words = []
    for s in found:
        kind = (
            "episode_pain_and_bleeding"
            if s.pain and s.bleeding
            else "episode_bleeding"
            if s.bleeding
            else "episode_pain"
        )
        words.append(text("relaxation", "episode_on", kind=text("relaxation", kind), date=s.date))
    if len(words) < 2:
        return "".join(words)
    first = text("relaxation", "list_separator").join(words[:-1])
    return text("relaxation", "list_and", first=first, last=words[-1])
