"""Module 02, relaxation: a belly-breathing pacer and a comfort-led progression planner.

One course module in two files: ``logic`` holds the data, ``SPEC`` and the pure rules (no widget
imports); ``widgets`` holds the figures and the widgets, thin views over those rules. Notebooks and
tests use the names re-exported here (``relaxation.next_step``, ``relaxation.BreathingPacer``), and
``content.load_all()`` finds ``relaxation.SPEC`` here.
"""

from .logic import (
    ACTIONS,
    PHASES,
    SPEC,
    Breath,
    Session,
    Step,
    allowed_sessions_per_week,
    breath_at,
    check_history,
    check_plan,
    gap_days,
    load,
    next_step,
    rules,
    save_log,
)
from .widgets import BreathingPacer, ProgressionPlanner, history_figure, pacer_description, pacer_figure

__all__ = [
    "ACTIONS",
    "PHASES",
    "SPEC",
    "Breath",
    "Session",
    "Step",
    "allowed_sessions_per_week",
    "breath_at",
    "check_history",
    "check_plan",
    "gap_days",
    "load",
    "next_step",
    "rules",
    "save_log",
    "BreathingPacer",
    "ProgressionPlanner",
    "history_figure",
    "pacer_description",
    "pacer_figure",
]
