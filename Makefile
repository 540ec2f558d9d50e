# KIM-Förderung: two commands for a new machine.
#   make run   – venv, install, migrate, 54 Kommunen, demo data, server at http://127.0.0.1:8000
#   make test  – the whole test suite (SQLite by default; DATABASE_URL/REDIS_URL for the real services)
#   make benchmark – query counts and render times of the list pages at two data sizes
#   make lastprobe – every main page under 20 concurrent clients against a trivial page (gunicorn, PostgreSQL)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installiert

.PHONY: run test install systempakete systempakete-test demo benchmark lastprobe clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet ".[test]"
	touch $(STAMP)

install: $(STAMP)

systempakete:
	@bash scripts/systempakete.sh run

systempakete-test:
	@bash scripts/systempakete.sh test

demo: install
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=1 $(BIN)/python manage.py kommunen_laden
	DJANGO_DEBUG=1 $(BIN)/python manage.py demodaten
	DJANGO_DEBUG=1 $(BIN)/python manage.py demo_antraege
	DJANGO_DEBUG=1 $(BIN)/python manage.py demo_bescheide
	DJANGO_DEBUG=1 $(BIN)/python manage.py demo_auszahlung
	DJANGO_DEBUG=1 $(BIN)/python manage.py demo_arbeitsliste
	DJANGO_DEBUG=1 $(BIN)/python manage.py demo_verwendungsnachweise

run: systempakete install demo
	@echo "KIM-Förderung läuft auf http://127.0.0.1:8000 (Beenden mit Strg+C)"
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

test: systempakete-test install
	KIM_TESTING=1 $(BIN)/python -m pytest $(PYTEST_ARGS)

benchmark: install
	$(BIN)/python scripts/benchmark.py

lastprobe: systempakete install
	$(BIN)/python scripts/lastprobe.py $(LASTPROBE_ARGS)

clean:
	rm -rf var staticfiles
