#!/usr/bin/env bash
# Install everything and run Loket on built-in defaults (simulated e-KTP, SAM and registry, through pcscd):
# the counter window when there is a display, otherwise one read printed as the merged record (JSON).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/pcscd.sh start
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ "${1:-}" != "--headless" ]; then
  exec .venv/bin/loket gui --demo
fi
[ "${1:-}" = "--headless" ] && shift
exec .venv/bin/loket read --demo --lookup --json "$@"
