# anjian: `make run` to try it, `make test` to check it. See README.md.
PY := .venv/bin/python
PIP := .venv/bin/pip

.PHONY: run test bench lint format system-run system-test deps clean

run: system-run deps
	bash scripts/run.sh

test: system-test deps
	bash scripts/test.sh

bench: system-test deps
	bash bench/run.sh

lint: deps
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/lint-imports
	.venv/bin/mypy

format: deps
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .

system-run:
	bash scripts/system-packages.sh run

system-test:
	bash scripts/system-packages.sh test

deps: .venv/.installed node_modules/.installed

.venv/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv .venv
	$(PIP) install -q -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

clean:
	rm -rf .venv node_modules var/static
