"""Module 06, closing: a personal safer-practice checklist and a confidence map of the course.

``logic`` holds the data schema and the pure rules (no widget import); ``widgets`` holds the views.
"""

from coursekit.topics.closing.logic import (
    MAX_RATING,
    PHASES,
    SAVED_FILES,
    SPEC,
    ContentError,
    Review,
    checklist_text,
    delete_checklist,
    label,
    load,
    modules_to_revisit,
    reasons_html,
    review_checklist,
    save_checklist,
)
from coursekit.topics.closing.widgets import ConfidenceMap, PracticeChecklist, confidence_figure

__all__ = [
    "ContentError",
    "ConfidenceMap",
    "MAX_RATING",
    "PHASES",
    "PracticeChecklist",
    "Review",
    "SAVED_FILES",
    "SPEC",
    "checklist_text",
    "confidence_figure",
    "delete_checklist",
    "label",
    "load",
    "modules_to_revisit",
    "reasons_html",
    "review_checklist",
    "save_checklist",
]
