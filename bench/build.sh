#!/usr/bin/env bash
# Build speed and peak memory of `yomon build` against Hugo, in one run.
#
# Builds the real content (1x) and enlargements of it (10x, 100x: copies
# of every review with dates shifted back before the start of the previous
# copy, so the archive just gets longer) with yomon and with Hugo (Debian package
# `hugo`) using minimal equivalent templates generated below (home list
# paginated, review page with related + prev/next, topic list and pages,
# feeds for all and per topic carrying each review's whole text, as yomon's
# do, sitemap). Everything lives in /dev/shm.
#
# Two comparisons, each doing the same work on both sides:
# 1. The pages: yomon with `search = false` (every page, feed and sitemap,
#    no search index) against Hugo.
# 2. The site with search: the whole `yomon build` (pages and the Hebrew
#    search index) against Hugo followed by Pagefind 1.6.0 (npm package
#    `pagefind`, installed into the work directory) indexing Hugo's output:
#    their times added, the larger of their peak memories. Hugo's review
#    template marks its article `data-pagefind-body`, so that Pagefind, like
#    yomon, indexes the reviews and not the list pages.
# 3. The cached build: `yomon build` again after one review's text changed,
#    starting from the .yomon-cache/ the build before left, against the cold
#    build of the same site (cold runs delete the cache first).
# Reports the median of RUNS runs: wall time and peak RSS (/usr/bin/time -v),
# and the other tool's figure divided by yomon's (above 1: yomon is faster
# or smaller). Without network access to npm, the second table is skipped.
#
# Usage: bench/build.sh [SIZES...]   (default: 1 10 100; RUNS=3)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SIZES=("${@:-1 10 100}")
SIZES=(${SIZES[*]})
RUNS=${RUNS:-3}
WORK=${WORK:-/dev/shm/yomon-bench}
command -v hugo >/dev/null || { echo "bench: needs hugo (apt-get install hugo)" >&2; exit 1; }
[ -d content/reviews ] || { echo "bench: needs content/reviews (run yomon ingest)" >&2; exit 1; }

cargo build --release --locked --quiet
YOMON=$ROOT/target/release/yomon
rm -rf "$WORK"; mkdir -p "$WORK"

. "$ROOT/bench/common.sh"  # enlarge, yomon_project, hugo_project

# measure LABEL CMD...: median wall seconds and peak RSS (MB) of RUNS runs,
# each after removing $RESET (what the previous run wrote).
measure() {
  local label=$1; shift
  local times=() mems=()
  for _ in $(seq "$RUNS"); do
    rm -rf $RESET  # may name several paths
    if [ -n "${BEFORE:-}" ]; then $BEFORE; fi  # untimed preparation
    # Wall time from the clock in ns (time -v rounds to 10 ms); peak RSS from time -v.
    local start end
    start=$(date +%s%N)
    /usr/bin/time -v -o "$WORK/time.txt" "$@" >/dev/null 2>"$WORK/err.txt" || { cat "$WORK/err.txt" >&2; exit 1; }
    end=$(date +%s%N)
    times+=("$(echo "scale=3; ($end - $start) / 1000000000" | bc)")
    mems+=("$(awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2/1024}' "$WORK/time.txt")")
  done
  MED_T=$(printf '%s\n' "${times[@]}" | sort -g | sed -n "$(( (RUNS + 1) / 2 ))p")
  MED_M=$(printf '%s\n' "${mems[@]}" | sort -g | sed -n "$(( (RUNS + 1) / 2 ))p")
  echo "$label ${MED_T}s ${MED_M}MB" >&2
}

