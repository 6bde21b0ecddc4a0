# Two commands do everything (see README):  make course   and   make test
# make course installs only what the course needs to run (requirements.txt) into .venv;
# make test adds the test tools (requirements-test.txt). Both create .venv first if needed.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
RUNTIME := $(VENV)/.coursekit-runtime
TESTING := $(VENV)/.coursekit-test
MIN_PYTHON := 3.11
UV_VERSION := 0.13.8
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check
# The locked wheels go in with uv (about 20 s for the test set, against 90 s with pip). pip installs
# uv itself into .venv first; uv reads PyPI (or UV_DEFAULT_INDEX), not pip's configuration.
UV := $(BIN)/uv
INSTALL := $(UV) pip install --quiet --python $(BIN)/python --compile-bytecode

.PHONY: course slides test env check-python regenerate check-generated lock benchmark benchmark-grading benchmark-editions clean-grading help grade

help:
	@echo "make course      open the course in JupyterLab (creates .venv if needed; PORT=8890 for another port)"
	@echo "make slides      a lesson as projector slides, code hidden (LESSON=03_lubrication; default 00_welcome)"
	@echo "make handouts    printable A4 handouts (PDF) in handouts/: one per module, warning-signs card, glossary, local resources"
	@echo "make lite        the lessons as a static in-browser site in lite/ (JupyterLite; serve it with LITE_PORT=8000 make lite-serve)"
	@echo "make site        the reader edition: every lesson as an accessible static web page in site/ (no code, no network)"
	@echo "make test        run the whole test suite (adds the test tools to .venv)"
	@echo "make env         create .venv with what the course needs to run, and nothing else"
	@echo "make regenerate  rebuild graded masters and student quiz notebooks from grading/banks"
	@echo "make grade       autograde every collected submission in parallel (ASSIGNMENT=, WORKERS=)"
	@echo "make benchmark   time every notebook against an empty one"
	@echo "make benchmark-grading  serial nbgrader vs coursekit-grade (STUDENTS=200 for the full run)"
	@echo "make benchmark-editions  the reader site and the in-browser edition against JupyterLab (after make site lite)"
	@echo "make lock        regenerate requirements.txt and requirements-test.txt from pyproject.toml"

# Stops before anything is installed when the Python that would build .venv is missing or too old.
# An existing .venv is checked instead of $(PYTHON): it may have been made by an older Python.
check-python:
	@py="$(PYTHON)"; where="PYTHON=$(PYTHON)"; \
	if [ -x "$(BIN)/python" ]; then py="$(BIN)/python"; where="the existing $(VENV)"; fi; \
	if ! "$$py" -c 'import sys; sys.exit(sys.version_info[:2] < (3, 11))' >/dev/null 2>&1; then \
	  found=; command -v "$$py" >/dev/null 2>&1 && found=$$("$$py" --version 2>&1 | head -n 1); \
	  { echo; \
	    echo "This course needs Python $(MIN_PYTHON) or newer. $$where gives: $${found:-no Python found}"; \
	    echo "Nothing was installed."; \
	    echo; \
	    echo "  Linux:   install python3.11 or newer (and its venv package) with your package manager,"; \
	    echo "           then run: make course PYTHON=python3.12   (the name of the new command)"; \
	    echo "  macOS:   install Python from https://www.python.org/downloads/, then: make course PYTHON=python3.12"; \
	    echo "  Windows, or no make: use conda (README, \"Windows, or any computer without make\")."; \
	    if [ "$$py" = "$(BIN)/python" ]; then echo "  Then delete the old environment first: rm -rf $(VENV)"; fi; \
	    echo; } >&2; \
	  exit 1; \
	fi

env: $(RUNTIME)

$(RUNTIME): pyproject.toml requirements.txt jupyter/overrides.json
	@$(MAKE) --no-print-directory check-python PYTHON="$(PYTHON)" VENV="$(VENV)"
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	test -x $(UV) || $(PIP) uv==$(UV_VERSION)
	$(INSTALL) --no-deps -r requirements.txt
	$(INSTALL) --no-deps -e .
	# JupyterLab settings shipped with the course: no news feed, no update checks (as on Binder and conda).
	$(BIN)/python postBuild
	touch $@

$(TESTING): $(RUNTIME) requirements-test.txt
	$(INSTALL) --no-deps -r requirements-test.txt
	touch $@

# JupyterLab refuses to run as root without --allow-root (containers, some workshop machines).
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

course: $(RUNTIME)
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 $(ROOT_FLAG) --ServerApp.root_dir="$(CURDIR)" \
		$(if $(PORT),--ServerApp.port=$(PORT),) \
		--LabApp.default_url=/lab/tree/notebooks/00_welcome/lesson.ipynb

# A lesson as projector slides, widgets live (Voila's reveal.js slides, the course's template, nothing
# loaded from outside): make slides LESSON=03_lubrication. The slide metadata is refreshed first
# (coursekit/editions/slides.py). Voila runs the whole lesson before the first slide appears.
LESSON ?= 00_welcome
slides: $(RUNTIME)
	@test -f notebooks/$(LESSON)/lesson.ipynb || { echo "No lesson notebooks/$(LESSON)/lesson.ipynb (try LESSON=03_lubrication)" >&2; exit 1; }
	$(BIN)/python -m coursekit.editions.slides
	@echo "Space or the right arrow moves to the next slide; the widgets work on the slides. Ctrl+C stops."
	JUPYTER_PATH="$(CURDIR)/coursekit/editions" $(BIN)/voila notebooks/$(LESSON)/lesson.ipynb \
		--template=coursekit-slides --Voila.ip=127.0.0.1 $(if $(PORT),--port=$(PORT),)

