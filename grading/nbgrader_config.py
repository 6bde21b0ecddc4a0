"""nbgrader configuration for the course. Every path comes from this file's location."""

import os
from pathlib import Path

HERE = Path(__file__).resolve().parent
c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

c.CourseDirectory.root = str(HERE)
c.CourseDirectory.course_id = "safer-anal-training"
# sqlite by default; set COURSEKIT_DB_URL (e.g. postgresql+psycopg://...) for several graders.
c.CourseDirectory.db_url = os.environ.get("COURSEKIT_DB_URL") or f"sqlite:///{HERE / 'gradebook.db'}"

# The default /usr/local/share/nbgrader/exchange does not exist and breaks the assignment list.
c.Exchange.root = os.environ.get("COURSEKIT_EXCHANGE") or str(HERE / "exchange")
Path(c.Exchange.root).mkdir(parents=True, exist_ok=True)

# A cell that runs too long is interrupted and graded 0, and never sinks the whole submission.
c.Execute.timeout = int(os.environ.get("COURSEKIT_CELL_TIMEOUT", "30"))
c.Execute.raise_on_iopub_timeout = False

# Students delete cells; put grade cells back so the gradebook does not wait forever.
c.OverwriteCells.add_missing_cells = True

# Drop widget state and other notebook metadata from autograded copies (megabytes each).
c.ClearMetadataPreprocessor.enabled = True
c.ClearMetadataPreprocessor.clear_cell_metadata = False
c.ClearMetadataPreprocessor.preserve_nb_metadata_mask = {("kernelspec",), ("language_info",)}

# Answer cells start as `answer_N = None`; students replace the None.
c.ClearSolutions.code_stub = {"python": ""}
c.ClearSolutions.text_stub = "Write your answer here, in your own words."

# Feedback without hidden tests, mark schemes or revealing tracebacks.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "coursekit.grading.feedback.HideHiddenTests",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]
c.HideHiddenTests.enabled = True

# Student code runs in a bubblewrap sandbox, and answers are marked outside the student's kernel
# (coursekit.grading.execute). nbgrader's own steps stay as they are around it.
c.Autograde.autograde_preprocessors = [
    "coursekit.grading.execute.SandboxedExecute",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]
