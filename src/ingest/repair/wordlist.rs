//! A Hebrew word list with frequencies (`hebrew-words.tsv`, from wordfreq's
//! Hebrew data, CC BY-SA 4.0: see its header and scripts/make-hebrew-words.py).
//! It tells a candidate that is a Hebrew word from one that only the sounds
//! allow, and a common word from a rare one ("להעביר" from "להעבר"), also
//! where the archive never writes the meant word undamaged.
//!
//! The list is read at compile time, so ingest gives the same output on
//! every machine.

use super::script::fold;
use rustc_hash::FxHashMap;
use std::sync::LazyLock;

/// Folded word (final letters as ordinary ones) -> Zipf frequency times ten
/// (log10 of its frequency per billion words).
static WORDS: LazyLock<FxHashMap<String, u8>> = LazyLock::new(|| {
    let mut words = FxHashMap::with_capacity_and_hasher(120_000, Default::default());
    for line in include_str!("hebrew-words.tsv").lines() {
        if line.starts_with('#') {
            continue;
        }
        let Some((word, zipf)) = line.split_once('\t') else {
            continue;
        };
        let Ok(zipf) = zipf.parse::<u8>() else {
            continue;
        };
        // "כמובן" and "כמובנ" fold alike: the commoner spelling counts.
        let entry = words.entry(fold(word)).or_insert(0);
        *entry = (*entry).max(zipf);
    }
    words
});

/// The Zipf frequency of a folded word, or None when the list does not
/// hold it.
pub fn zipf(folded: &str) -> Option<f64> {
    WORDS.get(folded).map(|&z| f64::from(z) / 10.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_words_are_listed_above_rare_ones() {
        let common = zipf("להעביר").expect("listed");
        assert!(common >= 4.0, "{common}");
        assert!(zipf("להעבר").unwrap_or(0.0) < common);
        // Final letters are folded: "כמובן" is looked up as "כמובנ".
        assert!(zipf("כמובנ").is_some());
        assert_eq!(zipf("כמובן"), None);
        assert_eq!(zipf("שלוםxyz"), None);
    }
}
