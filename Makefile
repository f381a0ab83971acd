VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
# Loopback only by default; `make run HOST=0.0.0.0` serves a network (see README.md, "Serving on a network").
HOST ?= 127.0.0.1

.PHONY: run test validate bench clean

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[test]"
	touch $@

run: $(VENV)/.installed
	$(PY) -m streamlit run triggermap_app/server.py --server.address $(HOST) --server.port $(PORT)

test: $(VENV)/.installed
	scripts/ensure-chromium
	scripts/ensure-nginx
	$(PY) -m pytest

validate: $(VENV)/.installed
	$(PY) -m triggermap.validate

bench: $(VENV)/.installed
	scripts/ensure-chromium
	scripts/ensure-nginx
	$(PY) -m bench

clean:
	rm -rf $(VENV) test-artifacts
