# Two commands do all the set-up on a fresh machine: `make demo` and `make test`.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
NPM ?= npm
# The Nu Html Checker for tech.html-valid (docs/html-validity.md): pinned, messages change between releases.
VNU_VERSION ?= 26.9.27
VNU_JAR := $(VENV)/npm/node_modules/vnu-jar/build/dist/vnu.jar
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)

.PHONY: setup demo test lint bench clean

setup: $(STAMP) $(VNU_JAR)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	rm -f $(VENV)/.installed-* && touch $@

# vnu.jar from npm, run with the machine's Java 17+. --ignore-scripts: the package's postinstall
# would download a JDK when it finds none; the system Java is used instead.
$(VNU_JAR):
	@command -v java >/dev/null 2>&1 || { echo "java not found: tech.html-valid needs Java 17+ (apt-get install default-jre-headless)" >&2; exit 1; }
	@command -v $(NPM) >/dev/null 2>&1 || { echo "npm not found: needed to install vnu-jar (apt-get install npm)" >&2; exit 1; }
	mkdir -p $(VENV)/npm
	$(NPM) install --prefix $(VENV)/npm --ignore-scripts --no-audit --no-fund --save-exact vnu-jar@$(VNU_VERSION)
	java -jar $@ --version
	touch $@

# The demo validates HTML when Java is there and vnu.jar is (or npm can install it); without
# them it runs with validation off. `make test` always needs both (setup).
DEMO_VALIDATES := $(shell command -v java >/dev/null 2>&1 && { test -f $(VNU_JAR) || command -v $(NPM) >/dev/null 2>&1; } && echo yes)
ifeq ($(DEMO_VALIDATES),yes)
# The demo writes into the default workspace (./govlens-workspace), so a plain `govlens report`
# (or `.venv/bin/govlens report --format xlsx --lang th`) afterwards reports its run.
demo: setup
	$(BIN)/govlens demo
else
demo: $(STAMP)
	@echo "java or npm not found: the demo runs without HTML validation (tech.html-valid not applicable); make test needs both"
	$(BIN)/govlens demo --no-validate-html
endif

lint: setup
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/lint-imports

test: lint
	$(BIN)/pytest -p no:cacheprovider

bench: setup
	$(BIN)/python benchmarks/bench_assess.py

clean:
	rm -rf $(VENV) govlens-workspace .pytest_cache
