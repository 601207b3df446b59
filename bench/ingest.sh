#!/usr/bin/env bash
# Benchmark `yomon ingest` on the real archive, against reference tools run
# on the same file in the same invocation (so the ratio, not the absolute
# time, is what carries across machines).
#
#   bench/ingest.sh [RUNS]      (default 20)
#
# Prints the mean wall time per run of:
#   wc -w ARCHIVE                               reference: read and scan every byte
#   yomon ingest ARCHIVE --dry-run              repair, parse, tag, slug, render (no writes)
#   yomon ingest ARCHIVE --dry-run --no-repair  the same without repairing damaged words
#   yomon ingest ARCHIVE --content FRESH_DIR    everything, writing 304 pages
#   yomon ingest ARCHIVE --content SAME_DIR     re-ingest, nothing changed
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-20}"
archive="archive/000_2c496801579d2a27.txt"
bin="target/release/yomon"
scratch="$(mktemp -d /dev/shm/yomon-bench.XXXXXX)"
trap 'rm -rf "$scratch"' EXIT

cargo build --release --quiet

# mean_ms LABEL COMMAND...: run COMMAND $runs times, print the mean in ms.
mean_ms() {
  local label="$1"; shift
  "$@" >/dev/null 2>&1 # warm-up (page cache, first-run effects)
  local start end
  start=$(date +%s%N)
  for ((i = 0; i < runs; i++)); do "$@" >/dev/null 2>&1; done
  end=$(date +%s%N)
  local mean=$(( (end - start) / runs / 1000 ))
  printf '%-28s %8d.%03d ms\n' "$label" $((mean / 1000)) $((mean % 1000)) >&2
  echo "$mean"
}

fresh_ingest() {
  rm -rf "$scratch/fresh"
  "$bin" -q ingest "$archive" --content "$scratch/fresh"
}

"$bin" -q ingest "$archive" --content "$scratch/same"
echo "archive: $(wc -l < "$archive") lines, $(wc -c < "$archive") bytes; $runs runs each" >&2
ref=$(mean_ms "wc -w (reference)" wc -w "$archive")
dry=$(mean_ms "ingest --dry-run" "$bin" -q ingest "$archive" --content "$scratch/none" --dry-run)
raw=$(mean_ms "ingest --dry-run --no-repair" "$bin" -q ingest "$archive" --content "$scratch/none" --dry-run --no-repair)
fresh=$(mean_ms "ingest into empty dir" fresh_ingest)
same=$(mean_ms "re-ingest, unchanged" "$bin" -q ingest "$archive" --content "$scratch/same")
awk -v r="$ref" -v d="$dry" -v n="$raw" -v f="$fresh" -v s="$same" 'BEGIN {
  printf "ratio to wc -w: dry-run %.1fx, dry-run without repair %.1fx, fresh %.1fx, re-ingest %.1fx\n", d / r, n / r, f / r, s / r
}' >&2
