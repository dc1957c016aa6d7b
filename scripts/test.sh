#!/usr/bin/env bash
# Install everything, run the linter, then the whole test suite beside a private PC/SC test stack
# (scripts/pcsc-stack.sh: its own pcscd with the vpcd readers, in namespaces of its own; the machine's own
# smart-card service, if it has one, is never touched).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check .
.venv/bin/lint-imports --no-cache  # the layers and the direction of imports (.importlinter, docs/architecture.md)
# Card tests must go through pcscd here, office tests through a real PostgreSQL, the browser test through
# Debian's chromium: missing ones fail, not skip.
exec bash scripts/pcsc-stack.sh env LOKET_REQUIRE_PCSCD=1 LOKET_REQUIRE_POSTGRES=1 LOKET_REQUIRE_CHROMIUM=1 QT_QPA_PLATFORM=offscreen \
  .venv/bin/python -m pytest -q "$@"
