//! Hebrew word forms: clitic prefixes and plural/construct suffixes.
//!
//! Hebrew writes "and", "the", "in", "to", "from", "that", "when" as letters
//! glued to the next word: "והדיפוזיה" is "and the diffusion". We cannot tell
//! a prefix letter from a root letter without a dictionary ("מודל" is not
//! "from" + "ודל"), so every possible reading is indexed as an extra term
//! and ranking weighs them below the written form. The guard against noise
//! is a minimum stem length: a form shorter than `MIN_STEM` letters is never
//! produced, so "מוחלט" yields "וחלט" but never "מוח".
//!
//! Words here are already normalized: final letters folded (ם -> מ, ...).

/// The shortest form a prefix or suffix may leave behind.
pub const MIN_STEM: usize = 3;

/// The order clitics stack in: ו, then ש or כש, then one of ב כ ל מ, then ה
/// ("וכשהמודל" = ו + כש + ה + מודל). Each slot is optional.
const PREFIX_SLOTS: &[&[&[char]]] = &[
    &[&['ו']],
    &[&['כ', 'ש'], &['ש']],
    &[&['ב'], &['כ'], &['ל'], &['מ']],
    &[&['ה']],
];

/// Every index reachable by reading clitic prefixes off the front of `word`,
/// excluding 0, ascending.
pub fn prefix_cuts(word: &[char]) -> Vec<usize> {
    let reach = reach(|at| word.get(at).copied());
    (1..=MAX_PREFIX)
        .filter(|&cut| reach & (1 << cut) != 0)
        .collect()
}

/// The most letters clitic prefixes can take (ו, כש, ב, ה).
const MAX_PREFIX: usize = 5;

/// The indices reachable by reading clitic prefixes off the front of a
/// word (its letter at each index from `letter`), as bits of a mask (bit 0,
/// the word itself, always set). A mask rather than lists: related reviews
/// read every new word of the archive through here.
fn reach(letter: impl Fn(usize) -> Option<char>) -> u8 {
    let mut reach = 1u8;
    for slot in PREFIX_SLOTS {
        let mut next = reach;
        for at in (0..MAX_PREFIX).filter(|&at| reach & (1 << at) != 0) {
            for clitic in slot.iter() {
                let written = clitic
                    .iter()
                    .enumerate()
                    .all(|(i, &c)| letter(at + i) == Some(c));
                if written {
                    next |= 1 << (at + clitic.len());
                }
            }
        }
        reach = next;
    }
    reach
}

/// True when all of `word` is clitic prefixes (like "וב" in "וב-GPT").
pub fn is_only_prefixes(word: &[char]) -> bool {
    prefix_cuts(word).contains(&word.len())
}

/// The forms a Hebrew word is indexed under besides itself: the word with
/// each possible run of clitic prefixes read off, as long as `MIN_STEM`
/// letters remain. Plural and construct endings are handled on the query
/// side (search-pipeline.js `queryForms`): the query "מודל" also looks up
/// "מודלים", which sorts next to it in the same shard, while indexing
/// "מודלים" under "מודל" too would add a term for every plural in the
/// archive (measured: a third more index).
pub fn variants(word: &str) -> Vec<String> {
    variant_suffixes(word).map(str::to_string).collect()
}

/// `variants`, as the parts of `word` they are (each is the word without
/// its first letters), shortest cut first.
pub fn variant_suffixes(word: &str) -> impl Iterator<Item = &str> {
    // Where each letter starts, for the first letters that can be prefixes
    // and the one after them.
    let mut starts = [usize::MAX; MAX_PREFIX + 1];
    for (slot, (at, _)) in starts.iter_mut().zip(word.char_indices()) {
        *slot = at;
    }
    let letter = |i: usize| word.get(*starts.get(i)?..)?.chars().next();
    let reach = reach(letter);
    let letters = word.chars().count();
    (1..=MAX_PREFIX)
        .filter(move |&cut| reach & (1 << cut) != 0 && letters >= cut + MIN_STEM)
        .map(move |cut| &word[starts[cut]..])
}

