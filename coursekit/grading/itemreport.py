"""Item analysis of a graded class, as a CSV and an HTML page with charts.

    coursekit-items [ASSIGNMENT ...] [--course grading] [--out DIR]
    coursekit-items --simulate 120 [--seed 1]     # a made-up class, to see what the report looks like
    python -m coursekit.grading.itemreport ...    # the same

Scores come from the gradebook (what the marking gave); the options each student chose are read
from the answer cells of the autograded notebooks as data (``ast.literal_eval``: nothing a student
wrote is run). The report names no student. Output: ``<out>/item-analysis.csv`` and
``<out>/item-analysis.html`` (plotly.js inside the page: it opens offline and loads nothing).
"""

from __future__ import annotations

import argparse
import ast
import html
import sys
from pathlib import Path

import nbformat

from coursekit import __version__
from coursekit.course.banks import load_bank
from coursekit.course.data import BANKS
from coursekit.course.questions import normalise
from coursekit.grading.analysis import FEW, TOO_EASY, TOO_HARD, ItemStats, Response, analyse, write_csv


def banks(names: list[str] | None = None) -> list[dict]:
    """The graded banks to analyse (default: every one)."""
    paths = sorted(BANKS.glob("*.yaml"))
    return [load_bank(p) for p in paths if not names or p.stem in names]


def answer_value(source: str):
    """The literal a student assigned to ``answer_N`` last in a cell, or None; never runs the code.

    >>> sorted(answer_value("# Your answer\\nanswer_3 = {'a', 'c'}"))
    ['a', 'c']
    >>> answer_value("answer_1 = open('x').read()") is None
    True
    """
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return None
    for node in reversed(tree.body):
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and node.targets[0].id.startswith("answer_")
        ):
            try:
                return ast.literal_eval(node.value)
            except (ValueError, TypeError, SyntaxError, RecursionError):
                return None
    return None


def chosen_keys(q, value) -> tuple[str, ...]:
    """The option keys a response picked, in canonical form; empty when it is not gradable."""
    try:
        value = normalise(q, value)
    except ValueError:
        return ()
    if q.type == "truefalse":
        return ("true" if value else "false",)
    return (value,) if q.type == "single" else tuple(value)


def course_config(course: Path) -> tuple[str, str]:
    """nbgrader's db_url and course_id from the course's nbgrader_config.py."""
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config()
    url = config.CourseDirectory.get("db_url") or f"sqlite:///{course / 'gradebook.db'}"
    return url, config.CourseDirectory.get("course_id") or "default_course"


def course_responses(course: Path, bank_list: list[dict], notebook: str = "quiz") -> list[Response]:
    """Every scored answer in the course's gradebook, with the options read from autograded notebooks.

    A written answer not yet marked is left out; so is a submission missing from the gradebook.
    """
    from nbgrader.api import Gradebook, MissingEntry

    url, course_id = course_config(course)
    out = []
    with Gradebook(url, course_id) as gb:
        for bank in bank_list:
            module = bank["module"]
            try:
                submissions = gb.assignment_submissions(module)
            except MissingEntry:
                continue
            for sub in submissions:
                student = sub.student.id
                path = Path(course) / "autograded" / student / module / f"{notebook}.ipynb"
                cells = {}
                if path.is_file():
                    nb = nbformat.read(path, as_version=4)
                    cells = {c.metadata.get("nbgrader", {}).get("grade_id"): c.source for c in nb.cells}
                for q in bank["questions"]:
                    try:
                        grade = gb.find_grade(q.grade_id, notebook, module, student)
                    except MissingEntry:
                        continue
                    if grade.needs_manual_grade:
                        continue
                    value = answer_value(cells.get(f"{q.grade_id}_answer", "")) if q.type != "short" else None
                    chosen = chosen_keys(q, value) if q.type != "short" else ()
                    out.append(Response(student, module, q.id, chosen, float(grade.score), float(q.points)))
    return out


# ---------------------------------------------------------------------------------------------
# The HTML page
# ---------------------------------------------------------------------------------------------


def _label(number: int, s: ItemStats) -> str:
    return f"{s.assignment} Q{number}"


def figures(items: list[ItemStats]) -> list:
    """Plotly figures: difficulty per question, difficulty against discrimination, option choices per quiz."""
    import plotly.graph_objects as go

    labels = []
    for module in dict.fromkeys(s.assignment for s in items):
        labels += [(n, s) for n, s in enumerate((s for s in items if s.assignment == module), start=1)]
    names = [_label(n, s) for n, s in labels]
    diff = go.Figure(
        go.Bar(x=names, y=[s.difficulty for _, s in labels], text=[", ".join(s.flags[:2]) for _, s in labels])
    )
    diff.add_hline(y=TOO_EASY, line_dash="dash", annotation_text=f"too easy above {TOO_EASY:g}")
    diff.add_hline(y=TOO_HARD, line_dash="dot", annotation_text=f"too hard below {TOO_HARD:g}")
    diff.update_layout(title="Difficulty: share of the points earned", yaxis_range=[0, 1.05], xaxis_title="question")
    scatter = go.Figure(
        go.Scatter(
            x=[s.difficulty for _, s in labels],
            y=[s.discrimination for _, s in labels],
            mode="markers+text",
            hovertext=names,
            text=[_label(n, s) if s.flags else "" for n, s in labels],  # names on the flagged ones only
            textposition="top center",
        )
    )
    scatter.add_hline(y=0, line_dash="dash", annotation_text="below this line: stronger students did worse")
    scatter.update_layout(
        title="Difficulty against discrimination (hover for the question)",
        xaxis_title="difficulty",
        yaxis_title="point-biserial",
    )
    per_quiz = []
    for module in dict.fromkeys(s.assignment for _, s in labels):
        xs, ys, texts = [], [], []
        for n, s in labels:
            if s.assignment != module or not s.options:
                continue
            total = sum(s.options.values()) if s.type != "multiple" else s.n
            for key, count in s.options.items():
                xs.append(f"Q{n} {key}")
                ys.append(count / max(total, 1))
                texts.append(f"{count} key" if key in s.keyed else str(count))
        fig = go.Figure(go.Bar(x=xs, y=ys, text=texts))
        fig.update_layout(
            title=f"{module}: how often each option was chosen ('key' marks the keyed options; ordering: put first)",
            yaxis_title="share of answers",
            yaxis_range=[0, 1.05],
        )
        per_quiz.append(fig)
    return [diff, scatter, *per_quiz]


