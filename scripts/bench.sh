#!/usr/bin/env bash
# The benchmark harness (issue #6): on one generated export, measure in the same run
#   (a) the I/O floor: polars alone reading the file and writing it back as CSV,
#   (b) consentry audit with every pack, channels sms and email,
#   (c) the normalizers alone (phones/s, e-mails/s, free-text MB/s),
# and print wall seconds (median of RUNS), rows/s, MB/s, peak RSS, CPU seconds and the ratio of
# (b) to (a), both as the ratio of the medians and as the median of each round's own ratio.
#
# Usage: scripts/bench.sh [ROWS] [THREADS] [RUNS] [PROFILE]
#   ROWS default 1000000, THREADS 2, RUNS 3, PROFILE release (debug for a CI smoke run).
# Needs python3 (the generator, and polars from PyPI in bench-data/venv for the floor).
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS="${1:-1000000}"
THREADS="${2:-2}"
RUNS="${3:-3}"
PROFILE="${4:-release}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/consentry/target}"
mkdir -p bench-data
DATA="bench-data/export-${ROWS}.csv"
# Generated again when the generator changed since.
[ "$DATA" -nt scripts/gen_bench_data.py ] || python3 scripts/gen_bench_data.py "$ROWS" "$DATA"
# The floor needs polars for Python (from PyPI); without it the floor row is skipped.
if [ ! -x bench-data/venv/bin/python ] || ! bench-data/venv/bin/python -c "import polars" 2>/dev/null; then
  python3 -m venv bench-data/venv && bench-data/venv/bin/pip install -q polars || echo "note: polars for Python unavailable; the floor is skipped"
fi
if [ "$PROFILE" = release ]; then
  cargo build -q --release
else
  cargo build -q
fi
BIN="$CARGO_TARGET_DIR/$PROFILE/consentry"
BYTES=$(stat -c %s "$DATA")

# Runs a command once; appends "seconds peak_rss_kb cpu_seconds" to bench-data/NAME.times. Before it,
# untimed, the previous output at OUT is removed and the disk is synced, so no run pays for
# writing back or deleting the gigabyte of files an earlier run wrote.
run_once() {
  local name=$1 out=$2; shift 2
  rm -rf "$out"
  sync
  /usr/bin/time -f "%e %M %U %S" -o bench-data/time.txt "$@" >/dev/null 2>bench-data/stderr.txt || {
    cat bench-data/stderr.txt; exit 1
  }
  tail -n 1 bench-data/time.txt | awk '{print $1, $2, $3 + $4}' >>"bench-data/$name.times"
}
# "median_seconds max_peak_rss_kb min_seconds max_seconds median_cpu_seconds" of
# bench-data/NAME.times.
summary() {
  local cpu
  cpu=$(awk '{print $3}' "bench-data/$1.times" | sort -g | awk '{c[NR]=$1} END {print c[int((NR+1)/2)]}')
  sort -g "bench-data/$1.times" | awk -v c="$cpu" '{t[NR]=$1; if ($2 > p) p=$2} END {print t[int((NR+1)/2)], p, t[1], t[NR], c}'
}
# The median over the rounds of (column 1 of A) / (column 1 of B): runs of one round are
# seconds apart, so a slow spell of the machine moves both and their ratio less than the medians.
paired_ratio() {
  paste -d ' ' "bench-data/$1.times" "bench-data/$2.times" | awk '{print $1 / $4}' | sort -g |
    awk '{r[NR]=$1} END {printf "%.2fx (%.2f-%.2f)", r[int((NR+1)/2)], r[1], r[NR]}'
}

# The three measurements take turns, run after run, so that a slow spell of this shared
# machine slows all three alike and the ratios stay fair.
has_polars=false
bench-data/venv/bin/python -c "import polars" 2>/dev/null && has_polars=true
rm -f bench-data/floor.times bench-data/audit.times bench-data/audit1.times
for _ in $(seq "$RUNS"); do
  if $has_polars; then
    POLARS_MAX_THREADS="$THREADS" run_once floor bench-data/floor-out.csv bench-data/venv/bin/python -c "
