//! Splitting normalized text into words, and words into parts.
//!
//! A word is a run of letters and digits, held together by apostrophes and
//! gershayim ("בד"כ", "don't"), by a dot between digits ("2405.17399") and by
//! hyphens ("LLaMA-NAS"). Inside a word, parts break at hyphens, between
//! Hebrew and other scripts ("בGPT") and where Latin letters meet a digit
//! ("gpt4o" -> "gpt" "4o"), so "GPT-4o", "GPT4o" and "gpt 4o" all meet.
//! Mirrored by `words` in static/search-pipeline.js.

use super::hebrew;
use std::ops::ControlFlow;

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
    each_word(text, |parts| {
        words.push(parts.map(String::from).collect());
        ControlFlow::Continue(())
    });
    words
}

/// `words`, each word handed to `each` as its parts (never none) until it
/// breaks, without the allocations of a list of strings per word: related
/// reviews read a few hundred words of every review, once.
pub fn each_word<F>(text: &str, each: F)
where
    F: FnMut(&mut dyn Iterator<Item = &str>) -> ControlFlow<()>,
{
    each_word_reading(text, true, each)
}

/// `each_word`, taking plain words whole (`plain_word`) or not: read a
/// character at a time, every word comes out the same (the tests hold the
/// one reading to the other).
fn each_word_reading<F>(text: &str, plain_words: bool, mut each: F)
where
    F: FnMut(&mut dyn Iterator<Item = &str>) -> ControlFlow<()>,
{
    // The word being read: its parts one after another in `word`, each
    // ending where `ends` says. Both are reused from word to word.
    let mut word = String::new();
    let mut ends: Vec<usize> = Vec::new();
    let mut kept: Vec<(usize, usize)> = Vec::new();
    let finish =
        |word: &mut String, ends: &mut Vec<usize>, kept: &mut Vec<(usize, usize)>, each: &mut F| {
            kept_parts(word, ends, kept);
            let flow = if kept.is_empty() {
                ControlFlow::Continue(())
            } else {
                each(&mut kept.iter().map(|&(start, end)| &word[start..end]))
            };
            word.clear();
            ends.clear();
            flow
        };
    let char_at = |at: usize| text.get(at..).and_then(|rest| rest.chars().next());
    let mut last = Class::Letter;
    let mut at = 0;
    while let Some(c) = char_at(at) {
        // Most words are Hebrew or ASCII letters alone, then a space or a
        // comma: such a word is its own one part, taken whole from the
        // text, not a character at a time.
        if plain_words && word.is_empty() {
            if let Some(end) = plain_word(text.as_bytes(), at) {
                let part = &text[at..end];
                // One Hebrew letter alone is a clitic (`kept_parts`).
                let clitic = part.len() == 2 && !part.is_ascii();
                if !clitic && each(&mut std::iter::once(part)).is_break() {
                    return;
                }
                at = end;
                continue;
            }
        }
        let next_at = at + c.len_utf8();
        let next_class = char_at(next_at).and_then(class);
        at = next_at;
        let part_empty = word.len() == ends.last().copied().unwrap_or(0);
        if let Some(this) = class(c) {
            if !part_empty && breaks_between(last, this) {
                ends.push(word.len());
            }
            word.push(c);
            last = this;
        } else if part_empty || (JOINERS.contains(&c) && next_class.is_some()) {
            // Between words, or an apostrophe/gershayim inside one: skip it.
            continue;
        } else if c == '.' && last == Class::Digit && next_class == Some(Class::Digit) {
            word.push(c);
        } else if HYPHENS.contains(&c) && next_class.is_some() {
            ends.push(word.len());
        } else {
            ends.push(word.len());
            if finish(&mut word, &mut ends, &mut kept, &mut each).is_break() {
                return;
            }
        }
    }
    if word.len() > ends.last().copied().unwrap_or(0) {
        ends.push(word.len());
    }
    if !ends.is_empty() {
        let _ = finish(&mut word, &mut ends, &mut kept, &mut each);
    }
}

/// Where a word that starts at `start` ends, when it is Hebrew letters
/// alone or ASCII letters alone and what follows cannot carry it on: the
/// text's end, or an ASCII character that is no letter or digit, joiner,
/// hyphen or dot. None for any other word (`each_word` reads it a
/// character at a time).
fn plain_word(text: &[u8], start: usize) -> Option<usize> {
    let hebrew = |at: usize| super::normalize::hebrew_letter_at(text, at);
    let mut end = start;
    if text.get(start)?.is_ascii_alphabetic() {
        while text.get(end).is_some_and(u8::is_ascii_alphabetic) {
            end += 1;
        }
    } else if hebrew(start) {
        while hebrew(end) {
            end += 2;
        }
    } else {
        return None;
    }
    match text.get(end) {
        None => Some(end),
        Some(&next) => (next.is_ascii()
            && !next.is_ascii_alphanumeric()
            && !matches!(next, b'\'' | b'"' | b'-' | b'_' | b'.'))
        .then_some(end),
    }
}

fn is_hebrew(part: &str) -> bool {
    part.chars().next().and_then(class) == Some(Class::Hebrew)
}

/// The parts of a word (`word` cut at `ends`) that are kept, as byte
/// ranges into `kept`: a Hebrew part of one letter, or of prefixes only
/// before a part in another script, is a clitic.
fn kept_parts(word: &str, ends: &[usize], kept: &mut Vec<(usize, usize)>) {
    kept.clear();
    let mut start = 0;
    for (i, &end) in ends.iter().enumerate() {
        let part = &word[start..end];
        let next = ends.get(i + 1).map(|&next_end| &word[end..next_end]);
        let before_other_script = next.is_some_and(|next| !is_hebrew(next));
        let clitic = is_hebrew(part)
            && (part.chars().nth(1).is_none()
                || (before_other_script
                    && hebrew::is_only_prefixes(&part.chars().collect::<Vec<_>>())));
        if !clitic {
            kept.push((start, end));
        }
        start = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `words`, read a character at a time (no `plain_word`).
    fn words_by_chars(text: &str) -> Vec<Vec<String>> {
        let mut words = Vec::new();
        each_word_reading(text, false, |parts| {
            words.push(parts.map(String::from).collect());
            ControlFlow::Continue(())
        });
        words
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]

        /// Plain words taken whole read as they read a character at a time.
        #[test]
        fn words_read_as_a_character_at_a_time(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "a", "gpt", "Z", "4", "4o", " ", ",", ".", "-", "_", "'", "\"", "\n", "(", ")",
                "ב", "ה", "ו", "וב", "מודל", "ש", "\u{05F3}", "\u{05F4}", "\u{05BE}", "\u{05F0}",
                "2405", ".17399", "é", "ل", "–", "\u{2019}", "ב-gpt", "ﬠ", "Ⅻ", "٣",
            ]), 0..40)
        ) {
            let text = pieces.concat();
            proptest::prop_assert_eq!(words(&text), words_by_chars(&text));
        }
    }

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
