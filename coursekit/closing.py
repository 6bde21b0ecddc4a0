"""Module 06, closing: a personal safer-practice checklist and a confidence map of the course."""

from __future__ import annotations

import datetime as dt
import functools
import html
import json
from dataclasses import dataclass
from pathlib import Path

import ipywidgets as w

from . import theme
from .content import ContentError, OneOf, Ref, cite, load_topic

PHASES = ("before", "during", "after")
SPEC = {
    "revisit_below": int,
    "modules": [{"id": str, "number": int, "title": str, "notebook": str}],
    "checklist": [
        {
            "id": str,
            "phase": OneOf(*PHASES),
            "essential": bool,
            "?suggestion": bool,
            "text": str,
            "why": str,
            "?refs": [Ref],
        }
    ],
}
MAX_RATING = 5
SAVED_FILES = ("checklist.txt", "checklist.json")


@functools.cache
def load() -> dict:
    data = load_topic("closing", SPEC)
    if not 0 < data["revisit_below"] <= MAX_RATING:
        raise ContentError(f"closing.yaml: revisit_below: must be between 1 and {MAX_RATING}")
    for i, item in enumerate(data["checklist"]):
        # An item either rests on sources or says plainly that it is the course's own advice.
        item.setdefault("refs", [])
        if not item["refs"] and not item.get("suggestion"):
            raise ContentError(f"closing.yaml: checklist[{i}].refs: empty, but the item is not a course suggestion")
    return data


@dataclass(frozen=True)
class Review:
    """What a learner's checklist leaves out: essentials missing, and everything else unticked."""

    missing_essentials: tuple[dict, ...]
    unticked: tuple[dict, ...]

    @property
    def complete(self) -> bool:
        return not self.missing_essentials


def review_checklist(ticked: object) -> Review:
    """Compare the ticked item ids with the checklist; unknown ids raise ValueError naming them.

    >>> review_checklist([]).complete
    False
    >>> essentials = [i["id"] for i in load()["checklist"] if i["essential"]]
    >>> review_checklist(essentials).complete
    True
    """
    if ticked is None:
        ticked = ()
    if isinstance(ticked, str) or not hasattr(ticked, "__iter__"):
        raise ValueError("give the ticked items as a list of ids")
    ticked = set(ticked)
    items = load()["checklist"]
    unknown = ticked - {i["id"] for i in items}
    if unknown:
        raise ValueError(f"not on the checklist: {', '.join(sorted(map(str, unknown)))}")
    missing = tuple(i for i in items if i["essential"] and i["id"] not in ticked)
    unticked = tuple(i for i in items if not i["essential"] and i["id"] not in ticked)
    return Review(missing, unticked)


def modules_to_revisit(ratings: dict[str, object]) -> list[dict]:
    """Modules rated below the threshold, lowest first; missing or unreadable ratings count as 0.

    >>> [m["id"] for m in modules_to_revisit({"anatomy": 5, "relaxation": 1, "lubrication": 2})][:2]
    ['hygiene', 'warning_signs']
    """
    threshold = load()["revisit_below"]
    scored = []
    for module in load()["modules"]:
        value = ratings.get(module["id"], 0) if isinstance(ratings, dict) else 0
        try:
            rating = min(MAX_RATING, max(0.0, float(value)))
        except (TypeError, ValueError):
            rating = 0.0
        if rating != rating:  # NaN
            rating = 0.0
        if rating < threshold:
            scored.append((rating, module["number"], module))
    return [m for _, _, m in sorted(scored, key=lambda t: (t[0], t[1]))]


def label(item: dict) -> str:
    """An item's text, marked when it is the course's own advice rather than a sourced fact."""
    return item["text"] + (" (course suggestion)" if item.get("suggestion") else "")


def reasons_html(items) -> str:
    """Each item's text, why it helps, and its sources, as a visible HTML list (no hover needed)."""
    rows = "".join(
        f"<li>{html.escape(label(i))} <i>Why:</i> {html.escape(i['why'])} "
        f"<small>{html.escape(cite(i['refs']))}</small></li>"
        for i in items
    )
    return f"<ul>{rows}</ul>"


def checklist_text(ticked: set[str]) -> str:
    """The learner's checklist as plain text, by phase, ready to save or print."""
    lines = ["My safer-practice checklist", f"(made {dt.date.today().isoformat()}; not medical advice)", ""]
    for phase in PHASES:
        lines.append(phase.capitalize() + ":")
        for item in load()["checklist"]:
            if item["phase"] == phase:
                lines.append(f"  [{'x' if item['id'] in ticked else ' '}] {label(item)}")
        lines.append("")
    return "\n".join(lines)


def save_checklist(ticked: set[str], folder: Path) -> Path:
    """Write the checklist to ``folder/checklist.txt`` (and a JSON copy); return the text file's path."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "checklist.txt"
    path.write_text(checklist_text(ticked), encoding="utf-8")
    (folder / "checklist.json").write_text(json.dumps(sorted(ticked)), encoding="utf-8")
    return path


def delete_checklist(folder: Path) -> list[Path]:
    """Delete the saved checklist files in ``folder`` (and the folder, if that leaves it empty).

    Returns the files deleted; an empty list means there was nothing to delete.
    """
    folder = Path(folder)
    deleted = []
    for name in SAVED_FILES:
        path = folder / name
        if path.is_file():
            path.unlink()
            deleted.append(path)
    if folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
    return deleted


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
