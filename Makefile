# The two commands a new user needs: `make run` and `make test`. Both install what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)

WEB_STAMP := web/node_modules/.installed-$(shell cat web/package-lock.json | sha1sum | cut -c1-12)
WEB_SOURCES := $(wildcard web/src/*.js web/src/*/*.js web/src/*.css web/build.mjs)

.PHONY: run test lint install bench clean web

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

# the board's JavaScript: npm packages from the registry, bundled by esbuild into server/static (not committed)
$(WEB_STAMP): web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	rm -f web/node_modules/.installed-* && touch $(WEB_STAMP)

server/static/board.js: $(WEB_STAMP) $(WEB_SOURCES)
	cd web && npm run build

web: server/static/board.js

## make run: the server with SQLite, the demo workspace and a coordinator token, on http://127.0.0.1:5000
run: $(STAMP) web
	$(BIN)/matrixsync db upgrade
	$(BIN)/matrixsync demo
	@echo "Open het bord als demo-coördinator (eenmalige link):"
	@$(BIN)/matrixsync link --workspace demo --partner gemeente --role coordinator --name "Demo-coördinator"
	@echo "Toegangsbewijs (token) voor de API en scripts:"
	@$(BIN)/matrixsync token --workspace demo --partner gemeente --role coordinator --name "Demo-coördinator"
	$(BIN)/matrixsync serve --host 127.0.0.1 --port 5000

## make test: system components (PostgreSQL, Redis), lint, type-check, the whole suite
test: $(STAMP) web
	bash scripts/install-test-deps.sh
	$(BIN)/ruff check server tests bench
	$(BIN)/ruff format --check server tests bench
	$(BIN)/mypy
	cd web && npm test
	$(BIN)/python -m pytest -q -p no:cacheprovider

lint: $(STAMP)
	$(BIN)/ruff check server tests bench
	$(BIN)/ruff format --check server tests bench
	$(BIN)/mypy

bench: $(STAMP)
	bash bench/fanout/run.sh

clean:
	rm -rf $(VENV) instance
