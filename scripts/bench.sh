#!/usr/bin/env bash
# Install everything, start pcscd with the virtual readers, run every benchmark; JSON results go to out/bench/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/pcscd.sh start
mkdir -p out/bench
.venv/bin/python bench/card_read.py --json out/bench/card_read.json
echo
.venv/bin/python bench/registry_lookup.py --json out/bench/registry_lookup.json
echo
.venv/bin/python bench/forms_render.py --json out/bench/forms_render.json
echo
QT_QPA_PLATFORM=offscreen .venv/bin/python bench/gui_start.py --json out/bench/gui_start.json
