"""Module 03, the label reader's HTML handling: a pasted web page is read as text, and only real tags go.

"<1% lidocaine" and "<Lidocaine>" are label text, not markup; inline tags join what they split.
"""

from __future__ import annotations

import html
import re

__all__ = ["HTML_TAG", "strip_tags"]

# A real HTML tag: a letter right after "<" ("<1% lidocaine" and "<Lidocaine>" are not markup).
HTML_TAG = re.compile(r"</?(?:[a-z][a-z0-9]*)(?:\s[^<>]*)?/?>", re.IGNORECASE)
_TAG_NAMES = frozenset(
    "a b i u p br hr em div span li ul ol dl dt dd td tr th table tbody thead sup sub small strong font "
    "h1 h2 h3 h4 h5 h6 html body head meta section article header footer label "
    "wbr mark s q abbr ins del code kbd nobr cite dfn var samp bdi bdo".split()
)


# inline tags are dropped without a gap: "Nonoxy<wbr>nol-9" and "Lido<mark>caine</mark>" are one word (review 11, B4)
_INLINE = frozenset(
    "a b i u em span sup sub small strong font wbr mark s q abbr ins del code kbd nobr cite dfn var samp bdi "
    "bdo".split()
)


def strip_tags(text: str, repl: str = "\n", inline: str | None = None) -> str:
    """Decode entities, then remove real HTML tags only (a known tag name after "<" or "</").

    Inline tags become ``inline`` when given ("Benzyl <b>Alcohol</b>" stays one name), others ``repl``."""

    def drop(match: re.Match) -> str:
        name = re.match(r"</?([a-z0-9]+)", match.group(0), re.IGNORECASE).group(1).casefold()
        if name in _INLINE and inline is not None:
            return inline
        return repl if name in _TAG_NAMES else match.group(0)

    text = re.sub(r"<!--|--!?>", repl, html.unescape(text))  # comment marks go; what they wrap is still read
    return HTML_TAG.sub(drop, text)
