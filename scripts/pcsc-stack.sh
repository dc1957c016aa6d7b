#!/usr/bin/env bash
# scripts/pcsc-stack.sh COMMAND [ARGS...]: run COMMAND beside a private PC/SC test stack.
#
# The stack is pcscd with the vsmartcard-vpcd readers in a mount + network + pid namespace of its own
# (see ../shared/notes/pcsc-test-stack.md): its /run/pcscd is a private tmpfs, vpcd's fixed ports and every
# loopback server of the tests are on a private loopback, and nothing outside sees its virtual readers. A
# workstation's own pcscd (serving a real reader, a YubiKey, browser certificates) is never seen, stopped or
# restarted: inside, the only pcscd is the one started here, and it is stopped by its pid. When COMMAND ends,
# the namespace ends and takes everything started in it along.
#
# The private /tmp still shows a checkout (and its venv) that lives under /tmp: it is bound back in.
# LOKET_STACK_PRIVATE_TMP=0 keeps the machine's /tmp (the demo window needs the X server's socket there).
set -euo pipefail
cd "$(dirname "$0")/.."

# The whole script is read before anything runs (one brace group): the suite runs for minutes, and bash
# reads a script as it goes, so an edit to this file meanwhile must not change what the running stack does.
{

if [ "${LOKET_PCSC_STACK:-}" != "1" ]; then
  if [ $# -eq 0 ]; then
    echo "usage: scripts/pcsc-stack.sh COMMAND [ARGS...]" >&2
    exit 2
  fi
  for tool in unshare pcscd ip; do
    command -v "$tool" >/dev/null || { echo "pcsc-stack: $tool is not installed (run scripts/setup.sh)" >&2; exit 3; }
  done
  userns=()
  # Without root, a user namespace maps this user to root inside (no sudo, nothing runs as the real root).
  [ "$(id -u)" -ne 0 ] && userns=(--user --map-root-user)
  if ! unshare "${userns[@]}" --mount --net --pid --fork true 2>/dev/null; then
    echo "pcsc-stack: this user cannot make private namespaces (run as root, or turn on unprivileged user" \
         "namespaces: sysctl kernel.unprivileged_userns_clone=1); without them the card tests are skipped" >&2
    exit 3
  fi
  export LOKET_PCSC_STACK=1
  exec unshare "${userns[@]}" --mount --net --pid --fork --mount-proc --propagation private \
    bash "$0" "$@"
fi

# --- inside the namespace ----------------------------------------------------------------------------------
# pid 1 of a new pid namespace, or this is not the private stack: a leaked LOKET_PCSC_STACK=1 must never make
# the script mount over the machine's /tmp and /run/pcscd.
if [ "$$" -ne 1 ]; then
  echo "pcsc-stack: LOKET_PCSC_STACK=1 is set outside a stack; unset it and run again" >&2
  exit 3
fi
ip link set lo up
mkdir -p /run/pcscd
mount -t tmpfs -o mode=0755 loket-pcscd /run/pcscd
if [ "${LOKET_STACK_PRIVATE_TMP:-1}" = "1" ]; then
  # Nothing a test writes outlives the run. A checkout (or its venv's interpreter) that itself lives under
  # /tmp must stay visible: each folder right under /tmp that holds one is bound aside first, then back into
  # the new /tmp at its own path.
  keep=()
  for path in "$(pwd -P)" "$(readlink -f .venv/bin/python 2>/dev/null || true)" "$1" \
              "$(readlink -f "$1" 2>/dev/null || true)"; do
    case $path in /tmp/?*) rest=${path#/tmp/}; keep+=("${rest%%/*}") ;; esac
  done
  hold=/run/pcscd/loket-hold
  mkdir "$hold"
  for name in "${keep[@]}"; do
    [ -d "$hold/$name" ] && continue
    mkdir "$hold/$name"
    mount --rbind "/tmp/$name" "$hold/$name"
  done
  mount -t tmpfs -o mode=1777 loket-tmp /tmp
  for name in "${keep[@]}"; do
    [ -d "/tmp/$name" ] && continue
    if ! { mkdir "/tmp/$name" && mount --rbind "$hold/$name" "/tmp/$name"; }; then
      echo "pcsc-stack: /tmp/$name cannot be kept visible inside the private /tmp; run with LOKET_STACK_PRIVATE_TMP=0" >&2
      exit 3
    fi
  done
fi
export LOKET_TEST_PCSCD_PIDFILE=/run/pcscd/loket-test-pcscd.pid

listening() {  # never probe by connecting: a connection to vpcd's port is a card insertion
  grep -qiE "^ *[0-9]+: [0-9A-F]+:$(printf '%04X' "$1") [0-9A-F]+:0000 0A" /proc/net/tcp 2>/dev/null
}

pcscd --foreground >/dev/null 2>&1 &
echo $! > "$LOKET_TEST_PCSCD_PIDFILE"
for _ in $(seq 100); do
  if [ -S /run/pcscd/pcscd.comm ] && listening 35963 && listening 35964; then break; fi
  sleep 0.1
done
if ! { [ -S /run/pcscd/pcscd.comm ] && listening 35963 && listening 35964; }; then
  echo "pcsc-stack: pcscd with the vpcd readers did not come up (is vsmartcard-vpcd installed?)" >&2
  exit 3
fi

rc=0
"$@" || rc=$?
# A test may have restarted the daemon: the pid file names the one running now.
kill "$(cat "$LOKET_TEST_PCSCD_PIDFILE")" 2>/dev/null || true
exit $rc
}
