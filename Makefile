# Mentoring Toolkit. `make run` and `make test` set up what they need first.
PORT ?= 8000
PY := .venv/bin/python
# Settings for `manage.py check --deploy`: production-like, with a throwaway key.
DEPLOY_ENV = DEBUG=0 ALLOWED_HOSTS=example.org SITE_URL=https://example.org \
	SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(64))')

.PHONY: setup run test check lint-fix bench

setup:
	bin/system-deps runtime
	bin/setup

run: setup
	DEBUG=1 $(PY) manage.py migrate --no-input
	DEBUG=1 $(PY) manage.py createcachetable
	DEBUG=1 $(PY) manage.py demo_data
	DEBUG=1 PORT=$(PORT) bin/run-dev  # runserver and db_worker, which prints the emails

test:
	bin/system-deps test
	bin/setup
	.venv/bin/pytest $(ARGS)

check: setup
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	$(DEPLOY_ENV) $(PY) manage.py check --deploy --fail-level WARNING

# Issue 5's figures in a throwaway database (PostgreSQL when DATABASE_URL is set); a few minutes.
bench: setup
	$(PY) bench/scale.py

lint-fix:
	bin/setup
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .
