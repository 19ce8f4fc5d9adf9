# Aliases for tasks.py, which does the work (and needs nothing but Python 3.11).
PYTHON ?= python3
.PHONY: run test eval bench
run:
	$(PYTHON) tasks.py run
test:
	$(PYTHON) tasks.py test
eval:
	$(PYTHON) tasks.py eval
bench:
	$(PYTHON) tasks.py bench
