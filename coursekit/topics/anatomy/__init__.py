"""Module 01, anatomy: structure facts, the anorectal angle, the flared-base demo, and their views.

``logic`` holds the data schema and the pure rules (no widget import); ``widgets`` holds the views.
"""

from coursekit.topics.anatomy.logic import (
    BASE_STATES,
    CONTROL,
    SPEC,
    STATES,
    UNSAFE_STATES,
    BaseOutcome,
    angle_at_junction,
    anorectal_angle,
    flared_base_outcome,
    load,
    rectum_centreline,
    structure,
    structure_ids,
)
from coursekit.topics.anatomy.widgets import (
    AnatomyExplorer,
    FlaredBaseDemo,
    depth_options,
    diagram_description,
    info_html,
    make_diagram,
    sketch_label,
)

__all__ = [
    "BASE_STATES",
    "AnatomyExplorer",
    "BaseOutcome",
    "CONTROL",
    "FlaredBaseDemo",
    "SPEC",
    "STATES",
    "UNSAFE_STATES",
    "angle_at_junction",
    "anorectal_angle",
    "depth_options",
    "diagram_description",
    "flared_base_outcome",
    "info_html",
    "load",
    "make_diagram",
    "rectum_centreline",
    "sketch_label",
    "structure",
    "structure_ids",
]
