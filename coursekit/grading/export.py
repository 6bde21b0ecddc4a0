"""One grades file an LMS can take: an nbgrader export plugin with a status for every row.

    nbgrader export --exporter=coursekit.grading.export.LmsExport --to grades.csv
    nbgrader export --exporter=coursekit.grading.export.LmsExport --LmsExport.layout=canvas --to canvas.csv
    nbgrader export --exporter=coursekit.grading.export.LmsExport --LmsExport.layout=moodle --to moodle.csv

Run it from the course folder (``grading/``), or use ``coursekit-nbgrader`` from the repository root.

``layout=rows`` (the default) writes one row per student and quiz, with a ``status``:

- ``graded``: autograded, and any written answer marked; ``score`` is final (late penalty taken off);
- ``written answer not yet marked``: autograded, a person still has to mark the written answer in
  formgrader; ``raw_score`` is the points so far and ``score`` stays empty;
- ``failed``: the last ``coursekit-grade`` run could not grade it (``reason`` says why; the log is in
  ``autograde-logs/``); no score, so a failure never reads as a zero. A submission graded after
  that run by plain ``nbgrader autograde`` (its autograded notebook is newer) counts as graded;
- ``not graded yet``: collected, but no finished autograde run has graded it;
- ``not submitted``: nothing collected; empty score (or 0 with ``--LmsExport.missing_as_zero=True``).

``layout=canvas`` and ``layout=moodle`` write one row per student and one column per quiz, the
shape both gradebooks import. Only final scores are filled in: every other cell stays empty, so
an import never overwrites a grade with a failure or a half-marked quiz. Students are matched by
the ``lms_user_id`` that nbgrader keeps for each student (Canvas: the column set by
``--LmsExport.canvas_id``; Moodle: "ID number").
"""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.plugins import ExportPlugin
from traitlets import Bool, Enum, Unicode

from coursekit.grading import ledger

ROW_COLUMNS = (
    "assignment",
    "duedate",
    "student_id",
    "lms_user_id",
    "last_name",
    "first_name",
    "email",
    "status",
    "timestamp",
    "raw_score",
    "late_penalty",
    "score",
    "max_score",
    "reason",
)
CANVAS_FIXED = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
MOODLE_FIXED = ("ID number", "Email address", "First name", "Last name")


def _num(value) -> str:
    return "" if value is None else f"{float(value):g}"


def _time(value) -> str:
    return "" if value is None else value.strftime("%Y-%m-%d %H:%M:%S")


