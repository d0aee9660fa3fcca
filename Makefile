# Two commands for a new user: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared

.PHONY: demo test lint eval eval-roster bench docs clean

$(BIN)/minutes-bot: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.test-extras: $(BIN)/minutes-bot
	$(BIN)/pip install -q -e '.[test]'
	touch $@

demo: $(BIN)/minutes-bot
	$(BIN)/minutes-bot extract --config config/minutes-bot.yml --pulls examples/svsm-pulls.json examples/devel-call-2025-09-17.md

test: $(VENV)/.test-extras
	$(BIN)/ruff check bot tests bench
	$(BIN)/python -m pytest

lint: $(VENV)/.test-extras
	$(BIN)/ruff check bot tests bench
	$(BIN)/ruff format --check bot tests bench

eval: $(BIN)/minutes-bot
	$(BIN)/python bench/eval_extract.py --shared $(SHARED)

eval-roster: $(BIN)/minutes-bot
	$(BIN)/python bench/eval_roster.py --shared $(SHARED)

bench: $(BIN)/minutes-bot
	$(BIN)/python bench/bench_extract.py --shared $(SHARED)

# The README's config key table, regenerated from the pydantic models in bot/config.py.
docs: $(BIN)/minutes-bot
	$(BIN)/minutes-bot config-docs --write README.md

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
