#!/usr/bin/env bash
# A long random fuzz run of every card-data parser and of whole reads with corrupted card/SAM answers
# (tests/test_parsers_fuzz.py with many more, non-derandomised examples). The property is the suite's:
# no input raises anything but the documented ReadError subclasses (CardDataMalformed for bad data),
# and an Identity that comes back is complete. No pcscd needed (in-process transport).
#
#   ./fuzz/parsers.sh            # 20000 examples per parser test (about 10-20 minutes here)
#   ./fuzz/parsers.sh 200000     # longer
#
# A failure prints the smallest input hypothesis found and exits non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."
EXAMPLES=${1:-20000}
export LOKET_FUZZ_EXAMPLES=$EXAMPLES
export QT_QPA_PLATFORM=offscreen
echo "fuzz: $EXAMPLES examples per parser test, $((EXAMPLES / 4)) per whole-read test"
exec .venv/bin/python -m pytest -q -p no:cacheprovider tests/test_parsers_fuzz.py --hypothesis-show-statistics
