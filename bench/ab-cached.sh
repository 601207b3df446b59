#!/usr/bin/env bash
# Two yomon binaries side by side on the cached build: each pair of runs
# changes one word of one review (bench/edit-one-word.py), then builds
# with A and with B, each in its own project over the same 10x content,
# each from the cache its own last build left. Alternating the two keeps
# a machine whose speed drifts from favouring either (BENCHMARKS.md,
# Build, seventh round). Prints each binary's median wall time and runs.
#
# With EDIT=new, each pair adds a review on top of the list instead (a copy
# of the newest, dated after it: the author's daily case), and takes it out
# again, both binaries building untimed, before the next pair.
#
# Usage: [EDIT=new] bench/ab-cached.sh BIN_A BIN_B [PAIRS] [SIZE]   (default 9 pairs, 10x)
# Work directory: $WORK (default /dev/shm/yomon-ab), kept between runs.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
A=$(realpath "$1"); B=$(realpath "$2"); PAIRS=${3:-9}; SIZE=${4:-10}
WORK=${WORK:-/dev/shm/yomon-ab}
. "$ROOT/bench/common.sh"  # enlarge, yomon_project

content=$WORK/content-$SIZE
if [ ! -d "$content/reviews" ]; then
  rm -rf "$content"
  enlarge "$SIZE" "$content"
fi
for p in a b; do
  [ -d "$WORK/$p" ] || yomon_project "$WORK/$p" "$content"
done
reviews=$(ls "$content/reviews" | wc -l)
edited=$content/reviews/$(ls "$content/reviews" | sed -n "$(( reviews / 2 ))p")
cp "$edited" "$WORK/edited.md"
newest=$content/reviews/$(ls "$content/reviews" | tail -1)
added=$content/reviews/2099-01-01-added-by-ab-cached.md
trap 'cp "$WORK/edited.md" "$edited"; rm -f "$added"' EXIT

# A first build each, so every timed one starts from its own cache.
"$A" -q -C "$WORK/a" build >/dev/null
"$B" -q -C "$WORK/b" build >/dev/null
ta=(); tb=()
for pair in $(seq "$PAIRS"); do
  if [ "${EDIT:-word}" = new ]; then
    sed "s/^date = .*/date = 2099-01-01/; s/^title = \"/title = \"Added $pair: /" "$newest" > "$added"
  else
    python3 "$ROOT/bench/edit-one-word.py" "$edited"
  fi
  for p in a b; do
    bin=$A; [ $p = b ] && bin=$B
    start=$(date +%s%N)
    "$bin" -q -C "$WORK/$p" build >/dev/null
    end=$(date +%s%N)
    ms=$(( (end - start) / 1000000 ))
    if [ $p = a ]; then ta+=("$ms"); else tb+=("$ms"); fi
  done
  if [ "${EDIT:-word}" = new ]; then
    rm -f "$added"
    "$A" -q -C "$WORK/a" build >/dev/null
    "$B" -q -C "$WORK/b" build >/dev/null
  fi
done
median() { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }
echo "A $1: median $(median "${ta[@]}") ms (${ta[*]})"
echo "B $2: median $(median "${tb[@]}") ms (${tb[*]})"
