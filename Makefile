# Two commands for a fresh machine with Python 3.11: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: install setup run serve test check bench bench-smoke clean

# Reinstalls only when requirements.txt changes.
$(VENV)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

install: $(VENV)/.installed

# Migrate, load the seed fixtures (idempotent: loaddata updates records by primary key)
# and, on the SQLite default only, create a local superuser whose password is shown once.
setup: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py loaddata seed
	$(BIN)/python manage.py local_superuser --url http://$(HOST):$(PORT)/admin/

run: setup
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py runserver $(HOST):$(PORT)

# Production serving: gunicorn (WEB_CONCURRENCY workers, 2 by default) with whitenoise for the
# admin's static files, against DATABASE_URL, with DEBUG off. Set SECRET_KEY, ALLOWED_HOSTS and
# the rest (README: Deploying on PostgreSQL); no seed data is loaded.
serve: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	DEBUG=$${DEBUG:-false} $(BIN)/gunicorn config.wsgi --bind $(HOST):$(PORT) \
		--workers $${WEB_CONCURRENCY:-2} --access-logfile - --forwarded-allow-ips "$${FORWARDED_ALLOW_IPS:-127.0.0.1}"

test: install
	$(BIN)/python -m pytest

check: install
	$(BIN)/ruff check .
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py spectacular --validate --fail-on-warn --file /dev/null

# The side-by-side benchmark (bench/README.md): this project as served by `make serve`, the floor
# (bench/floor.py) and Datasette on the same catalogue, loaded with wrk (apt-get install wrk).
# `make bench` measures a million works on SQLite (BENCH_ARGS="--works 20000 --runs 1" for less);
# `make bench-smoke` checks at 100 works, in well under a minute, that every part still works.
bench: install
	$(BIN)/python bench/run.py $(BENCH_ARGS)

bench-smoke: install
	$(BIN)/python bench/run.py --smoke

clean:
	rm -rf $(VENV) db.sqlite3 .pytest_cache staticfiles
