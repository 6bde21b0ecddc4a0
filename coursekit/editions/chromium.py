"""Debian's Chromium, headless and offline: one set of launch flags for printing and for the tests.

Every request that is not for this machine goes to a dead proxy and fails, so nothing a page asks
for can leave the machine; the background-networking flags stop Chromium's own calls home.
"""

from __future__ import annotations

CHROMIUM = "/usr/bin/chromium"

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--proxy-server=http://127.0.0.1:9",
    "--proxy-bypass-list=127.0.0.1;localhost",
]
