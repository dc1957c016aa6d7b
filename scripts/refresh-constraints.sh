#!/usr/bin/env bash
# Take the newest releases pyproject.toml allows, run the whole suite, and only then write them to
# constraints.txt (the versions setup.sh and the Windows build install). Review the diff before committing.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv-refresh
.venv-refresh/bin/python -m pip install -q --upgrade pip
.venv-refresh/bin/python -m pip install -q --upgrade -e '.[test]'
frozen=$(.venv-refresh/bin/python -m pip freeze --exclude-editable)
head -4 constraints.txt > constraints.new
echo "$frozen" >> constraints.new
mv constraints.new constraints.txt
rm -rf .venv-refresh
bash scripts/test.sh  # installs the new pins into .venv and runs everything; a failure means: do not commit
git --no-pager diff --stat constraints.txt
