# The two commands a newcomer needs: `make report` (demo PDF) and `make test` (all tests).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
READY := $(VENV)/.ready

.PHONY: report test lint format lock clean

$(READY): requirements.txt pyproject.toml scripts/install-system-deps.sh scripts/install-browser.sh
	bash scripts/install-system-deps.sh
	bash scripts/install-browser.sh
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(READY)

report: $(READY)
	$(PY) review.py build --xlsx

test: $(READY)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m pytest -n auto --dist loadfile  # one worker per core; a test module stays on one

# requirements.txt is the lock, generated from pyproject.toml (never edited by hand); it holds
# the web extra too, so `planreview serve` works after `make report`.
lock: $(READY)
	$(VENV)/bin/pip-compile --quiet --extra web --extra test --extra dev --strip-extras \
	  --no-emit-index-url --no-emit-find-links -o requirements.txt pyproject.toml

format: $(READY)
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

clean:
	rm -rf $(VENV) reports/*.pdf reports/*.json reports/*.html reports/*.xlsx
