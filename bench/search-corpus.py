#!/usr/bin/env python3
"""Rough split of the archive into content/reviews/*.md, for search benchmarks
and browser-test fixtures until the real ingest output is on main.

Not the ingest: a review starts at a header line ("המאמר ... של מיק" or an
English title line between blank lines); good enough to give the search
index realistic text. `--copies K` writes K variants of every review (10x
content for the size benchmark): each copy mutates one word in eight, so the
vocabulary grows as a larger archive's would rather than repeating.

usage: search-corpus.py ARCHIVE OUTDIR [--copies K]
"""
import json, os, random, re, sys

HEADER = re.compile(r'המאמר (?:הימי|היומי|היום)[^\n]{0,15}של מיק')
DATE = re.compile(r'(\d{1,2})\.(\d{1,2})\.(\d{2,4})')
ARXIV = re.compile(r'arxiv\.org/(?:abs|pdf)/(\d{4}\.\d{4,5})')
ENGLISH_TITLE = re.compile(r'^[A-Za-z0-9][A-Za-z0-9 :,\-\'?!&().+/]{12,}$')
TAGS = [("diffusion", "מודלי דיפוזיה", "Diffusion models", ["diffusion", "דיפוזיה"]),
        ("llm", "מודלי שפה", "Language models", ["llm", "language model", "מודל שפה", "מודלי שפה"]),
        ("rl", "למידת חיזוק", "Reinforcement learning", ["reinforcement", "rlhf", "ppo", "חיזוק"]),
        ("graphs", "גרפים", "Graphs", ["graph", "גרף"]),
        ("vision", "ראייה ממוחשבת", "Computer vision", ["image", "vision", "תמונה", "תמונות"])]


def split(lines):
    starts = []
    for i, line in enumerate(lines):
        s = line.strip()
        prev_blank = i == 0 or not lines[i - 1].strip()
        next_blank = i + 1 >= len(lines) or not lines[i + 1].strip()
        if HEADER.search(s[:60]) or (prev_blank and next_blank and ENGLISH_TITLE.match(s) and ' ' in s):
            starts.append(i)
    for a, b in zip(starts, starts[1:] + [len(lines)]):
        yield lines[a], lines[a + 1:b]


def toml_str(s):
    return json.dumps(s, ensure_ascii=False)


def main():
    archive, out = sys.argv[1], sys.argv[2]
    copies = int(sys.argv[sys.argv.index('--copies') + 1]) if '--copies' in sys.argv else 1
    lines = open(archive, encoding='utf-8').read().split('\n')
    os.makedirs(os.path.join(out, 'reviews'), exist_ok=True)
    rng = random.Random(7)
    reviews = list(split(lines))
    year, month, day = 2024, 5, 30
    for copy in range(copies):
        for n, (header, body) in enumerate(reviews):
            m = DATE.search(header)
            if m:
                d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
                year, month, day = (y + 2000 if y < 100 else y), mo, d
            title = re.split(r'⚡️🚀|:\s', header, maxsplit=1)[-1].strip() if HEADER.search(header) else header.strip()
            title = title.strip(' :🚀⚡️') or header.strip()
            text = '\n'.join(body).strip()
            if copy:
                words = text.split(' ')
                for k in range(0, len(words), 8):
                    w = words[rng.randrange(k, min(k + 8, len(words)))]
                    words[words.index(w)] = w + rng.choice('אבגדהוזחטיכלמנסעפצקרשת') if w else w
                text = ' '.join(words)
            headline = next((l.strip() for l in body if l.strip()), '')[:90]
            arxiv = sorted(set(ARXIV.findall(text)))
            low = (title + ' ' + text).lower()
            tags = [slug for slug, he, en, rules in TAGS if any(r in low for r in rules)]
            slug = f"{year:04d}-{month:02d}-{min(day, 28):02d}-r{copy}-{n}"
            with open(os.path.join(out, 'reviews', slug + '.md'), 'w', encoding='utf-8') as f:
                f.write('+++\n')
                f.write(f'title = {toml_str(title)}\n')
                f.write(f'date = {year:04d}-{month:02d}-{min(day, 28):02d}\n')
                f.write(f'headline = {toml_str(headline)}\n')
                f.write(f'number = {copy * len(reviews) + n + 1}\n')
                f.write(f'arxiv = {json.dumps(arxiv)}\n')
                f.write(f'tags = {json.dumps(tags)}\n')
                f.write('+++\n\n' + text + '\n')
    with open(os.path.join(out, 'tags.toml'), 'w', encoding='utf-8') as f:
        for slug, he, en, rules in TAGS:
            f.write(f'[[topic]]\nslug = "{slug}"\nhe = "{he}"\nen = "{en}"\nmatch = {json.dumps(rules, ensure_ascii=False)}\n\n')
    print(f'{len(reviews) * copies} reviews in {out}', file=sys.stderr)


main()
