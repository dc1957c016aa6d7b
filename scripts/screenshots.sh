#!/usr/bin/env bash
# Regenerates docs/screenshots/: the counter window with a simulated citizen, the print preview, the
# report and Diagnosa, at 1024×768 and 1366×768, at 100 % and 150 %, in Indonesian and English. Each shot
# is the whole Xvfb screen, so a control pushed off the screen shows as missing.
#
#   scripts/screenshots.sh [OUT_DIR]        (needs xvfb-run: Debian xvfb xauth, see scripts/setup.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-docs/screenshots}"
python="${PYTHON:-.venv/bin/python}"
command -v xvfb-run >/dev/null || { echo "xvfb-run is missing (apt-get install xvfb xauth)" >&2; exit 2; }
mkdir -p "$out"
for size in 1024x768 1366x768; do
  for scale in 1 1.5; do
    for language in id en; do
      echo "== $size at $scale, $language"
      QT_QPA_PLATFORM=xcb QT_SCALE_FACTOR="$scale" LOKET_DEMO_TRANSPORT=in-process PYTHONPATH="$PWD" \
        xvfb-run -a -s "-screen 0 ${size}x24" "$python" scripts/screenshots.py "$out" "$size" "$scale" "$language"
    done
  done
done
ls -l "$out"
