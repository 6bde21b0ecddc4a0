"""Module 06 views: the checklist widget and the confidence map."""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as w

from coursekit.course import theme
from coursekit.topics.closing.logic import (
    MAX_RATING,
    PHASES,
    delete_checklist,
    label,
    load,
    modules_to_revisit,
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
            description="Show why each item helps", icon="info", tooltip="List every item with its reason and sources"
        )
        self.reasons = w.HTML()
        self.check_button = w.Button(description="What am I missing?", icon="list", tooltip="Review the checklist")
        self.save_button = w.Button(
            description="Save my checklist",
            icon="save",
            tooltip="Write it to a file in the saved folder next to this notebook",
        )
        self.delete_button = w.Button(
            description="Delete my saved checklist", icon="trash", tooltip="Remove the saved checklist files"
        )
        self.result = w.HTML()
        self.why_button.observe(self._on_why, names="value")
        self.check_button.on_click(self._on_check)
        self.save_button.on_click(self._on_save)
        self.delete_button.on_click(self._on_delete)
        rows = []
        for phase in PHASES:
            rows.append(w.HTML(f"<b>{phase.capitalize()}</b>"))
            rows += [self.boxes[i["id"]] for i in load()["checklist"] if i["phase"] == phase]
        buttons = w.HBox([self.check_button, self.save_button, self.delete_button])
        super().__init__([*rows, self.why_button, self.reasons, buttons, self.result])
        self.add_class("coursekit-checklist")

    @property
    def ticked(self) -> set[str]:
        return {key for key, box in self.boxes.items() if box.value}

    def _on_why(self, _change=None) -> None:
        self.reasons.value = reasons_html(load()["checklist"]) if self.why_button.value else ""
        self.why_button.description = "Hide the reasons" if self.why_button.value else "Show why each item helps"

    def _on_check(self, _button=None) -> None:
        review = review_checklist(self.ticked)
        if review.complete:
            head = "<p><b>All the essentials are there.</b></p>"
        else:
            head = "<p><b>Essentials not ticked yet:</b></p>" + reasons_html(review.missing_essentials)
        extra = "<p><b>Other good habits not ticked yet:</b></p>" + reasons_html(review.unticked)
        self.result.value = head + (extra if review.unticked else "")

    def _on_save(self, _button=None) -> None:
        try:
            path = save_checklist(self.ticked, self.save_folder)
        except OSError as exc:
            self.result.value = f"<p><b>Could not save:</b> {html.escape(str(exc))}. Nothing was written.</p>"
            return
        self.result.value = (
            f"<p>Saved to <code>{html.escape(str(path.resolve()))}</code>, with a copy named "
            "<code>checklist.json</code> beside it. They are on the machine that runs Jupyter: your own "
            "computer, or the server if you use Binder or a class JupyterHub. To remove them, press "
            "<b>Delete my saved checklist</b>, or delete the <code>saved</code> folder in the file browser.</p>"
        )

    def _on_delete(self, _button=None) -> None:
        try:
            deleted = delete_checklist(self.save_folder)
        except OSError as exc:
            self.result.value = f"<p><b>Could not delete:</b> {html.escape(str(exc))}.</p>"
            return
        if deleted:
            names = ", ".join(f"<code>{html.escape(p.name)}</code>" for p in deleted)
            self.result.value = (
                f"<p>Deleted {names} from <code>{html.escape(str(self.save_folder.resolve()))}</code>.</p>"
            )
        else:
            folder = html.escape(str(self.save_folder.resolve()))
            self.result.value = f"<p>Nothing to delete: there is no saved checklist in <code>{folder}</code>.</p>"


def confidence_figure(ratings: dict[str, float]):
    modules = load()["modules"]
    values = [float(ratings.get(m["id"], 0)) for m in modules]
    names = [f"{m['number']:02d} {m['title']}" for m in modules]
    fig = theme.figure(title="How confident you feel, module by module (0 to 5)", height=420, showlegend=False)
    fig.add_scatterpolar(
        r=values + values[:1],
        theta=names + names[:1],
        fill="toself",
        mode="lines+markers",
        line={"color": theme.OKABE_ITO["blue"]},
        name="you",
    )
    threshold = load()["revisit_below"]
    fig.add_scatterpolar(
        r=[threshold] * (len(names) + 1),
        theta=names + names[:1],
        mode="lines",
        line={"color": theme.OKABE_ITO["vermilion"], "dash": "dash"},
        name="revisit below",
    )
    fig.update_layout(polar={"radialaxis": {"range": [0, MAX_RATING], "dtick": 1}})
    return fig


class ConfidenceMap(w.VBox):
    """Rate each module 0-5 and see which ones are worth a second look."""

    def __init__(self):
        self.sliders = {
            m["id"]: w.IntSlider(
                value=3,
                min=0,
                max=MAX_RATING,
                description=f"{m['number']:02d} {m['title']}",
                tooltip=f"How confident do you feel about {m['title'].lower()}?",
                continuous_update=False,
                style={"description_width": "14em"},
                layout=w.Layout(width="32em"),
            )
            for m in load()["modules"]
        }
        self.advice = w.HTML()
        self.figure = w.Output()
        for slider in self.sliders.values():
            slider.observe(self._on_change, names="value")
        super().__init__([*self.sliders.values(), self.figure, self.advice])
        self.add_class("coursekit-confidence")
        self._on_change()

    @property
    def ratings(self) -> dict[str, int]:
        return {key: s.value for key, s in self.sliders.items()}

    def _on_change(self, _change=None) -> None:
        revisit = modules_to_revisit(self.ratings)
        if revisit:
            items = "".join(
                f"<li>{m['number']:02d} {html.escape(m['title'])}: <code>notebooks/"
                f"{html.escape(m['notebook'])}</code></li>"
                for m in revisit
            )
            self.advice.value = f"<p><b>Worth a second look:</b></p><ul>{items}</ul>"
        else:
            self.advice.value = (
                "<p><b>No module is below your threshold.</b> Revisit any of them whenever you like.</p>"
            )
        description = (
            "Confidence per module: "
            + ", ".join(f"{m['title']} {self.ratings[m['id']]}" for m in load()["modules"])
            + f". Modules below {load()['revisit_below']} are listed under the figure."
        )
        self.figure.clear_output(wait=True)
        with self.figure:
            theme.show(confidence_figure(self.ratings), description)
