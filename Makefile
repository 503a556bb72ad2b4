# Tiếp Cận — the two commands are `make run` and `make test` (see README.md).
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: install lock run test soak lint audit messages bench clean

install: $(VENV)/.installed

# The venv is rebuilt to hold exactly requirements.lock (every package pinned, every file's hash
# checked; nothing left over from an older lock), then the project itself, editable, with no
# resolution of its own: its dependencies and its build backend (setuptools) are in the lock.
$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv --clear $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

# Regenerate requirements.lock from pyproject.toml after changing a pin (needs PyPI; see README,
# "Dependencies"). pip-tools runs from its own venv under var/, never the project's; the pip
# settings of the machine (local mirrors, find-links) are ignored so the hashes are PyPI's.
LOCK_TOOLS := var/pip-tools
lock:
	test -x $(LOCK_TOOLS)/bin/pip-compile || ( $(PYTHON) -m venv $(LOCK_TOOLS) \
	  && $(LOCK_TOOLS)/bin/pip install --quiet pip-tools==7.7.0 )
	env -u PIP_FIND_LINKS PIP_CONFIG_FILE=/dev/null $(LOCK_TOOLS)/bin/pip-compile --quiet \
	  --allow-unsafe --all-build-deps --extra dev --generate-hashes --strip-extras \
	  --index-url https://pypi.org/simple --no-emit-index-url \
	  --output-file requirements.lock pyproject.toml

# Migrate the embedded SQLite database, load the demo data (idempotent) and serve the app with
# its task worker and deadline scheduler; Ctrl-C stops them all.
run: install
	@test -f "$${TIEPCAN_LETTER_FONT_DIR:-/usr/share/fonts/truetype/liberation2}/LiberationSerif-Regular.ttf" \
		|| { echo "Letters need the font package fonts-liberation2: apt-get install fonts-liberation2 (or set TIEPCAN_LETTER_FONT_DIR)." >&2; exit 1; }
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py runall --port $(PORT)

# Lint once, then two lanes side by side: the suite on SQLite and the date-sensitive tests under
# four frozen clocks; the suite on throwaway PostgreSQL + Redis and the browser tests.
test: install
	bash scripts/test.sh

# The long fault runs (tests/reliability with TIEPCAN_SOAK=1) on SQLite, then PostgreSQL + Redis.
soak: install
	bash scripts/soak.sh

# ruff, bandit (medium and high findings fail; config in pyproject.toml), migrations complete,
# and tests/tooling (translations, pins, the lock). Passes offline.
lint: install
	bash scripts/lint.sh

# Known vulnerabilities (pip-audit): needs PyPI's vulnerability service, which these machines
# cannot reach; run it where the network allows (a release pipeline). Fails if it checked nothing.
audit: install
	bash scripts/audit.sh

messages: install
	$(PY) manage.py makemessages -l vi --no-obsolete --ignore '.venv/*' --ignore 'tests/*' --ignore 'bench/*'
	$(PY) manage.py compilemessages -l vi --ignore '.venv/*'

bench: install
	$(PY) manage.py migrate --noinput --verbosity 0
	$(PY) bench/deadlines_bench.py
	$(PY) bench/inbox_bench.py
	$(PY) bench/letters_bench.py
	$(PY) bench/signing_bench.py
	$(PY) bench/sweep_bench.py --requests 200000
	$(PY) bench/websocket_bench.py

clean:
	rm -rf $(VENV) var
