"""Module 00, welcome: the course map, consent (FRIES), where to get care, and the glossary look-up.

``logic`` holds the data schema and the pure rules (no widget import); ``widgets`` holds the views.
"""

from coursekit.topics.welcome.logic import MAX_QUERY, SPEC, Lookup, care_route_for, load, lookup
from coursekit.topics.welcome.widgets import (
    GlossaryLookup,
    care_html,
    care_panel,
    course_map,
    course_map_description,
    fries_html,
    fries_panel,
    lookup_html,
    show_course_map,
)

__all__ = [
    "GlossaryLookup",
    "Lookup",
    "MAX_QUERY",
    "SPEC",
    "care_html",
    "care_panel",
    "care_route_for",
    "course_map",
    "course_map_description",
    "fries_html",
    "fries_panel",
    "load",
    "lookup",
    "lookup_html",
    "show_course_map",
]
