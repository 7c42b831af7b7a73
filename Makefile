# Parley: two commands on a fresh machine with Python 3.11+ and make.
#   make run    set up, then run the benchmark's main job on the shipped corpus
#   make test   set up everything the tests need (Label Studio, Chromium), then lint, type-check and test
PYTHON ?= python3
VENV := .venv
LS_VENV := .venv-labelstudio
LABEL_STUDIO_VERSION := 1.23.2
BIN := $(VENV)/bin
PIP_FLAGS := --quiet --disable-pip-version-check

.PHONY: run results test setup setup-dev setup-labelstudio setup-browser lint typecheck pytest clean

DATASET := build/dataset
PREDICTIONS := build/predictions
RESULTS := eval/results
LEADERBOARD_README := eval/README.md
BASELINES := lexicon sklearn

# The main job: check the corpus, build the dataset, train and run both baselines on the test split, score them,
# print the leaderboard and write reports, plots and the leaderboard (also into eval/README.md).
run: setup
	$(BIN)/parley validate corpus
	$(BIN)/parley stats
	$(BIN)/parley build --out $(DATASET)
	$(BIN)/parley train --gold $(DATASET)
	@mkdir -p $(PREDICTIONS)
	@# A rerun would resume from old predictions; a retrained model must predict afresh.
	rm -f $(foreach s,$(BASELINES),$(PREDICTIONS)/$(s).jsonl)
	$(foreach s,$(BASELINES),$(BIN)/parley run --system $(s) --gold $(DATASET) --split test --out $(PREDICTIONS)/$(s).jsonl --no-progress &&) true
	@$(MAKE) --no-print-directory results

# The main job's committed outputs, from the predictions: the same predictions give the same bytes (no run times),
# so a rerun leaves the checkout clean unless a score changed (tests/eval/test_reproducible_results.py).
results:
	@mkdir -p $(RESULTS)
	$(foreach s,$(BASELINES),$(BIN)/parley eval --gold $(DATASET) --pred $(PREDICTIONS)/$(s).jsonl --system $(s) --out $(RESULTS)/$(s).json --plots $(RESULTS)/$(s) > $(RESULTS)/$(s).txt &&) true
	$(BIN)/parley eval leaderboard $(foreach s,$(BASELINES),$(RESULTS)/$(s).json) --readme $(LEADERBOARD_README) \
		--plot $(RESULTS)/leaderboard.png \
		--caption "Test split of the shipped corpus, seeded bootstrap (1,000 resamples, 95% intervals); written by \`make run\`."

test: setup-dev setup-labelstudio setup-browser lint typecheck pytest

setup: $(VENV)/.installed
setup-dev: $(VENV)/.installed-dev
setup-labelstudio: $(LS_VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install $(PIP_FLAGS) -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/pip install $(PIP_FLAGS) -e '.[dev]'
	touch $@

# The Label Studio server lives in its own environment: its pinned Django stack must not meet the library's.
$(LS_VENV)/.installed:
	$(PYTHON) -m venv $(LS_VENV)
	$(LS_VENV)/bin/pip install $(PIP_FLAGS) 'label-studio==$(LABEL_STUDIO_VERSION)'
	touch $@

# Debian's Chromium for the browser test; playwright drives it (no browser download).
setup-browser:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "installing Debian's chromium"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
		|| sudo sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null'; }

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck:
	$(BIN)/mypy

pytest:
	PARLEY_LABEL_STUDIO_BIN=$(CURDIR)/$(LS_VENV)/bin/label-studio $(BIN)/pytest

clean:
	rm -rf $(VENV) $(LS_VENV) .mypy_cache .ruff_cache .pytest_cache dist