def page(items: list[ItemStats], title: str, note: str = "") -> str:
    """A self-contained HTML page: a table of every question with its flags, then the charts."""
    parts = []
    for i, fig in enumerate(figures(items)):
        parts.append(fig.to_html(full_html=False, include_plotlyjs=(i == 0)))  # plotly.js once, inline
    rows = "\n".join(
        "<tr>"
        + "".join(
            f"<td>{html.escape(str(v))}</td>"
            for v in (
                s.assignment,
                s.question,
                s.type,
                s.n,
                "" if s.difficulty is None else f"{s.difficulty:.2f}",
                "" if s.discrimination is None else f"{s.discrimination:.2f}",
                "" if s.upper_lower is None else f"{s.upper_lower:.2f}",
                " ".join(f"{k}={v}" for k, v in s.options.items()),
                "; ".join(s.flags) or "none",
            )
        )
        + "</tr>"
        for s in items
    )
    head = "".join(
        f"<th>{h}</th>"
        for h in ("Quiz", "Question", "Type", "n", "Difficulty", "Discrimination", "Upper-lower", "Options", "Flags")
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>body{{font-family:sans-serif;max-width:70rem;margin:auto;padding:1rem}}
table{{border-collapse:collapse}}td,th{{border:1px solid #999;padding:.2rem .4rem;font-size:.9rem}}</style>
</head><body>
<h1>{html.escape(title)}</h1>
{f"<p><strong>{html.escape(note)}</strong></p>" if note else ""}
<p>Difficulty is the share of the points the class earned (1 = everyone right). Discrimination is the
point-biserial correlation between a question's score and the rest of the quiz: above 0.2 the question
tells stronger students from weaker ones, below 0 stronger students did worse on it (check the key and
the wording). Upper-lower is the difficulty in the top 27% of the class minus the bottom 27%.
The flags use course defaults (too easy above {TOO_EASY:g}, too hard below {TOO_HARD:g}; fewer than
{FEW} answers is too few to trust): they point at questions to reread, they are not verdicts.
No student is named here.</p>
<table><thead><tr>{head}</tr></thead><tbody>
{rows}
</tbody></table>
{"".join(parts)}
</body></html>
"""


def main(argv: list[str] | None = None, prog: str = "python -m coursekit.grading.itemreport") -> int:
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.split("\n")[0])
    parser.add_argument("assignments", nargs="*", help="e.g. 01_anatomy (default: every graded bank)")
    parser.add_argument("--course", type=Path, help="folder with nbgrader_config.py (default: ./grading)")
    parser.add_argument("--out", type=Path, help="output folder (default: <course>/item-analysis)")
    parser.add_argument("--simulate", type=int, metavar="N", help="analyse a simulated class of N students instead")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the simulated class")
    parser.add_argument("--version", action="version", version=f"{parser.prog} (coursekit) {__version__}")
    args = parser.parse_args(argv)
    known = {p.stem for p in BANKS.glob("*.yaml")}
    unknown = sorted(set(args.assignments) - known)
    if unknown:
        parser.error(f"no graded bank for {', '.join(unknown)}; banks: {', '.join(sorted(known))}")
    selected = banks(args.assignments)
    course = (args.course or Path.cwd() / "grading").resolve()
    if args.simulate:
        from coursekit.grading.simclass import simulate

        if args.simulate < 2:
            parser.error("--simulate needs at least 2 students")
        responses = simulate(selected, args.simulate, args.seed)
        title, note = "Item analysis (simulated class)", f"A simulated class of {args.simulate}: not real answers."
    else:
        if not (course / "nbgrader_config.py").is_file():
            parser.error(f"{course} has no nbgrader_config.py: point --course at the course folder")
        responses = course_responses(course, selected)
        title, note = "Item analysis", ""
        if not responses:
            print("No graded answers yet: run coursekit-grade first.", file=sys.stderr)
            return 1
    items = [s for bank in selected for s in analyse(bank, responses)]
    out = args.out or course / "item-analysis"
    out.mkdir(parents=True, exist_ok=True)
    write_csv(out / "item-analysis.csv", items)
    (out / "item-analysis.html").write_text(page(items, title, note), encoding="utf-8")
    flagged = [s for s in items if any(not f.startswith("few answers") for f in s.flags)]
    for s in flagged:
        print(f"{s.question}: {'; '.join(s.flags)}")
    print(f"{len(items)} questions, {len(flagged)} flagged. Wrote {out / 'item-analysis.csv'} and .html")
    return 0


def cli() -> int:
    """The ``coursekit-items`` console command."""
    return main(prog="coursekit-items")


if __name__ == "__main__":
    sys.exit(main())
