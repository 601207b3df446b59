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
pub fn each_word(
    text: &str,
    mut each: impl FnMut(&mut dyn Iterator<Item = &str>) -> ControlFlow<()>,
) {
    // The word being read: its parts one after another in `word`, each
    // ending where `ends` says. Both are reused from word to word.
    let mut word = String::new();
    let mut ends: Vec<usize> = Vec::new();
    let mut kept: Vec<(usize, usize)> = Vec::new();
    let mut finish = |word: &mut String, ends: &mut Vec<usize>| {
        kept_parts(word, ends, &mut kept);
        let flow = if kept.is_empty() {
            ControlFlow::Continue(())
        } else {
            each(&mut kept.iter().map(|&(start, end)| &word[start..end]))
        };
        word.clear();
        ends.clear();
        flow
    };
    let mut last = Class::Letter;
    let mut chars = text.chars().peekable();
    // Each character's class is decided once, as the next one's.
    let mut this_class = chars.peek().copied().and_then(class);
    while let Some(c) = chars.next() {
        let next_class = chars.peek().copied().and_then(class);
        let current = std::mem::replace(&mut this_class, next_class);
        let part_empty = word.len() == ends.last().copied().unwrap_or(0);
        if let Some(this) = current {
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
            if finish(&mut word, &mut ends).is_break() {
                return;
            }
        }
    }
    if word.len() > ends.last().copied().unwrap_or(0) {
        ends.push(word.len());
    }
    if !ends.is_empty() {
        let _ = finish(&mut word, &mut ends);
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
