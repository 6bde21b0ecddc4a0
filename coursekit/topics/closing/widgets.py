"""Module 06 views: the checklist widget and the confidence map."""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as w

from coursekit.course import browser, theme
from coursekit.course.strings import text
from coursekit.topics.closing.logic import (
    MAX_RATING,
    PHASES,
    delete_checklist,
    label,
    load,
    modules_to_revisit,
    phase_name,
    reasons_html,
    review_checklist,
    save_checklist,
)

# ---------------------------------------------------------------------------
# Views
# ---------------------------------------------------------------------------


class PracticeChecklist(w.VBox):
    """Tick what you already do; see which essentials are missing, and why; save it if you like."""

    def __init__(self, save_folder: Path | str = "saved"):
        self.save_folder = Path(save_folder)
        self.boxes = {
            item["id"]: w.Checkbox(
                value=False,
                description=label(item),
                indent=False,
                tooltip=item["why"],
                layout=w.Layout(width="auto"),
            )
            for item in load()["checklist"]
        }
        # The reasons are shown as text on request, so keyboard, touch and screen-reader users
        # reach them too; the tooltip is only a shortcut for mouse users.
        self.why_button = w.ToggleButton(
            description=text("closing", "show_why_button"),
            icon="info",
            tooltip=text("closing", "show_why_button_tooltip"),
        )
        self.reasons = w.HTML()
        self.check_button = w.Button(
            description=text("closing", "check_button"), icon="list", tooltip=text("closing", "check_button_tooltip")
        )
        self.save_button = w.Button(
            description=text("closing", "save_button"), icon="save", tooltip=text("closing", "save_button_tooltip")
        )
        self.delete_button = w.Button(
            description=text("closing", "delete_button"), icon="trash", tooltip=text("closing", "delete_button_tooltip")
        )
        self.result = w.HTML()
        self.why_button.observe(self._on_why, names="value")
        self.check_button.on_click(self._on_check)
        self.save_button.on_click(self._on_save)
        self.delete_button.on_click(self._on_delete)
        rows = []
        for phase in PHASES:
            rows.append(w.HTML(f"<b>{html.escape(phase_name(phase))}</b>"))
            rows += [self.boxes[i["id"]] for i in load()["checklist"] if i["phase"] == phase]
        wrap = w.Layout(flex_flow="row wrap")  # the buttons wrap when zoomed in
        buttons = w.HBox([self.check_button, self.save_button, self.delete_button], layout=wrap)
        super().__init__([*rows, self.why_button, self.reasons, buttons, self.result])
        self.add_class("coursekit-checklist")

    @property
    def ticked(self) -> set[str]:
        return {key for key, box in self.boxes.items() if box.value}

    def _on_why(self, _change=None) -> None:
        self.reasons.value = reasons_html(load()["checklist"]) if self.why_button.value else ""
        shown = self.why_button.value
        self.why_button.description = (
            text("closing", "hide_why_button") if shown else text("closing", "show_why_button")
        )

    def _on_check(self, _button=None) -> None:
        review = review_checklist(self.ticked)
        if review.complete:
            head = f"<p>{text('closing', 'all_essentials')}</p>"
        else:
            head = f"<p>{text('closing', 'essentials_missing')}</p>" + reasons_html(review.missing_essentials)
        extra = f"<p>{text('closing', 'others_unticked')}</p>" + reasons_html(review.unticked)
        self.result.value = head + (extra if review.unticked else "")

    def _on_save(self, _button=None) -> None:
        try:
            path = save_checklist(self.ticked, self.save_folder)
        except OSError as exc:
            self.result.value = f"<p>{text('closing', 'could_not_save', error=html.escape(str(exc)))}</p>"
            return
        where, button = html.escape(str(path.resolve())), html.escape(text("closing", "delete_button"))
        link = browser.download_link(path, text("closing", "download"))
        said = text("closing", "saved_to", path=where, delete_button=button, download=link)
        self.result.value = f"<p>{said}</p>"

    def _on_delete(self, _button=None) -> None:
        try:
            deleted = delete_checklist(self.save_folder)
        except OSError as exc:
            self.result.value = f"<p>{text('closing', 'could_not_delete', error=html.escape(str(exc)))}</p>"
            return
        folder = html.escape(str(self.save_folder.resolve()))
        if deleted:
            names = ", ".join(f"<code>{html.escape(p.name)}</code>" for p in deleted)
            self.result.value = f"<p>{text('closing', 'deleted', files=names, folder=folder)}</p>"
        else:
            self.result.value = f"<p>{text('closing', 'nothing_to_delete', folder=folder)}</p>"


