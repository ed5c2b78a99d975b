# Burgerplatform — the two commands are `make run` and `make test` (see README).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app burgerplatform
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 5000
# Links in mails are built from it and other host names are refused: set it to the
# address people type, e.g. BASE_URL=http://192.168.1.20:5000 with HOST=0.0.0.0.
BASE_URL ?= http://$(HOST):$(PORT)
# The demo also answers on localhost (its links still use BASE_URL).
TRUSTED_HOSTS ?= localhost

.PHONY: run test install translations translate lint format bench profile bench-draw bench-markdown bench-themes clean fuzz stress

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,production]"
	touch $(STAMP)

install: $(STAMP)

## Compile the nl/fr/en catalogues (.mo files are build output, not committed).
translations: $(STAMP)
	@$(BIN)/pybabel compile -d translations --use-fuzzy >/dev/null

## Set up, migrate, seed the demo once, and serve http://127.0.0.1:5000 with the mail worker.
run: $(STAMP) translations
	$(FLASK) db upgrade
	BASE_URL=$(BASE_URL) $(FLASK) seed-demo
	@echo ""
	@echo "  Burgerplatform runs on $(BASE_URL)/  (Ctrl+C stops it)"
	@echo "  Demo logins: see README. Mails are printed below by the worker."
	@echo ""
	@INSECURE_COOKIES=1 BASE_URL=$(BASE_URL) TRUSTED_HOSTS=$(TRUSTED_HOSTS) bash -c 'trap "kill 0" EXIT; \
	  $(FLASK) worker & \
	  $(FLASK) run --host $(HOST) --port $(PORT)'

## Every test: on SQLite, and on PostgreSQL too when TEST_DATABASE_URL is set.
## Browser tests run when /usr/bin/chromium exists (skipped with a message otherwise).
## In parallel (pytest-xdist, one worker per core, a test file per worker at a time; each
## worker has its own SQLite file and its own PostgreSQL database <name>_gw0, _gw1, …,
## created when missing). TEST_WORKERS=0 runs in one process.
TEST_WORKERS ?= auto
XDIST := $(if $(filter 0,$(TEST_WORKERS)),-p no:xdist,-n $(TEST_WORKERS) --dist loadfile)
test: $(STAMP) translations
	@status=0; \
	echo "== tests on SQLite =="; \
	env -u TEST_DATABASE_URL $(BIN)/python -m pytest $(XDIST) $(PYTEST_ARGS) || status=1; \
	if [ -n "$$TEST_DATABASE_URL" ]; then \
	  echo "== tests on $$(echo $$TEST_DATABASE_URL | cut -d: -f1) =="; \
	  $(BIN)/python -m pytest $(XDIST) $(PYTEST_ARGS) || status=1; \
	fi; \
	exit $$status

## Extract strings and merge them into the catalogues (then translate the new entries).
translate: $(STAMP)
	$(FLASK) translate update

## Ruff (lint and format) and mypy (strict on core/ and the services; pyproject.toml).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) instance .pytest_cache translations/*/LC_MESSAGES/*.mo

## Pages under load (gunicorn + wrk) and the mail worker, on PostgreSQL and SQLite, at
## 100, 10,000 and 100,000 initiatives: a table, each page at the smallest size against
## the largest with as many items shown (page cache off; BENCH_PAGE_CACHE=1 on), and JSON
## in bench/results/. Narrow with SIZES="100 100000 100 100000" (a size given twice runs
## twice, interleaved) DBS=sqlite DURATION=3 ONLY=pages,multi,writes (multi: two servers
## behind nginx with the page cache in Redis; writes: 20 concurrent writers, checked
## exactly-once; both PostgreSQL only, need Redis and /usr/sbin/nginx). Needs wrk (apt-get
## install wrk) and, for PostgreSQL, a server at 127.0.0.1:5432 (database bench_pg is
## created; BENCH_PG_DATABASE= names another). Up to ~15 min.
bench: $(STAMP) translations
	@command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk"; exit 2; }
	$(BIN)/python bench/web.py
	$(BIN)/python bench/mail.py

## Where logged-in pages spend their CPU time: each page N times in-process under
## cProfile, at SIZE initiatives on DB (sqlite or postgresql); a table of CPU ms per
## request and bench/results/profile-<page>.{prof,txt}. E.g. make profile SIZE=100000.
SIZE ?= 10000
DB ?= sqlite
N ?= 100
profile: $(STAMP) translations
	SIZE=$(SIZE) DB=$(DB) N=$(N) $(BIN)/python bench/profile.py

## Klankbordgroep draw: CPU time and chances of our maximin, our leximin and the library's maximin,
## few and unique profiles, 300 to 10,000 people (SIZES="300 1000", or SIZES="--quick"; see bench/draw.py).
bench-draw: $(STAMP)
	$(BIN)/python bench/draw.py $(SIZES)

## Markdown rendering: CPU time of normal and hostile texts at 1 KB, 10 KB and the field
## limits, with the renderer we left (before, stopped after BEFORE_TIMEOUT s) and now.
bench-markdown: $(STAMP)
	$(BIN)/python bench/markdown.py $(SIZES)

## Themes in a round's input: agreement with the hand-labelled Dutch set (adjusted Rand
## index) and time at 100, 1,000 and 10,000 contributions (SIZES="100 1000"; bench/themes.py).
bench-themes: $(STAMP)
	$(BIN)/python bench/themes.py $(SIZES)

## Fuzz every form with many more examples than CI runs (FUZZ_EXAMPLES=200, SQLite), and
## the open-data API with schemathesis, every check (API_FUZZ_EXAMPLES=200 per operation
## and phase; `make test` runs 8). API_FUZZ_SEED= (empty) draws a new seed each run.
FUZZ_EXAMPLES ?= 200
API_FUZZ_EXAMPLES ?= 200
API_FUZZ_SEED ?=
fuzz: $(STAMP) translations
	env -u TEST_DATABASE_URL FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest tests/security/test_fuzz.py -q
	env -u TEST_DATABASE_URL FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest tests/core/test_markdown.py -q -k no_text_a_form_accepts
	env -u TEST_DATABASE_URL API_FUZZ_EXAMPLES=$(API_FUZZ_EXAMPLES) API_FUZZ_SEED=$(API_FUZZ_SEED) \
	  $(BIN)/python -m pytest tests/accountability/test_api_contract.py -q -k schemathesis

## Load and faults: 50 users for 2 minutes (locust) on gunicorn + a throwaway PostgreSQL
## cluster (15/stress, port 55432; needs root), with a worker killed, the mail server down
## and PostgreSQL restarted; then checks every acknowledged write and every mail. Not part
## of `make test`. Quicker: STRESS_USERS=10 STRESS_DURATION=40. Takes ~6 min.
stress: $(STAMP) translations
	$(BIN)/python bench/stress.py
