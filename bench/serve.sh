#!/usr/bin/env bash
# Save-to-served-page latency of `yomon serve` against `hugo server`, in one
# run, on the real content and varied-text enlargements (bench/enlarge.py).
#
# For each size: start the server on its project, wait for its first build,
# then bench/save-to-page.py changes one word of one review's body RUNS
# times (PAUSE seconds apart, so each server's follow-up work is done) and
# polls the review's page every 2 ms until it holds the new word. The time
# includes the server's own wait for a burst of file events to settle.
# Reports the medians and Hugo's median divided by yomon's (above 1: yomon
# is faster). Servers listen on 127.0.0.1, ports 9390-9399, and are stopped
# by their process id.
#
# Usage: bench/serve.sh [SIZES...]   (default: 1 10; RUNS=9, PAUSE=seconds)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SIZES=("${@:-1 10}")
SIZES=(${SIZES[*]})
RUNS=${RUNS:-9}
WORK=${WORK:-/dev/shm/yomon-bench-serve}
command -v hugo >/dev/null || { echo "bench: needs hugo (apt-get install hugo)" >&2; exit 1; }
[ -d content/reviews ] || { echo "bench: needs content/reviews (run yomon ingest)" >&2; exit 1; }
cargo build --release --locked --quiet
YOMON=$ROOT/target/release/yomon
rm -rf "$WORK"; mkdir -p "$WORK"
. "$ROOT/bench/common.sh"

PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

# wait_for URL LOG: until the server answers URL (its first build done).
wait_for() {
  for _ in $(seq 1200); do
    curl -sf -o /dev/null "$1" && return 0
    sleep 0.25
  done
  echo "bench: no answer from $1" >&2; cat "$2" >&2; exit 1
}

TABLE=()
port=9390
for n in "${SIZES[@]}"; do
  content=$WORK/content-$n
  enlarge "$n" "$content"
  reviews=$(ls "$content/reviews" | wc -l)
  review=$(ls "$content/reviews" | sed -n "$(( reviews / 2 ))p")
  slug=${review%.md}
  # Each server gets its own copy, so one's edits never reach the other.
  cp -r "$content" "$WORK/content-yomon-$n"
  yomon_project "$WORK/yomon-$n" "$WORK/content-yomon-$n"
  hugo_project "$WORK/hugo-$n" "$content"
  # Measured after the first build, a save needs at most a few seconds.
  pause=${PAUSE:-$(( n >= 10 ? n / 2 + 3 : 2 ))}

  "$YOMON" -q -C "$WORK/yomon-$n" serve --port $port 2>"$WORK/yomon-$n.log" &
  PIDS+=($!)
  wait_for "http://127.0.0.1:$port/reviews/$slug.html" "$WORK/yomon-$n.log"
  y=$(PAUSE=$pause python3 "$ROOT/bench/save-to-page.py" $port "$WORK/content-yomon-$n/reviews/$review" "/reviews/$slug.html" "$RUNS")
  echo "yomon ${n}x: $y" >&2
  kill "${PIDS[-1]}"; port=$((port + 1))

  hugo server --source "$WORK/hugo-$n" --port $port --bind 127.0.0.1 --disableLiveReload --quiet >"$WORK/hugo-$n.log" 2>&1 &
  PIDS+=($!)
  wait_for "http://127.0.0.1:$port/reviews/$slug/" "$WORK/hugo-$n.log"
  h=$(PAUSE=$pause python3 "$ROOT/bench/save-to-page.py" $port "$content/reviews/$review" "/reviews/$slug/" "$RUNS")
  echo "hugo ${n}x: $h" >&2
  kill "${PIDS[-1]}"; port=$((port + 1))

  ym=$(echo "$y" | awk '{print $2}') hm=$(echo "$h" | awk '{print $2}')
  TABLE+=("$(printf '| %sx | %s | %s ms | %s ms | %.1fx |' "$n" "$reviews" "$ym" "$hm" "$(echo "$hm / $ym" | bc -l)")")
  rm -rf "$WORK"/*-"$n"
done

echo "Save to served page (median of $RUNS saves; each server's debounce included):"
echo
printf '| size | reviews | yomon serve | hugo server | ratio |\n'
printf '|---|---:|---:|---:|---:|\n'
printf '%s\n' "${TABLE[@]}"
rm -rf "$WORK"
