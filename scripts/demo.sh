#!/usr/bin/env bash
# Install everything and run Loket on built-in defaults: a simulated e-KTP and SAM read through pcscd,
# looked up in the simulated registry, printed as the merged record.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/pcscd.sh start
.venv/bin/loket read --demo --lookup --json "$@"
