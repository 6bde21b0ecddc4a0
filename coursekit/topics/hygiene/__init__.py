"""Module 04, hygiene: cleaning by material, the toy safety check, the body-site switch check.

One course module in two files: ``logic`` holds the data, ``SPEC`` and the pure rules (no widget
imports); ``widgets`` holds the three widgets, thin views over those rules. Notebooks and tests use
the names re-exported here (``hygiene.switch_check``, ``hygiene.SwitchCheck``), and
``content.load_all()`` finds ``hygiene.SPEC`` here.
"""

from coursekit.topics.hygiene.logic import (
    FLARED,
    LEVELS,
    MADE_AS_TOY,
    MAX_STEPS,
    RULES,
    SPEC,
    STATUSES,
    CleaningAdvice,
    SafetyResult,
    Switch,
    Verdict,
    cleaning_methods,
    dam_note,
    load,
    material,
    material_ids,
    person_note,
    switch_check,
    toy_safety_check,
)
from coursekit.topics.hygiene.widgets import CleaningGuide, SwitchCheck, ToySafetyCheck, advice_html

__all__ = [
    "FLARED",
    "LEVELS",
    "MADE_AS_TOY",
    "MAX_STEPS",
    "RULES",
    "SPEC",
    "STATUSES",
    "CleaningAdvice",
    "SafetyResult",
    "Switch",
    "Verdict",
    "cleaning_methods",
    "load",
    "material",
    "material_ids",
    "dam_note",
    "person_note",
    "switch_check",
    "toy_safety_check",
    "CleaningGuide",
    "SwitchCheck",
    "ToySafetyCheck",
    "advice_html",
]