/// The singular forms a Hebrew word may be the plural or construct form of:
/// "מודלימ" -> "מודל", "שיטות" -> "שיט" and "שיטה", "למידת" -> "למידה",
/// "מודלי" -> "מודל". Like `variants`, a guess without a dictionary, so it
/// never leaves fewer than `MIN_STEM` letters. Mirrors `singulars` in
/// static/search-pipeline.js (vectors: tests/vectors/hebrew-singulars.json).
pub fn singulars(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    let n = chars.len();
    let cut = |k: usize, tail: &str| chars[..n - k].iter().collect::<String>() + tail;
    let mut out = Vec::new();
    // Construct state of a feminine noun: "למידת" (learning of) -> "למידה".
    if n > MIN_STEM && word.ends_with('ת') {
        out.push(cut(1, "ה"));
    }
    if n < MIN_STEM + 2 {
        return out;
    }
    if word.ends_with("ימ") || word.ends_with("ות") {
        out.push(cut(2, ""));
    }
    if word.ends_with("ות") {
        out.push(cut(2, "ה"));
    }
    if word.ends_with('י') {
        out.push(cut(1, ""));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn prefix_combinations_are_read_in_order() {
        assert_eq!(prefix_cuts(&chars("והדיפוזיה")), vec![1, 2]);
        assert_eq!(prefix_cuts(&chars("שהדיפוזיה")), vec![1, 2]);
        assert_eq!(prefix_cuts(&chars("וכשהמודל")), vec![1, 2, 3, 4]);
        // ה cannot come before ב: "הבנה" is not ה + ב + נה.
        assert_eq!(prefix_cuts(&chars("הבנה")), vec![1]);
    }

    #[test]
    fn hebrew_prefix_variants_reach_the_bare_word() {
        for written in [
            "בדיפוזיה",
            "והדיפוזיה",
            "שהדיפוזיה",
            "מהדיפוזיה",
            "וכשהדיפוזיה",
        ] {
            assert!(
                variants(written).contains(&"דיפוזיה".to_string()),
                "{written}"
            );
        }
    }

    #[test]
    fn plural_forms_keep_their_prefixes_read_off() {
        assert_eq!(variants("במודלימ"), vec!["מודלימ"]);
        assert_eq!(variants("והשיטות"), vec!["השיטות", "שיטות"]);
    }

    #[test]
    fn short_word_not_noise() {
        // "מוחלט" (absolute) must never be found by "מוח" (brain).
        assert!(!variants("מוחלט").contains(&"מוח".to_string()));
        // Stripping never leaves fewer than three letters.
        assert!(variants("שלב").is_empty());
        assert!(variants("הלב").is_empty());
        assert!(variants("מודל")
            .iter()
            .all(|v| v.chars().count() >= MIN_STEM));
    }

    #[test]
    fn suffixes_are_the_variants() {
        for word in [
            "והדיפוזיה",
            "וכשהמודל",
            "הבנה",
            "במודלימ",
            "והשיטות",
            "מודל",
            "ו",
            "",
            "ווו",
        ] {
            let chars: Vec<char> = word.chars().collect();
            let by_chars: Vec<String> = prefix_cuts(&chars)
                .into_iter()
                .filter(|&cut| chars.len() - cut >= MIN_STEM)
                .map(|cut| chars[cut..].iter().collect())
                .collect();
            assert_eq!(variants(word), by_chars, "{word}");
        }
    }

    #[test]
    fn only_prefixes_detected() {
        assert!(is_only_prefixes(&chars("וב")));
        assert!(is_only_prefixes(&chars("ה")));
        assert!(!is_only_prefixes(&chars("רשת")));
    }

    #[test]
    fn singulars_match_the_shared_vectors() {
        #[derive(serde::Deserialize)]
        struct Vector {
            input: String,
            singulars: Vec<String>,
        }
        let vectors: Vec<Vector> =
            serde_json::from_str(include_str!("../../tests/vectors/hebrew-singulars.json"))
                .expect("vectors parse");
        assert!(vectors.len() >= 10);
        for v in vectors {
            assert_eq!(singulars(&v.input), v.singulars, "{}", v.input);
        }
    }
}
