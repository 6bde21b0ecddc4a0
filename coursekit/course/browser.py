"""What differs when the course runs inside a web browser (the JupyterLite edition, Python on Pyodide).

There, the kernel runs in the learner's browser tab: nothing they type goes to any server, and a file
the course "saves" is kept in the browser's own storage on that device. So a save also offers the file
as a download, and the words about saving and privacy come in a browser version: a strings key ``k``
may have a ``k_lite`` twin, which :func:`coursekit.course.strings.text` shows in the browser.
"""

from __future__ import annotations

import base64
import html
import mimetypes
import sys
from pathlib import Path

IN_BROWSER = sys.platform == "emscripten"


def lite_key(key: str) -> str:
    """The name of a text's browser version.

    >>> lite_key("saved_to")
    'saved_to_lite'
    """
    return f"{key}_lite"


def download_link(path: Path | str, label: str, in_browser: bool | None = None) -> str:
    """An HTML link that downloads ``path`` to the learner's device; empty outside the browser.

    The file travels inside the link itself (a ``data:`` address), so nothing is fetched from anywhere.

    >>> download_link("x.txt", "Download", in_browser=False)
    ''
    """
    if not (IN_BROWSER if in_browser is None else in_browser):
        return ""
    path = Path(path)
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    name = html.escape(path.name)
    return f"<a download='{name}' href='data:{kind};base64,{data}' class='coursekit-download'>{html.escape(label)}</a>"
