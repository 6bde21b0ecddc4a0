"""The words the widgets show (labels, buttons, messages), kept as data so a translation is data only.

English is ``assets/strings/<section>.yaml``: one file per topic (``course.yaml`` holds shared words),
each a mapping from a key to a text. A text may hold ``{named}`` placeholders, filled in by :func:`text`.
A language lives in ``assets/locales/<code>/``: ``strings/<section>.yaml`` with the same keys, and
``<topic>.yaml`` for translated topic data (see :func:`coursekit.course.data.topic_path`). It may
translate only some keys: a missing one shows the English text. Its placeholders must be exactly the
English ones, and every key must exist in English, or loading fails with the file and key named.

The language comes from the ``COURSEKIT_LANG`` environment variable (``COURSEKIT_LANG=xx make
course``), English by default. docs/localising.md is the guide. In the browser edition, a key ``k`` with a
``k_lite`` twin shows the twin (coursekit/course/browser.py).

>>> text("course", "choose_region")
'Choose where you are'
"""

from __future__ import annotations

import functools
import string
from pathlib import Path

from . import browser
from .data import ASSETS, DEFAULT_LANGUAGE, LOCALES, language, read_yaml
from .schema import ContentError, MapOf, validate

STRINGS = ASSETS / "strings"
DEFAULT = DEFAULT_LANGUAGE
SPEC = MapOf(str)  # key -> text, in one section's file


def folder(code: str) -> Path:
    """Where one language's words live."""
    return STRINGS if code == DEFAULT else LOCALES / code / "strings"


def placeholders(value: str) -> set[str]:
    """The ``{named}`` placeholders of one text.

    >>> sorted(placeholders("Level {n} of {total}"))
    ['n', 'total']
    """
    return {name for _, name, _, _ in string.Formatter().parse(value) if name}


@functools.cache
def table(code: str = DEFAULT) -> dict[str, dict[str, str]]:
    """Every text of one language, by section; a translation is checked against English."""
    where = folder(code)
    if code != DEFAULT and not (LOCALES / code).is_dir():
        raise ContentError(f"COURSEKIT_LANG={code}: no such language (no folder {LOCALES / code})")
    texts = {path.stem: _read(path) for path in sorted(where.glob("*.yaml"))}
    if code == DEFAULT:
        return texts
    english = table(DEFAULT)
    for section, entries in texts.items():
        for key, value in entries.items():
            name = f"locales/{code}/strings/{section}.yaml: {key}"
            if key not in english.get(section, {}):
                raise ContentError(f"{name}: not a key of strings/{section}.yaml (a typo, or a text no longer shown)")
            want = placeholders(english[section][key])
            if placeholders(value) != want:
                raise ContentError(f"{name}: must use exactly the placeholders {sorted(want)} of the English text")
    return texts


def _read(path: Path) -> dict[str, str]:
    """One section's file: every key a plain name (YAML would read ``true:`` or ``1:`` as a value)."""
    raw = read_yaml(path)
    name = f"{path.parent.name}/{path.name}"
    odd = [k for k in raw or {} if not isinstance(k, str)] if isinstance(raw, dict) else []
    if odd:
        raise ContentError(f"{name}: key {odd[0]!r} is not a plain name (YAML reads it as a value); rename it")
    return validate(raw, SPEC, name)


def text(section: str, key: str, /, **values: object) -> str:
    """One text in the learner's language (English where it is not translated), placeholders filled."""
    english = table(DEFAULT).get(section, {})
    if key not in english:
        raise KeyError(f"{key!r} is not in assets/strings/{section}.yaml")
    if browser.IN_BROWSER and browser.lite_key(key) in english:  # the words that are true in a browser
        key = browser.lite_key(key)
    code = language()
    chosen = table(code).get(section, {}).get(key) if code != DEFAULT else None
    return (chosen or english[key]).format(**values) if values else (chosen or english[key])
