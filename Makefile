# Two targets a new user needs: `make demo` and `make test`. Each sets up
# .venv on first use (Python 3.11+ as $(PYTHON)), so either works on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INDEX := .dateline/index

.PHONY: demo test lint clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

demo: $(VENV)/.installed
	$(BIN)/dateline index corpus --index $(INDEX)
	$(BIN)/dateline search Mosul --index $(INDEX) --facets 5

test: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) .dateline
