#!/usr/bin/env python3
"""edit-one-word.py FILE: change one word in the middle of a review's body
to a new marker, as an author's edit would (bench/build.sh, before each
timed cached build)."""
import sys, time

path = sys.argv[1]
text = open(path, encoding="utf-8").read()
head, sep, body = text.rpartition("+++\n")
words = body.split(" ")
words[len(words) // 2] = f"edit{time.time_ns()}"
open(path, "w", encoding="utf-8").write(head + sep + " ".join(words))
