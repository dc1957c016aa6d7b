#!/usr/bin/env bash
# Install everything, start pcscd with the virtual readers, run the linter and the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/pcscd.sh start
trap 'bash scripts/pcscd.sh stop' EXIT
.venv/bin/ruff check .
# Card tests must go through pcscd here, office tests through a real PostgreSQL: missing ones fail, not skip.
LOKET_REQUIRE_PCSCD=1 LOKET_REQUIRE_POSTGRES=1 QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest -q "$@"