# Pagefind, for the comparison with search (its npm package carries the binary).
PAGEFIND=
if (cd "$WORK" && npm install --silent --no-audit --no-fund --prefix pagefind pagefind@1.6.0 >/dev/null 2>&1); then
  PAGEFIND=$(ls "$WORK"/pagefind/node_modules/@pagefind/*/bin/pagefind_extended 2>/dev/null | head -1)
fi
[ -n "$PAGEFIND" ] || echo "bench: pagefind could not be installed from npm; skipping the comparison with search" >&2

ratio() { echo "$1 / $2" | bc -l; }
max() { echo "if ($1 > $2) $1 else $2" | bc -l; }
PAGES_TABLE=()
SEARCH_TABLE=()
CACHED_TABLE=()
for n in "${SIZES[@]}"; do
  # yomon needs about 40 MB per 1x of content, Hugo about 50 (BENCHMARKS.md);
  # with Hugo's own peak beside it, skip a size this machine cannot hold.
  need_mb=$(( n * 40 + n * 50 + 1024 ))
  avail_mb=$(awk '/MemAvailable/ {print int($2 / 1024)}' /proc/meminfo)
  if [ "$avail_mb" -lt "$need_mb" ]; then
    echo "bench: skipping ${n}x: needs about ${need_mb} MB, ${avail_mb} MB available" >&2
    continue
  fi
  content=$WORK/content-$n
  enlarge "$n" "$content"
  reviews=$(ls "$content/reviews" | wc -l)
  yomon_project "$WORK/yomon-$n" "$content"
  yomon_project "$WORK/yomon-pages-$n" "$content"
  echo "search = false" > "$WORK/yomon-pages-$n/yomon.toml"
  hugo_project "$WORK/hugo-$n" "$content"

  OUT=$WORK/yomon-pages-out-$n
  RESET="$OUT $WORK/yomon-pages-$n/.yomon-cache" measure "yomon pages ${n}x" "$YOMON" -q -C "$WORK/yomon-pages-$n" build --out "$OUT"
  pt=$MED_T pm=$MED_M
  pages=$(find "$OUT" -name '*.html' | wc -l)
  OUT=$WORK/yomon-out-$n
  RESET="$OUT $WORK/yomon-$n/.yomon-cache" measure "yomon whole ${n}x" "$YOMON" -q -C "$WORK/yomon-$n" build --out "$OUT"
  yt=$MED_T ym=$MED_M
  # The cached build: each run changes one word of one review (the same
  # review, a new word), then builds from the cache the run before left.
  "$YOMON" -q -C "$WORK/yomon-$n" build --out "$OUT"
  edited=$(ls "$content/reviews" | sed -n "$(( reviews / 2 ))p")
  cp "$content/reviews/$edited" "$WORK/edited.md"
  RESET="" BEFORE="python3 $ROOT/bench/edit-one-word.py $content/reviews/$edited" \
    measure "yomon cached ${n}x" "$YOMON" -q -C "$WORK/yomon-$n" build --out "$OUT"
  ct=$MED_T cm=$MED_M
  cp "$WORK/edited.md" "$content/reviews/$edited"
  CACHED_TABLE+=("$(printf '| %sx | %s | %.3f s | %.3f s | %.3fx | %.0f MB |' "$n" "$reviews" "$yt" "$ct" "$(ratio "$ct" "$yt")" "$cm")")
  OUT=$WORK/hugo-out-$n
  RESET=$OUT measure "hugo ${n}x" hugo --quiet --source "$WORK/hugo-$n" --destination "$OUT"
  ht=$MED_T hm=$MED_M
  PAGES_TABLE+=("$(printf '| %sx | %s | %s | %.3f s | %.3f s | %.1fx | %.0f MB | %.0f MB | %.1fx |' "$n" "$reviews" "$pages" \
    "$pt" "$ht" "$(ratio "$ht" "$pt")" "$pm" "$hm" "$(ratio "$hm" "$pm")")")
  if [ -n "$PAGEFIND" ]; then
    # Pagefind indexes, in place, the site Hugo's last run left; each run
    # starts by removing the index the one before wrote.
    RESET=$OUT/pagefind measure "pagefind ${n}x" "$PAGEFIND" --site "$OUT" --quiet
    ft=$MED_T fm=$MED_M
    st=$(echo "$ht + $ft" | bc -l) sm=$(max "$hm" "$fm")
    SEARCH_TABLE+=("$(printf '| %sx | %s | %.3f s | %.3f s + %.3f s = %.3f s | %.1fx | %.0f MB | %.0f MB | %.1fx |' "$n" "$reviews" \
      "$yt" "$ht" "$ft" "$st" "$(ratio "$st" "$yt")" "$ym" "$sm" "$(ratio "$sm" "$ym")")")
  fi
  rm -rf "$WORK"/*-"$n" "$WORK"/*-out-"$n"
done

echo "Pages (the same work on both sides: yomon with search = false):"
echo
printf '| size | reviews | pages (yomon) | yomon | Hugo | time ratio | yomon peak RSS | Hugo peak RSS | RSS ratio |\n'
printf '|---|---:|---:|---:|---:|---:|---:|---:|---:|\n'
printf '%s\n' "${PAGES_TABLE[@]}"
if [ ${#SEARCH_TABLE[@]} -gt 0 ]; then
  echo
  echo "The site with search (whole yomon build, against Hugo then Pagefind):"
  echo
  printf '| size | reviews | yomon | Hugo + Pagefind | time ratio | yomon peak RSS | Hugo/Pagefind peak RSS | RSS ratio |\n'
  printf '|---|---:|---:|---:|---:|---:|---:|---:|\n'
  printf '%s\n' "${SEARCH_TABLE[@]}"
fi
echo
echo "The cached build after one edited review (whole site, search included), against the cold build:"
echo
printf '| size | reviews | cold | cached | cached / cold | cached peak RSS |\n'
printf '|---|---:|---:|---:|---:|---:|\n'
printf '%s\n' "${CACHED_TABLE[@]}"
rm -rf "$WORK"
