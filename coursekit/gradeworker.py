"""A long-lived autograde worker: nbgrader's own Python API, one submission per request.

Started by :mod:`coursekit.grade` in the course folder, never by hand::

    python -m coursekit.gradeworker        # cwd: the folder holding nbgrader_config.py

It reads one JSON request per line on stdin, ``{"assignment": "01_anatomy", "student": "s01"}``,
grades it with :meth:`nbgrader.apps.NbGraderAPI.autograde` (the same converter, preprocessors and
config as ``nbgrader autograde``), and answers one JSON line: ``{"success": bool, "log": str}``.
Its first line, once nbgrader is loaded, is ``{"ready": true, "db_url": ..., "course_id": ...}``.

Why a worker: starting Python, importing nbgrader and loading the config takes about 2 s, longer
than grading one quiz. A worker pays that once for the whole run instead of once per process.

Anything else written to stdout (a kernel's warnings, say) is moved to stderr, so the answers
channel carries answers only. SIGINT (the parent's Ctrl-C) ends the worker without an answer;
nbgrader's kernel clean-up still runs on the way out.
"""

from __future__ import annotations

import json
import os
import signal
import sys


def main() -> int:
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)  # fd 1 now goes to stderr, for this process and the kernels it starts

    stopping = False

    def on_sigint(signum, frame):
        nonlocal stopping
        stopping = True
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, on_sigint)
    try:
        from nbgrader.apps import NbGraderAPI
        from nbgrader.apps.autogradeapp import AutogradeApp

        # Initialising the app loads nbgrader_config.py from the working folder and the Jupyter
        # config paths exactly as the command line does; the API then borrows its config.
        app = AutogradeApp()
        # nbgrader only logs a config file that fails to load and goes on with defaults (another
        # gradebook, no cell timeout, feedback showing hidden tests): here that stops the worker.
        app.raise_config_file_errors = True
        app.initialize([])
        api = NbGraderAPI(coursedir=app.coursedir, parent=app)
        # The parent's timeouts start from here; it reads the gradebook nbgrader's config chose.
        ready = {"ready": True, "db_url": app.coursedir.db_url, "course_id": app.coursedir.course_id}
        answers.write(json.dumps(ready) + "\n")
        answers.flush()
        for line in sys.stdin:
            if not line.strip():
                continue
            request = json.loads(line)
            # nbgrader's capture_log catches every exception, KeyboardInterrupt included.
            result = api.autograde(request["assignment"], request["student"], force=True, create=True)
            if stopping:
                return 130
            text = "\n".join(part for part in (result.get("log", ""), result.get("error", "")) if part)
            answers.write(json.dumps({"success": bool(result["success"]), "log": text}) + "\n")
            answers.flush()
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
