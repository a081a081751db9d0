# Two commands do all the set-up on a fresh machine: `make demo` and `make test`.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
NPM ?= npm
# The Nu Html Checker for tech.html-valid (docs/html-validity.md) is pinned in npm/package-lock.json:
# messages change between releases.
VNU_JAR := $(VENV)/npm/node_modules/vnu-jar/build/dist/vnu.jar
NPM_STAMP := $(VENV)/npm/.installed-$(shell cat npm/package-lock.json | sha1sum | cut -c1-12)
AXE_JS := $(VENV)/npm/node_modules/axe-core/axe.min.js
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)

.PHONY: setup demo test lint bench clean

setup: $(STAMP) $(NPM_STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	rm -f $(VENV)/.installed-* && touch $@

# The npm tools, pinned in npm/package-lock.json: vnu.jar (run with the machine's Java 17+) and
# axe-core (injected into rendered pages). --ignore-scripts: vnu-jar's postinstall would download
# a JDK when it finds none; the system Java is used instead.

$(VNU_JAR) $(AXE_JS): $(NPM_STAMP)

$(NPM_STAMP): npm/package.json npm/package-lock.json
	@command -v java >/dev/null 2>&1 || { echo "java not found: tech.html-valid needs Java 17+ (apt-get install default-jre-headless)" >&2; exit 1; }
	@command -v $(NPM) >/dev/null 2>&1 || { echo "npm not found: needed to install vnu-jar and axe-core (apt-get install npm)" >&2; exit 1; }
	mkdir -p $(VENV)/npm
	cp npm/package.json npm/package-lock.json $(VENV)/npm/
	cd $(VENV)/npm && $(NPM) ci --ignore-scripts --no-audit --no-fund
	java -jar $(VNU_JAR) --version
	test -f $(AXE_JS)
	rm -f $(VENV)/npm/.installed-* && touch $@

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
