//! Whole foreign words the export put in for a Hebrew word of the same
//! meaning, not the same sound: "الأخيرة" ("the last") for "האחרונה",
//! "매우" ("very") for "מאוד". The sounds (`candidates`) cannot reach these;
//! a short table of translations (`meanings.tsv`) can. Each entry lists every
//! Hebrew word the foreign one may stand for, and the archive's own usage
//! picks among them only by a clear margin ("למה" over "מדוע"; "זו" and
//! "זאת" are too close to call). Repair asks here only after the sounds
//! decided nothing.

use super::script::fold;
use super::vocab::Vocab;
use super::wordlist;
use rustc_hash::FxHashMap;
use std::sync::LazyLock;

/// How often the archive must write a translation for it to be put in.
const MIN_USES: u32 = 3;
/// A translation the archive never writes may still be put in when the
/// word list holds it as one of the commonest Hebrew words ("עלינו").
const MIN_ZIPF: f64 = 5.0;
/// Of several translations, the one put in must be written this many times
/// as often as the next.
const MIN_RATIO: u32 = 3;

/// Foreign word (without Arabic vowel marks) -> the Hebrew words it may
/// translate.
static TABLE: LazyLock<FxHashMap<&'static str, Vec<&'static str>>> = LazyLock::new(|| {
    include_str!("meanings.tsv")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let mut cells = l.split('\t');
            let foreign = cells.next()?;
            let hebrew = cells.next()?.split(',').collect();
            Some((foreign, hebrew))
        })
        .collect()
});

/// The Hebrew word `word` (a foreign word standing alone in a Hebrew
/// sentence) translates, when the table knows it and the archive settles
/// which of its translations the author writes.
pub fn translate(word: &str, vocab: &Vocab) -> Option<String> {
    let bare: String = word.chars().filter(|&c| !is_arabic_mark(c)).collect();
    let options = TABLE.get(bare.as_str())?;
    let mut known: Vec<(u32, &str)> = options
        .iter()
        .filter_map(|&h| {
            let folded = fold(h);
            let uses = vocab.seen_as_written(&folded, None).global;
            let common = wordlist::zipf(&folded).is_some_and(|z| z >= MIN_ZIPF);
            (uses >= MIN_USES || common).then_some((uses, h))
        })
        .collect();
    known.sort_by_key(|&(uses, _)| std::cmp::Reverse(uses));
    match known.as_slice() {
        [(_, only)] => Some(only.to_string()),
        [(first, word), (second, _), ..] if *first >= MIN_RATIO * (*second).max(1) => {
            Some(word.to_string())
        }
        _ => None,
    }
}

/// Arabic's vowel marks, shadda and sukun, the superscript alef and the
/// tatweel: writing, not letters ("جداً" is "جدا").
fn is_arabic_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab(text: &str) -> Vocab {
        let lines: Vec<&str> = text.lines().collect();
        Vocab::build(&lines, &[(1, lines.len())])
    }

    #[test]
    fn a_word_with_one_translation_is_put_in_when_the_archive_writes_it() {
        let archive = vocab("ניתוח עמוק ומודל עמוק ולימוד עמוק.");
        assert_eq!(translate("عميق", &archive).as_deref(), Some("עמוק"));
        // Written fewer than three times, and not among the list's commonest.
        let rare = vocab("ניתוח עמוק.");
        assert_eq!(translate("عميق", &rare), None);
        // Among the list's commonest words, the archive need not write it.
        assert_eq!(translate("علينا", &rare).as_deref(), Some("עלינו"));
        assert_eq!(translate("الأخيرة", &rare).as_deref(), Some("האחרונה"));
    }

    #[test]
    fn the_archive_picks_among_translations_only_by_a_clear_margin() {
        let mostly_lama = vocab(&format!("{}מדוע מדוע מדוע", "למה ".repeat(9)));
        assert_eq!(translate("لماذا", &mostly_lama).as_deref(), Some("למה"));
        let both = vocab(&format!("{}זאת זאת זאת", "זו ".repeat(5)));
        assert_eq!(translate("эта", &both), None);
    }

    #[test]
    fn arabic_vowel_marks_do_not_hide_a_word_and_unknown_words_stay() {
        let archive = vocab("מאוד מאוד מאוד");
        assert_eq!(translate("جداً", &archive).as_deref(), Some("מאוד"));
        assert_eq!(translate("매우", &archive).as_deref(), Some("מאוד"));
        assert_eq!(translate("بغداد", &archive), None);
    }
}
