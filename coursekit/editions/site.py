"""The reader edition: every lesson as a static web page, executed at build time, with no code shown.

    python -m coursekit.editions.site                 build site/ (make site)
    python -m coursekit.editions.site --out DIR       build somewhere else
    python -m coursekit.editions.site --lite URL      where each lesson's interactive version lives

The tool is nbconvert, with the course's template (``site_template/coursekit-site``, based on
nbconvert's own ``lab`` template). Each lesson runs once in a fresh kernel (nbclient, widget state
kept); then a preprocessing step replaces what needs Python in the browser:

- widgets become their starting state in words, with a pointer to the interactive edition
  (``site_widgets.widget_html``); self-checks become plain HTML questions whose answer and reasoning
  open on request (``site_widgets.selfcheck_html``);
- plotly figures are drawn by ``assets/plotly.min.js``, copied from the installed plotly package, so
  nothing is fetched from a CDN; each figure's text description stays under it. Only a page with a
  figure loads it (4.8 MB, about 3 CPU-seconds of a page load on a small laptop).

The home page, the glossary and "where to get care" come from the data files (``site_pages``). Pages
link to each other with relative addresses and load nothing from elsewhere, so the folder works
from any static server and opened straight from disk (``file://``). The link to a lesson's
interactive version defaults to the JupyterLite edition beside this folder (``LITE``).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path

import jinja2
import nbformat
import plotly
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, DeadKernelError
from nbconvert import HTMLExporter

from coursekit.course import kernelpoll
from coursekit.course.strings import table
from coursekit.editions import site_pages, site_widgets
from coursekit.editions.slides import CREDIT, lessons

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "site"
TEMPLATES = Path(__file__).resolve().parent / "site_template"
TEMPLATE = "coursekit-site"
# The JupyterLite edition (coursekit/editions/lite.py) built beside site/, as lite/.
# workspace= as well as path=: without it JupyterLite reopens the last lesson this browser had open.
LITE = "../lite/lab/index.html?workspace={lesson}&path={lesson}/lesson.ipynb"
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
SELFCHECK = re.compile(r"""^\s*selfcheck\.show\(["'](\w+)["']\)\s*$""")
# Notebook wording that does not fit a web page: a line that asks to run a cell is dropped.
RUN_CELL = re.compile(r"^Run the next cell once\b[^\n]*\n?", re.M)
WORDING = {"In this notebook": "In this lesson", "in this notebook": "in this lesson"}


def reader_wording(source: str) -> str:
    """A markdown cell's text for the web page: no request to run a cell, "lesson" for "notebook"."""
    source = RUN_CELL.sub("", source)
    for old, new in WORDING.items():
        source = source.replace(old, new)
    return source


class BuildError(RuntimeError):
    """A lesson failed to run or printed an error while the site was built."""


def execute(path: Path, timeout: int = 120, attempts: int = 2) -> nbformat.NotebookNode:
    """Run a lesson in a fresh kernel, in a scratch folder, keeping the widget state.

    A kernel that dies or stops answering (seen on a crowded machine) is replaced once.
    """
    kernelpoll.install()  # a reply's lost wake-up would otherwise cost a whole cell timeout
    for attempt in range(attempts):
        nb = nbformat.read(path, as_version=4)
        with tempfile.TemporaryDirectory(prefix="coursekit-site-") as cwd:
            # Unix sockets, not TCP ports: on a busy machine another kernel can take a port between
            # jupyter_client choosing it and the kernel binding it, and the lesson then waits forever.
            km = AsyncKernelManager(kernel_name="python3", transport="ipc", ip=str(Path(cwd) / "kernel"))
            client = NotebookClient(nb, km=km, timeout=timeout, startup_timeout=60, store_widget_state=True,
                                    resources={"metadata": {"path": cwd}})  # fmt: skip
            try:
                client.execute()
                break
            except CellExecutionError as err:
                raise BuildError(f"{path.parent.name}: {err.ename}: {err.evalue}") from err
            except (TimeoutError, DeadKernelError, RuntimeError) as err:
                if attempt + 1 == attempts:
                    raise BuildError(f"{path.parent.name}: the kernel did not finish: {err}") from err
            finally:  # a kernel manager passed in is not shut down by nbclient
                if km.has_kernel:
                    run_sync(km.shutdown_kernel)(now=True)
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.output_type == "error" or (out.output_type == "stream" and out.name == "stderr"):
                raise BuildError(f"{path.parent.name}, cell {cell.id}: {out.get('ename') or out.get('text', '')[:300]}")
    return nb


def execute_apart(path: Path, seconds: int = 300, attempts: int = 2) -> nbformat.NotebookNode:
    """:func:`execute` in a process of its own, stopped and retried once if it takes too long.

    A lesson takes about 5 to 10 s on a quiet machine. On one loaded far past its cores (a load of 9 on
    2), importing alone took 17 s and a lesson's process a minute or more, so the limit is generous:
    it exists only to end a kernel that has truly stopped answering, and that lesson is run again.
    """
    with tempfile.TemporaryDirectory(prefix="coursekit-site-") as tmp:
        out = Path(tmp) / "executed.ipynb"
        cmd = [sys.executable, "-m", "coursekit.editions.site", "--execute", str(path), "--to", str(out)]
        for attempt in range(attempts):
            try:
                run = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds)
            except subprocess.TimeoutExpired:
                if attempt + 1 == attempts:
                    raise BuildError(f"{path.parent.name}: did not finish in {seconds} s, twice") from None
                continue
            if run.returncode != 0:
                raise BuildError(run.stderr.strip().splitlines()[-1] if run.stderr.strip() else path.parent.name)
            return nbformat.read(out, as_version=4)
    raise AssertionError("unreachable")


def prepare(nb: nbformat.NotebookNode, lite_url: str) -> nbformat.NotebookNode:
    """The executed lesson with static widgets, self-checks and figures, as plain HTML outputs."""
    states = site_widgets.widget_states(nb)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = reader_wording(cell.source)
        if cell.cell_type != "code":
            continue
        quiz = SELFCHECK.match(cell.source)
        if quiz:
            htmls = [site_widgets.selfcheck_html(quiz.group(1))]
        else:
            htmls = []
            for out in cell.outputs:
                data = out.get("data", {})
                if site_widgets.WIDGET_VIEW in data:
                    htmls.append(site_widgets.widget_html(states, data[site_widgets.WIDGET_VIEW]["model_id"], lite_url))
                else:
                    htmls.append(site_widgets.output_html(out, states))
        cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": h}) for h in htmls if h]
    nb.metadata.pop("widgets", None)
    return nb


def site_context(current: str, title: str, lesson_names: Mapping[str, str], **extra) -> dict:
    """What the layout needs: strings, navigation (with the current page), title, credit."""
    pages = [("index.html", site_pages.t("nav_home"))]
    pages += [(f"{name}.html", label) for name, label in lesson_names.items()]
    pages += [("glossary.html", site_pages.t("nav_glossary")), ("care.html", site_pages.t("nav_care"))]
    nav = [{"href": href, "label": label, "current": href == current} for href, label in pages]
    credit = (
        "<i>Safer anal training: an interactive course for adults</i>, by the coursekit contributors, licensed "
        '<a href="https://creativecommons.org/licenses/by-sa/4.0/">CC BY-SA 4.0</a>.'
    )
    assert "CC BY-SA 4.0" in CREDIT  # the same credit as the slides' title line
    return {"lang": "en", "t": table()["site"], "nav": nav, "title": title, "credit": credit, **extra}


def lesson_html(nb: nbformat.NotebookNode, context: dict) -> str:
    exporter = HTMLExporter(
        template_name=TEMPLATE,
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        exclude_anchor_links=True,
    )
    body, _ = exporter.from_notebook_node(nb, resources={"site": context})
    return body


def page_html(body: str, context: dict) -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES / TEMPLATE), autoescape=False)
    return env.get_template("page.html.j2").render(site=context, body=body)


