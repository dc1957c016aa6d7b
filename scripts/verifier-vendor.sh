#!/usr/bin/env bash
# The npm packages inside the offline verification page (resources/verifier/vendor/, recorded in VERSIONS):
#   scripts/verifier-vendor.sh                           check every vendored file against its npm tarball
#   scripts/verifier-vendor.sh --update FILE PKG@VER PATH  take PATH of PKG@VER's tarball as FILE (and its LICENSE)
# Needs npm (the registry only: `npm pack` fetches the tarball, `npm view` its published integrity).
set -euo pipefail
cd "$(dirname "$0")/.."
VENDOR=resources/verifier/vendor
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

fetch() {  # PKG@VER -> prints the unpacked folder, after checking the tarball against npm's dist.integrity
  local spec=$1 want tgz got
  want=$(npm view "$spec" dist.integrity </dev/null)
  tgz=$(cd "$WORK" && npm pack --silent "$spec" </dev/null | tail -1)
  got="sha512-$(openssl dgst -sha512 -binary "$WORK/$tgz" | base64 -w0)"
  [ "$got" = "$want" ] || { echo "$spec: tarball integrity $got is not npm's $want" >&2; exit 1; }
  mkdir -p "$WORK/${tgz%.tgz}" && tar xzf "$WORK/$tgz" -C "$WORK/${tgz%.tgz}"
  echo "$WORK/${tgz%.tgz}|$want"
}

if [ "${1:-}" = "--update" ]; then
  file=$2 spec=$3 inner=$4
  IFS='|' read -r dir integrity < <(fetch "$spec")
  cp "$dir/$inner" "$VENDOR/$file"
  name=${spec%@*}; name=${name##*/}; [ "$name" = ed25519 ] && name=noble-ed25519
  cp "$dir/package/LICENSE" "$VENDOR/LICENSE-$name"
  sha=$(sha256sum "$VENDOR/$file" | cut -d' ' -f1)
  grep -v "^$file " "$VENDOR/VERSIONS" > "$WORK/VERSIONS"
  echo "$file  $spec  $inner  $integrity  $sha" >> "$WORK/VERSIONS"
  cp "$WORK/VERSIONS" "$VENDOR/VERSIONS"
  echo "$file is now $spec ($inner); run tests/test_verifier_page.py"
  exit 0
fi

status=0
while read -r file spec inner integrity sha; do
  case "$file" in ''|'#'*) continue ;; esac
  IFS='|' read -r dir got_integrity < <(fetch "$spec")
  if [ "$got_integrity" != "$integrity" ]; then
    echo "$file: npm's integrity for $spec changed ($got_integrity, VERSIONS says $integrity)" >&2; status=1
  elif ! cmp -s "$dir/$inner" "$VENDOR/$file"; then
    echo "$file differs from $spec's $inner" >&2; status=1
  elif [ "$(sha256sum "$VENDOR/$file" | cut -d' ' -f1)" != "$sha" ]; then
    echo "$file: sha256 is not the one in VERSIONS" >&2; status=1
  else
    echo "$file = $spec $inner"
  fi
done < "$VENDOR/VERSIONS"
exit $status
