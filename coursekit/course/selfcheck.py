"""The self-check widget: one question, instant feedback with the explanation and the source."""

from __future__ import annotations

import html
import re

import ipywidgets as w

from .banks import load_module_bank
from .citations import cite_html
from .questions import Question, Result, grade
from .strings import text

# ---------------------------------------------------------------------------
# The self-check widget (a thin view over grade())
# ---------------------------------------------------------------------------


def _md(text: str) -> str:
    """Escape text for HTML and keep the little markup the banks use (**bold**, `code`)."""
    out = html.escape(text)
    out = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", out)
    return re.sub(r"`(.+?)`", r"<code>\1</code>", out).replace("\n\n", "<br><br>")


def show(module: str):
    """All self-check questions of a module, one widget each, in a column."""
    bank = load_module_bank(module)
    items = [SelfCheck(q, i + 1) for i, q in enumerate(bank["questions"])]
    for item in items:
        item.layout.margin = "0 0 1.2em 0"
    return w.VBox(items)


def feedback_html(q: Question, result: Result) -> str:
    """The feedback shown after Check: verdict, each chosen option's explanation, why, sources."""
    if result.correct is None and q.type != "short":
        return f"<p><b>{_md(result.message)}</b></p>"
    parts = []
    if result.correct is not None:
        verdict = text("course", "verdict_correct" if result.correct else "verdict_not_yet")
        parts.append(f"<p><b>{verdict}</b></p>")
    for key in result.chosen:
        if q.type in ("single", "multiple") and q.option(key).explanation:
            option = q.option(key)
            chose = text("course", "you_chose", option=_md(option.text), explanation=_md(option.explanation))
            parts.append(f"<p>{chose}</p>")
    if q.type == "short":
        model = text("course", "model_answer", answer=_md(q.model_answer))
        parts.append(f"<p>{_md(result.message)}</p><p>{model}</p>")
    elif q.type in ("ordering", "truefalse") or result.correct:
        parts.append(f"<p>{_md(q.explanation)}</p>")
    else:
        parts.append(f"<p>{html.escape(text('course', 'try_again'))}</p>")
    parts.append(f"<p><small>{text('course', 'source', citation=cite_html(q.refs))}</small></p>")
    return "".join(parts)


class SelfCheck(w.VBox):
    """A self-check question: choose, press Check, read feedback with its explanation and source.

    Child widgets are public so tests and notebooks can drive them: ``choice`` (the input),
    ``check_button`` and ``feedback`` (an HTML widget, announced politely to screen readers).
    """

    def __init__(self, question: Question, number: int | None = None):
        self.question = question
        label = text("course", "question_numbered", number=number) if number else text("course", "question")
        self.prompt = w.HTML(f"<p><b>{label}.</b> {_md(question.prompt)}</p>")
        self.choice = self._make_input(question)
        self.check_button = w.Button(
            description=text("course", "check_button"),
            button_style="primary",
            icon="check",
            tooltip=text("course", "check_button_tooltip"),
        )
        self.feedback = w.HTML(value="", layout=w.Layout(min_height="1.5em"))
        self.feedback.add_class("coursekit-feedback")
        self.check_button.on_click(self._on_check)
        super().__init__([self.prompt, self.choice, self.check_button, self.feedback])
        self.add_class("coursekit-selfcheck")

    @staticmethod
    def _make_input(q: Question) -> w.Widget:
        common = {"layout": w.Layout(width="auto"), "style": {"description_width": "initial"}}
        if q.type in ("single", "truefalse"):
            options = (
                [(text("course", "answer_true"), "true"), (text("course", "answer_false"), "false")]
                if q.type == "truefalse"
                else [(f"{o.key}) {o.text}", o.key) for o in q.options]
            )
            return w.RadioButtons(
                options=options,
                value=None,
                description=text("course", "your_answer"),
                tooltip=text("course", "pick_one_tooltip"),
                **common,
            )
        if q.type == "multiple":
            boxes = [
                w.Checkbox(
                    value=False,
                    description=f"{o.key}) {o.text}",
                    indent=False,
                    tooltip=text("course", "tick_every_tooltip"),
                    **common,
                )
                for o in q.options
            ]
            return w.VBox([w.Label(text("course", "tick_every_label")), *boxes])
        if q.type == "ordering":
            items = [(text("course", "choose_step"), None)] + [(o.text, o.key) for o in q.options]
            rows = [
                w.Dropdown(
                    options=items,
                    value=None,
                    description=text("course", "step_label", n=i + 1),
                    tooltip=text("course", "step_tooltip", n=i + 1),
                    **common,
                )
                for i in range(len(q.options))
            ]
            return w.VBox([w.Label(text("course", "order_label")), *rows])
        return w.Textarea(
            placeholder=text("course", "short_placeholder"),
            description=text("course", "your_answer"),
            tooltip=text("course", "short_tooltip"),
            layout=w.Layout(width="100%", height="6em"),
            style={"description_width": "initial"},
        )

    @property
    def response(self):
        """The learner's current answer, in the form grade() takes."""
        q = self.question
        if q.type == "multiple":
            return {o.key for o, box in zip(q.options, self.choice.children[1:], strict=True) if box.value}
        if q.type == "ordering":
            picked = [d.value for d in self.choice.children[1:]]
            return None if any(v is None for v in picked) else picked
        if q.type == "truefalse":
            return None if self.choice.value is None else self.choice.value == "true"
        return self.choice.value

    def _on_check(self, _button=None) -> None:
        result = grade(self.question, self.response)
        self.feedback.value = feedback_html(self.question, result)