def build(out: Path = OUT, lite: str = LITE, root: Path = ROOT) -> list[Path]:
    """Build the reader edition into ``out`` (replacing it); return the pages written."""
    paths = {p.parent.name: p for p in lessons(root)}
    names = {name: f"{name[:2]} {site_pages.lesson_title(p).split(':')[0]}" for name, p in paths.items()}
    executed = {name: execute_apart(path) for name, path in paths.items()}
    if out.exists():
        shutil.rmtree(out)
    (out / "assets").mkdir(parents=True)
    for static in (TEMPLATES / TEMPLATE / "static").iterdir():
        shutil.copy(static, out / "assets" / static.name)
    shutil.copy(PLOTLY_JS, out / "assets" / "plotly.min.js")
    written = []
    order = list(paths)
    for i, name in enumerate(order):
        lite_url = lite.format(lesson=name)
        nb = prepare(executed[name], lite_url)
        nav = {
            "previous": {"href": f"{order[i - 1]}.html", "label": names[order[i - 1]]} if i else None,
            "next": {"href": f"{order[i + 1]}.html", "label": names[order[i + 1]]} if i + 1 < len(order) else None,
        }
        context = site_context(f"{name}.html", site_pages.lesson_title(paths[name]), names, lite_url=lite_url,
                               plotly=site_widgets.has_figure(nb), **nav)  # fmt: skip
        written.append(out / f"{name}.html")
        written[-1].write_text(lesson_html(nb, context), encoding="utf-8")
    bodies = {
        "index.html": (site_pages.home_body(paths), site_pages.t("home_title")),
        "glossary.html": (site_pages.glossary_body(), site_pages.t("glossary_title")),
        "care.html": (site_pages.care_body(), site_pages.t("care_title")),
    }
    for filename, (body, title) in bodies.items():
        written.append(out / filename)
        written[-1].write_text(page_html(body, site_context(filename, title, names)), encoding="utf-8")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m coursekit.editions.site", description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=OUT, help="where to build (default: site/ in this checkout)")
    parser.add_argument("--lite", default=LITE, help="a lesson's interactive version; {lesson} is its folder name")
    parser.add_argument("--execute", type=Path, help=argparse.SUPPRESS)  # one lesson, for execute_apart
    parser.add_argument("--to", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.execute:
        try:
            nbformat.write(execute(args.execute), args.to)
        except BuildError as err:
            print(f"site not built: {err}", file=sys.stderr)
            return 1
        return 0
    start = time.perf_counter()
    try:
        pages = build(args.out, args.lite)
    except BuildError as err:
        print(f"site not built: {err}", file=sys.stderr)
        return 1
    print(
        f"built {len(pages)} pages in {args.out} ({time.perf_counter() - start:.0f} s); open {args.out / 'index.html'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
