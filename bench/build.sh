#!/usr/bin/env bash
# Build speed and peak memory of `yomon build` against Hugo, in one run.
#
# Builds the real content (1x) and enlargements of it (10x, 100x: copies
# of every review with dates shifted back before the start of the previous
# copy, so the archive just gets longer) with yomon and with Hugo (Debian package
# `hugo`) using minimal equivalent templates generated below (home list
# paginated, review page with related + prev/next, topic list and pages,
# RSS feeds for all and per topic, sitemap). Everything lives in /dev/shm.
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

# content/ times N, dates shifted by whole spans of the original archive.
enlarge() {
  local n=$1 dest=$2
  mkdir -p "$dest/reviews"
  cp content/tags.toml "$dest/"
  python3 - "$n" "$dest/reviews" content/reviews <<'PY'
import datetime, pathlib, re, sys
n, dest, src = int(sys.argv[1]), pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
files = sorted(src.glob("*.md"))
dates = [datetime.date.fromisoformat(f.name[:10]) for f in files]
span = (max(dates) - min(dates)).days + 7
for k in range(n):
    shift = datetime.timedelta(days=k * span)
    for f, d in zip(files, dates):
        new = d - shift  # into the past: a longer archive, nothing future-dated
        text = f.read_text(encoding="utf-8")
        text = re.sub(r"^date = \d{4}-\d{2}-\d{2}$", f"date = {new.isoformat()}", text, count=1, flags=re.M)
        stem = f.stem[11:] + (f"-c{k}" if k else "")
        (dest / f"{new.isoformat()}-{stem}.md").write_text(text, encoding="utf-8")
PY
}

yomon_project() {
  local dir=$1 content=$2
  mkdir -p "$dir"
  ln -s "$ROOT/templates" "$dir/templates"
  ln -s "$ROOT/static" "$dir/static"
  ln -s "$content" "$dir/content"
}

hugo_project() {
  local dir=$1 content=$2
  mkdir -p "$dir/layouts/_default" "$dir/content"
  ln -s "$content/reviews" "$dir/content/reviews"
  cat > "$dir/hugo.toml" <<'TOML'
baseURL = "https://example.org/"
languageCode = "he"
title = "bench"
paginate = 20
relativeURLs = true
buildFuture = true
[outputs]
home = ["HTML", "RSS"]
term = ["HTML", "RSS"]
[markup.goldmark.renderer]
hardWraps = true
[taxonomies]
tag = "tags"
[related]
includeNewer = true
threshold = 1
toLower = false
[[related.indices]]
name = "tags"
weight = 100
TOML
  cat > "$dir/layouts/_default/baseof.html" <<'HTML'
<!DOCTYPE html>
<html lang="he" dir="rtl"><head><meta charset="utf-8"><title>{{ .Title }} · {{ .Site.Title }}</title>
<link rel="stylesheet" href="/style.css"></head>
<body><header><a href="/">{{ .Site.Title }}</a> <a href="/tags/">נושאים</a></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
HTML
  cat > "$dir/layouts/index.html" <<'HTML'
{{ define "main" }}<ol>{{ range (.Paginate (where .Site.RegularPages "Section" "reviews")).Pages }}
<li><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>
<h2><a href="{{ .RelPermalink }}"><span lang="en" dir="ltr">{{ .Title }}</span></a></h2>
{{ with .Params.headline }}<p>{{ . }}</p>{{ end }}<p>{{ .Summary | plainify | truncate 220 }}</p>
<ul>{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul></li>{{ end }}</ol>
{{ template "_internal/pagination.html" . }}{{ end }}
HTML
  cat > "$dir/layouts/_default/single.html" <<'HTML'
{{ define "main" }}<article data-pagefind-body><h1><span lang="en" dir="ltr">{{ .Title }}</span></h1>
<time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>
{{ with .Params.number }}<p>{{ . }}</p>{{ end }}{{ with .Params.headline }}<p>{{ . }}</p>{{ end }}
<p>{{ delimit (.Params.authors | default slice) ", " }}</p>
{{ .Content }}
<ul>{{ range .Params.arxiv }}<li><a href="https://arxiv.org/abs/{{ . }}">abs</a> <a href="https://arxiv.org/pdf/{{ . }}">pdf</a></li>{{ end }}
{{ range .Params.links }}<li><a href="{{ . }}">{{ . }}</a></li>{{ end }}</ul>
<ul>{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul></article>
<nav>{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }} {{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>
<ul>{{ range first 4 (.Site.RegularPages.Related .) }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
HTML
  cat > "$dir/layouts/_default/list.html" <<'HTML'
{{ define "main" }}<h1>{{ .Title }}</h1><ol>{{ range .Pages }}<li><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>
<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ with .Params.headline }}{{ . }}{{ end }} {{ .Summary | plainify | truncate 220 }}</li>{{ end }}</ol>{{ end }}
HTML
  cat > "$dir/layouts/_default/terms.html" <<'HTML'
{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ .Count }}</li>{{ end }}</ul>{{ end }}
HTML
}

# measure LABEL CMD...: median wall seconds and peak RSS (MB) of RUNS runs,
# each after removing $RESET (what the previous run wrote).
measure() {
  local label=$1; shift
  local times=() mems=()
  for _ in $(seq "$RUNS"); do
    rm -rf "$RESET"
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
  RESET=$OUT measure "yomon pages ${n}x" "$YOMON" -q -C "$WORK/yomon-pages-$n" build --out "$OUT"
  pt=$MED_T pm=$MED_M
  pages=$(find "$OUT" -name '*.html' | wc -l)
  OUT=$WORK/yomon-out-$n
  RESET=$OUT measure "yomon whole ${n}x" "$YOMON" -q -C "$WORK/yomon-$n" build --out "$OUT"
  yt=$MED_T ym=$MED_M
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
rm -rf "$WORK"
