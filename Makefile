# Citynet Indonesia portal. `make run` serves the demo; `make test` runs the suite.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000

# The first Python >= 3.12 found: on PATH, then under pyenv.
PYTHON ?= $(shell for p in python3.13 python3.12 python3 $$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV); do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { command -v $$p; break; }; done)

.PHONY: run test test-fast browser-test lint messages install bench clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@test -n "$(PYTHON)" || { echo "No Python >= 3.12 found. Install one (e.g. pyenv install 3.12)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

run: install
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py load_demo --admin-email admin@citynet.test
	@echo "Admin: http://127.0.0.1:$(PORT)/admin/ (admin@citynet.test / citynet-demo)"
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

# The whole suite, browser tests included (they skip when no Chromium is installed).
test: install
	$(PY) -m pytest -n 2 --dist loadgroup -q

browser-test: install
	$(PY) -m pytest -m browser -q

lint: install
	$(VENV)/bin/ruff check .

messages: install
	DEBUG=1 $(PY) manage.py makemessages -l id -l en --no-obsolete --no-wrap --ignore=.venv --ignore=bench --ignore=scripts
	$(PY) scripts/fill_en_catalog.py
	DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv

bench: install
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 media
