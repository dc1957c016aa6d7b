#!/usr/bin/env bash
# Install everything Loket needs on a fresh Debian/Ubuntu machine: system packages and a venv in .venv.
# Idempotent: a second run only checks. Needs root (or sudo) for apt-get.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

PACKAGES=(
  pcscd vsmartcard-vpcd pcsc-tools          # the PC/SC service and the virtual reader driver
  swig libpcsclite-dev gcc python3-venv     # pyscard builds from source on Linux
  libegl1 libgl1 libfontconfig1 fonts-dejavu-core libxkbcommon0 libglib2.0-0 libdbus-1-3  # Qt offscreen
  xvfb xauth libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxkbcommon-x11-0 libxcb-image0
  libxcb-render-util0 libxcb-shape0 libxcb-randr0 libxcb-xkb1                            # Qt under Xvfb
  poppler-utils                             # pdftoppm: tests render PDF pages to PNG
  wixl msitools                             # the Windows MSI is built and inspected here too
  postgresql                                # tests run a throwaway office server (initdb + pg_ctl)
  chromium                                  # headless browser test of the local card service (loket serve)
  gnome-keyring dbus-daemon                 # a Secret Service of their own for the keyring tests and bench/cli_read.py
)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
# The Python side is installed again only when pyproject.toml or constraints.txt changed since the last run.
STAMP=.venv/.loket-installed
WANT=$(cat pyproject.toml constraints.txt | sha256sum | cut -d' ' -f1)
if [ "$(cat "$STAMP" 2>/dev/null)" != "$WANT" ]; then
  echo "setup: installing Loket and its pinned dependencies (constraints.txt) into .venv; log: .venv/setup.log"
  {
    .venv/bin/python -m pip install -q --upgrade pip || true
    # Earlier setups installed PySide6-Pdf, built only for the excluded PySide6 6.12.0 (see pyproject.toml). Its
    # uninstall also deletes files it shares with PySide6-Essentials, so that one is put back whole afterwards.
    if .venv/bin/python -m pip show -q PySide6-Pdf; then
      .venv/bin/python -m pip uninstall -q -y PySide6-Pdf PySide6-Essentials shiboken6 || true
    fi
    .venv/bin/python -m pip install -q -c constraints.txt -e '.[test]'
  } > .venv/setup.log 2>&1 || { echo "setup: pip failed; see .venv/setup.log" >&2; tail -20 .venv/setup.log >&2; exit 1; }
  echo "$WANT" > "$STAMP"
fi
.venv/bin/python -c "import smartcard, PySide6, pypdfium2, reportlab, requests, keyring, cryptography, psycopg, segno, cbor2, zxingcpp" \
  || { echo "setup: Python dependencies failed to install" >&2; exit 1; }
# The window's English: resources/translations/*.ts -> .qm (build output, not in git; app/ui/i18n.py reads the
# .ts itself when this step never ran, so a failure here costs milliseconds at start, not the language).
for ts in resources/translations/*.ts; do
  if [ -e "$ts" ]; then
    .venv/bin/pyside6-lrelease -silent "$ts" || echo "setup: $ts not compiled (read as .ts)" >&2
  fi
done
