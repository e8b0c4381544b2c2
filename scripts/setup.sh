#!/usr/bin/env bash
# Idempotent set-up: the project virtualenv (.venv) and the Pulumi engine (.engine/bin).
set -euo pipefail
cd "$(dirname "$0")/.."

python_bin="${PYTHON:-python3}"
if [[ ! -x .venv/bin/python ]]; then
    "$python_bin" -m venv .venv
fi
stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)
if [[ ! -f "$stamp" ]]; then
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -e '.[dev]'
    rm -f .venv/.installed-*
    touch "$stamp"
fi

# Debian's chromium renders the HTML reports in the tests; installed when missing, as root.
if ! command -v chromium >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 \
    && [[ $(id -u) -eq 0 ]]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

if [[ -x scripts/setup-engine.sh ]]; then
    ./scripts/setup-engine.sh
fi

if [[ -x scripts/setup-actionlint.sh ]]; then
    ./scripts/setup-actionlint.sh
fi
