"""Module 02, relaxation: a belly-breathing pacer and a comfort-led progression planner.

Pure rules, no widget imports: ``logic`` (data, ``SPEC``, the breathing pacer's timing, the log's model and
file) and ``planner`` (the settled size, stops, the next step). Views: ``widgets`` (the pacer),
``planner_figure``, ``planner_log`` (the log buttons) and ``planner_widget``. Notebooks and
tests use the names re-exported here (``relaxation.next_step``, ``relaxation.BreathingPacer``), and
``content.load_all()`` finds ``relaxation.SPEC`` here.
"""

from coursekit.topics.relaxation.logic import (
    ACTIONS,
    CLEAR_REASONS,
    LOG_NAME,
    MINUTES_IN_A_DAY,
    PHASES,
    SPEC,
    Breath,
    Clearance,
    PlannerLog,
    Session,
    Step,
    allowed_sessions_per_week,
    breath_at,
    check_clearances,
    check_history,
    check_plan,
    delete_log,
    load,
    load_log,
    rules,
    save_log,
)
from coursekit.topics.relaxation.planner import (
    care,
    comfortable,
    established,
    established_size,
    gap_days,
    next_step,
    open_stop,
    recurrences,
    stop_step,
    streak_at,
)
from coursekit.topics.relaxation.planner_figure import advice_html, history_figure
from coursekit.topics.relaxation.planner_widget import ProgressionPlanner
from coursekit.topics.relaxation.widgets import BreathingPacer, pacer_description, pacer_figure

__all__ = [
    "ACTIONS",
    "CLEAR_REASONS",
    "LOG_NAME",
    "MINUTES_IN_A_DAY",
    "PHASES",
    "SPEC",
    "Breath",
    "Clearance",
    "PlannerLog",
    "Session",
    "Step",
    "allowed_sessions_per_week",
    "breath_at",
    "care",
    "check_clearances",
    "check_history",
    "check_plan",
    "comfortable",
    "delete_log",
    "gap_days",
    "established",
    "established_size",
    "stop_step",
    "streak_at",
    "load",
    "load_log",
    "next_step",
    "open_stop",
    "recurrences",
    "rules",
    "save_log",
    "BreathingPacer",
    "ProgressionPlanner",
    "advice_html",
    "history_figure",
    "pacer_description",
    "pacer_figure",
]
