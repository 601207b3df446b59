//! Character-level normalization, the first step of the token pipeline.
//!
//! Mirrored exactly by `normalize` in static/search-pipeline.js; the shared
//! vectors in tests/vectors/tokens.json hold both to the same output.

use regex::Regex;
use std::sync::LazyLock;
use unicode_normalization::UnicodeNormalization;

/// Combining marks (niqqud, cantillation, accents) and invisible format
/// characters (RLM/LRM, ZWJ, soft hyphen) that Hebrew text often carries
/// inside words. Removing them after NFKD also folds precomposed letters
/// ("é", the Hebrew presentation forms U+FB1D–FB4F) to their base letter.
static MARKS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[\p{M}\p{Cf}]").expect("static regex"));

/// An arXiv id's version ("2405.17399v2") is dropped: the index holds
/// versionless ids, and "v2" would otherwise glue onto the number.
static ARXIV_VERSION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"([0-9]{4}\.[0-9]{4,5})v[0-9]+").expect("static regex"));

/// NFKD, lowercase, strip marks and format characters, fold Hebrew final
/// letters to their ordinary forms (ך ם ן ף ץ -> כ מ נ פ צ) so that a word
/// and its plural or prefixed form share their letters.
pub fn normalize(text: &str) -> String {
    // Runs of ASCII and Hebrew letters (most of any review) are their own
    // NFKD, hold no marks, and lowercase letter by letter: only the other
    // runs go through Unicode's tables. Splitting there changes nothing,
    // as every such character starts a new combining sequence. The one
    // exception is Σ, which lowercases by its neighbours (final ς).
    if text.contains('Σ') {
        return drop_arxiv_versions(decompose(text));
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let plain = plain_len(rest);
        push_plain(&mut out, &rest[..plain]);
        rest = &rest[plain..];
        let other = rest.find(is_plain).unwrap_or(rest.len());
        out.push_str(&decompose(&rest[..other]));
        rest = &rest[other..];
    }
    drop_arxiv_versions(out)
}

fn is_plain(c: char) -> bool {
    c.is_ascii() || ('\u{05D0}'..='\u{05EA}').contains(&c)
}

/// The length in bytes of the run of `is_plain` characters `text` starts
/// with, read from its UTF-8 (an ASCII byte, or a Hebrew letter: 0xD7
/// then 0x90..=0xAA) rather than decoded a character at a time.
fn plain_len(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let hebrew_letter = |next: &u8| (0x90..=0xAA).contains(next);
        if bytes[at].is_ascii() {
            at += 1;
        } else if bytes[at] == 0xD7 && bytes.get(at + 1).is_some_and(hebrew_letter) {
            at += 2;
        } else {
            break;
        }
    }
    at
}

/// A run of plain characters normalized onto `out`: copied whole, then
/// lowercased and its final letters folded in place (neither changes a
/// character's length), instead of pushed back a character at a time.
fn push_plain(out: &mut String, run: &str) {
    let start = out.len();
    out.push_str(run);
    out[start..].make_ascii_lowercase();
    for (at, letter) in run.char_indices() {
        let folded = fold_final(letter);
        if folded != letter {
            let at = start + at;
            out.replace_range(at..at + letter.len_utf8(), folded.encode_utf8(&mut [0; 4]));
        }
    }
}

/// NFKD, lowercase, marks and format characters removed, finals folded.
fn decompose(text: &str) -> String {
    let decomposed: String = text.nfkd().collect::<String>().to_lowercase();
    MARKS
        .replace_all(&decomposed, "")
        .chars()
        .map(fold_final)
        .collect()
}

/// `text` itself when it holds no version (nearly every text): a review's
/// text is not copied for nothing.
fn drop_arxiv_versions(text: String) -> String {
    match ARXIV_VERSION.replace_all(&text, "$1") {
        std::borrow::Cow::Owned(dropped) => dropped,
        std::borrow::Cow::Borrowed(_) => text,
    }
}

/// Hebrew final forms to the ordinary letters (ך→כ ...): the one place
/// that says so, for search, topics and ingest's repair alike.
pub fn fold_final(c: char) -> char {
    match c {
        'ך' => 'כ',
        'ם' => 'מ',
        'ן' => 'נ',
        'ף' => 'פ',
        'ץ' => 'צ',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn niqqud_and_cantillation_are_removed() {
        assert_eq!(normalize("שָׁלוֹם"), "שלומ");
        assert_eq!(normalize("בְּרֵאשִׁ֖ית"), "בראשית");
    }

    #[test]
    fn final_letters_fold() {
        assert_eq!(normalize("ךםןףץ"), "כמנפצ");
    }

    #[test]
    fn nfc_and_nfd_agree() {
        assert_eq!(normalize("caf\u{e9}"), normalize("cafe\u{301}"));
        assert_eq!(normalize("café"), "cafe");
    }

    #[test]
    fn presentation_forms_and_format_characters_fold() {
        // U+FB2A is "שׁ" precomposed; U+200F is a right-to-left mark.
        assert_eq!(normalize("\u{FB2A}לום"), "שלומ");
        assert_eq!(normalize("מו\u{200F}דל"), "מודל");
    }

    #[test]
    fn arxiv_version_is_dropped() {
        assert_eq!(normalize("2405.17399v2"), "2405.17399");
        assert_eq!(normalize("v2"), "v2");
    }

    #[test]
    fn greek_final_sigma_lowercases_by_its_neighbours() {
        assert_eq!(normalize("ΟΔΟΣ ΟΔΟΣa"), "οδος οδοσa");
        assert_eq!(normalize("ΣΑ"), "σα");
    }

    #[test]
    fn marks_after_plain_letters_are_removed() {
        // A Hebrew letter, then niqqud; a Latin letter, then a combining accent.
        assert_eq!(normalize("שָׁלוֹם e\u{301}x"), "שלומ ex");
    }

    #[test]
    fn lowercase() {
        assert_eq!(normalize("GPT-4o"), "gpt-4o");
    }
}
