# Threadline: `make run` serves the demo; `make test` runs every test on SQLite and PostgreSQL.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMPS := .install-stamps
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test test-sqlite test-postgres lint postgres-up bench clean

install: $(STAMPS)/apt $(STAMPS)/python $(STAMPS)/npm

$(STAMPS)/apt: requirements/apt.txt
	@mkdir -p $(STAMPS)
	@missing=$$(grep -v '^#' requirements/apt.txt | xargs -n1 | while read p; do \
		dpkg -s "$$p" >/dev/null 2>&1 || echo "$$p"; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages: $$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi
	@touch $@

$(STAMPS)/python: requirements/requirements.txt requirements/dev.txt
	@mkdir -p $(STAMPS)
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) is needed"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements/requirements.txt -r requirements/dev.txt
	@touch $@

$(STAMPS)/npm: package.json package-lock.json
	@mkdir -p $(STAMPS)
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

run: install
	@mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py send_deadline_reminders --schedule-only
	$(PY) manage.py send_chronology_reminders --schedule-only
	$(PY) manage.py send_action_reminders --schedule-only
	$(PY) manage.py purge_old_drafts
	@echo "Demo accounts: see README.md. Two-factor code now: $$($(PY) manage.py demo_totp)"
	@trap 'kill 0' EXIT; \
	$(PY) manage.py db_worker & \
	$(PY) manage.py runserver $(HOST):$(PORT)

lint: install
	@mkdir -p var
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run
	DJANGO_SECRET_KEY=check-only-$$(date +%s)-not-a-real-secret-value-abcdefghijklmnopqrstuvwxyz \
	FIELD_ENCRYPTION_KEYS=Hk3nN0dQm1d1m8bG9tYzq0Wz2VvF5kq7Jm0yXcR4bS8= DJANGO_ALLOWED_HOSTS=threadline.example \
	$(PY) manage.py check --deploy --fail-level WARNING --settings=config.settings.production

postgres-up:
	@pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start
	@for i in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done

test-sqlite: install
	$(PY) -m pytest -q -n 2 --dist loadgroup; rc=$$?; [ $$rc -eq 5 ] && rc=0; exit $$rc

test-postgres: install postgres-up
	DATABASE_URL=$(PG_URL) $(PY) -m pytest -q -n 2 --dist loadgroup; rc=$$?; [ $$rc -eq 5 ] && rc=0; exit $$rc

test: lint test-sqlite test-postgres

bench: install
	@mkdir -p var benchmarks
	$(PY) manage.py migrate --noinput
	$(PY) manage.py bench_workingdays --output benchmarks/workingdays.txt
	$(PY) manage.py bench_chronology

clean:
	rm -rf $(VENV) node_modules $(STAMPS) var
