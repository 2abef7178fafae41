# Two commands do everything on a fresh machine: `make serve` and `make test`.
# Every target first creates .venv and installs the pinned dependencies (requirements.lock).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup site serve test check bench clean

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

setup: $(STAMP)

## Build the bundled content into site/ (a failed build leaves the previous site/ untouched).
site: $(STAMP)
	$(BIN)/python scripts/build_site.py

## Build and serve with live reload on http://127.0.0.1:8000/
## --dirty: after an edit only the pages whose text changed are rendered again (portal/build/pagecache.py).
## PORTAL_INCLUDE_DRAFTS=1: the preview shows months still in draft (draft: true), with a «Dự thảo» banner;
## `make site` never publishes them (PORTAL_INCLUDE_RESTRICTED=1 builds the internal site, drafts included).
serve: $(STAMP)
	PORTAL_INCLUDE_DRAFTS=1 $(BIN)/mkdocs serve --dirty

## Validate every file in content/.
check: $(STAMP)
	$(BIN)/portal check

test: $(STAMP)
	$(BIN)/python -m pytest -q

## Benchmark synthetic archives of 12, 120 and 600 months against plain MkDocs (MONTHS=12,120 for a subset).
MONTHS ?= 12,120,600
bench: $(STAMP)
	$(BIN)/python scripts/bench.py --months $(MONTHS)

clean:
	rm -rf site site.* .pytest_cache
