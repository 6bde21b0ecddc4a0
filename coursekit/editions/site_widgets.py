"""The reader edition's static forms: widgets from their saved state, plotly figures, self-checks.

A lesson is executed at build time with nbclient, which keeps each widget's state in the notebook
(``store_widget_state``), including what an ``Output`` widget displayed. :func:`widget_html` turns
that state into plain HTML: the starting value of every control in words, the HTML and figures the
widget showed, and a note pointing to the interactive edition. Buttons are left out: they act only
with Python running. :func:`selfcheck_html` writes a module's self-check questions as a form that
needs no kernel, with each answer and its reasoning in a ``<details>`` element.
"""

from __future__ import annotations

import html
import itertools
import json
from collections.abc import Mapping

from coursekit.course.banks import load_module_bank
from coursekit.course.citations import cite
from coursekit.course.questions import Question
from coursekit.course.selfcheck import _md
from coursekit.course.strings import text
from coursekit.course.theme import MIMETYPE as PLOTLY

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
BOXES = {"VBoxModel", "HBoxModel", "BoxModel", "GridBoxModel"}
CHOICES = {"DropdownModel", "RadioButtonsModel", "ToggleButtonsModel", "SelectModel", "SelectionSliderModel"}
VALUES = {"IntSliderModel", "FloatSliderModel", "IntTextModel", "FloatTextModel", "BoundedIntTextModel",
          "BoundedFloatTextModel", "DatePickerModel"}  # fmt: skip
TEXTS = {"TextModel", "TextareaModel", "ComboboxModel"}
_ids = itertools.count(1)


def site_text(key: str, **values: object) -> str:
    return text("site", key, **values)


def widget_states(nb: Mapping) -> dict[str, dict]:
    """Model id -> model (``model_name`` and ``state``) from an executed notebook's metadata."""
    return nb.get("metadata", {}).get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})


def _model(states: Mapping, ref: str | None) -> dict | None:
    if not isinstance(ref, str):
        return None
    return states.get(ref.removeprefix("IPY_MODEL_"))


def _hidden(states: Mapping, state: Mapping) -> bool:
    layout = (_model(states, state.get("layout")) or {}).get("state", {})
    return layout.get("display") == "none" or layout.get("visibility") == "hidden"


def _label(state: Mapping) -> str:
    label = (state.get("description") or "").strip()
    return label if state.get("description_allow_html") else html.escape(label)


def _setting(label: str, value: str, others: list[str] | None = None) -> str:
    """One control in words: its label, its starting value, and the other choices it offers."""
    more = ""
    if others:
        more = f' <span class="other-choices">({html.escape(site_text("other_choices"))} {", ".join(others)})</span>'
    name = f'<span class="setting-label">{label}</span> ' if label else ""
    return f'<p class="setting">{name}<b>{value}</b>{more}</p>'


def _is_region_picker(state: Mapping) -> bool:
    """A region drop-down (module 05's pickers, the welcome page's care panel)."""
    return (state.get("description") or "").strip() == text("warning_signs", "region_dropdown").strip()


def _care_link() -> str:
    """Where a static region picker sends the reader: every region's numbers on the care page."""
    all_regions, care = html.escape(site_text("all_regions")), html.escape(site_text("nav_care"))
    return f'<p class="care-link"><b>{all_regions}</b> <a href="care.html">{care}</a></p>'


def output_html(output: Mapping, states: Mapping) -> str:
    """One notebook output as HTML: a widget, a figure, HTML, or text."""
    data = output.get("data", {})
    if output.get("output_type") == "stream":
        return f"<pre>{html.escape(output.get('text', ''))}</pre>"
    if WIDGET_VIEW in data:
        return render_model(states, data[WIDGET_VIEW]["model_id"])
    if PLOTLY in data:
        return figure_html(data[PLOTLY])
    if "text/html" in data:
        return data["text/html"]
    if "text/markdown" in data:
        return f"<p>{html.escape(data['text/markdown'])}</p>"
    if "text/plain" in data:
        return f"<pre>{html.escape(data['text/plain'])}</pre>"
    return ""


def render_model(states: Mapping, model_id: str) -> str:
    """The static HTML of one widget model and its children, from the saved state."""
    model = states.get(model_id)
    if model is None:
        return ""
    name, state = model["model_name"], model["state"]
    if _hidden(states, state):
        return ""
    if name in BOXES:
        parts = [render_model(states, ref.removeprefix("IPY_MODEL_")) for ref in state.get("children", [])]
        return f'<div class="w-box w-{name[:-5].lower()}">' + "".join(parts) + "</div>"
    if name in ("AccordionModel", "TabModel", "StackModel"):
        titles = state.get("titles") or []
        parts = []
        for i, ref in enumerate(state.get("children", [])):
            title = html.escape(titles[i] if i < len(titles) and titles[i] else site_text("section_n", n=i + 1))
            inner = render_model(states, ref.removeprefix("IPY_MODEL_"))
            parts.append(f"<details><summary>{title}</summary>{inner}</details>")
        return "".join(parts)
    if name in ("HTMLModel", "HTMLMathModel"):
        label = _label(state)
        return (f"<p>{label}</p>" if label else "") + (state.get("value") or "")
    if name == "LabelModel":
        return f"<p>{html.escape(state.get('value') or '')}</p>" if state.get("value") else ""
    if name in CHOICES:
        labels = [html.escape(str(x)) for x in state.get("_options_labels", [])]
        index = state.get("index")
        value = labels[index] if isinstance(index, int) and 0 <= index < len(labels) else site_text("nothing_chosen")
        setting = _setting(_label(state), value, [x for i, x in enumerate(labels) if i != index])
        return setting + (_care_link() if _is_region_picker(state) else "")
    if name in ("SelectMultipleModel", "ToggleButtonsMultipleModel"):
        labels = [html.escape(str(x)) for x in state.get("_options_labels", [])]
        chosen = [labels[i] for i in state.get("index", []) if i < len(labels)]
        return _setting(_label(state), ", ".join(chosen) or site_text("nothing_chosen"))
    if name in ("CheckboxModel", "ToggleButtonModel"):
        return _setting(_label(state), site_text("ticked" if state.get("value") else "not_ticked"))
    if name in VALUES:
        value = state.get("value")
        if isinstance(value, Mapping) and {"year", "month", "date"} <= set(value):  # a date; months count from 0
            value = f"{value['year']}-{value['month'] + 1:02d}-{value['date']:02d}"
        return _setting(_label(state), html.escape(str(value)))
    if name in TEXTS:
        value = state.get("value") or ""
        return _setting(_label(state), html.escape(value) if value else site_text("empty"))
    if name == "OutputModel":
        return "".join(output_html(o, states) for o in state.get("outputs", []))
    return ""  # buttons, and anything that only acts with Python running


