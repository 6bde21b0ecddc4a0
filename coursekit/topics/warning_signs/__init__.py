"""Module 05, warning signs: triage of signs into four levels of care, support routes by region,
and a 'what to say' script.

One course module in two files: ``logic`` holds the data, ``SPEC`` and the pure rules (no widget
imports); ``widgets`` holds the views over them. Notebooks and tests use the names re-exported
here (``warning_signs.triage``, ``warning_signs.SymptomTriage``), and ``content.load_all()`` finds
``warning_signs.SPEC`` here.
"""

from coursekit.topics.warning_signs.logic import (
    ELSEWHERE,
    NOT_SURE,
    SPEC,
    Reason,
    Service,
    SupportRoutes,
    Triage,
    distress_route,
    level,
    level_ids,
    load,
    rank,
    reason_for,
    region,
    region_ids,
    sign,
    sign_ids,
    support_routes,
    triage,
)
from coursekit.topics.warning_signs.script import FIELDS, LEADS, OPENINGS, describe, save_script
from coursekit.topics.warning_signs.widgets import (
    DistressPanel,
    SupportPanel,
    SymptomTriage,
    WhatToSay,
    distress_html,
    numbers_html,
    region_options,
    support_html,
    triage_html,
    where_to_go,
)

__all__ = [
    "ELSEWHERE",
    "FIELDS",
    "LEADS",
    "NOT_SURE",
    "OPENINGS",
    "SPEC",
    "Reason",
    "Service",
    "SupportRoutes",
    "Triage",
    "describe",
    "distress_route",
    "level",
    "level_ids",
    "load",
    "rank",
    "reason_for",
    "region",
    "region_ids",
    "save_script",
    "sign",
    "sign_ids",
    "support_routes",
    "triage",
    "DistressPanel",
    "SupportPanel",
    "SymptomTriage",
    "WhatToSay",
    "distress_html",
    "numbers_html",
    "region_options",
    "support_html",
    "triage_html",
    "where_to_go",
]
