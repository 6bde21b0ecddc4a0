"""JupyterLab in a real headless Chromium (Debian's chromium, driven by Playwright).

Opens the anatomy lesson, runs every cell, and checks that the explorer and a plotly figure render,
that choosing a structure changes the text shown, that no cell shows an error, that no news or
update pop-up appears, and that the page talks to nobody but the local server.
"""

from __future__ import annotations

import json
import urllib.request

import pytest

from .labpages import assert_page_clean, wait_for_widget

pytestmark = pytest.mark.browser


def test_news_and_update_checks_are_off(lab):
    url = f"{lab['base']}/lab/api/settings/@jupyterlab/apputils-extension:notification?token={lab['token']}"
    reply = json.loads(urllib.request.urlopen(url, timeout=10).read())
    # The server applies overrides.json to the schema's defaults; the user has set nothing.
    defaults = {k: v.get("default") for k, v in reply["schema"]["properties"].items()}
    assert defaults["fetchNews"] == "false" and defaults["checkForUpdates"] is False
    assert "fetchNews" not in reply["settings"]


@pytest.mark.lesson("01_anatomy", uses=(".coursekit-anatomy-explorer", ".coursekit-selfcheck"))
def test_anatomy_lesson_runs_and_responds_in_the_browser(lesson_page, tmp_path):
    page, hosts = lesson_page
    explorer = wait_for_widget(page, ".coursekit-anatomy-explorer", tmp_path)
    page.wait_for_selector(".coursekit-anatomy-explorer .js-plotly-plot", timeout=60_000)
    page.wait_for_selector(".coursekit-selfcheck", timeout=120_000)
    info = explorer.query_selector(".widget-html-content:has(h4)")
    assert "External sphincter" in info.text_content()

    explorer.query_selector("select").select_option(label="Internal sphincter (inner ring)")
    page.wait_for_function(
        "() => document.querySelector('.coursekit-anatomy-explorer').textContent"
        ".includes('No: it works automatically')",
        timeout=30_000,
    )
    page.wait_for_function(
        "() => [...document.querySelectorAll('.coursekit-anatomy-explorer .gtitle')]"
        ".some(t => t.textContent.includes('at rest'))",
        timeout=30_000,
    )

    # A self-check question answered with the keyboard alone: Space picks an option, Tab moves
    # through the options to the Check button, Enter presses it.
    first = page.query_selector(".coursekit-selfcheck")
    first.scroll_into_view_if_needed()
    first.query_selector("input[type=radio]").focus()
    page.keyboard.press("Space")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.textContent.trim() === 'Check'"):
            break
    else:
        pytest.fail("Tab never reached the Check button")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => /Correct|Not quite/"
        ".test(document.querySelector('.coursekit-selfcheck .coursekit-feedback').textContent)",
        timeout=30_000,
    )

    page.screenshot(path=str(tmp_path / "anatomy.png"), full_page=False)
    assert_page_clean(page, hosts)
    assert not page.query_selector("text=official Jupyter news"), "the news pop-up appeared"


@pytest.mark.lesson("00_welcome")
def test_a_request_off_the_machine_is_blocked_and_recorded(lesson_page):
    """The guard every browser test relies on: it can fail, and the request never reaches the network."""
    page, hosts = lesson_page
    outcome = page.evaluate(
        "() => fetch('http://example.org/', {mode: 'no-cors'}).then(() => 'reached', () => 'blocked')"
    )
    assert outcome == "blocked"
    assert "example.org" in hosts
    with pytest.raises(AssertionError, match="other hosts"):
        assert_page_clean(page, hosts)