import polars as pl, sys
pl.read_csv(sys.argv[1], infer_schema_length=0).write_csv(sys.argv[2])" "$DATA" bench-data/floor-out.csv
  fi
  run_once audit bench-data/audit-out "$BIN" audit "$DATA" --out bench-data/audit-out --threads "$THREADS" --channel sms,email --as-of 2026-11-29 --fail-on never
  run_once audit1 bench-data/audit-out-1 "$BIN" audit "$DATA" --out bench-data/audit-out-1 --threads 1 --channel sms,email --as-of 2026-11-29 --fail-on never
done
floor="0 0 0 0 0"
$has_polars && floor=$(summary floor)
audit=$(summary audit)
audit1=$(summary audit1)
if ! diff -rq bench-data/audit-out bench-data/audit-out-1 >/dev/null; then
  echo "error: --threads 1 and --threads $THREADS gave different outputs"; exit 1
fi

row() { # name seconds peak_kb cpu_seconds vs_floor
  awk -v n="$1" -v s="$2" -v k="$3" -v c="$4" -v r="$ROWS" -v b="$BYTES" -v f="${5:-}" \
    'BEGIN { printf "%-22s %9.2f %12.0f %9.1f %10.0f %9.2f %8s\n", n, s, r/s, b/1e6/s, k/1024, c, f }'
}
read -r floor_s floor_kb floor_min floor_max floor_cpu <<<"$floor"
read -r audit_s audit_kb audit_min audit_max audit_cpu <<<"$audit"
read -r audit1_s audit1_kb audit1_min audit1_max audit1_cpu <<<"$audit1"
ratio=$(awk -v a="$audit_s" -v f="$floor_s" 'BEGIN { if (f > 0) printf "%.2fx", a/f; else print "-" }')
ratio1=$(awk -v a="$audit1_s" -v f="$floor_s" 'BEGIN { if (f > 0) printf "%.2fx", a/f; else print "-" }')
echo "consentry benchmark: $ROWS rows, $(awk -v b="$BYTES" 'BEGIN{printf "%.0f MB", b/1e6}'), $THREADS threads, median of $RUNS runs, $PROFILE build, $(nproc) cores"
printf "%-22s %9s %12s %9s %10s %9s %8s\n" "stage" "seconds" "rows/s" "MB/s" "peak MB" "CPU s" "vs floor"
if [ "$floor_s" != 0 ]; then row "(a) polars read+write" "$floor_s" "$floor_kb" "$floor_cpu" "1.00x"; fi
row "(b) consentry audit" "$audit_s" "$audit_kb" "$audit_cpu" "$ratio"
row "(b1) audit, 1 thread" "$audit1_s" "$audit1_kb" "$audit1_cpu" "$ratio1"
awk -v one="$audit1_s" -v many="$audit_s" -v t="$THREADS" 'BEGIN { printf "speed-up at %s threads: %.2fx (outputs identical)\n", t, one/many }'
echo "median (range) of each round's own ratio:$($has_polars && echo " audit vs floor $(paired_ratio audit floor);") speed-up $(paired_ratio audit1 audit)"
echo "spread of the runs (min-max seconds): floor $floor_min-$floor_max, audit $audit_min-$audit_max, 1 thread $audit1_min-$audit1_max"
echo
echo "where the time goes (one --progress run at $THREADS threads; wall time per stage summed"
echo "over the parts of the list; reading the next part overlaps auditing the current one):"
"$BIN" audit "$DATA" --out bench-data/audit-out --threads "$THREADS" --channel sms,email \
  --as-of 2026-11-29 --fail-on never --progress 2>&1 >/dev/null |
  awk '/^time by stage/ { sub(/^time by stage[^:]*: /, ""); n = split($0, s, "; "); for (i = 1; i <= n; i++) print "    " s[i] }
       /auditing records/ { parts++ }
       /\] done/ { sub(/^.*\(memory /, ""); sub(/\)$/, ""); print "    parts: " parts "; memory at the end " $0 }'
echo
echo "(c) normalizers:"
if [ "$PROFILE" = release ]; then
  cargo bench -q --bench normalizers -- --values "$ROWS" 2>/dev/null | sed 's/^/    /'
else
  echo "    (skipped in a $PROFILE build: figures only mean something in release)"
fi
