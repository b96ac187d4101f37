#!/usr/bin/env bash
# Peer comparison (issue #6), run by hand, not in CI: the same values of one generated export
# through consentry's normalizers, python `phonenumbers` and Presidio's analyzer, one thread
# each. Installs the peers from PyPI into bench-data/peers-venv (see scripts/bench_peers.py for
# what is compared and why Presidio runs without an NER model).
#
# Usage: scripts/bench_peers.sh [ROWS]   (default 100000)
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS="${1:-100000}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/consentry/target}"
mkdir -p bench-data
DATA="bench-data/export-${ROWS}.csv"
# Generated again when the generator changed since.
[ "$DATA" -nt scripts/gen_bench_data.py ] || python3 scripts/gen_bench_data.py "$ROWS" "$DATA"
VENV=bench-data/peers-venv
if ! "$VENV/bin/python" -c "import phonenumbers, presidio_analyzer" 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q phonenumbers presidio-analyzer
fi
cargo bench -q --bench normalizers --no-run 2>/dev/null
BENCH=$(ls -t "$CARGO_TARGET_DIR"/release/deps/normalizers-* | grep -v '\.d$' | head -n 1)
"$VENV/bin/python" scripts/bench_peers.py "$DATA" bench-data/peers "$BENCH"
