#!/usr/bin/env bash
# Install everything and run Loket on built-in defaults (simulated e-KTP, SAM and registry, through pcscd):
# the counter window when there is a display, otherwise one read printed as the merged record (JSON).
# pcscd runs in a private stack (scripts/pcsc-stack.sh): the machine's own smart-card service is not touched.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh >&2  # setup's words on stderr: stdout is the record (JSON) alone
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ "${1:-}" != "--headless" ]; then
  # The window needs the display's socket in the machine's /tmp.
  LOKET_STACK_PRIVATE_TMP=0 exec bash scripts/pcsc-stack.sh .venv/bin/loket gui --demo
fi
[ "${1:-}" = "--headless" ] && shift
exec bash scripts/pcsc-stack.sh .venv/bin/loket read --demo --lookup --json "$@"