# Printable handouts, A4 PDFs in handouts/ (git-ignored): one or two pages per module, a one-page
# warning-signs card, the glossary and a local-resources sheet to fill in. Rendered from the course's
# data (assets/data/handouts/ and the module data) and printed offline by Debian's Chromium through
# Playwright (a test tool, hence $(TESTING)); see coursekit/editions/handouts.py.
.PHONY: handouts
handouts: $(TESTING)
	$(BIN)/python -m coursekit.editions.handouts --out handouts

# The in-browser edition: a static JupyterLite site in lite/ (git-ignored), Python running in the
# learner's browser (Pyodide), every file vendored so it works offline. The build tools are pinned here
# (group "lite"); downloads (Pyodide from npm, wheels from PyPI) are cached in ~/.cache/coursekit/lite (COURSEKIT_LITE_CACHE),
# so later builds need no network. LITE_SITE='https://host/site/{lesson}.html' links each lesson back to
# its reader page (make site). See coursekit/editions/lite.py.
LITE := $(VENV)/.coursekit-lite
LITE_TOOLS := jupyterlite-core==0.8.6 jupyterlite-pyodide-kernel==0.8.6
LITE_PORT ?= 8000
.PHONY: lite lite-serve
$(LITE): $(RUNTIME)
	$(INSTALL) $(LITE_TOOLS)
	touch $@
lite: $(LITE)
	$(BIN)/python -m coursekit.editions.lite $(if $(LITE_SITE),--site '$(LITE_SITE)',)
lite-serve:
	@test -f lite/jupyter-lite.json || { echo "No lite/ yet: run make lite first" >&2; exit 1; }
	@echo "Open http://127.0.0.1:$(LITE_PORT)/lab/index.html?workspace=00_welcome&path=00_welcome/lesson.ipynb (Ctrl+C stops)"
	$(BIN)/python -m http.server $(LITE_PORT) --bind 127.0.0.1 --directory lite

# The reader edition: every lesson as a static web page in site/ (git-ignored), run at build time with
# the code hidden, widgets in their starting state, self-checks that need no kernel, plotly.js served
# from site/assets. Works from any static server or opened from disk. nbconvert with the course's
# template (coursekit/editions/site.py); citations are refreshed first (coursekit/editions/references.py).
# SITE_LITE='https://host/lite/lab/index.html?workspace={lesson}&path={lesson}/lesson.ipynb' changes each lesson's
# link to its interactive version (default: lite/ beside site/, as make lite builds it).
.PHONY: site
site: $(RUNTIME)
	$(BIN)/python -m coursekit.editions.references
	$(BIN)/python -m coursekit.editions.site --out site $(if $(SITE_LITE),--lite '$(SITE_LITE)',)

# The suite runs on every core (pytest-xdist); tests that share a JupyterLab, a graded class or a
# quiz's nbgrader course stay on one worker (tests/conftest.py). WORKERS=0 runs it in a single process.
test: $(TESTING)
	$(BIN)/python -m pytest -n $(or $(WORKERS),auto) --dist loadgroup

regenerate: $(RUNTIME)
	$(BIN)/coursekit-build

check-generated: $(RUNTIME)
	$(BIN)/coursekit-build --check

benchmark: $(RUNTIME)
	$(BIN)/python benchmarks/notebooks.py

# Serial nbgrader against coursekit-grade on a simulated class (STUDENTS=200 is the full run).
STUDENTS ?= 20
benchmark-grading: $(RUNTIME)
	$(BIN)/python benchmarks/grading.py --students $(STUDENTS)

# The web editions against the JupyterLab route, side by side in one run each (needs the browser, so
# the test tools): page weight and render time of site/, and start-up and download size of lite/.
benchmark-editions: $(TESTING)
	$(BIN)/python benchmarks/site.py
	$(BIN)/python benchmarks/lite.py

# Both lock files from pyproject.toml with uv, in a throwaway venv. Versions already pinned are
# kept; `make lock UPGRADE=1` moves everything to the newest versions the ranges allow.
# --universal: one lock with markers for Linux, macOS and Windows, for every Python from 3.11.
# The test lock is constrained by the runtime one, so both pin shared packages to the same version.
# The locks are complete, so .venv installs them with --no-deps. They leave out rfc3987-syntax (and
# lark, which only it needs): jsonschema imports it whenever it is installed, and it builds a grammar
# on import, about 3 s of CPU in every process that loads nbformat (each nbgrader command, JupyterLab,
# nbconvert; jsonschema issue #1428). Without it jsonschema skips only the "iri" format checks, which
# no Jupyter schema the course uses relies on. tests/test_environment.py keeps it out.
UV_COMPILE = .venv-lock/bin/uv pip compile --quiet --universal --python-version $(MIN_PYTHON) \
	--no-emit-package rfc3987-syntax --no-emit-package lark \
	--custom-compile-command "make lock" $(if $(UPGRADE),--upgrade,)
lock:
	@$(MAKE) --no-print-directory check-python PYTHON="$(PYTHON)" VENV=.venv-lock
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(UV_COMPILE) pyproject.toml -o requirements.txt
	$(UV_COMPILE) pyproject.toml --extra test -c requirements.txt -o requirements-test.txt
	rm -rf .venv-lock

# Autograde every collected submission in parallel: make grade [ASSIGNMENT=01_anatomy] [WORKERS=4]
grade: $(RUNTIME)
	$(BIN)/coursekit-grade $(ASSIGNMENT) $(if $(WORKERS),--workers $(WORKERS),)

clean-grading:
	rm -rf grading/release grading/submitted grading/autograded grading/feedback grading/exchange grading/autograde-logs grading/item-analysis
	rm -f grading/gradebook.db grading/gradebook.db-journal grading/grades-status.csv grading/grades.csv grading/.coursekit-grade.lock grading/autograde-status.csv
