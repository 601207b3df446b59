#!/usr/bin/env python3
"""Write src/ingest/repair/sounds.tsv: for each letter of the scripts the
archive's export damage brings into Hebrew words, the Hebrew letters it
sounds like (what ingest's repair tries in its place).

Arabic, Cyrillic and Greek are hand-written below (the export's most common
scripts, with well-known Hebrew pairs). The other scripts are derived from
the Unicode character names, which spell each letter's sound ("GURMUKHI
LETTER MA", "KATAKANA LETTER TE"), so no letter is tuned on the archive.
Hangul syllables are composed from their sounds in code (repair/sounds.rs). Run: python3 scripts/gen-sounds.py > src/ingest/repair/sounds.tsv
"""
import unicodedata

ARABIC = {
    "ا": "א,,ה,ו", "أ": "א", "إ": "א", "آ": "א", "ء": "א", "ؤ": "ו,א", "ئ": "י,א",
    "ب": "ב,פ", "ت": "ת,ט", "ث": "ת,ס", "ج": "ג", "ح": "ח", "خ": "ח,כ",
    "د": "ד", "ذ": "ד,ז", "ر": "ר", "ز": "ז", "س": "ס,ש", "ش": "ש",
    "ص": "צ,ס", "ض": "ד,צ", "ط": "ט,ת", "ظ": "צ',צ,ז", "ع": "ע", "غ": "ג,ע",
    "ف": "פ", "ق": "ק,כ", "ك": "כ,ק", "ل": "ל", "م": "מ", "ن": "נ",
    "ه": "ה", "ة": "ה,ת,א", "و": "ו", "ي": "י,", "ى": "י,ה", "پ": "פ", "چ": "צ'",
    "ژ": "ז", "گ": "ג", "ک": "כ,ק", "ی": "י",
}
CYRILLIC = {
    "а": "א,,ה", "б": "ב", "в": "ו,ב", "г": "ג", "д": "ד", "е": ",א,י",
    "ё": "יו", "ж": "ז", "з": "ז", "и": "י,", "й": "י", "к": "ק,כ", "л": "ל",
    "м": "מ", "н": "נ", "о": "ו,", "п": "פ", "р": "ר", "с": "ס,ש", "т": "ט,ת",
    "у": "ו", "ф": "פ", "х": "ח,כ", "ц": "צ", "ч": "צ,ח", "ш": "ש", "щ": "ש",
    "ъ": "", "ы": "י", "ь": "", "э": "א", "ю": "יו", "я": "יה,א",
}
# Greek letters are math, except inside a Hebrew word (“כλומר”).
GREEK = {
    "α": "א", "β": "ב", "γ": "ג", "δ": "ד", "ε": ",א", "ζ": "ז", "η": "י,", "θ": "ת",
    "ι": "י", "κ": "כ,ק", "λ": "ל", "μ": "מ", "ν": "נ", "ξ": "קס", "ο": "ו,", "π": "פ",
    "ρ": "ר", "σ": "ס", "ς": "ס", "τ": "ט,ת", "υ": "ו", "φ": "פ", "χ": "ח,כ", "ψ": "פס",
    "ω": "ו",
}
# The onset of a romanized syllable, longest first.
ONSETS = [
    ("tth", "ת,ט"), ("ddh", "ד"), ("kh", "ח,כ,ק"), ("gh", "ג,ע"), ("ch", "צ,ח,כ"),
    ("jh", "ג"), ("th", "ת,ט"), ("dh", "ד"), ("ph", "פ"), ("bh", "ב"),
    ("sh", "ש"), ("ss", "ש,ס"), ("tt", "ט,ת"), ("dd", "ד"), ("nn", "נ"),
    ("ng", "נ,ג"), ("ny", "נ"), ("ll", "ל"), ("rr", "ר"), ("ts", "צ"), ("zh", "ז"),
    ("b", "ב"), ("c", "צ,ק"), ("d", "ד"), ("f", "פ"), ("g", "ג"), ("h", "ה,ח"),
    ("j", "ג"), ("k", "ק,כ"), ("l", "ל"), ("m", "מ"), ("n", "נ"), ("p", "פ"),
    ("q", "ק"), ("r", "ר"), ("s", "ס,ש"), ("t", "ט,ת"), ("v", "ו,ב"), ("w", "ו"),
    ("x", "ח"), ("y", "י"), ("z", "ז"),
]
VOWEL = {"a": "א,", "e": "י,", "i": "י,", "o": "ו,", "u": "ו,"}
# Words in Sinhala and Thai names that are not the sound.
NOISE = {"ALPAPRAANA", "MAHAAPRAANA", "DANTAJA", "MUURDHAJA", "SANYAKA", "TAALUJA"}