def confidence_figure(ratings: dict[str, float]):
    modules = load()["modules"]
    values = [float(ratings.get(m["id"], 0)) for m in modules]
    names = [f"{m['number']:02d} {m['title']}" for m in modules]
    fig = theme.figure(title=text("closing", "figure_title"), height=420, showlegend=False)
    fig.add_scatterpolar(
        r=values + values[:1],
        theta=names + names[:1],
        fill="toself",
        mode="lines+markers",
        line={"color": theme.OKABE_ITO["blue"]},
        name=text("closing", "figure_you"),
    )
    threshold = load()["revisit_below"]
    fig.add_scatterpolar(
        r=[threshold] * (len(names) + 1),
        theta=names + names[:1],
        mode="lines",
        line={"color": theme.OKABE_ITO["vermilion"], "dash": "dash"},
        name=text("closing", "figure_revisit_below"),
    )
    fig.update_layout(polar={"radialaxis": {"range": [0, MAX_RATING], "dtick": 1}})
    return fig


def _revisit_html(module: dict) -> str:
    """One module worth a second look: its number, title and notebook."""
    title, notebook = html.escape(module["title"]), html.escape(module["notebook"])
    return text("closing", "revisit_module", number=module["number"], title=title, notebook=notebook)


def rating_options() -> list[tuple[str, int]]:
    """The ratings 0 to MAX_RATING as (label, value), the two ends named in words.

    >>> rating_options()[0], rating_options()[1], rating_options()[-1]
    (('0 (not at all confident)', 0), ('1', 1), ('5 (very confident)', 5))
    """
    ends = {0: "rating_lowest", MAX_RATING: "rating_highest"}
    return [(text("closing", ends.get(r, "rating"), rating=r), r) for r in range(MAX_RATING + 1)]


START_RATING = 3  # every drop-down's first value, the middle of the scale; the learner changes it


class ConfidenceMap(w.VBox):
    """Rate each module 0-5 and see which ones are worth a second look."""

    def __init__(self):
        # Every rating starts at the same value, so the first result is not the learner's answer:
        # the line above the drop-downs says so, before anything is read.
        self.start_note = w.HTML(f"<p>{text('closing', 'ratings_start', start=START_RATING)}</p>")
        # Drop-downs, not sliders: a drop-down's label is tied to it, so screen readers name it.
        self.dropdowns = {
            m["id"]: w.Dropdown(
                options=rating_options(),
                value=START_RATING,
                description=text("closing", "rating_description", number=m["number"], module=m["title"]),
                tooltip=text("closing", "rating_tooltip", module=m["title"].lower()),
                style={"description_width": "28em"},
                layout=w.Layout(width="100%", max_width="44em"),  # shrinks when zoomed in
            )
            for m in load()["modules"]
        }
        self.advice = w.HTML()
        self.figure = w.Output()
        for dropdown in self.dropdowns.values():
            dropdown.observe(self._on_change, names="value")
        super().__init__([self.start_note, *self.dropdowns.values(), self.figure, self.advice])
        self.add_class("coursekit-confidence")
        self._on_change()

    @property
    def ratings(self) -> dict[str, int]:
        return {key: d.value for key, d in self.dropdowns.items()}

    def _on_change(self, _change=None) -> None:
        revisit = modules_to_revisit(self.ratings)
        if revisit:
            items = "".join(f"<li>{_revisit_html(m)}</li>" for m in revisit)
            self.advice.value = f"<p>{text('closing', 'worth_a_second_look')}</p><ul>{items}</ul>"
        else:
            self.advice.value = f"<p>{text('closing', 'none_below', threshold=load()['revisit_below'])}</p>"
        ratings = ", ".join(
            text("closing", "figure_rating", title=m["title"], rating=self.ratings[m["id"]]) for m in load()["modules"]
        )
        description = text("closing", "figure_description", ratings=ratings, threshold=load()["revisit_below"])
        self.figure.clear_output(wait=True)
        with self.figure:
            theme.show(confidence_figure(self.ratings), description)
