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
    // exception is Σ, which lowercases by its neighbours (final ς): a text
    // that holds one is decomposed whole.
    let mut out = Vec::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let plain = plain_len(rest.as_bytes());
        push_plain(&mut out, &rest.as_bytes()[..plain]);
        rest = &rest[plain..];
        let other = rest.find(is_plain).unwrap_or(rest.len());
        if rest[..other].contains('Σ') {
            return drop_arxiv_versions(decompose(text));
        }
        out.extend_from_slice(decompose(&rest[..other]).as_bytes());
        rest = &rest[other..];
    }
    let out = crate::text::string(out).expect("whole characters, changed into their like");
    drop_arxiv_versions(out)
}

fn is_plain(c: char) -> bool {
    c.is_ascii() || ('\u{05D0}'..='\u{05EA}').contains(&c)
}

/// The length in bytes of the run of `is_plain` characters `text` starts
/// with, read from its UTF-8 (an ASCII byte, or a Hebrew letter: 0xD7 then
/// 0x90..=0xAA): 32 bytes at a time, each byte judged with its neighbour
/// and without a branch (text switches script at nearly every word, which
/// a branch per byte mispredicts), then byte by byte in the block that
/// holds the end.
fn plain_len(text: &[u8]) -> usize {
    const BLOCK: usize = 32;
    // Not plain: a lead byte other than 0xD7, or a second byte that is not
    // a Hebrew letter's (after 0xD7, in 0x90..=0xAA).
    let other = |byte: u8, before: u8| {
        let lead = byte >= 0xC0;
        let second = (byte & 0xC0) == 0x80;
        (lead & (byte != 0xD7)) | (second & ((before != 0xD7) | !(0x90..=0xAA).contains(&byte)))
    };
    // Blocks start after the first byte, so that each byte has the one
    // before it at hand (as a second slice, which the compiler runs many
    // bytes at a time).
    let mut at = match text {
        [byte, ..] if byte.is_ascii() => 1,
        [0xD7, 0x90..=0xAA, ..] => 2,
        _ => 0,
    };
    while at > 0 && at + BLOCK <= text.len() {
        let (block, befores) = (&text[at..at + BLOCK], &text[at - 1..at - 1 + BLOCK]);
        let any = block
            .iter()
            .zip(befores)
            .fold(false, |any, (&byte, &before)| any | other(byte, before));
        if any {
            break;
        }
        at += BLOCK;
    }
    // A block may end inside a letter: back to its first byte.
    if text.get(at).is_some_and(|&byte| (byte & 0xC0) == 0x80) {
        at -= 1;
    }
    while let Some(&byte) = text.get(at) {
        if byte.is_ascii() {
            at += 1;
        } else if hebrew_letter_at(text, at) {
            at += 2;
        } else {
            break;
        }
    }
    at
}

/// Whether a Hebrew letter (א to ת: 0xD7, then 0x90..=0xAA) starts at
/// `at` of UTF-8 `text`.
pub(super) fn hebrew_letter_at(text: &[u8], at: usize) -> bool {
    text.get(at) == Some(&0xD7) && text.get(at + 1).is_some_and(|b| (0x90..=0xAA).contains(b))
}

/// A run of plain characters normalized onto `out`: copied, lowercased,
/// then each final letter's second byte raised by one, to its ordinary
/// form's (ך D7 9A, כ D7 9B; likewise ם ן ף ץ), judged from the run as it
/// was, without a branch. Neither changes a length.
fn push_plain(out: &mut Vec<u8>, run: &[u8]) {
    let start = out.len();
    out.extend_from_slice(run);
    let copy = &mut out[start..];
    copy.make_ascii_lowercase();
    for ((byte, &was), &before) in copy.iter_mut().zip(run).skip(1).zip(run) {
        let final_letter = (before == 0xD7)
            & ((was == 0x9A) | (was == 0x9D) | (was == 0x9F) | (was == 0xA3) | (was == 0xA5));
        *byte += u8::from(final_letter);
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

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// Run by run, a block of bytes at a time, as the whole text would
        /// read through Unicode's tables.
        #[test]
        fn normalizes_as_the_whole_text_decomposed(
            letters in proptest::collection::vec(proptest::sample::select(vec![
                "a", "Z", "q", " ", ".", "-", "'", "\"", "\n", "1", "9", "v", "ש", "ם", "ך", "ן", "ף", "ץ",
                "א", "ת", "\u{05B8}", "\u{05C1}", "\u{05F3}", "\u{05F4}", "\u{05BE}", "\u{FB2A}",
                "\u{200F}", "\u{301}", "é", "ل", "ш", "テ", "Σ", "ς", "–", "’", "\u{00A0}", "ΑΒ",
                "2405.17399v2", "אבגדהוזחטיכלמנסעפצקרש",
                "the quick brown fox jumps", "מודלים שפה גדולים",
            ]), 0..80)
        ) {
            let text = letters.concat();
            proptest::prop_assert_eq!(normalize(&text), super::drop_arxiv_versions(super::decompose(&text)));
        }
    }

    #[test]
    fn lowercase() {
        assert_eq!(normalize("GPT-4o"), "gpt-4o");
    }
}
