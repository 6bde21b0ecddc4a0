"""The reader edition (coursekit/editions/site.py): static forms of widgets and self-checks on made-up
state, then the real site, built once per session in a tmp folder and read in headless Chromium with the
network blocked, from a local server and from file://: no citation ids or code shown, no request leaves
the machine, axe-core finds nothing serious, the keyboard opens a self-check's answer.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from coursekit.course.banks import load_module_bank
from coursekit.editions import site, site_widgets

from .conftest import ROOT, chromium_path, free_port, require, serving

# One worker builds the site and runs every test that reads it (pytest -n auto --dist loadgroup).
pytestmark = pytest.mark.xdist_group("site")
LESSONS = sorted(p.parent.name for p in ROOT.glob("notebooks/*/lesson.ipynb"))
PAGES = [*LESSONS, "index", "glossary", "care"]


# --- static forms, on made-up widget state (no build) ----------------------------------------


def model(name: str, **state) -> dict:
    return {"model_name": name, "state": {"layout": "IPY_MODEL_L", **state}}


STATES = {
    "L": model("LayoutModel"),
    "H": {"model_name": "LayoutModel", "state": {"display": "none"}},
    "box": model("VBoxModel", children=["IPY_MODEL_dd", "IPY_MODEL_cb", "IPY_MODEL_btn", "IPY_MODEL_gone"]),
    "dd": model("DropdownModel", description="Lube:", _options_labels=["Water", "Oil <x>"], index=0),
    "cb": model("CheckboxModel", description="Any pain", value=False),
    "btn": model("ButtonModel", description="Check label"),
    "gone": {"model_name": "HTMLModel", "state": {"layout": "IPY_MODEL_H", "value": "<p>hidden</p>"}},
}


def test_a_widget_shows_its_starting_state_in_words():
    out = site_widgets.widget_html(STATES, "box", "../lite/x")
    assert "<b>Water</b>" in out and "Oil &lt;x&gt;" in out  # the choice and the other choices, escaped
    assert "Any pain" in out and "not ticked" in out
    assert "Check label" not in out and "hidden" not in out  # buttons and hidden parts are left out
    assert 'href="../lite/x"' in out  # the pointer to the interactive edition


def test_a_figure_cannot_close_its_script_early():
    out = site_widgets.figure_html({"data": [{"name": "</script><script>alert(1)</script>"}], "layout": {}})
    assert out.count("</script>") == 1


@pytest.mark.parametrize("module", [m for m in LESSONS if (ROOT / "notebooks" / m / "quiz.ipynb").exists()])
def test_every_self_check_works_without_a_kernel(module):
    bank = load_module_bank(module)
    out = site_widgets.selfcheck_html(module)
    assert out.count("<fieldset") == out.count("<details>") == len(bank["questions"])
    for q in bank["questions"]:
        assert site_widgets._md(q.explanation) in out or q.type == "short"


def test_a_static_region_picker_links_to_every_region_on_the_care_page():
    from coursekit.course.strings import text

    states = {**STATES, "rg": model("DropdownModel", description=text("warning_signs", "region_dropdown"),
                                    _options_labels=["Choose where you are", "Canada"], index=None)}  # fmt: skip
    assert 'href="care.html"' in site_widgets.render_model(states, "rg")
    assert 'href="care.html"' not in site_widgets.render_model(STATES, "dd")  # only a region picker


def test_notebook_wording_becomes_web_page_wording():
    out = site.reader_wording("In this notebook you will:\n- read\n\nRun the next cell once to load the helpers.\n")
    assert out.startswith("In this lesson you will:") and "Run the next cell" not in out and "- read" in out


def test_the_care_page_sorts_signs_by_level_and_leaves_no_blank_number():
    from coursekit.editions import site_pages
    from coursekit.topics.warning_signs import logic

    body = site_pages.care_body()
    text = visible_text(body)
    for sign in logic.load()["signs"]:
        assert html.escape(sign["label"]) in body, sign["id"]
    assert "within 72 hours" in text and "emergency department" in text  # PEP, with its time limit
    assert "<td></td>" not in body  # a region with no urgent line gets the course's wording
    assert "Choose where you are" not in text  # no picker on this page
    assert "n.d.." not in site_pages.glossary_body() + body


def test_a_lesson_that_fails_stops_the_build(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 / 0")])
    path = tmp_path / "00_broken" / "lesson.ipynb"
    path.parent.mkdir()
    nbformat.write(nb, path)
    with pytest.raises(site.BuildError, match="00_broken"):
        site.execute(path)


# --- the built site --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    # In a process of its own, as `make site` runs it (and away from pytest's warnings-as-errors,
    # under which a kernel started after an earlier failed one could hang).
    out = tmp_path_factory.mktemp("site") / "site"
    run = subprocess.run(
        [sys.executable, "-m", "coursekit.editions.site", "--out", str(out)], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return out


@pytest.fixture(scope="session")
def server(built, tmp_path_factory):
    port = free_port()
    cmd = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(built)]
    log = tmp_path_factory.mktemp("site-server") / "server.log"
    with serving("http.server", cmd, built, dict(os.environ), log, f"http://127.0.0.1:{port}/index.html"):
        yield f"http://127.0.0.1:{port}"


@pytest.fixture
def chromium(browser):
    require(chromium_path() is not None, "Chromium is not installed (apt-get install chromium); site tests skipped")
    return browser


def visible_text(page_html: str) -> str:
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", page_html, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


@pytest.mark.parametrize("lesson", LESSONS)
def test_every_lesson_page_shows_no_citation_id_and_no_code(built, lesson):
    page = (built / f"{lesson}.html").read_text()
    text = visible_text(page)
    assert "[@" not in page and "reference_list" not in page
    nb = nbformat.read(ROOT / "notebooks" / lesson / "lesson.ipynb", as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            for line in filter(None, (x.strip() for x in cell.source.splitlines())):
                assert line not in text, f"Python source shown: {line}"
    assert page.count("jp-mod-noInput") == sum(c.cell_type == "code" for c in nb.cells), "a code cell shows its input"
    assert "jp-CodeMirrorEditor" not in page and "application/vnd.jupyter.widget-view+json" not in page
    assert '<a id="ref-' in page and "## References" not in text
    assert f"../lite/lab/index.html?workspace={lesson}&amp;path={lesson}/lesson.ipynb" in page
    assert 'href="care.html"' in page and "make lite" in text
    assert "Run the next cell" not in text and "In this notebook" not in text
    # plotly.js (4.8 MB) only where a figure needs it
    assert ('src="assets/plotly.min.js"' in page) == ('class="plotly-figure"' in page)


def test_the_home_page_points_to_care_and_names_lessons_as_the_navigation_does(built):
    page = (built / "index.html").read_text()
    main = page.split('<main id="main"', 1)[1]
    assert main.index('href="care.html"') < main.index("<table")  # near the top
    assert "04 Hygiene and safer sex</a></td>" in main
    assert "saves nothing" not in visible_text(page)


def open_page(chromium, url: str):
    page = chromium.new_page(viewport={"width": 1000, "height": 900})
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    page.wait_for_load_state("load")
    return page, requests, errors


def figure_counts(page) -> tuple[int, int, int]:
    """How many figures a page has, how many plotly drew, and how many have a description."""
    return (
        page.locator(".plotly-figure").count(),
        page.locator(".plotly-figure .main-svg").count(),
        page.locator(".coursekit-figure-description").count(),
    )


def assert_private_and_drawn(name: str, requests: list[str], errors: list[str], figures, local: tuple) -> None:
    assert not errors, (name, errors)
    outside = [u for u in requests if not u.startswith(local)]
    assert not outside, f"{name}.html asked for {outside}"
    count, drawn, described = figures
    assert drawn >= count, f"{name}: a figure was not drawn"
    assert described >= count, f"{name}: figure undescribed"


@pytest.fixture(scope="module")
def served_pages(browser, server) -> dict[str, dict]:
    """Every page opened once from the server (each load parses plotly.js), and what it showed.

    For each page: the requests and page errors of its load and the figure counts (as the load left
    them), then axe-core's serious and critical findings and the heading levels of its main part.
    The privacy test and the accessibility test each assert on their own part of this record.
    """
    from axe_playwright_python.sync_playwright import Axe

    require(chromium_path() is not None, "Chromium is not installed (apt-get install chromium); site tests skipped")
    axe = Axe()
    record = {}
    for name in PAGES:
        page, requests, errors = open_page(browser, f"{server}/{name}.html")
        try:
            seen = {"requests": list(requests), "errors": list(errors), "figures": figure_counts(page)}
            bad = [v for v in axe.run(page).response["violations"] if v["impact"] in ("serious", "critical")]
            seen["axe"] = [(v["id"], v["nodes"][0]["html"][:200]) for v in bad]
            seen["levels"] = page.eval_on_selector_all(
                "main :is(h1,h2,h3,h4,h5,h6)", "hs => hs.map(h => +h.tagName[1])"
            )
            record[name] = seen
        finally:
            page.close()
    return record


@pytest.mark.parametrize("how", ["file", "server"])
def test_no_request_leaves_the_machine(chromium, built, how, request):
    if how == "server":  # the server's pages as served_pages recorded their loads
        server, served = request.getfixturevalue("server"), request.getfixturevalue("served_pages")
        assert sorted(served) == sorted(PAGES)
        for name, seen in served.items():
            assert_private_and_drawn(name, seen["requests"], seen["errors"], seen["figures"], (server + "/", "data:"))
        return
    for name in PAGES:  # from disk (file://), another origin: a load of its own for each page
        page, requests, errors = open_page(chromium, f"{built.as_uri()}/{name}.html")
        try:
            assert_private_and_drawn(name, requests, errors, figure_counts(page), ("file://", "data:"))
        finally:
            page.close()


def test_axe_finds_nothing_serious_on_any_page(served_pages):
    assert sorted(served_pages) == sorted(PAGES)
    found = {}
    for name, seen in served_pages.items():
        if seen["axe"]:
            found[name] = seen["axe"]
        levels = seen["levels"]
        assert levels[0] == 1 and levels.count(1) == 1, f"{name}: one h1 first"
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), (
            f"{name}: a heading level skipped: {levels}"
        )
    assert not found, found


def test_keyboard_skip_link_and_self_check_answer(chromium, server):
    page, _requests, _errors = open_page(chromium, f"{server}/03_lubrication.html")
    try:
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip-link"
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main"
        summary = page.locator(".selfcheck details summary").first
        assert page.locator(".selfcheck details").first.get_attribute("open") is None
        for _ in range(400):  # Tab through the page, as a keyboard user would, to the first answer
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.tagName") == "SUMMARY":
                break
        assert page.evaluate("document.activeElement.textContent") == summary.text_content()
        page.keyboard.press("Enter")
        assert page.locator(".selfcheck details").first.get_attribute("open") is not None
        assert page.locator(".selfcheck details").first.inner_text().strip() != summary.text_content().strip()
    finally:
        page.close()


def test_large_text_mode_is_a_switch_that_is_remembered(chromium, server):
    page, _requests, _errors = open_page(chromium, f"{server}/index.html")
    try:
        size = "parseFloat(getComputedStyle(document.documentElement).fontSize)"
        before = page.evaluate(size)
        page.click(".large-text-switch")
        assert page.get_attribute(".large-text-switch", "aria-pressed") == "true"
        assert page.evaluate(size) >= before * 1.3
        page.goto(f"{server}/glossary.html")
        assert page.evaluate(size) >= before * 1.3
        page.click(".large-text-switch")
        assert page.evaluate(size) == before
    finally:
        page.close()


@pytest.mark.parametrize("lesson", ["00_welcome", "05_warning_signs"])
def test_a_lesson_with_region_pickers_links_to_all_regions(built, lesson):
    page = (built / f"{lesson}.html").read_text()
    assert '<p class="care-link">' in page and "All regions' numbers and services:" in visible_text(page)
