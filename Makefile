# Schakel — the two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run serve test lint lint-api migrate demo clean-db bootstrap messages bench-spark

$(VENV)/.base-installed: requirements/base.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --require-hashes --no-deps -r requirements/base.txt
	touch $@

$(VENV)/.dev-installed: requirements/dev.txt $(VENV)/.base-installed
	$(PIP) install --quiet --require-hashes --no-deps -r requirements/dev.txt
	touch $@

bootstrap: $(VENV)/.base-installed

## make run: bootstrap, migrate the embedded SQLite database, load demo data once, serve on :8000
## (Django's development server, and the background worker beside it)
run: $(VENV)/.base-installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable
	$(PY) manage.py load_demo
	$(PY) manage.py worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:8000

## make serve: the way production runs it — gunicorn and the background worker (bin/serve)
serve: $(VENV)/.base-installed
	bin/serve

## make test: bootstrap with the test dependencies and run the whole suite
## (--dist loadfile keeps a module on one worker, so its module-wide fixtures are built once)
test: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/mypy
	$(MAKE) --no-print-directory lint-api
	$(VENV)/bin/pytest -n auto --dist loadfile $(PYTEST_ARGS)

## make lint-api: the OpenAPI schema linted by Spectral with the API Design Rules
## (tools/spectral: Spectral installed from its lock file with the machine's npm)
SPECTRAL := tools/spectral/node_modules/.bin/spectral
$(SPECTRAL): tools/spectral/package-lock.json
	npm ci --prefix tools/spectral --no-audit --no-fund --loglevel=error
	touch $@

lint-api: $(VENV)/.base-installed $(SPECTRAL)
	mkdir -p build
	$(PY) manage.py spectacular --fail-on-warn --validate --file build/openapi.yaml
	$(SPECTRAL) lint --fail-severity=warn --ruleset tools/spectral/adr.spectral.yaml build/openapi.yaml

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

messages: $(VENV)/.base-installed
	cd src/schakel && ../../$(PY) ../../manage.py compilemessages

## make bench-spark: the linkage benchmark on Splink's Spark backend (issue 14; docs/benchmarks.md),
## in its own environment .venv-spark (base.txt + spark.txt: PySpark is never in the app's or CI's).
## Needs a Java 17 runtime: apt-get install openjdk-17-jre-headless. SPARK_ARGS="--n 1000000"
SPARK_VENV := .venv-spark
$(SPARK_VENV)/.installed: requirements/base.txt requirements/spark.txt
	test -x $(SPARK_VENV)/bin/python || $(PYTHON) -m venv $(SPARK_VENV)
	$(SPARK_VENV)/bin/pip install --quiet --require-hashes --no-deps -r requirements/base.txt -r requirements/spark.txt
	touch $@

bench-spark: $(SPARK_VENV)/.installed
	@command -v java >/dev/null || { echo "bench-spark needs Java 17: apt-get install openjdk-17-jre-headless" >&2; exit 1; }
	nice -n 10 $(SPARK_VENV)/bin/python bench/linkage_spark.py $(SPARK_ARGS)
