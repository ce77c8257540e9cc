#!/usr/bin/env bash
# Sets everything up on a fresh clone, then runs the reference story end to end.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/vetowatch demo "$@"
