# Mentoring Toolkit. `make run` and `make test` set up what they need first.
PORT ?= 8000
PY := .venv/bin/python
# Settings for `manage.py check --deploy`: production-like, with a throwaway key.
DEPLOY_ENV = DEBUG=0 ALLOWED_HOSTS=example.org SITE_URL=https://example.org \
	SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(64))')

.PHONY: setup run test check lint-fix bench soak

setup:
	bin/system-deps runtime
	bin/setup

run: setup
	DEBUG=1 $(PY) manage.py migrate --no-input
	DEBUG=1 $(PY) manage.py createcachetable
	DEBUG=1 $(PY) manage.py demo_data
	DEBUG=1 PORT=$(PORT) bin/run-dev  # runserver and db_worker, which prints the emails

# In parallel (pytest-xdist): each worker has its own test database; the browser journeys run
# on one worker. TEST_WORKERS=0 runs in this process, as a debugger wants.
TEST_WORKERS ?= 2

test:
	bin/system-deps test
	bin/setup
	.venv/bin/pytest -n $(TEST_WORKERS) --dist loadgroup $(ARGS)

check: setup
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	$(DEPLOY_ENV) $(PY) manage.py check --deploy --fail-level WARNING

# Issues 5 and 14: figures in a throwaway database (PostgreSQL when DATABASE_URL is set); about
# 10 minutes on 2 cores.
bench: setup
	$(PY) bench/scale.py

# Issue 14's faults on loopback: two nodes, two workers, a PostgreSQL of its own restarted
# under 50 users for 60 s, a worker killed; a few minutes (bench/soak/__init__.py).
soak: setup
	$(PY) bench/soak/run.py

lint-fix:
	bin/setup
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .
