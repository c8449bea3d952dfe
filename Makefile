# The two commands of README.md: `make run` and `make test`. Everything else here serves them.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# Tests never run with production settings; this key exists only for them.
TEST_ENV := SECRET_KEY=insecure-test-only-key DEBUG=0 SECURE_SSL_REDIRECT=0

.PHONY: run test lint format venv migrate demo messages clean screenshots

$(BIN)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

venv: $(BIN)/.installed

# Web server, Celery worker and beat on the embedded defaults (SQLite, filesystem broker) unless
# DATABASE_URL / CELERY_BROKER_URL say otherwise. Ctrl-C stops all three.
run: venv
	DEBUG=1 CREATE_DEMO_USERS=$${CREATE_DEMO_USERS:-1} $(BIN)/python manage.py migrate --no-input
	DEBUG=1 CREATE_DEMO_USERS=$${CREATE_DEMO_USERS:-1} $(BIN)/python manage.py load_demo
	DEBUG=1 BIN=$(BIN) scripts/run-dev.sh

test: venv
	$(TEST_ENV) $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(TEST_ENV) $(BIN)/python manage.py makemigrations --check --dry-run

format: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Rebuild the Persian interface catalogue after changing translatable strings (needs gettext).
messages: venv
	cd claims && DEBUG=1 ../$(BIN)/python ../manage.py makemessages -l fa --no-obsolete
	cd claims && DEBUG=1 ../$(BIN)/python ../manage.py compilemessages -l fa

clean:
	rm -rf $(VENV) var db.sqlite3 staticfiles

# Refresh the committed screenshots in docs/screenshots/ (tests otherwise write theirs to a temporary folder).
screenshots: venv
	CLAIMCHECK_SCREENSHOTS=1 $(TEST_ENV) $(BIN)/python -m pytest -m browser $(PYTEST_ARGS)
