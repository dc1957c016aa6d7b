#!/usr/bin/env bash
# Install everything, then run every benchmark beside a private PC/SC test stack (scripts/pcsc-stack.sh:
# its own pcscd with the vpcd readers; the machine's own smart-card service is not touched). JSON results
# go to out/bench/. Each bench prints the machine and its figures beside their targets; a bench over its
# target (or failing) does not stop the others, and the last line names them.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${LOKET_PCSC_STACK:-}" != "1" ]; then
  bash scripts/setup.sh
  exec bash scripts/pcsc-stack.sh bash "$0" "$@"
fi
mkdir -p out/bench
export QT_QPA_PLATFORM=offscreen
over=()
run() {  # run NAME ARGS...: bench/NAME.py writing out/bench/NAME.json
  local name=$1 rc=0; shift
  echo "== $name"
  .venv/bin/python "bench/$name.py" "$@" --json "out/bench/$name.json" || rc=$?
  case $rc in
    0) ;;
    1) over+=("$name (over target)") ;;
    *) over+=("$name (exit $rc)") ;;  # e.g. 134: the interpreter aborted (after the figures were written)
  esac
  echo
}
run card_read
run card_soak
run cli_read
run registry_lookup
run forms_render
run letter_seal
run gui_start
run tap_to_preview
run gui_rss
run webapi_handoff
run pdf_signature
run webapi_flood
if [ ${#over[@]} -gt 0 ]; then
  printf 'over target or failed: %s\n' "${over[@]}"
  exit 1
fi
echo "every benchmark within its target"
