# Everything a fresh machine needs: `make run` (install, load the sample, serve the hub) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
EXTRAS := dev,web,spark

SAMPLE_DB := build/sample.duckdb
SAMPLE := src/dyad/sample/000_15d95e7bf78c1045.txt src/dyad/sample/free-news.jsonl
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: install system-deps run test test-quick lint bench train clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[$(EXTRAS)]'
	touch $@

install: $(STAMP)

# Debian's Chromium for the browser tests (Playwright's own browser download does not work here).
system-deps:
	test -x /usr/bin/chromium || ($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium)

run: install
	$(BIN)/dyad analyze src/dyad/sample/000_15d95e7bf78c1045.txt --format table
	mkdir -p build
	$(BIN)/dyad ingest $(SAMPLE) --db $(SAMPLE_DB)
	$(BIN)/dyad serve --db $(SAMPLE_DB)

test: install system-deps
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

test-quick: install
	$(BIN)/python -m pytest -q -m "not slow and not spark and not browser and not load"

lint: install
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

# The learned event step from corpus/events (train split): fine-tunes the encoder (torch, CPU), fits the heads,
# writes src/dyad/data/models/events/. Seeded; about 25 minutes on 2 cores. Needs ../shared for the texts.
train: install
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[learn]'
	$(BIN)/dyad train

bench: install
	$(BIN)/python bench/run_all.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
