# Office Manager 2.0 Academy: the two commands a new user needs are `make run` and
# `make test`. Both create .venv and install the pinned requirements on first use;
# a stamp file skips the install while the requirements are unchanged.

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
DEMO_PASSWORD ?= academy-demo-2026
export DEMO_PASSWORD

.PHONY: run test install install-dev browser-tools screenshots migrate demo lint format messages bench bench-scale bench-explain bench-pdf bench-reports clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo

run: demo
	@echo ""
	@echo "  Office Manager 2.0 Academy is starting."
	@echo "    Site:   http://127.0.0.1:$(PORT)/   (English: http://127.0.0.1:$(PORT)/en/)"
	@echo "    Admin:  http://127.0.0.1:$(PORT)/admin/"
	@echo "    Demo logins (password: $(DEMO_PASSWORD)):"
	@echo "      trainer@example.com      (Trainers: edits workshops in the admin)"
	@echo "      participant@example.com  (a participant)"
	@echo "    Emails are printed here, in this console."
	@echo ""
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install-dev
	$(BIN)/python -m pytest

# The accessibility checks in the browser tests use axe-core, from the npm registry
# (needs npm). Without it `make test` skips them; .ci/run installs it.
AXE_CORE_VERSION := 4.14.1
AXE_STAMP := .browser-tools/.axe-core-$(AXE_CORE_VERSION)
browser-tools: $(AXE_STAMP)

$(AXE_STAMP):
	npm install --no-save --no-audit --no-fund --prefix .browser-tools axe-core@$(AXE_CORE_VERSION)
	touch $@

# Refresh the README's screenshots (docs/screenshots/) from a run of the browser tests.
screenshots: install-dev
	ACADEMY_REQUIRE_BROWSER=1 $(BIN)/python -m pytest -q -m browser tests/browser
	$(BIN)/python tests/browser/publish_screenshots.py

# Style (ruff) and the import rules between the apps (import-linter, pyproject.toml).
lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Compile the translations (.po -> .mo) without needing GNU gettext.
messages: install-dev
	$(BIN)/python -c "import pathlib, polib; [polib.pofile(str(p)).save_as_mofile(str(p.with_suffix('.mo'))) for p in pathlib.Path('locale').glob('*/LC_MESSAGES/django.po')]"

# Benchmarks (not part of `make test`): how fast a certificate PDF renders.
bench-pdf: install-dev
	$(BIN)/python benchmarks/certificate_pdf.py

# The trainer reports on 5,000 participants and 30,000 attempts, in bench.sqlite3.
BENCH_DB := sqlite:///$(CURDIR)/bench.sqlite3
bench-reports: install-dev
	DATABASE_URL=$(BENCH_DB) $(BIN)/python manage.py migrate --noinput -v0
	DATABASE_URL=$(BENCH_DB) $(BIN)/python manage.py make_bench_data
	DATABASE_URL=$(BENCH_DB) $(BIN)/python benchmarks/reports.py

# The load benchmark: gunicorn (2 workers, production settings), PostgreSQL and Redis
# on this machine, wrk; writes bench-results/ (see README, "Performance").
bench: install-dev
	$(BIN)/python benchmarks/load.py

# The same pages at 5,000 participants (academy_bench) and at 100,000 participants
# and 1,000,000 attempts (academy_scale, built once by make_scale_data, then
# reused), the trainer's reports and exports, and the query plans (bench-explain).
bench-scale: install-dev
	$(BIN)/python benchmarks/scale.py

# EXPLAIN of every query of the measured pages on academy_scale (built by
# bench-scale): fails on a sequential scan of a table of more than 10,000 rows.
SCALE_DB := postgres://postgres@127.0.0.1:5432/academy_scale
bench-explain: install-dev
	DATABASE_URL=$(SCALE_DB) $(BIN)/python benchmarks/explain.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .test-media .browser-tools .browser-artifacts
