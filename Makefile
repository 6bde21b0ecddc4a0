# Two commands do everything (see README):  make course   and   make test
# Both create the environment in .venv first if it is missing or out of date.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.coursekit-installed
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings

.PHONY: course test env regenerate check-generated lock benchmark benchmark-grading clean-grading help grade

help:
	@echo "make course      open the course in JupyterLab (creates .venv if needed)"
	@echo "make test        run the whole test suite (creates .venv if needed)"
	@echo "make regenerate  rebuild graded masters and student quiz notebooks from grading/banks"
	@echo "make benchmark   time every notebook against an empty one"
	@echo "make benchmark-grading  serial nbgrader vs coursekit.grade (STUDENTS=200 for the full run)"
	@echo "make grade       autograde every collected submission in parallel (ASSIGNMENT=, WORKERS=)"

env: $(STAMP)

$(STAMP): pyproject.toml requirements.lock jupyter/overrides.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	# JupyterLab settings shipped with the course: no news feed, no update checks.
	install -D -m 644 jupyter/overrides.json $(LAB_SETTINGS)/overrides.json
	touch $(STAMP)

# JupyterLab refuses to run as root without --allow-root (containers, some workshop machines).
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

course: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 $(ROOT_FLAG) --ServerApp.root_dir="$(CURDIR)" \
		--LabApp.default_url=/lab/tree/notebooks/00_welcome/lesson.ipynb

test: $(STAMP)
	$(BIN)/python -m pytest

regenerate: $(STAMP)
	$(BIN)/python -m coursekit.build

check-generated: $(STAMP)
	$(BIN)/python -m coursekit.build --check

benchmark: $(STAMP)
	$(BIN)/python benchmarks/notebooks.py

# Serial nbgrader against coursekit.grade on a simulated class (STUDENTS=200 is the full run).
STUDENTS ?= 20
benchmark-grading: $(STAMP)
	$(BIN)/python benchmarks/grading.py --students $(STUDENTS)

# Refresh the pins after changing pyproject.toml: a clean venv, install, freeze.
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet -e ".[test]"
	{ echo "# Every package the course installs, pinned (pip freeze of a working environment)."; \
	  echo "# Regenerate with: make lock   (then run the tests)"; \
	  .venv-lock/bin/pip freeze --exclude-editable | grep -vi '^coursekit'; } > requirements.lock
	rm -rf .venv-lock

# Autograde every collected submission in parallel: make grade [ASSIGNMENT=01_anatomy] [WORKERS=4]
grade: $(STAMP)
	$(BIN)/python -m coursekit.grade $(ASSIGNMENT) $(if $(WORKERS),--workers $(WORKERS),)

clean-grading:
	rm -rf grading/release grading/submitted grading/autograded grading/feedback grading/exchange grading/gradebook.db
