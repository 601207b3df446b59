#!/usr/bin/env python3
"""Write src/ingest/repair/hebrew-words.tsv: Hebrew words with their
frequency, the word list ingest's repair weighs candidate words by.

Source: the `wordfreq` package's Hebrew data (large_he.msgpack.gz; wordfreq
3.1.1, https://github.com/rspeer/wordfreq; code Apache-2.0, data CC BY-SA
4.0, built from Wikipedia, OpenSubtitles 2018, Google Books Ngrams, web text
(OSCAR/ParaCrawl) and Twitter). Get it with `pip download wordfreq==3.1.1
--no-deps` and unzip the wheel. The output is a derived work of that data,
so it is CC BY-SA 4.0 too (its header says so); the rest of yomon is MIT.

Kept: words of Hebrew letters only (no geresh, digits or niqqud), at or above
MIN_ZIPF, one a line, sorted, with their Zipf frequency times ten (Zipf is
log10 of a word's frequency per billion words: 3.0 is once per million).
The file is read at compile time (include_str!), so ingest does not depend
on the machine it runs on.

Run: python3 scripts/make-hebrew-words.py WORDFREQ_DIR/data/large_he.msgpack.gz \
         > src/ingest/repair/hebrew-words.tsv
No third-party module is needed: the small msgpack reader below reads the
only types the file holds (wordfreq's own reader is `read_cBpack`).
"""
import gzip
import struct
import sys

MIN_ZIPF = 2.5


def unpack(data):
    """msgpack: maps, arrays, strings and small ints, as wordfreq writes them."""
    pos = 0

    def take(n):
        nonlocal pos
        chunk = data[pos:pos + n]
        pos += n
        return chunk

    def length(fmt):
        return struct.unpack(fmt, take(struct.calcsize(fmt)))[0]

    def item():
        tag = take(1)[0]
        if tag <= 0x7F:
            return tag
        if 0x80 <= tag <= 0x8F:
            return {item(): item() for _ in range(tag & 0x0F)}
        if 0x90 <= tag <= 0x9F:
            return [item() for _ in range(tag & 0x0F)]
        if 0xA0 <= tag <= 0xBF:
            return take(tag & 0x1F).decode("utf-8")
        sizes = {0xD9: ">B", 0xDA: ">H", 0xDB: ">I"}
        if tag in sizes:
            return take(length(sizes[tag])).decode("utf-8")
        arrays = {0xDC: ">H", 0xDD: ">I"}
        if tag in arrays:
            return [item() for _ in range(length(arrays[tag]))]
        ints = {0xCC: ">B", 0xCD: ">H", 0xCE: ">I"}
        if tag in ints:
            return length(ints[tag])
        raise ValueError(f"msgpack type {tag:#x} at byte {pos - 1}")

    return item()


def is_hebrew_word(word):
    return word and all("\u05d0" <= c <= "\u05ea" for c in word)


def main(path):
    header, *buckets = unpack(gzip.open(path).read())
    assert header == {"format": "cB", "version": 1}, header
    zipf = {}
    # Bucket i holds the words of frequency -i centibels: Zipf 9 - i/100.
    for i, words in enumerate(buckets):
        z = round(90 - i / 10)
        if z < MIN_ZIPF * 10:
            break
        for word in words:
            if is_hebrew_word(word) and word not in zipf:
                zipf[word] = z
    out = sys.stdout
    out.write(
        "# Hebrew words and their Zipf frequency times ten (log10 per billion words), from\n"
        "# wordfreq 3.1.1 (https://github.com/rspeer/wordfreq, data/large_he.msgpack.gz) by\n"
        "# Robyn Speer, built from Wikipedia, OpenSubtitles 2018, Google Books Ngrams, web text\n"
        "# and Twitter. Licensed CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/),\n"
        f"# as its source. Hebrew letters only, Zipf >= {MIN_ZIPF}. Written by scripts/make-hebrew-words.py.\n"
    )
    for word in sorted(zipf):
        out.write(f"{word}\t{zipf[word]}\n")


if __name__ == "__main__":
    main(sys.argv[1])
