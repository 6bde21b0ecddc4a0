"""Module 03, lubrication: the compatibility rules, the osmolality chart, and the label reader.

``logic`` holds the data, ``SPEC`` and the compatibility rules; ``labels`` (with its ``label_*`` helpers)
holds the ingredient-label reader (both pure, no widget imports); ``widgets`` holds the figures and the
compatibility explorer, and ``label_widget`` the label checker: thin views over those rules. The words
they show are in assets/strings/lubrication.yaml. Notebooks and tests use the names re-exported here
(``lubrication.read_label``, ``lubrication.LabelChecker``), and ``content.load_all()`` finds
``lubrication.SPEC`` here.
"""

from coursekit.topics.lubrication.label_split import split_label
from coursekit.topics.lubrication.label_widget import LabelChecker, report_html
from coursekit.topics.lubrication.labels import (
    MAX_CHARS,
    MAX_ITEMS,
    Flag,
    LabelReport,
    classify,
    clean_text,
    fold,
    headline,
    read_label,
)
from coursekit.topics.lubrication.logic import (
    FLAGS,
    KINDS,
    SPEC,
    VERDICTS,
    Compatibility,
    check_compatibility,
    ids,
    load,
    name_of,
    normalise,
    verdict_table,
)
from coursekit.topics.lubrication.widgets import (
    CompatibilityExplorer,
    heatmap,
    heatmap_description,
    osmolality_description,
    osmolality_figure,
    show_osmolality_chart,
    verdict_html,
)

__all__ = [
    "FLAGS",
    "KINDS",
    "MAX_CHARS",
    "MAX_ITEMS",
    "SPEC",
    "VERDICTS",
    "Compatibility",
    "Flag",
    "LabelReport",
    "check_compatibility",
    "classify",
    "clean_text",
    "fold",
    "headline",
    "ids",
    "load",
    "name_of",
    "normalise",
    "read_label",
    "split_label",
    "verdict_table",
    "CompatibilityExplorer",
    "LabelChecker",
    "heatmap",
    "heatmap_description",
    "osmolality_description",
    "osmolality_figure",
    "report_html",
    "show_osmolality_chart",
    "verdict_html",
]
