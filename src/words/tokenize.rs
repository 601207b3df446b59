//! Splitting normalized text into words, and words into parts.
//!
//! A word is a run of letters and digits, held together by apostrophes and
//! gershayim ("בד"כ", "don't"), by a dot between digits ("2405.17399") and by
//! hyphens ("LLaMA-NAS"). Inside a word, parts break at hyphens, between
//! Hebrew and other scripts ("בGPT") and where Latin letters meet a digit
//! ("gpt4o" -> "gpt" "4o"), so "GPT-4o", "GPT4o" and "gpt 4o" all meet.
//! Mirrored by `words` in static/search-pipeline.js.

use super::hebrew;

/// Characters that join a word when they stand between two word characters,
/// and vanish: apostrophes, quotes used as gershayim, geresh and gershayim.
const JOINERS: &[char] = &['\'', '"', '\u{05F3}', '\u{05F4}', '\u{2019}', '\u{2018}'];

/// Hyphen, Hebrew maqaf, Unicode hyphens and dashes, underscore.
const HYPHENS: &[char] = &[
    '-', '\u{05BE}', '\u{2010}', '\u{2011}', '\u{2012}', '\u{2013}', '_',
];

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Class {
    Hebrew,
    Digit,
    Letter,
}

fn class(c: char) -> Option<Class> {
    // ASCII and the Hebrew letters are nearly all of the text: decide them
    // without the Unicode tables (`is_numeric` and `is_alphabetic` take a
    // slow table search for every non-ASCII character).
    if c.is_ascii() {
        return if c.is_ascii_digit() {
            Some(Class::Digit)
        } else if c.is_ascii_alphabetic() {
            Some(Class::Letter)
        } else {
            None
        };
    }
    if ('\u{05D0}'..='\u{05EA}').contains(&c) {
        return Some(Class::Hebrew);
    }
    if c.is_numeric() {
        Some(Class::Digit)
    } else if c.is_alphabetic() {
        Some(if ('\u{0590}'..='\u{05FF}').contains(&c) {
            Class::Hebrew
        } else {
            Class::Letter
        })
    } else {
        None
    }
}

/// Where a new part starts inside a word.
fn breaks_between(previous: Class, next: Class) -> bool {
    (previous == Class::Hebrew) != (next == Class::Hebrew)
        || (previous == Class::Letter && next == Class::Digit)
}

/// The words of normalized text, each a list of parts. Prefix-only Hebrew
/// parts before another script ("וב" in "וב-GPT") and one-letter Hebrew parts
/// are dropped: they are clitics, not words.
pub fn words(text: &str) -> Vec<Vec<String>> {
    let mut words = Vec::new();
    let mut parts: Vec<Vec<char>> = Vec::new();
    let mut part: Vec<char> = Vec::new();
    let mut last = Class::Letter;
    let mut chars = text.chars().peekable();
    // Each character's class is decided once, as the next one's.
    let mut this_class = chars.peek().copied().and_then(class);
    while let Some(c) = chars.next() {
        let next_class = chars.peek().copied().and_then(class);
        let current = std::mem::replace(&mut this_class, next_class);
        if let Some(this) = current {
            if !part.is_empty() && breaks_between(last, this) {
                parts.push(std::mem::take(&mut part));
            }
            part.push(c);
            last = this;
        } else if part.is_empty() || (JOINERS.contains(&c) && next_class.is_some()) {
            // Between words, or an apostrophe/gershayim inside one: skip it.
            continue;
        } else if c == '.' && last == Class::Digit && next_class == Some(Class::Digit) {
            part.push(c);
        } else if HYPHENS.contains(&c) && next_class.is_some() {
            parts.push(std::mem::take(&mut part));
        } else {
            parts.push(std::mem::take(&mut part));
            words.push(finish_word(std::mem::take(&mut parts)));
        }
    }
    if !part.is_empty() {
        parts.push(part);
    }
    if !parts.is_empty() {
        words.push(finish_word(parts));
    }
    words.retain(|w: &Vec<String>| !w.is_empty());
    words
}

fn is_hebrew(part: &[char]) -> bool {
    part.first().and_then(|&c| class(c)) == Some(Class::Hebrew)
}

fn finish_word(parts: Vec<Vec<char>>) -> Vec<String> {
    let mut kept = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        let before_other_script = parts.get(i + 1).is_some_and(|next| !is_hebrew(next));
        if is_hebrew(part)
            && (part.len() < 2 || (before_other_script && hebrew::is_only_prefixes(part)))
        {
            continue;
        }
        kept.push(part.iter().collect());
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::words;

    fn w(text: &str) -> Vec<Vec<String>> {
        words(text)
    }

    #[test]
    fn arxiv_ids_stay_whole() {
        assert_eq!(w("2405.17399."), vec![vec!["2405.17399"]]);
    }

    #[test]
    fn mixed_tokens_split_into_parts() {
        assert_eq!(w("gpt-4o"), vec![vec!["gpt", "4o"]]);
        assert_eq!(w("gpt4o"), vec![vec!["gpt", "4o"]]);
        assert_eq!(w("llama-nas"), vec![vec!["llama", "nas"]]);
    }

    #[test]
    fn hebrew_prefix_on_latin_word_is_dropped() {
        assert_eq!(w("בgpt"), vec![vec!["gpt"]]);
        assert_eq!(w("וב-gpt"), vec![vec!["gpt"]]);
        assert_eq!(w("ה-llm"), vec![vec!["llm"]]);
    }

    #[test]
    fn gershayim_and_geresh_join() {
        assert_eq!(w("בד\"כ"), vec![vec!["בדכ"]]);
        assert_eq!(w("צ׳אט"), vec![vec!["צאט"]]);
        assert_eq!(w("\"לטפל\""), vec![vec!["לטפל"]]);
    }
}
