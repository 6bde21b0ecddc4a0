"""Projector slides (coursekit/editions/slides.py): the rules on made-up notebooks, the committed lessons
against a fresh generation, and the slideshow (Voila's reveal.js slides, the course's template) in a real
browser: keyboard to the slide with a widget, change it, see its result change, and no other host contacted.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path
from urllib.parse import urlparse

import nbformat
import pytest

from coursekit.editions import slides

from .conftest import ROOT, chromium_path, free_port, require, serving
from .labpages import assert_page_clean, wait_for_widget


def md(source: str) -> dict:
    return {"cell_type": "markdown", "source": source, "metadata": {}}


def code(source: str) -> dict:
    return {"cell_type": "code", "source": source, "metadata": {}, "outputs": [], "execution_count": None}


def notebook(cells: list[dict]) -> nbformat.NotebookNode:
    new = {"markdown": nbformat.v4.new_markdown_cell, "code": nbformat.v4.new_code_cell}
    return nbformat.v4.new_notebook(cells=[new[c["cell_type"]](c["source"]) for c in cells])


def types(cells: list[dict]) -> list[str]:
    return [m["slideshow"]["slide_type"] for m in slides.cell_metadata(cells)]


LESSON = [
    md("# A made-up lesson\n\nObjectives:\n- one\n- two"),
    md("> **Content note.** Plain words."),
    code("from coursekit.course import citations, selfcheck, upkeep\nfrom coursekit.topics import anatomy"),
    md("## First section\n\nSome text."),
    code("anatomy.AnatomyExplorer()"),
    md("Try the first option."),
    md("- a list\n- that stands alone\n  with a second line"),
    md("Try the figure, then read on.\n\n## Second section\n\nMore text."),
    code("selfcheck.show('01_anatomy')"),
]


# --- the rules, on made-up notebooks ------------------------------------------------------------


def test_the_title_and_each_section_heading_start_a_slide():
    assert types(LESSON) == ["slide", "-", "skip", "slide", "-", "-", "fragment", "slide", "-"]


def test_a_heading_only_starts_a_slide_at_the_start_of_a_line_and_at_level_one_or_two():
    assert types([md("# T"), md("Text with a # sign and ## twice.")]) == ["slide", "-"]
    assert types([md("# T"), md("### A small heading")]) == ["slide", "-"]
    assert types([md("# T"), md("Intro\n## Section")]) == ["slide", "slide"]
    assert types([md("A first cell without a heading"), md("More")]) == ["slide", "-"]


def test_only_a_cell_that_is_all_list_is_a_fragment():
    assert types([md("# T"), md("1. first\n2. second")]) == ["slide", "fragment"]
    assert types([md("# T"), md("Before the list:\n- item")]) == ["slide", "-"]
    assert types([md("# T"), md("- item\n\nA paragraph after it.")]) == ["slide", "-"]


def test_the_import_cell_is_skipped_and_no_other_code_cell():
    assert types([md("# T"), code("import math"), code("math.pi"), code("import math\nmath.pi")]) == [
        "slide",
        "skip",
        "-",
        "-",
    ]


def test_every_code_cell_opens_collapsed_and_no_markdown_cell_does():
    for cell, meta in zip(LESSON, slides.cell_metadata(LESSON), strict=True):
        hidden = meta.get("jupyter", {}).get("source_hidden", False)
        assert hidden == (cell["cell_type"] == "code"), cell["source"]


def test_apply_keeps_ids_sources_and_other_metadata_and_is_idempotent():
    nb = notebook(LESSON)
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i}"
    nb.cells[4].metadata["tags"] = ["keep-me"]
    nb.cells[4].metadata["jupyter"] = {"outputs_hidden": False}
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    out = slides.apply(nb)
    assert [c["id"] for c in out["cells"]] == [c["id"] for c in nb.cells]
    assert [c["source"] for c in out["cells"][1:]] == [c["source"] for c in nb.cells[1:]]
    assert out["cells"][4]["metadata"]["tags"] == ["keep-me"]
    assert out["cells"][4]["metadata"]["jupyter"] == {"outputs_hidden": False, "source_hidden": True}
    assert out["metadata"]["kernelspec"] == nb.metadata["kernelspec"]
    assert "rise" not in out["metadata"]
    assert slides.apply(out) == out
    assert nb.cells[0].metadata == {}, "apply must not change its input"


def test_the_credit_ends_the_title_cell_once():
    nb = notebook(LESSON)
    title = slides.apply(slides.apply(nb))["cells"][0]["source"]
    assert title.startswith(LESSON[0]["source"])
    assert title.endswith(slides.CREDIT_LINE) and title.count("coursekit contributors") == 1
    assert "CC BY-SA 4.0" in title and "https://creativecommons.org/licenses/by-sa/4.0/" in title


def test_an_old_rise_section_is_removed():
    nb = notebook(LESSON)
    nb.metadata["rise"] = {"theme": "simple"}
    assert "rise" not in slides.apply(nb)["metadata"]


def test_the_slide_template_names_nothing_outside_the_machine():
    # The stock reveal template loads reveal.js's CSS, jQuery and icon fonts from CDNs; the course's does not.
    folder = slides.TEMPLATES / "voila" / "templates" / slides.TEMPLATE
    conf = json.loads((folder / "conf.json").read_text())
    reveal = conf["traitlet_configuration"]["resources"]["reveal"]
    assert reveal["url_prefix"] == f"/voila/templates/{slides.TEMPLATE}/static" and reveal["scroll"] is False
    assert (folder / "static" / "dist" / "reveal.css").is_file()
    assert (folder / "static" / "dist" / "theme" / f"{reveal['theme']}.css").is_file()
    for path in [folder / "index.html.j2", folder / "static" / "dist" / "theme" / f"{reveal['theme']}.css"]:
        text = path.read_text()
        assert "http" not in text and "@import" not in text and "url(" not in text, path


# --- the committed lessons ------------------------------------------------------------------------


def test_committed_slide_metadata_matches_a_fresh_generation():
    stale = slides.drifted(ROOT)
    assert not stale, f"out of date (run: python -m coursekit.editions.slides): {stale}"


def test_check_lists_a_drifted_lesson_and_writing_fixes_it(tmp_path, capsys):
    shutil.copytree(ROOT / "notebooks" / "04_hygiene", tmp_path / "notebooks" / "04_hygiene")
    lesson = tmp_path / "notebooks" / "04_hygiene" / "lesson.ipynb"
    nb = json.loads(lesson.read_text())
    nb["cells"][3]["metadata"] = {}
    lesson.write_text(json.dumps(nb))
    assert slides.main(["--check", "--root", str(tmp_path)]) == 1
    assert "notebooks/04_hygiene/lesson.ipynb" in capsys.readouterr().out
    assert slides.main(["--root", str(tmp_path)]) == 0
    assert slides.main(["--check", "--root", str(tmp_path)]) == 0
    ids = [c["id"] for c in json.loads(lesson.read_text())["cells"]]
    assert ids == [c["id"] for c in nb["cells"]]


def test_every_lesson_starts_with_a_credited_title_slide_and_hides_its_import():
    for path in slides.lessons(ROOT):
        nb = nbformat.read(path, as_version=4)
        assert nb.cells[0].metadata["slideshow"]["slide_type"] == "slide", path
        assert nb.cells[0].source.endswith(slides.CREDIT_LINE), path
        imports = [c for c in nb.cells if c.metadata["slideshow"]["slide_type"] == "skip"]
        assert len(imports) == 1 and "import" in imports[0].source, path


# --- in the browser -------------------------------------------------------------------------------

SHOTS = Path(os.environ.get("COURSEKIT_SCREENSHOTS", "")) if os.environ.get("COURSEKIT_SCREENSHOTS") else None
PRESENT = ".reveal .slides > section.present"
GUIDE = PRESENT + " .coursekit-cleaning-guide"


def shot(page, tmp_path: Path, name: str) -> None:
    folder = SHOTS or tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / name))


def go_to_slide(page, text: str, presses: int = 12) -> None:
    """Press the right arrow until the current slide shows ``text``."""
    for _ in range(presses):
        if text in (page.text_content(PRESENT) or ""):
            return
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(600)
    pytest.fail(f"no slide with {text!r} after {presses} presses of the right arrow")


@pytest.fixture(scope="module")
def slideshow(tmp_path_factory):
    """`make slides LESSON=04_hygiene`, on a copy of the lesson, with Jupyter's folders in a temporary place."""
    require(chromium_path() is not None, "Chromium is not installed (apt-get install chromium); browser tests skipped")
    tmp = tmp_path_factory.mktemp("slides")
    shutil.copytree(ROOT / "notebooks", tmp / "notebooks")
    port = free_port()
    env = {
        **os.environ,
        "JUPYTER_PATH": str(slides.TEMPLATES),
        "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
        "JUPYTER_DATA_DIR": str(tmp / "data"),
        "JUPYTER_CONFIG_DIR": str(tmp / "config"),
        "JUPYTER_PLATFORM_DIRS": "1",
    }
    voila = Path(sys.executable).with_name("voila")
    cmd = [str(voila), "notebooks/04_hygiene/lesson.ipynb", f"--template={slides.TEMPLATE}"]
    cmd += ["--Voila.ip=127.0.0.1", "--no-browser", f"--port={port}", "--Voila.port_retries=0"]
    base = f"http://127.0.0.1:{port}"
    with serving("Voila", cmd, tmp, env, tmp / "voila.log", f"{base}/voila/static/voila.js"):
        yield base


