"""Module 02 views: the breathing pacer, the progression planner and their figures."""

from __future__ import annotations

import html

import ipywidgets as w

from coursekit.course import theme
from coursekit.course.citations import cite_html
from coursekit.course.strings import text
from coursekit.topics.relaxation.logic import Breath, breath_at, load


def pacer_figure(breath: Breath) -> theme.Figure:
    """A circle that grows as the belly fills and shrinks as it empties."""
    radius = 0.35 + 0.6 * breath.fullness
    label = load()["breathing"]["phases"][breath.phase]["label"]
    colour = theme.OKABE_ITO["blue"] if breath.phase == "inhale" else theme.OKABE_ITO["green"]
    fig = theme.figure(
        title=text("relaxation", "pacer_figure_title", phase=label, count=breath.count, of=breath.of),
        xaxis={"visible": False, "range": [-1.1, 1.1]},
        yaxis={"visible": False, "range": [-1.1, 1.1], "scaleanchor": "x"},
        showlegend=False,
        height=320,
        width=360,
    )
    fig.add_shape(type="circle", x0=-radius, y0=-radius, x1=radius, y1=radius, fillcolor=colour, opacity=0.5)
    fig.add_shape(type="circle", x0=-0.95, y0=-0.95, x1=0.95, y1=0.95, line={"color": theme.MUTED, "dash": "dot"})
    return fig


def pacer_description(breath: Breath) -> str:
    phase = load()["breathing"]["phases"][breath.phase]
    return text(
        "relaxation",
        "pacer_description",
        phase=phase["label"],
        count=breath.count,
        of=breath.of,
        fullness=breath.fullness,
    )


def pacer_note_html(data: dict) -> str:
    """The pacer's small print: the source, tied to belly breathing only, then the course's own note.

    The cited page describes belly breathing; the counts and the advice in ``data["note"]`` are the
    course's own, so the citation never follows them.
    """
    source = text("relaxation", "pacer_source", refs=cite_html(data["refs"]))
    return f"{source} {html.escape(data['note'])}"


def plural_key(key: str, number: str) -> str:
    """``key + "_one"`` when the strings file lists ``number`` (as shown) among its singular numbers, else ``_other``.

    Which numbers take the singular is a language's rule, so it lives in the strings file
    (``pacer_singular_numbers``), not in the code. ``count_options`` passes the seconds formatted with
    ``:g`` (4.0 as "4", 1.5 as "1.5"), the same way the strings show them, so "1" matches one second.

    >>> plural_key("pacer_count", "1"), plural_key("pacer_count", "1.5"), plural_key("pacer_count", "4")
    ('pacer_count_one', 'pacer_count_other', 'pacer_count_other')
    """
    singular = text("relaxation", "pacer_singular_numbers").split()
    return f"{key}_one" if number in singular else f"{key}_other"


def count_options(limits: dict, count_ms: int) -> list[tuple[str, int]]:
    """Each whole count from ``limits["min"]`` to ``limits["max"]``, labelled with about how long it lasts.

    The seconds are rounded to one decimal place (a count lasts ``count_ms`` on screen).

    >>> count_options({"min": 1, "max": 2}, 1000)
    [('1 count (about 1 second)', 1), ('2 counts (about 2 seconds)', 2)]
    >>> count_options({"min": 3, "max": 3}, 1234)
    [('3 counts (about 3.7 seconds)', 3)]
    """
    options = []
    for n in range(limits["min"], limits["max"] + 1):
        seconds = round(n * count_ms / 1000, 1)
        about = text("relaxation", plural_key("pacer_seconds", f"{seconds:g}"), seconds=seconds)
        options.append((text("relaxation", plural_key("pacer_count", str(n)), count=n, seconds=about), n))
    return options


# Visually hidden but read by screen readers (the usual "screen-reader only" rules).
SR_ONLY_CSS = (
    ".coursekit-sr-only { position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px;"
    " overflow: hidden; clip: rect(0, 0, 0, 0); white-space: nowrap; border: 0; }"
)
REDUCED_MOTION_CSS = "@media (prefers-reduced-motion: reduce) { .coursekit-pacer-figure { display: none !important; } }"