def onset(sound):
    for spelling, hebrew in ONSETS:
        if sound.startswith(spelling):
            return hebrew.split(","), sound[len(spelling):]
    return [""], sound


def syllable(sound, keep_vowel, keep_tail=True):
    """Hebrew spellings of one romanized syllable ("mo", "te", "mang")."""
    heads, rest = onset(sound)
    vowels = [""]
    if rest and rest[0] in VOWEL and keep_vowel:
        vowels = VOWEL[rest[0]].split(",")
    rest = rest.lstrip("aeiou")
    tails = onset(rest)[0] if rest and keep_tail else [""]
    out = []
    for h in heads:
        for v in vowels:
            for t in tails:
                if h + v + t not in out:
                    out.append(h + v + t)
    return out


def sound_of(name):
    words = name.split()
    script = words[0]
    if "VIRAMA" in words or "SIGN" in words and "VOWEL" not in words and "PROLONGED" not in words:
        return None
    if "MARK" in words and "PROLONGED" not in words or script == "MODIFIER":
        return None
    if "PROLONGED" in words:
        return ["", "ו", "א"]
    if "VOWEL" in words or "INDEPENDENT" in words or words[-1] in {"AA", "A", "I", "II", "U", "UU", "E", "EE", "O", "OO", "AI", "AU", "QI"}:
        v = words[-1].lstrip("Q").lower()[:1]
        return VOWEL.get(v, "א,").split(",")
    if script == "THAI" or script == "LAO":
        # "MO MA", "LO LOOT": the first word is the letter's sound.
        letter = [w for w in words[2:] if w not in NOISE][0]
        return syllable(letter.lower(), False, False)
    letter = [w for w in words if w not in NOISE][-1].lower()
    if script == "SINHALA" and letter.endswith("yanna"):
        letter = letter[: -len("yanna")]
    if script == "TAMIL" and letter == "ca":
        # Tamil reads ச as s (ch only when doubled): "சாமி", saami.
        return ["ס", "צ"]
    if script in ("KATAKANA", "HIRAGANA"):
        # As Japanese is read (Hepburn): フ is "fu", not the "hu" of its
        # name, and the R row also writes foreign l ("カーネル", kernel).
        if letter.startswith("hu"):
            letter = "f" + letter[1:]
        spellings = syllable(letter, True)
        if letter.startswith("r"):
            spellings += [s.replace("ר", "ל", 1) for s in spellings]
        return spellings
    # Armenian, Georgian, Indic letters and the like: the onset only.
    return syllable(letter, False, False)


RANGES = [
    (0x0531, 0x0587), (0x0900, 0x097F), (0x0980, 0x09FF), (0x0A00, 0x0A7F),
    (0x0A80, 0x0AFF), (0x0B80, 0x0BFF), (0x0C00, 0x0C7F), (0x0C80, 0x0CFF),
    (0x0D80, 0x0DFF), (0x0E00, 0x0E7F), (0x0E80, 0x0EFF), (0x1000, 0x109F),
    (0x10A0, 0x10FF), (0x1200, 0x137F), (0x1780, 0x17FF), (0x30A0, 0x30FF),
    (0x3040, 0x309F),
]

print("# Generated by scripts/gen-sounds.py: a letter, then the Hebrew spellings it may stand for")
print("# (comma-separated; an empty one means the letter may stand for nothing, like a vowel).")
rows = {}
for table in (ARABIC, CYRILLIC, GREEK):
    for c, hebrew in table.items():
        rows[c] = hebrew
        if c.upper() != c:
            rows[c.upper()] = hebrew
for lo, hi in RANGES:
    for code in range(lo, hi + 1):
        c = chr(code)
        name = unicodedata.name(c, "")
        if not name or not (c.isalpha() or unicodedata.category(c).startswith("M")):
            continue
        try:
            options = sound_of(name)
        except (IndexError, KeyError):
            continue
        if options is None:
            options = [""]
        if options:
            rows[c] = ",".join(options)
for c in sorted(rows):
    print(f"{c}\t{rows[c]}")
