# Two commands do everything on a fresh clone (only python3 and make needed):
#   make build   virtual environment + locked dependencies, demo data, `dbt build` on DuckDB
#   make test    the whole test suite (lint, dbt data and unit tests, end-to-end pytest)
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

# dbt profile: your own ./profiles.yml wins, else the repository's example.
DBT_PROFILES_DIR ?= $(if $(wildcard profiles.yml),$(CURDIR),$(CURDIR)/.profiles)
export DBT_PROFILES_DIR

# Demo data written by `scv generate` and read in place by dbt-duckdb.
DEMO_DIR ?= data/demo
DEMO_CUSTOMERS ?= 2000
DEMO_DAYS ?= 30
# days of GA360 (Universal Analytics) history before the GA4 days
DEMO_GA360_DAYS ?= 30
DEMO_SEED ?= 42
export SCV_RAW_DIR ?= $(DEMO_DIR)
export SCV_DUCKDB_PATH ?= $(CURDIR)/scv.duckdb

.PHONY: help install profiles demo-data build validate test lint unit clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

install: $(VENV)/.installed  ## create .venv and install the locked dependencies

$(VENV)/.installed: requirements.lock pyproject.toml
	@# WeasyPrint (appointment briefs) subsets the embedded fonts with HarfBuzz's
	@# subsetter when the system has it (0.1-0.4 s a brief), else with fontTools
	@# (1-6 s). Installed here when missing and allowed (root with apt-get).
	@if ! ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset; then \
	    if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libharfbuzz-subset0 >/dev/null) \
	            || echo "note: could not install libharfbuzz-subset0; briefs will render more slowly"; \
	    else \
	        echo "note: install libharfbuzz-subset0 (Debian/Ubuntu) for fast PDF briefs"; \
	    fi; \
	fi
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check
	touch $@

profiles: .profiles/profiles.yml
.profiles/profiles.yml: profiles.example.yml
	mkdir -p .profiles
	cp profiles.example.yml $@

demo-data: install  ## (re)generate the demo raw data in $(DEMO_DIR)
	$(BIN)/scv generate --customers $(DEMO_CUSTOMERS) --days $(DEMO_DAYS) --ga360-days $(DEMO_GA360_DAYS) --seed $(DEMO_SEED) --out $(DEMO_DIR)

$(DEMO_DIR)/manifest.json:
	$(MAKE) demo-data

build: install profiles $(DEMO_DIR)/manifest.json  ## demo data + dbt build on DuckDB
	$(BIN)/dbt build
	@echo
	@echo "Warehouse built: $(SCV_DUCKDB_PATH)"
	@echo "Query it with:   $(BIN)/python -c \"import duckdb; print(duckdb.connect('$(SCV_DUCKDB_PATH)', read_only=True).sql('show all tables'))\""
	@echo "or any DuckDB client (duckdb $(SCV_DUCKDB_PATH)); marts are in schema main_marts."
	@echo "Metrics:         $(BIN)/mf query --metrics revenue,orders,average_order_value --group-by metric_time__month --order metric_time__month"
	@echo "Audience export: $(BIN)/scv audiences export --audience recent_buyers --platform meta --out recent_buyers.csv"

# The demo warehouse for `make validate`: built when missing or older than the
# demo data or any dbt source file; a failed build leaves no file behind.
DBT_SOURCES := dbt_project.yml $(shell find models macros seeds snapshots -type f 2>/dev/null)
$(SCV_DUCKDB_PATH): $(DBT_SOURCES) $(DEMO_DIR)/manifest.json | install profiles
	$(BIN)/dbt build || { rm -f $@ $@.wal; exit 1; }

validate: install profiles $(SCV_DUCKDB_PATH)  ## Great Expectations suites on the demo build (Data Docs in target/validation_docs)
	$(BIN)/scv validate --warehouse $(SCV_DUCKDB_PATH) --raw-dir $(SCV_RAW_DIR)

lint: install profiles  ## ruff + sqlfluff
	$(BIN)/ruff check src tests/python benchmarks
	$(BIN)/ruff format --check src tests/python benchmarks
	@# Linted against an empty warehouse, as on a clean checkout: is_incremental()
	@# and so the rendered SQL would otherwise depend on what scv.duckdb holds.
	mkdir -p target && rm -f target/sqlfluff_lint.duckdb target/sqlfluff_lint.duckdb.wal
	SCV_DUCKDB_PATH=$(CURDIR)/target/sqlfluff_lint.duckdb $(BIN)/sqlfluff lint models tests analyses

test: install profiles lint  ## the whole test suite, then scv validate on the demo build
	$(BIN)/pytest
	$(MAKE) validate

clean:  ## remove build outputs (keeps .venv)
	rm -rf target target_* logs .profiles scv.duckdb scv.duckdb.wal
