"""Module 02 views: the breathing pacer, the progression planner and their figures."""

from __future__ import annotations

import html

import ipywidgets as w

from coursekit.course import theme
from coursekit.course.citations import cite
from coursekit.topics.relaxation.logic import Breath, breath_at, load


def pacer_figure(breath: Breath) -> theme.go.Figure:
    """A circle that grows as the belly fills and shrinks as it empties."""
    radius = 0.35 + 0.6 * breath.fullness
    label = load()["breathing"]["phases"][breath.phase]["label"]
    colour = theme.OKABE_ITO["blue"] if breath.phase == "inhale" else theme.OKABE_ITO["green"]
    fig = theme.figure(
        title=f"{label}: {breath.count} of {breath.of}",
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
    return f"{phase['label']}, count {breath.count} of {breath.of}. The circle is {breath.fullness:.0%} full."


class BreathingPacer(w.VBox):
    """An animated guide for slow belly breathing: choose the counts, press Start, follow the circle."""

    def __init__(self):
        data = load()["breathing"]
        self.inhale = w.IntSlider(
            value=data["inhale"]["default"],
            min=data["inhale"]["min"],
            max=data["inhale"]["max"],
            description="In (counts):",
            tooltip="How many counts to breathe in",
            style={"description_width": "initial"},
        )
        self.exhale = w.IntSlider(
            value=data["exhale"]["default"],
            min=data["exhale"]["min"],
            max=data["exhale"]["max"],
            description="Out (counts):",
            tooltip="How many counts to breathe out",
            style={"description_width": "initial"},
        )
        self.play = w.Play(
            value=0,
            min=0,
            max=10_000,
            interval=data["count_ms"],
            description="Timer",
            tooltip="The pacer's clock: one step per count",
            show_repeat=False,
        )
        self.start_button = w.Button(description="Start", icon="play", tooltip="Start the breathing guide")
        self.stop_button = w.Button(description="Stop", icon="stop", tooltip="Stop the breathing guide")
        self.status = w.HTML()
        self.instruction = w.HTML()
        self.figure = w.Output()
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
        self.status.value = (
            "<p><b>Running.</b> Follow the words and the circle.</p>"
            if self.play.playing
            else "<p><b>Stopped.</b> Press Start when you are ready.</p>"
        )

    def _on_tick(self, _change=None) -> None:
        breath = breath_at(self.play.value, self.inhale.value, self.exhale.value)
        phase = load()["breathing"]["phases"][breath.phase]
        self.instruction.value = (
            f"<p class='coursekit-breath-phase'><b>{html.escape(phase['label'])} "
            f"({breath.count} of {breath.of}).</b> {html.escape(phase['instruction'])}</p>"
        )
        self.figure.clear_output(wait=True)
        with self.figure:
            theme.show(pacer_figure(breath), pacer_description(breath))
