#!/usr/bin/env python3
"""enlarge.py N DEST SRC: N copies of SRC's reviews (content/reviews) in DEST.

Each copy's dates are shifted back by whole spans of the archive, so the
archive just gets longer. Every copy after the first has one word in eight
of its body replaced by another word of the archive (a seeded choice), so
that the copies' texts differ as a real, larger archive's would: identical
texts would be analysed once by a search indexer and hide its cost.
"""
import datetime, pathlib, random, re, sys

n, dest, src = int(sys.argv[1]), pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
dest.mkdir(parents=True, exist_ok=True)
files = sorted(src.glob("*.md"))
dates = [datetime.date.fromisoformat(f.name[:10]) for f in files]
span = (max(dates) - min(dates)).days + 7
texts = [f.read_text(encoding="utf-8") for f in files]
vocab = sorted({w for t in texts for w in t.split("+++", 2)[-1].split() if w.isalpha()})
rng = random.Random(8)
for k in range(n):
    shift = datetime.timedelta(days=k * span)
    for f, d, text in zip(files, dates, texts):
        new = d - shift  # into the past: a longer archive, nothing future-dated
        text = re.sub(r"^date = \d{4}-\d{2}-\d{2}$", f"date = {new.isoformat()}", text, count=1, flags=re.M)
        if k:
            head, sep, body = text.rpartition("+++\n")
            words = body.split(" ")
            for i in range(0, len(words), 8):
                j = i + rng.randrange(8)
                if j < len(words) and words[j].isalpha():
                    words[j] = rng.choice(vocab)
            text = head + sep + " ".join(words)
        stem = f.stem[11:] + (f"-c{k}" if k else "")
        (dest / f"{new.isoformat()}-{stem}.md").write_text(text, encoding="utf-8")
