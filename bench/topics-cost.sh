#!/usr/bin/env bash
# What topic matching and related reviews through the shared word model cost:
# this checkout's binary against an older build of yomon (same archive, each
# with its own content/ and tags.toml), alternating runs, mean CPU (user) and
# wall time. Compare the ratio, not the absolute times.
#
#   bench/topics-cost.sh OLD_CHECKOUT [RUNS]
#
# OLD_CHECKOUT: a checkout of the older commit with its release binary built,
# e.g. `git worktree add /dev/shm/old eacf616 && (cd /dev/shm/old && cargo build --release)`.
set -euo pipefail
cd "$(dirname "$0")/.."
old_dir="$1"; runs="${2:-10}"
old="$old_dir/target/release/yomon"; new="target/release/yomon"
archive="archive/000_2c496801579d2a27.txt"
scratch="$(mktemp -d /dev/shm/yomon-topics.XXXXXX)"
trap 'rm -rf "$scratch"' EXIT
cargo build --release --quiet
mkdir -p "$scratch/old" "$scratch/new"
cp "$old_dir/content/tags.toml" "$scratch/old/"; cp content/tags.toml "$scratch/new/"
run() { /usr/bin/time -f "%U %e" "$@" >/dev/null 2>"$scratch/t"; tail -1 "$scratch/t"; }
for ((i = 0; i < runs; i++)); do
  echo "ingest-dry-run old $(run "$old" -q ingest "$archive" --content "$scratch/old" --dry-run)"
  echo "ingest-dry-run new $(run "$new" -q ingest "$archive" --content "$scratch/new" --dry-run)"
  echo "build old $(run "$old" -q -C "$old_dir" build --out "$scratch/site-old")"
  echo "build new $(run "$new" -q build --out "$scratch/site-new")"
done | awk '{k=$1" "$2; u[k]+=$3; w[k]+=$4; n[k]++}
  END {for (k in u) printf "%-18s user %.3f s  wall %.3f s  (mean of %d)\n", k, u[k]/n[k], w[k]/n[k], n[k]}' | sort
