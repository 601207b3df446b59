//! What kind of line is this? Small, script-aware predicates the
//! segmenter and the field parsers share.

use regex::Regex;
use std::sync::LazyLock;

static URL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"https?://[^\s<>()\[\]]+").unwrap());

pub fn is_blank(line: &str) -> bool {
    line.trim().is_empty()
}

/// Letters by script: (latin, hebrew, other letters).
pub fn letter_counts(text: &str) -> (usize, usize, usize) {
    let (mut latin, mut hebrew, mut other) = (0, 0, 0);
    for c in text.chars() {
        // Cheap range checks first; the Unicode table only for the rest.
        if c.is_ascii_alphabetic() || ('\u{00c0}'..='\u{024f}').contains(&c) && c.is_alphabetic() {
            latin += 1;
        } else if ('\u{05d0}'..='\u{05ea}').contains(&c) || ('\u{fb1d}'..='\u{fb4f}').contains(&c) {
            hebrew += 1;
        } else if !c.is_ascii() && c.is_alphabetic() {
            other += 1;
        }
    }
    (latin, hebrew, other)
}

/// A line written mostly in Latin letters: the shape of an English title.
/// Stray Hebrew letters inside a word (a known export artefact) are tolerated.
pub fn is_latin_dominant(text: &str) -> bool {
    let (latin, hebrew, other) = letter_counts(text);
    latin >= 4 && latin * 10 >= (latin + hebrew + other) * 8
}

pub fn is_hebrew_dominant(text: &str) -> bool {
    let (latin, hebrew, _) = letter_counts(text);
    hebrew >= 2 && hebrew >= latin
}

/// A line that is (almost) only a link, e.g. `מאמר: <https://arxiv.org/abs/2405.17399>`:
/// the usual last line of a review.
pub fn is_link_only(line: &str) -> bool {
    if !URL.is_match(line) {
        return false;
    }
    let rest = URL.replace_all(line, " ");
    let words = rest
        .split(|c: char| c.is_whitespace() || "<>[]():|-*".contains(c))
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count();
    words <= 3
}

/// Every URL in a line, trailing punctuation removed.
pub fn urls(line: &str) -> impl Iterator<Item = &str> {
    URL.find_iter(line).map(|m| {
        m.as_str()
            .trim_end_matches(['.', ',', ';', ':', '!', '?', '\'', '"', '*'])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_lines_are_recognised_with_labels() {
        assert!(is_link_only("<https://arxiv.org/abs/2405.17399>"));
        assert!(is_link_only("מאמר: <https://arxiv.org/pdf/2405.18047.pdf>"));
        assert!(is_link_only(
            "[arxiv.org/pdf/2409.09554](https://arxiv.org/pdf/2409.09554.pdf)"
        ));
        assert!(!is_link_only(
            "המאמר של openai (<https://x.com/a>) ממשיך את הקו המחקרי של אנתרופיק"
        ));
        assert!(!is_link_only("שום קישור כאן"));
    }

    #[test]
    fn english_title_is_latin_dominant_hebrew_prose_is_not() {
        assert!(is_latin_dominant(
            "GraphAny: A Foundation Model for Node Classification on Any Graph"
        ));
        assert!(!is_latin_dominant(
            "כיצד לפתח מודלים foundational בתחום הגרפים?"
        ));
        assert!(is_hebrew_dominant(
            "כיצד לפתח מודלים foundational בתחום הגרפים?"
        ));
    }

    #[test]
    fn urls_drop_trailing_punctuation() {
        let found: Vec<_> =
            urls("<https://arxiv.org/abs/2404.17723>: and https://x.com/a.").collect();
        assert_eq!(
            found,
            vec!["https://arxiv.org/abs/2404.17723", "https://x.com/a"]
        );
    }
}
