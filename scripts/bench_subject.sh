#!/usr/bin/env bash
# Benchmark of `consentry subject find` (issue #24): FILES lists of ROWS generated records each
# (links to one generated export, so they cost no disk), searched for one person, against the
# floor measured in the same run: polars for Python reading the same files (no search at all).
# Prints wall seconds, rows/s and peak RSS of each, median of RUNS.
#
# Usage: scripts/bench_subject.sh [ROWS] [FILES] [THREADS] [RUNS]
#   defaults 1000000 10 2 3. Needs python3; polars from PyPI in bench-data/venv (scripts/bench.sh
#   sets it up) for the floor.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS="${1:-1000000}"
FILES="${2:-10}"
THREADS="${3:-2}"
RUNS="${4:-3}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/consentry/target}"
mkdir -p bench-data
DATA="bench-data/export-${ROWS}.csv"
[ "$DATA" -nt scripts/gen_bench_data.py ] || python3 scripts/gen_bench_data.py "$ROWS" "$DATA"
cargo build -q --release
BIN="$CARGO_TARGET_DIR/release/consentry"
DIR="bench-data/subject-${ROWS}x${FILES}"
rm -rf "$DIR" && mkdir -p "$DIR"
for i in $(seq "$FILES"); do ln "$DATA" "$DIR/list-$i.csv" 2>/dev/null || ln -s "$(pwd)/$DATA" "$DIR/list-$i.csv"; done
# A person in the list: a phone of a record a third of the way in (its digits are not the
# zeros of the first records), and an address nobody has.
PERSON=$(python3 -c "
import csv, itertools, sys
rows = csv.DictReader(open(sys.argv[1], encoding='utf-8'))
row = next(itertools.islice(rows, int(sys.argv[2]) // 3, None))
print(row['phone_1'] or row['phone'])" "$DATA" "$ROWS")

times() { # NAME COMMAND...: appends "seconds peak_kb" to bench-data/NAME.times
  local name=$1; shift
  /usr/bin/time -f "%e %M" -o bench-data/.time "$@" >/dev/null 2>bench-data/.err || { cat bench-data/.err; exit 1; }
  cat bench-data/.time >> "bench-data/$name.times"
}
rm -f bench-data/subject-floor.times bench-data/subject-find.times
has_polars=false
bench-data/venv/bin/python -c "import polars" 2>/dev/null && has_polars=true
for _ in $(seq "$RUNS"); do
  if $has_polars; then
    POLARS_MAX_THREADS="$THREADS" times subject-floor bench-data/venv/bin/python -c "
import polars as pl, sys
for f in sys.argv[1:]:
    pl.read_csv(f, infer_schema_length=0)" "$DIR"/*.csv
  fi
  times subject-find "$BIN" --threads "$THREADS" subject find "$PERSON" nobody@nowhere.example --in "$DIR"
done
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
total=$((ROWS * FILES))
report() { # NAME LABEL
  [ -s "bench-data/$1.times" ] || return 0
  local s kb
  s=$(cut -d' ' -f1 "bench-data/$1.times" | median)
  kb=$(cut -d' ' -f2 "bench-data/$1.times" | median)
  awk -v l="$2" -v s="$s" -v kb="$kb" -v n="$total" 'BEGIN { printf "%-34s %7.2f s %12.0f rows/s %8.0f MB peak\n", l, s, n / s, kb / 1024 }'
}
echo "subject find: $FILES lists of $ROWS records ($total records), $THREADS threads, median of $RUNS"
report subject-floor "polars reading the same files"
report subject-find "consentry subject find"
