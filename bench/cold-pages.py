#!/usr/bin/env python3
"""What touching memory costs after the process left it alone for a while.

Usage: bench/cold-pages.py [PAUSES...]   (default: 0 0 2 4 8 seconds)

Maps 64 MB of anonymous memory twice, one with 4 KB pages and one asking
for 2 MB pages (madvise MADV_HUGEPAGE, as jemalloc's thp:always does),
writes every page, then for each pause sleeps and reads one byte per 4 KB
page of each, timing the pass. On an ordinary machine every pass takes
about a millisecond; on the virtual machines yomon is measured on, the 4 KB
pass after a pause of a few seconds costs microseconds per page (why
`serve`'s heap uses huge pages; see BENCHMARKS.md, Serve).
"""
import mmap, sys, time

SIZE = 64 << 20
PAGE = 4096
pauses = [float(p) for p in sys.argv[1:]] or [0, 0, 2, 4, 8]

def mapped(huge):
    m = mmap.mmap(-1, SIZE + (2 << 20), flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
    if huge:
        m.madvise(mmap.MADV_HUGEPAGE)
    for at in range(0, len(m), PAGE):
        m[at] = 1
    return m

def read_pass(m):
    started = time.perf_counter()
    total = 0
    for at in range(0, SIZE, PAGE):
        total += m[at]
    return (time.perf_counter() - started) * 1000

small, huge = mapped(False), mapped(True)
for pause in pauses:
    time.sleep(pause)
    a = read_pass(small)
    time.sleep(pause)
    b = read_pass(huge)
    print(f"after {pause:g} s idle: 4 KB pages {a:7.1f} ms, 2 MB pages {b:7.1f} ms ({SIZE // PAGE} reads each)")
