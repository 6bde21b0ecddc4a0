"""Turn a graded bank (grading/banks/<module>.yaml) into an nbgrader master notebook."""

from __future__ import annotations

import json

import nbformat

from coursekit.course.citations import cite
from coursekit.course.questions import Question
from coursekit.grading.checks import FORM_HINTS, digest
from coursekit.grading.rubric import rubric_cell

SCHEMA_VERSION = 3
HEADER = """# {title}

This graded quiz belongs to an **adults-only (18+)** course. It tests what the lesson taught; it
is not medical advice. If something in it concerns your own health, a sexual-health clinic or
your doctor can help.

**How to answer.** Each question has an answer cell: replace `None` with your answer, in the form
the comment asks for, then run the cell and the check cell under it. The check only tells you
whether your answer has the right *form*; the marking happens later, out of sight. The last
question is a short written answer, marked by a person against a rubric.

Total: {total} points."""

SETUP = (
    "# Run this cell first: it loads the answer-form checks.\n"
    "from coursekit.grading.checks import check_answer, check_form"
)


def _meta(grade_id: str, *, solution=False, grade=False, locked=False, points=None) -> dict:
    meta = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": SCHEMA_VERSION,
        "solution": solution,
    }
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def _cell(kind: str, source: str, cell_id: str, meta: dict) -> nbformat.NotebookNode:
    maker = nbformat.v4.new_markdown_cell if kind == "markdown" else nbformat.v4.new_code_cell
    cell = maker(source=source, metadata=meta)
    cell["id"] = cell_id.replace("_", "-")  # stable ids keep regenerated files identical
    return cell


def prompt_markdown(number: int, q: Question) -> str:
    lines = [f"## Question {number} ({q.points} point{'s' if q.points != 1 else ''})", "", q.prompt]
    if q.options:
        lines.append("")
        lines += [f"- **{o.key}**: {o.text}" for o in q.options]
    if q.type == "truefalse":
        lines += ["", "Answer `True` or `False`."]
    return "\n".join(lines)


def answer_source(number: int, q: Question) -> str:
    var = f"answer_{number}"
    value = (
        repr(q.answer)
        if q.type in ("single", "truefalse")
        else ("{" + ", ".join(repr(k) for k in q.answer) + "}" if q.type == "multiple" else repr(list(q.answer)))
    )
    return f"# Your answer: {FORM_HINTS[q.type]}.\n{var} = None\n### BEGIN SOLUTION\n{var} = {value}\n### END SOLUTION"


def test_source(number: int, q: Question) -> str:
    var = f"answer_{number}"
    keys = "".join(q.keys) if q.type != "truefalse" else ""
    return (
        f"# Checks that answer_{number} has the right form. The marking tests are hidden.\n"
        f"check_form({q.type!r}, {keys!r}, {var})\n"
        "### BEGIN HIDDEN TESTS\n"
        f"assert check_answer({q.id!r}, {q.type!r}, {keys!r}, {var}, {digest(q.id, q.answer)!r}), "
        '"Not the expected answer."\n'
        "### END HIDDEN TESTS"
    )


def manual_source(q: Question) -> str:
    rubric = "\n".join(f"- ({p} pt) {c}" for p, c in q.rubric)
    return f"**Model answer.** {q.model_answer}\n\n**Rubric.**\n{rubric}"


def make_master(bank: dict) -> nbformat.NotebookNode:
    """Build the master (instructor) notebook for a graded bank.

    >>> from coursekit.course.data import BANKS
    >>> from coursekit.course.banks import load_bank
    >>> nb = make_master(load_bank(BANKS / "01_anatomy.yaml"))
    >>> sum(c.metadata["nbgrader"].get("points", 0) for c in nb.cells) > 0
    True
    """
    questions = bank["questions"]
    total = sum(q.points for q in questions)
    cells = [
        _cell("markdown", HEADER.format(title=bank["title"], total=total), "header", _meta("header", locked=True)),
        _cell("code", SETUP, "setup", _meta("setup", locked=True)),
    ]
    for n, q in enumerate(questions, start=1):
        gid = q.grade_id
        if q.type == "short":
            cells.append(_cell("markdown", prompt_markdown(n, q), f"{gid}-prompt", _meta(f"{gid}_prompt", locked=True)))
            cells.append(
                _cell("markdown", manual_source(q), gid, _meta(gid, solution=True, grade=True, points=q.points))
            )
            cells.append(rubric_cell(q))  # the rubric and model answer under the answer, in formgrader
            continue
        cells.append(_cell("markdown", prompt_markdown(n, q), f"{gid}-prompt", _meta(f"{gid}_prompt", locked=True)))
        cells.append(_cell("code", answer_source(n, q), f"{gid}-answer", _meta(f"{gid}_answer", solution=True)))
        cells.append(_cell("code", test_source(n, q), gid, _meta(gid, grade=True, locked=True, points=q.points)))
    refs = sorted({r for q in questions for r in q.refs})
    cells.append(
        _cell(
            "markdown",
            "## Sources for this quiz\n\n" + "\n".join(f"- {cite([r])}: `{r}`" for r in refs),
            "sources",
            _meta("sources", locked=True),
        )
    )
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    return nb


def dumps(nb: nbformat.NotebookNode) -> str:
    """Serialise a notebook the way nbformat writes it, so regeneration is byte-stable."""
    return json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