class BreathingPacer(w.VBox):
    """An animated guide for slow belly breathing: choose the counts, press Start, follow the circle."""

    def __init__(self):
        data = load()["breathing"]
        # Drop-downs, not sliders: a drop-down's label is tied to it, so screen readers name it.
        self.inhale = w.Dropdown(
            options=count_options(data["inhale"], data["count_ms"]),
            value=data["inhale"]["default"],
            description=text("relaxation", "pacer_inhale"),
            tooltip=text("relaxation", "pacer_inhale_tooltip"),
            style={"description_width": "initial"},
            layout=w.Layout(width="auto", max_width="25em"),
        )
        self.exhale = w.Dropdown(
            options=count_options(data["exhale"], data["count_ms"]),
            value=data["exhale"]["default"],
            description=text("relaxation", "pacer_exhale"),
            tooltip=text("relaxation", "pacer_exhale_tooltip"),
            style={"description_width": "initial"},
            layout=w.Layout(width="auto", max_width="25em"),
        )
        # The clock behind the counts. Start and Stop are the learner's controls, so the Play widget's own
        # (unnamed) buttons are hidden: display none keeps them out of sight, out of the Tab order and out of
        # the accessibility tree, while its view is still rendered, which is what makes it tick in the browser.
        self.play = w.Play(
            value=0,
            min=0,
            max=10_000,
            interval=data["count_ms"],
            description=text("relaxation", "pacer_timer"),
            tooltip=text("relaxation", "pacer_timer_tooltip"),
            show_repeat=False,
            layout=w.Layout(display="none"),
        )
        self.start_button = w.Button(
            description=text("relaxation", "pacer_start"),
            icon="play",
            tooltip=text("relaxation", "pacer_start_tooltip"),
        )
        self.stop_button = w.Button(
            description=text("relaxation", "pacer_stop"), icon="stop", tooltip=text("relaxation", "pacer_stop_tooltip")
        )
        self.words_only = w.Checkbox(
            value=False,
            description=text("relaxation", "pacer_words_only"),
            tooltip=text("relaxation", "pacer_words_only_tooltip"),
            style={"description_width": "initial"},
        )
        self.status = w.HTML()
        self.instruction = w.HTML()
        # What a screen reader announces: status and instruction are rewritten on every count, so this
        # hidden line changes only when the phase changes while running, and says "Stopped." on Stop. It is
        # empty until the first Start, so running all cells announces nothing. Each change writes a new
        # paragraph into the HTML widget, and screen readers often miss a polite live region (role=status)
        # inserted together with its words; role=alert is announced on insertion. An alert interrupts, which
        # suits cues that are time-critical and that the learner asked for by pressing Start. Untested with
        # real screen readers: the tests check only the words, the role and when they change.
        self.announcer = w.HTML()
        self.announcer.add_class("coursekit-sr-only")
        self._announced: str | None = None  # the phase last announced while running
        self._held = False  # from Stop until it runs again: the pacer stays at the start, says nothing
        self.figure = w.Output()
        self.figure.add_class("coursekit-pacer-figure")
        self.words_only.observe(self._on_words_only, names="value")
        self.start_button.on_click(self._on_start)
        self.stop_button.on_click(self._on_stop)
        self.play.observe(self._on_tick, names="value")
        self.play.observe(self._on_playing, names="playing")
        for choice in (self.inhale, self.exhale):
            choice.observe(self._on_tick, names="value")
        super().__init__(
            [
                w.HBox([self.inhale, self.exhale], layout=w.Layout(flex_flow="row wrap")),  # wraps when zoomed
                w.HBox([self.start_button, self.stop_button, self.play]),
                self.words_only,
                # A device set to reduce motion (prefers-reduced-motion) gets the words without the circle.
                w.HTML(f"<style>{REDUCED_MOTION_CSS} {SR_ONLY_CSS}</style>"),
                self.announcer,
                self.status,
                self.instruction,
                self.figure,
                w.HTML(f"<p><small>{pacer_note_html(data)}</small></p>"),
            ]
        )
        self.add_class("coursekit-breathing-pacer")
        self._on_playing()
        self._on_tick()

    def _on_start(self, _button=None) -> None:
        self.play.playing = True

    def _on_stop(self, _button=None) -> None:
        # Back to the start first, without announcing it, then "Stopped": the words on screen never change
        # after "Stopped." appears (a run under load showed the reset arriving after it).
        self._held = True
        self.play.value = 0
        self.play.playing = False

    def _on_playing(self, change=None) -> None:
        said = text("relaxation", "pacer_running" if self.play.playing else "pacer_stopped")
        self.status.value = f"<p>{said}</p>"
        if change is None:  # building the pacer: nothing to announce yet
            return
        self._announced = None
        if self.play.playing:
            self._held = False
            self._on_tick()  # announces the phase the pacer starts in
        else:
            self._announce(text("relaxation", "pacer_announce_stopped"))

    def _announce(self, words: str) -> None:
        self.announcer.value = f'<p role="alert">{html.escape(words)}</p>'

    def _on_tick(self, change=None) -> None:
        if change is not None and change.get("owner") is self.play and self._held and self.play.value:
            self.play.value = 0  # a tick already on its way when Stop was pressed: undone, so the pacer stays put
            return
        breath = breath_at(self.play.value, self.inhale.value, self.exhale.value)
        phase = load()["breathing"]["phases"][breath.phase]
        if self.play.playing and not self._held and breath.phase != self._announced:
            self._announced = breath.phase
            self._announce(phase["label"])
        heading = text(
            "relaxation", "pacer_phase_heading", phase=html.escape(phase["label"]), count=breath.count, of=breath.of
        )
        self.instruction.value = (
            f"<p class='coursekit-breath-phase'><b>{heading}</b> {html.escape(phase['instruction'])}</p>"
        )
        if self.words_only.value:  # no moving circle: the words above carry every count
            return
        self.figure.clear_output(wait=True)
        with self.figure:
            theme.show(pacer_figure(breath), pacer_description(breath))

    def _on_words_only(self, _change=None) -> None:
        self.figure.layout.display = "none" if self.words_only.value else None
        if not self.words_only.value:
            self._on_tick()