def widget_html(states: Mapping, model_id: str, interactive_url: str) -> str:
    """A widget as a static panel: its starting state, and where to use it for real."""
    note = site_text("static_note", url=html.escape(interactive_url, quote=True))
    return (
        f'<div class="static-widget" role="group" aria-label="{html.escape(site_text("static_label"))}">'
        f'<p class="static-note">{note}</p>{render_model(states, model_id)}</div>'
    )


FIGURE = '<script type="application/json" data-figure="'  # markup, so no escaped text can look like it


def has_figure(nb) -> bool:
    """Whether a prepared lesson (site.prepare) draws a figure, so its page needs plotly.js."""
    return any(FIGURE in o.get("data", {}).get("text/html", "") for c in nb.cells for o in c.get("outputs", []))


def figure_html(figure: Mapping) -> str:
    """A plotly figure for site.js to draw with the local plotly.js (no modebar, as in the course)."""
    n = next(_ids)
    spec = {"data": figure.get("data", []), "layout": figure.get("layout", {})}
    payload = json.dumps(spec, separators=(",", ":")).replace("</", "<\\/")
    return f'<div class="plotly-figure" id="figure-{n}" aria-hidden="true"></div>{FIGURE}figure-{n}">{payload}</script>'


def _answer_lines(q: Question) -> list[str]:
    if q.type == "truefalse":
        word = text("course", "answer_true" if q.answer else "answer_false")
        return [site_text("answer_is", answer=html.escape(word))]
    if q.type == "ordering":
        steps = "".join(f"<li>{_md(q.option(k).text)}</li>" for k in q.answer)
        return [f"<p>{html.escape(site_text('right_order'))}</p><ol>{steps}</ol>"]
    if q.type == "short":
        return [f"<p>{text('course', 'model_answer', answer=_md(q.model_answer))}</p>"]
    right = set(q.answer) if q.type == "multiple" else {q.answer}
    lines = []
    for o in q.options:
        verdict = site_text("option_right" if o.key in right else "option_wrong")
        lines.append(f"<li><b>{o.key}) {verdict}</b> {_md(o.text)}: {_md(o.explanation)}</li>")
    return [f"<ul>{''.join(lines)}</ul>"]


def question_html(q: Question, number: int, module: str) -> str:
    """One self-check question: accessible inputs to think with, and the answer on request."""
    name = f"{module}-{q.id}"
    legend = f"<b>{text('course', 'question_numbered', number=number)}.</b> {_md(q.prompt)}"
    if q.type in ("single", "multiple", "truefalse"):
        kind = "checkbox" if q.type == "multiple" else "radio"
        options = (
            [("true", text("course", "answer_true")), ("false", text("course", "answer_false"))]
            if q.type == "truefalse"
            else [(o.key, f"{o.key}) {o.text}") for o in q.options]
        )
        hint = text("course", "tick_every_label") if q.type == "multiple" else ""
        body = (f"<p>{html.escape(hint)}</p>" if hint else "") + "".join(
            f'<label class="choice"><input type="{kind}" name="{name}" value="{k}"> {_md(label)}</label>'
            for k, label in options
        )
    elif q.type == "ordering":
        items = "".join(f"<li>{_md(o.text)}</li>" for o in q.options)
        body = f"<p>{html.escape(text('course', 'order_label'))}</p><ul>{items}</ul>"
    else:
        body = (
            f'<label class="choice" for="{name}">{html.escape(text("course", "your_answer"))}</label>'
            f'<textarea id="{name}" rows="4">{""}</textarea>'
        )
    answer = "".join(_answer_lines(q))
    why = "" if q.type == "short" else f"<p>{_md(q.explanation)}</p>"
    source = text("course", "source", citation=html.escape(cite(q.refs)))
    return (
        f'<fieldset class="selfcheck"><legend>{legend}</legend>{body}'
        f"<details><summary>{html.escape(site_text('show_answer'))}</summary>"
        f"{answer}{why}<p><small>{source}</small></p></details></fieldset>"
    )


def selfcheck_html(module: str) -> str:
    """Every self-check question of a module, in order, with no kernel needed."""
    bank = load_module_bank(module)
    intro = f'<p class="static-note">{html.escape(site_text("selfcheck_note"))}</p>'
    items = (question_html(q, i, module) for i, q in enumerate(bank["questions"], 1))
    return f'<div class="selfchecks">{intro}{"".join(items)}</div>'
