# The two commands a newcomer needs:
#   make run   - set up, start the embedded local tenant, and `pulumi up` the local stack
#   make test  - set up, lint, type-check and run the whole test suite
SHELL := /bin/bash

.PHONY: setup run test lint bench

setup:
	./scripts/setup.sh

run: setup
	./scripts/run-main.sh

lint: setup
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy

test: lint
	.venv/bin/pytest

bench: setup
	.venv/bin/python bench/run.py
