#!/usr/bin/env bash
# The whole suite: lint, formatting, types, then the tests (the docs' examples included).
# Runs with the virtual environment's Python; set PYTHON to use another.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-.venv/bin/python}
"$python" -m ruff check .
"$python" -m ruff format --check .
"$python" -m mypy
"$python" -m pytest -n auto
