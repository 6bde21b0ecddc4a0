"""Written answers with their rubric beside them in formgrader.

nbgrader's formgrader shows a submission's cells as they are; it never shows the master's solution.
So the rubric has to travel in the notebook, in a cell nbgrader itself puts back at autograde time.
:func:`rubric_cell` makes that cell, to go right under each written answer:

- a locked, hidden-tests *grade* cell worth 0 points (a code cell of comments: it runs in no time,
  scores 0 of 0 and never waits for a person);
- its visible part says a person marks the answer; the rubric's criteria and the model answer sit
  in a ``BEGIN HIDDEN TESTS`` region (the criteria name the points an answer should make).
  ``nbgrader generate_assignment`` saves the cell whole in the gradebook and strips the region from the students' copy;
  ``nbgrader autograde`` puts the saved source back into every locked cell (``OverwriteCells``);
  the course's feedback preprocessor (:class:`coursekit.grading.feedback.HideHiddenTests`) strips it
  again from the feedback students get.

So in formgrader the grader reads the criteria and the model answer right under the student's answer.
``coursekit.grading.masters.make_master`` appends :func:`rubric_cell` after each short answer's
solution cell (one line there; see the report for issue 15).
"""

from __future__ import annotations

import textwrap

import nbformat

SCHEMA_VERSION = 3


def _comment(text: str, width: int = 96) -> list[str]:
    return textwrap.wrap(text, width, initial_indent="# ", subsequent_indent="#   ") or ["#"]


def rubric_source(q) -> str:
    """The cell's code: comments only, the model answer inside the hidden region.

    >>> from coursekit.course.questions import Question
    >>> q = Question("x", "short", "Why?", "", (), points=2, grade_id="why",
    ...              rubric=((1, "Names a reason"), (1, "Gives a next step")), model_answer="Because.")
    >>> print(rubric_source(q))
    # The written answer above is marked by a person (2 points).
    ### BEGIN HIDDEN TESTS
    # Rubric (graders only):
    # - (1 pt) Names a reason
    # - (1 pt) Gives a next step
    # Model answer (graders only):
    # Because.
    ### END HIDDEN TESTS

    The criteria stay in the hidden region with the model answer: each names a point the answer
    should make, so showing them to students would give the answer away.
    """
    lines = [f"# The written answer above is marked by a person ({q.points} point{'s' if q.points != 1 else ''}).",
             "### BEGIN HIDDEN TESTS", "# Rubric (graders only):"]  # fmt: skip
    for points, criterion in q.rubric:
        lines += _comment(f"- ({points} pt) {criterion}")
    lines += ["# Model answer (graders only):", *_comment(q.model_answer)]
    return "\n".join([*lines, "### END HIDDEN TESTS"])


def rubric_cell(q) -> nbformat.NotebookNode:
    """The locked 0-point grade cell that carries a written question's rubric (see the module doc)."""
    meta = {
        "grade": True,
        "grade_id": f"{q.grade_id}_rubric",
        "locked": True,
        "points": 0,
        "schema_version": SCHEMA_VERSION,
        "solution": False,
    }
    cell = nbformat.v4.new_code_cell(source=rubric_source(q), metadata={"nbgrader": meta})
    cell["id"] = f"{q.grade_id}-rubric".replace("_", "-")
    return cell
