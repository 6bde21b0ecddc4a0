"""Module 02 views: the breathing pacer, the progression planner and their figures."""

from __future__ import annotations

import html

import ipywidgets as w

from coursekit.course import theme
from coursekit.course.citations import cite
from coursekit.course.strings import text
from coursekit.topics.relaxation.logic import Breath, breath_at, load


def pacer_figure(breath: Breath) -> theme.go.Figure:
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


REDUCED_MOTION_CSS = "@media (prefers-reduced-motion: reduce) { .coursekit-pacer-figure { display: none !important; } }"


class BreathingPacer(w.VBox):
    """An animated guide for slow belly breathing: choose the counts, press Start, follow the circle."""

    def __init__(self):
        data = load()["breathing"]
        self.inhale = w.IntSlider(
            value=data["inhale"]["default"],
            min=data["inhale"]["min"],
            max=data["inhale"]["max"],
            description=text("relaxation", "pacer_inhale"),
            tooltip=text("relaxation", "pacer_inhale_tooltip"),
            style={"description_width": "initial"},
        )
        self.exhale = w.IntSlider(
            value=data["exhale"]["default"],
            min=data["exhale"]["min"],
            max=data["exhale"]["max"],
            description=text("relaxation", "pacer_exhale"),
            tooltip=text("relaxation", "pacer_exhale_tooltip"),
            style={"description_width": "initial"},
        )
        self.play = w.Play(
            value=0,
            min=0,
            max=10_000,
            interval=data["count_ms"],
            description=text("relaxation", "pacer_timer"),
            tooltip=text("relaxation", "pacer_timer_tooltip"),
            show_repeat=False,
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
        self.figure = w.Output()
        self.figure.add_class("coursekit-pacer-figure")
        self.words_only.observe(self._on_words_only, names="value")
        self.start_button.on_click(self._on_start)
        self.stop_button.on_click(self._on_stop)
        self.play.observe(self._on_tick, names="value")
        self.play.observe(self._on_playing, names="playing")
        for slider in (self.inhale, self.exhale):
            slider.observe(self._on_tick, names="value")
        super().__init__(
            [
                w.HBox([self.inhale, self.exhale]),
                w.HBox([self.start_button, self.stop_button, self.play]),
                self.words_only,
                # A device set to reduce motion (prefers-reduced-motion) gets the words without the circle.
                w.HTML(f"<style>{REDUCED_MOTION_CSS}</style>"),
                self.status,
                self.instruction,
                self.figure,
                w.HTML(f"<p><small>{html.escape(data['note'])} {html.escape(cite(data['refs']))}</small></p>"),
            ]
        )
        self.add_class("coursekit-breathing-pacer")
        self._on_playing()
        self._on_tick()

    def _on_start(self, _button=None) -> None:
        self.play.playing = True

    def _on_stop(self, _button=None) -> None:
        self.play.playing = False
        self.play.value = 0

    def _on_playing(self, _change=None) -> None:
        said = text("relaxation", "pacer_running" if self.play.playing else "pacer_stopped")
        self.status.value = f"<p>{said}</p>"

    def _on_tick(self, _change=None) -> None:
        breath = breath_at(self.play.value, self.inhale.value, self.exhale.value)
        phase = load()["breathing"]["phases"][breath.phase]
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
