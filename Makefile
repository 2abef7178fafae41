# Two commands do everything on a fresh machine: `make serve` and `make test`.
# Every target first creates .venv and installs the pinned dependencies (requirements.lock).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup builders site site-internal serve test check bench clean

## The builder of `make site` and `make serve`: mkdocs (default), properdocs or zensical
## (portal/build/builders.py; `make builders` installs the other two).
BUILDER ?= $(or $(PORTAL_BUILDER),mkdocs)
BUILDERS_STAMP := $(VENV)/.builders
## The portal's code and the hooks compiled for Python once (their __pycache__ folders), and again only for a
## file that changed: where PYTHONDONTWRITEBYTECODE is set (Docker images, CI machines) Python keeps no
## compiled code, and each build's builder process compiled the whole portal again before its work began.
## The Jinja templates too (the portal's and the theme's, into .venv/portal-templates: portal/site/bytecode.py):
## a build without the build cache compiled every template it rendered; builds only read them.
COMPILED := $(VENV)/.compiled
$(COMPILED): $(STAMP) mkdocs.yml scripts/compile_templates.py $(shell find portal hooks -name '*.py' 2>/dev/null) \
		$(shell find portal/site/templates theme_overrides -type f 2>/dev/null)
	$(BIN)/python -m compileall -q --invalidation-mode timestamp portal hooks
	$(BIN)/python scripts/compile_templates.py mkdocs.yml
	touch $(COMPILED)

# Another builder than MkDocs is installed the first time it is asked for.
BUILDER_DEPS := $(STAMP) $(COMPILED) $(if $(filter-out mkdocs,$(BUILDER)),$(BUILDERS_STAMP))

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

setup: $(STAMP)

## ProperDocs and Zensical, pinned (requirements-builders.lock), beside MkDocs in the same .venv.
$(BUILDERS_STAMP): requirements-builders.lock $(STAMP)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-builders.lock
	touch $(BUILDERS_STAMP)

builders: $(BUILDERS_STAMP)

## Build the public edition into site/ (a failed build leaves the previous site/ untouched): portal publish
## (portal/build/publish.py). Never restricted content or drafts, whatever the environment holds;
## PORTAL_INCLUDE_RESTRICTED=1 (as site-internal) builds the internal edition into site-internal/ only.
site: $(BUILDER_DEPS)
	$(BIN)/portal publish --builder $(BUILDER)

## Build the internal edition (restricted tasks and drafts included) into site-internal/, never into site/.
site-internal: $(BUILDER_DEPS)
	$(BIN)/portal publish --noi-bo --builder $(BUILDER)

## Build and serve with live reload on http://127.0.0.1:8000/
## --dirty: after an edit only the pages whose text changed are rendered again (portal/build/pagecache.py).
## PORTAL_INCLUDE_DRAFTS=1: the preview shows months still in draft (draft: true), with a «Dự thảo» banner;
## `make site` never publishes them (PORTAL_INCLUDE_RESTRICTED=1 builds the internal site, drafts included).
## BUILDER=zensical: the rendered project is served and rendered again after an edit (scripts/serve.py).
serve: $(BUILDER_DEPS)
	PORTAL_INCLUDE_DRAFTS=1 $(BIN)/python scripts/serve.py --builder $(BUILDER)

## Validate every file in content/.
check: $(STAMP) $(COMPILED)
	$(BIN)/portal check

## The package's types first (mypy, configured in pyproject.toml), then the tests.
test: $(STAMP) $(COMPILED) $(BUILDERS_STAMP)
	$(BIN)/python -m mypy
	$(BIN)/python -m pytest -q

## Benchmark synthetic archives of 12, 120 and 600 months against plain MkDocs (MONTHS=12,120 for a subset),
## then (scripts/bench_pair.py, on PAIR_MONTHS months) paired runs against a baseline commit (BASELINE=<commit>,
## RUNS pairs) and the incremental build: the build cache warm, one task edited, compared with diff -r.
MONTHS ?= 12,120,600
PAIR_MONTHS ?= 120
RUNS ?= 3
bench: $(BUILDER_DEPS)
	$(BIN)/python scripts/bench.py --months $(MONTHS) --builder $(BUILDER)
	$(BIN)/python scripts/bench_pair.py --months $(PAIR_MONTHS) --runs $(RUNS) $(if $(BASELINE),--baseline $(BASELINE))

clean:
	rm -rf site site.* .site.* .site-folders site-internal .site-internal.* .site-internal-folders .pytest_cache .mypy_cache .cache/preview-* .cache/build
