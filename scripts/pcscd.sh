#!/usr/bin/env bash
# start: make sure pcscd runs with the vsmartcard-vpcd readers (pcscd reads its driver list only at start).
# stop:  stop the pcscd this script started.
set -euo pipefail
PIDFILE=${TMPDIR:-/tmp}/loket-pcscd.pid
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

listening() {  # never probe by connecting: a connection to vpcd's port is a card insertion
  grep -qiE "^ *[0-9]+: [0-9A-F]+:$(printf '%04X' "$1") [0-9A-F]+:0000 0A" /proc/net/tcp 2>/dev/null
}

case "${1:-start}" in
  start)
    if listening 35963 && listening 35964 && [ -S /run/pcscd/pcscd.comm ]; then
      exit 0
    fi
    # A pcscd started before vsmartcard-vpcd was installed does not know the virtual readers.
    $SUDO pkill -x pcscd 2>/dev/null || true
    for _ in $(seq 50); do pgrep -x pcscd >/dev/null || break; sleep 0.1; done
    # Close every inherited descriptor above 2 first: run under `flock /tmp/loket-pcscd.lock`, the daemon
    # would otherwise keep the lock's descriptor and hold the shared lock for as long as it lives.
    $SUDO bash -c "for fd in \$(ls /proc/\$\$/fd); do [ \"\$fd\" -gt 2 ] && eval \"exec \$fd>&-\"; done 2>/dev/null
      pcscd --foreground >/dev/null 2>&1 & echo \$! > '$PIDFILE'"
    for _ in $(seq 100); do
      if [ -S /run/pcscd/pcscd.comm ] && listening 35963 && listening 35964; then exit 0; fi
      sleep 0.1
    done
    echo "pcscd: the vpcd readers did not come up" >&2
    exit 1
    ;;
  stop)
    if [ -f "$PIDFILE" ]; then
      $SUDO kill "$(cat "$PIDFILE")" 2>/dev/null || true
      rm -f "$PIDFILE"
    fi
    # A test restarts pcscd to check recovery; that one is stopped here too.
    $SUDO pkill -x pcscd 2>/dev/null || true
    ;;
esac
