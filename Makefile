# The two commands: `make run` serves the demo, `make test` runs the whole suite.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
export FLASK_APP := wsgi

.PHONY: run test install install-dev

# The demo's logins are printed once the server listens (gunicorn's when_ready), below its
# startup lines; the access log stays off unless RF_ACCESS_LOG=true.
run: install
	$(BIN)/flask rf init
	$(BIN)/flask rf demo > instance/demo-logins.txt
	RF_READY_BANNER=instance/demo-logins.txt GUNICORN_CMD_ARGS="--log-level warning $$GUNICORN_CMD_ARGS" \
		$(BIN)/gunicorn -c gunicorn.conf.py wsgi:app

# Lint and the import contract (docs/architecture.md) first, then the suite in parallel:
# each pytest-xdist worker has databases of its own.
TEST_WORKERS ?= 3
test: install-dev
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

install: $(VENV)/.installed-runtime
install-dev: $(VENV)/.installed-dev

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed-runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@ $(VENV)/.installed-runtime
