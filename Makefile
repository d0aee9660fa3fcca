# Two commands for a new user: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared

.PHONY: demo test lint eval eval-roster bench triggers docs lock audit clean

$(BIN)/minutes-bot: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.test-extras: $(BIN)/minutes-bot
	$(BIN)/pip install -q -e '.[test]'
	touch $@

# The example minutes as they sit in coconut-svsm/governance (Meetings/), in a scratch folder:
# what the bot finds, then every write it would make, offline (no token, nothing is sent).
demo: $(BIN)/minutes-bot
	@echo "== minutes-bot extract: what the bot reads in the example minutes"
	$(BIN)/minutes-bot extract --config config/minutes-bot.yml --pulls examples/svsm-pulls.json \
	  examples/devel-call-2025-09-17.md
	@echo
	@echo "== minutes-bot process --dry-run: what it would write to GitHub (offline: nothing is sent)"
	@demo=$$(mktemp -d) && mkdir "$$demo/Meetings" && cp examples/devel-call-2025-09-17.md "$$demo/Meetings/" && \
	  env -u GITHUB_TOKEN -u GITHUB_STEP_SUMMARY -u GITHUB_SHA GITHUB_REPOSITORY=coconut-svsm/governance \
	  $(BIN)/minutes-bot process --dry-run --config config/minutes-bot.yml --minutes-dir "$$demo" \
	  --pulls examples/svsm-pulls.json --now 2025-09-18; status=$$?; rm -rf "$$demo"; exit $$status

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

# bot/extract/trigger_table.py, the grammar's trigger searches, derived again from its patterns.
triggers: $(BIN)/minutes-bot
	$(BIN)/python -c "from bot.extract.triggers import write_table; write_table()"

# The config key table of docs/configuration.md, regenerated from the pydantic models in bot/domain/config.py.
docs: $(BIN)/minutes-bot
	$(BIN)/minutes-bot config-docs --write docs/configuration.md

# Every command shown in README.md and docs/ run as written (offline), and the config table checked.
docs-check: $(VENV)/.test-extras
	$(BIN)/python -m pytest tests/docs/test_docs_commands.py tests/app/test_config_docs.py

# The hash-pinned locks: what the action installs (the bot's dependencies and its build backend)
# and the auditors CI runs, for every platform and Python >= 3.11. Run after changing either.
lock: $(VENV)/.test-extras
	$(BIN)/pip install -q uv==0.13.9
	$(BIN)/uv pip compile --quiet --generate-hashes --universal --python-version 3.11 \
	  pyproject.toml requirements/action.in -o requirements/action.txt
	$(BIN)/uv pip compile --quiet --generate-hashes --universal --python-version 3.11 \
	  requirements/audit.in -o requirements/audit.txt

# The workflow auditors, as CI runs them: zizmor on the workflows and the action (every
# finding, offline), then actionlint on the workflows.
audit: $(VENV)/.test-extras
	$(BIN)/zizmor --persona auditor --offline --strict-collection .github/ action.yml
	$(BIN)/actionlint

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
