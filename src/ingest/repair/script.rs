//! Which script a character belongs to, as far as repair cares: Hebrew,
//! Latin (English, code), Greek (math), or "foreign" (any other script's
//! letter: the export's damage).

/// Hebrew letters, presentation forms, and niqqud.
pub fn is_hebrew(c: char) -> bool {
    ('\u{05d0}'..='\u{05ea}').contains(&c)
        || ('\u{0591}'..='\u{05c7}').contains(&c)
        || ('\u{fb1d}'..='\u{fb4f}').contains(&c)
}

pub fn is_hebrew_letter(c: char) -> bool {
    ('\u{05d0}'..='\u{05ea}').contains(&c)
}

/// Latin letters in every block (English words, names like "Łukasz").
pub fn is_latin(c: char) -> bool {
    c.is_ascii_alphabetic()
        || ('\u{00c0}'..='\u{024f}').contains(&c)
        || ('\u{1e00}'..='\u{1eff}').contains(&c)
        || ('\u{0300}'..='\u{036f}').contains(&c)
}

/// Greek letters are legitimate in formulas and names of variables.
pub fn is_greek(c: char) -> bool {
    ('\u{0370}'..='\u{03ff}').contains(&c) || ('\u{1f00}'..='\u{1fff}').contains(&c)
}

/// Letters (and the vowel signs and other marks written with them) of
/// any script other than Hebrew, Latin and Greek.
pub fn is_foreign(c: char) -> bool {
    if c.is_ascii() || is_hebrew(c) || is_latin(c) || is_greek(c) {
        return false;
    }
    // Symbols that count as letters (ℓ, ∂-like letterlikes) are math.
    if ('\u{2100}'..='\u{214f}').contains(&c) || ('\u{1d400}'..='\u{1d7ff}').contains(&c) {
        return false;
    }
    c.is_alphabetic() || is_script_mark(c)
}

/// Vowel signs and viramas of the Indic and South-East Asian scripts, which
/// are marks rather than letters but belong to the word they sit in.
fn is_script_mark(c: char) -> bool {
    ('\u{0900}'..='\u{109f}').contains(&c)
        || ('\u{1780}'..='\u{17ff}').contains(&c)
        || ('\u{3099}'..='\u{309c}').contains(&c)
}

/// A letter that may be damage inside a Hebrew word: a foreign one, or a
/// Greek one (legitimate alone, in math, but not inside "כλומר").
pub fn is_foreign_in_hebrew(c: char) -> bool {
    is_foreign(c) || is_greek(c) && c.is_alphabetic()
}

/// A character that belongs inside a word for repair's tokenizer.
pub fn is_word_char(c: char) -> bool {
    // ASCII and Hebrew (nearly all of the archive) without Unicode tables.
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    is_hebrew(c) || c.is_alphabetic() || is_foreign(c) || ('\u{0300}'..='\u{036f}').contains(&c)
}

/// An apostrophe or geresh inside a word ("בנצ'מארק", "פאצ'ים") belongs to
/// it when a non-Latin letter follows (English "don't" is not repair's).
pub fn is_inner_mark(c: char) -> bool {
    c == '\'' || c == '\u{05f3}'
}

/// Ordinary Hebrew letters to their final forms at the end of a word.
pub fn final_form(c: char) -> char {
    match c {
        'כ' => 'ך',
        'מ' => 'ם',
        'נ' => 'ן',
        'פ' => 'ף',
        'צ' => 'ץ',
        other => other,
    }
}

/// Final forms to ordinary letters, so vocabulary lookups ignore position.
pub use crate::words::normalize::fold_final;

pub fn fold(word: &str) -> String {
    word.chars().map(fold_final).collect()
}

/// The 22 Hebrew letters (ordinary forms): what a dropped letter may be.
pub const LETTERS: [char; 22] = [
    'א', 'ב', 'ג', 'ד', 'ה', 'ו', 'ז', 'ח', 'ט', 'י', 'כ', 'ל', 'מ', 'נ', 'ס', 'ע', 'פ', 'צ', 'ק',
    'ר', 'ש', 'ת',
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greek_latin_and_math_letters_are_not_foreign() {
        for c in ['α', 'θ', 'a', 'Ł', 'ℓ', 'é', 'א', 'ם'] {
            assert!(!is_foreign(c), "{c}");
        }
        for c in ['ш', 'テ', 'ਮ', '망', 'ل', 'ि', 'ー'] {
            assert!(is_foreign(c), "{c}");
        }
    }
}
