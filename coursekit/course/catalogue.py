"""Validate everything at once: every topic's data against its schema, and every question bank."""

from __future__ import annotations

import importlib
from typing import Any

from .banks import load_bank
from .data import BANKS, QUIZZES, load_glossary, load_references, load_topic, topic_files


def load_all() -> dict[str, Any]:
    """Validate every data file and question bank; return them by name.

    Each topic file ``assets/data/<topic>.yaml`` is checked against the ``SPEC``
    of the topic package ``coursekit.topics.<topic>``, so a new module adds its own schema.
    """

    out: dict[str, Any] = {"references": load_references(), "glossary": load_glossary()}
    for path in topic_files():
        module = importlib.import_module(f"coursekit.topics.{path.stem}")
        out[path.stem] = load_topic(path.stem, module.SPEC)
    for path in sorted(QUIZZES.glob("*.yaml")) + sorted(BANKS.glob("*.yaml")):
        out[f"{path.parent.name}/{path.stem}"] = load_bank(path)
    return out
