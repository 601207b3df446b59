//! What Hebrew letters a foreign letter may stand for: the export swapped
//! Hebrew letters for letters of other scripts that sound the same
//! ("להעшир": Cyrillic ш for ש). The table (`sounds.tsv`) is written by
//! `scripts/gen-sounds.py`: Arabic and Cyrillic by hand, the other scripts
//! from the sounds their Unicode names spell; Hangul syllables are composed
//! here from their parts. A letter that is not in it (a Chinese character)
//! has no sound to go by, and a word holding one is left alone.

use rustc_hash::FxHashMap;
use std::sync::LazyLock;

static TABLE: LazyLock<FxHashMap<char, Vec<String>>> = LazyLock::new(|| {
    include_str!("sounds.tsv")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let (letter, options) = l.split_once('\t')?;
            let mut chars = letter.chars();
            let c = chars.next()?;
            let options = options.split(',').map(str::to_string).collect();
            chars.next().is_none().then_some((c, options))
        })
        .collect()
});

/// The Hebrew spellings `c` may stand for, or None when its sound is unknown.
pub fn options(c: char) -> Option<Vec<String>> {
    if let Some(found) = TABLE.get(&c) {
        return Some(found.clone());
    }
    hangul(c)
}

/// Initial consonants, vowels and final consonants of a Hangul syllable
/// (U+AC00 + (initial * 21 + vowel) * 28 + final), as Hebrew letters.
const INITIALS: [&str; 19] = [
    "ג", "ג", "נ", "ד", "ד", "ר", "מ", "ב", "ב", "ס", "ס", "", "ג", "ג", "צ", "ק", "ט", "פ", "ה",
];
const VOWELS: [&str; 21] = [
    "א", "א", "י", "י", "א", "א", "י", "י", "ו", "ו", "ו", "ו", "ו", "ו", "ו", "ו", "ו", "ו", "ו",
    "י", "י",
];
const FINALS: [&str; 28] = [
    "", "ג", "ג", "ג", "נ", "נ", "נ", "ד", "ל", "ל", "ל", "ל", "ל", "ל", "ל", "ל", "מ", "ב", "ב",
    "ס", "ס", "ג", "ג", "צ", "ק", "ט", "פ", "ה",
];

fn hangul(c: char) -> Option<Vec<String>> {
    let index = u32::from(c).checked_sub(0xAC00).filter(|&i| i < 11172)?;
    let initial = INITIALS[(index / (21 * 28)) as usize];
    let vowel = VOWELS[((index / 28) % 21) as usize];
    let last = FINALS[(index % 28) as usize];
    let mut out = Vec::new();
    for v in [vowel, ""] {
        let spelled = format!("{initial}{v}{last}");
        if !spelled.is_empty() && !out.contains(&spelled) {
            out.push(spelled);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_stand_for_the_hebrew_letters_they_sound_like() {
        assert!(options('ш').unwrap().contains(&"ש".to_string()));
        assert!(options('ل').unwrap().contains(&"ל".to_string()));
        assert!(options('ਮ').unwrap().contains(&"מ".to_string()));
        assert!(options('テ').unwrap().contains(&"ט".to_string()));
        // 망 (m-a-ng) for מג, as in "ב망ירה" for "במגירה".
        assert!(options('망').unwrap().contains(&"מג".to_string()));
        assert_eq!(options('的'), None);
    }
}
