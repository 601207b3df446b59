#!/usr/bin/env bash
# Search benchmarks: sizes, first-search bytes and keystroke timings at 1x
# and 10x content (search-bench.mjs), then recall@10 of generated reader
# queries (search-recall.mjs). Results go in BENCHMARKS.md, "Search".
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-test-deps
cargo build --release --locked --quiet
node bench/search-bench.mjs
node bench/search-recall.mjs