def _graded_since(entry: dict[str, str], course: Path, sub) -> bool:
    """A submission the ledger calls failed was graded later outside coursekit-grade (plain nbgrader)."""
    if sub is None or not entry.get("updated"):
        return False
    when = datetime.strptime(entry["updated"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC).timestamp()
    folder = Path(course) / "autograded" / sub.student.id / sub.assignment.name
    return any(nb.stat().st_mtime > when for nb in folder.glob("*.ipynb"))


def collect(
    gb: Gradebook,
    course: Path,
    assignments: list[str] | None = None,
    students: list[str] | None = None,
    missing_as_zero: bool = False,
) -> list[dict[str, str]]:
    """One row (a dict of :data:`ROW_COLUMNS`) per student and quiz in the gradebook.

    Parameters
    ----------
    gb : nbgrader.api.Gradebook
        An open gradebook.
    course : Path
        The course folder: its ledger (:mod:`coursekit.grading.ledger`) says which submissions
        failed, and ``submitted/`` which were collected.
    assignments, students : list of str, optional
        Only these (default: every one in the gradebook).
    missing_as_zero : bool
        Score a quiz that was never submitted 0 instead of leaving it empty.
    """
    status_of = ledger.read(course)
    rows = []
    for assignment in sorted(gb.assignments, key=lambda a: (a.duedate is None, a.duedate, a.name)):
        if assignments and assignment.name not in assignments:
            continue
        for student in sorted(gb.students, key=lambda s: s.id):
            if students and student.id not in students:
                continue
            row = dict.fromkeys(ROW_COLUMNS, "")
            row.update(
                assignment=assignment.name,
                duedate=_time(assignment.duedate),
                student_id=student.id,
                lms_user_id=student.lms_user_id or "",
                last_name=student.last_name or "",
                first_name=student.first_name or "",
                email=student.email or "",
                max_score=_num(assignment.max_score),
            )
            entry = status_of.get((assignment.name, student.id), {})
            try:
                sub = gb.find_submission(assignment.name, student.id)
            except MissingEntry:
                sub = None
            if entry.get("status") in ("failed", "not graded yet") and not _graded_since(entry, course, sub):
                row.update(status=entry["status"], reason=entry.get("reason", ""))
            elif sub is None:
                collected = (Path(course) / "submitted" / student.id / assignment.name).is_dir()
                if collected:
                    row.update(status="not graded yet", reason="collected; run coursekit-grade")
                else:
                    row.update(status="not submitted", score="0" if missing_as_zero else "")
            else:
                penalty = sub.late_submission_penalty or 0.0
                row.update(timestamp=_time(sub.timestamp), raw_score=_num(sub.score), late_penalty=_num(penalty))
                if sub.needs_manual_grade:
                    row.update(status="written answer not yet marked", reason="mark it in formgrader")
                else:
                    row.update(status="graded", score=_num(max(0.0, sub.score - penalty)))
            rows.append(row)
    return rows


def wide(rows: list[dict[str, str]], layout: str, canvas_id: str = "SIS User ID") -> tuple[list[str], list[list[str]]]:
    """Canvas or Moodle shape: one row per student, one column per quiz, final scores only.

    >>> r = [{"assignment": "q1", "student_id": "s", "lms_user_id": "42", "last_name": "Li",
    ...       "first_name": "Jo", "email": "jo@example.org", "status": "graded", "score": "5"}]
    >>> wide(r, "moodle")
    (['ID number', 'Email address', 'First name', 'Last name', 'q1'], [['42', 'jo@example.org', 'Jo', 'Li', '5']])
    """
    quizzes = list(dict.fromkeys(r["assignment"] for r in rows))
    people: dict[str, dict] = {}
    for r in rows:
        person = people.setdefault(r["student_id"], {"row": r, "scores": {}})
        person["scores"][r["assignment"]] = r["score"] if r["status"] == "graded" else ""
    table = []
    for person in people.values():
        r, scores = person["row"], person["scores"]
        if layout == "canvas":
            ids = {"ID": "", "SIS User ID": "", "SIS Login ID": ""}
            ids[canvas_id] = r["lms_user_id"]
            name = ", ".join(p for p in (r["last_name"], r["first_name"]) if p) or r["student_id"]
            fixed = [name, ids["ID"], ids["SIS User ID"], ids["SIS Login ID"], ""]
        else:
            fixed = [r["lms_user_id"], r["email"], r["first_name"], r["last_name"]]
        table.append(fixed + [scores.get(q, "") for q in quizzes])
    header = list(CANVAS_FIXED if layout == "canvas" else MOODLE_FIXED) + quizzes
    return header, table


def write(path: Path, rows: list[dict[str, str]], layout: str = "rows", canvas_id: str = "SIS User ID") -> None:
    """Write ``rows`` (from :func:`collect`) as one CSV in the chosen layout (UTF-8, comma-separated)."""
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        if layout == "rows":
            writer.writerow(ROW_COLUMNS)
            writer.writerows([r[c] for c in ROW_COLUMNS] for r in rows)
            return
        header, table = wide(rows, layout, canvas_id)
        writer.writerow(header)
        writer.writerows(table)


class LmsExport(ExportPlugin):
    """nbgrader export plugin: one CSV with a status per student and quiz, or an LMS import layout."""

    layout = Enum(
        ["rows", "canvas", "moodle"], default_value="rows", help="rows (one per student and quiz), canvas or moodle"
    ).tag(config=True)
    canvas_id = Enum(
        ["SIS User ID", "ID", "SIS Login ID"],
        default_value="SIS User ID",
        help="the Canvas column that holds each student's lms_user_id",
    ).tag(config=True)
    missing_as_zero = Bool(False, help="score a quiz that was never submitted 0 instead of empty").tag(config=True)
    course = Unicode("", help="course folder with the autograde ledger (default: nbgrader's course root)").tag(
        config=True
    )

    def course_root(self) -> Path:
        if self.course:
            return Path(self.course)
        coursedir = getattr(self.parent, "coursedir", None)
        return Path(coursedir.root) if coursedir is not None else Path.cwd()

    def export(self, gradebook: Gradebook) -> None:
        dest = self.to or "grades.csv"
        rows = collect(
            gradebook,
            self.course_root(),
            [str(a) for a in self.assignment],
            [str(s) for s in self.student],
            self.missing_as_zero,
        )
        if self.layout != "rows":
            unmatched = sorted({r["student_id"] for r in rows if not r["lms_user_id"]})
            if unmatched:
                self.log.warning("No lms_user_id for %s: the LMS cannot match these rows", ", ".join(unmatched))
        write(Path(dest), rows, self.layout, self.canvas_id)
        counts: dict[str, int] = {}
        for r in rows:
            counts[r["status"]] = counts.get(r["status"], 0) + 1
        self.log.info("Wrote %s (%s layout): %s", dest, self.layout, ", ".join(f"{v} {k}" for k, v in counts.items()))
