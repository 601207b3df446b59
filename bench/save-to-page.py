#!/usr/bin/env python3
"""Save-to-served-page latency of a running dev server.

Usage: save-to-page.py PORT REVIEW_FILE URL_PATH RUNS

Each run changes one word of REVIEW_FILE's body to a unique marker (as an
author's save would), then polls http://127.0.0.1:PORT/URL_PATH every 2 ms
until the served page holds the marker. Prints the median and each time in
ms. Waits 1.5 s between runs so a server's follow-up work (yomon's exact
update) does not overlap the next save.
"""
import http.client, statistics, sys, time

port, path, url, runs = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
PAUSE = float(__import__("os").environ.get("PAUSE", "1.5"))
original = open(path, encoding="utf-8").read()

def served():
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.request("GET", url)
        return conn.getresponse().read().decode("utf-8", "replace")
    except OSError:
        return ""
    finally:
        conn.close()

times = []
try:
    for run in range(runs):
        marker = f"savemark{run}x{int(time.time())}"
        head, sep, body = original.rpartition("+++\n")
        words = body.split(" ")
        words[len(words) // 2] = marker
        text = head + sep + " ".join(words)
        started = time.perf_counter()
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        while marker not in served():
            if time.perf_counter() - started > 60:
                sys.exit(f"page never showed {marker}")
            time.sleep(0.002)
        times.append((time.perf_counter() - started) * 1000)
        time.sleep(PAUSE)
finally:
    with open(path, "w", encoding="utf-8") as f:
        f.write(original)
print(f"median {statistics.median(times):.0f} ms  runs " + " ".join(f"{t:.0f}" for t in times))