def guide_result(page) -> str:
    return page.eval_on_selector(GUIDE, "e => e.innerText")


@pytest.mark.browser
def test_slideshow_has_live_widgets_no_code_large_text_and_no_other_host(slideshow, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    hosts: set = set()
    page.on("request", lambda r: hosts.add(urlparse(r.url).hostname) if r.url.startswith("http") else None)
    # Nothing may leave the machine: such a request is refused here and recorded in hosts, which fails the test.
    page.route(
        "**/*",
        lambda route: (
            route.abort()
            if route.request.url.startswith("http") and urlparse(route.request.url).hostname != "127.0.0.1"
            else route.continue_()
        ),
    )
    page.goto(slideshow + "/", timeout=300_000)  # Voila runs the whole lesson before it answers
    page.wait_for_selector(PRESENT + " .jp-RenderedMarkdown", timeout=120_000)
    page.wait_for_timeout(1_000)
    title = page.text_content(PRESENT)
    assert "Hygiene and safer sex" in title and "coursekit contributors" in title and "CC BY-SA 4.0" in title
    size = page.evaluate(f"() => parseFloat(getComputedStyle(document.querySelector('{PRESENT} p')).fontSize)")
    assert size >= 24, f"slide text is {size}px"
    shot(page, tmp_path, "slides-title.png")

    # The keyboard moves to the slide with the cleaning guide; the widget is drawn there, with no Python.
    go_to_slide(page, "Cleaning by material")
    guide = page.wait_for_selector(GUIDE, timeout=60_000)
    assert "hygiene." not in page.inner_text(PRESENT) and "from coursekit" not in page.inner_text(PRESENT)
    code = [e for e in page.query_selector_all(".reveal .jp-CodeCell .jp-InputArea") if e.is_visible()]
    assert not code, [e.inner_text()[:80] for e in code]
    guide.scroll_into_view_if_needed()
    before = guide_result(page)
    assert "Boiling: Not allowed" not in before, before

    # It is live: choosing another material changes the result (the kernel answers).
    guide.query_selector("select").select_option(label="Sealed wood")
    page.wait_for_function(
        f"() => document.querySelector('{GUIDE}').innerText.includes('Boiling: Not allowed')", timeout=30_000
    )
    assert guide_result(page) != before
    shot(page, tmp_path, "slides-widget.png")
    assert hosts == {"127.0.0.1"}, f"the slideshow contacted other hosts: {hosts}"
    page.close()


@pytest.mark.browser
@pytest.mark.lesson("04_hygiene", uses=(".coursekit-cleaning-guide",))
def test_widgets_work_in_jupyterlab_with_code_collapsed(lesson_page, tmp_path):
    # Projecting JupyterLab itself also works: each code cell is collapsed, and its widget works.
    page, hosts = lesson_page
    guide = wait_for_widget(page, ".coursekit-cleaning-guide", tmp_path)
    page.wait_for_selector(".coursekit-selfcheck", timeout=120_000)
    cells = page.query_selector_all(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell")
    assert cells and all(c.query_selector(".jp-InputPlaceholder") for c in cells), "a code cell opened expanded"
    assert not any(e.is_visible() for e in page.query_selector_all(".jp-CodeCell .jp-InputArea-editor"))
    guide.scroll_into_view_if_needed()
    guide.query_selector("select").select_option(label="Sealed wood")
    page.wait_for_function(
        "() => document.querySelector('.coursekit-cleaning-guide').textContent.includes('Boiling: Not allowed')",
        timeout=30_000,
    )
    shot(page, tmp_path, "lab-collapsed-widget.png")
    assert_page_clean(page, hosts)
