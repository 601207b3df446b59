//! Export damage still in content/ that ingest's repair left alone because
//! it was not sure: words mixing Hebrew with letters of another script, and
//! foreign words standing alone inside a Hebrew sentence (the export's
//! swap of a whole word, "эта" for "זו"). Each is a warning with file, line
//! and a caret under the word, so the author can fix the rest by hand; a
//! word kept on purpose is listed in `allowed_words` in yomon.toml.

use crate::diag::Diagnostic;
use crate::front::FRONT_LINE;
use crate::ingest::repair::{self, candidates::Kind};
use crate::model::Review;

/// Warnings for every damaged word of the loaded reviews, at the
/// lines of their files (the review's line map: no second read of the disk).
pub fn warnings(reviews: &[Review], allowed: &[String]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for review in reviews {
        let origin = &review.origin;
        let front = origin
            .front
            .lines()
            .enumerate()
            .map(|(i, l)| (i + FRONT_LINE, l));
        let body = review
            .body
            .lines()
            .enumerate()
            .map(|(i, l)| (i + origin.body_line, l));
        for (line_number, line) in front.chain(body) {
            in_line(&origin.file, line_number, line, allowed, &mut out);
        }
    }
    out
}

/// Warnings for the damaged words of one file's `text`.
#[cfg(test)]
pub fn in_text(file: &str, text: &str, allowed: &[String]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        in_line(file, i + 1, line, allowed, &mut out);
    }
    out
}

fn in_line(
    file: &str,
    line_number: usize,
    line: &str,
    allowed: &[String],
    out: &mut Vec<Diagnostic>,
) {
    // The words repair itself would look at: the same rule for "alone"
    // (a mostly Hebrew line, no foreign neighbour), so a foreign phrase or
    // an English sentence is not listed.
    let found = repair::words::words(line);
    for (_, at, word, kind) in repair::damaged_in(&found) {
        if allowed.iter().any(|a| a == word) {
            continue;
        }
        let what = match kind {
            Kind::Mixed => "mixes Hebrew with letters of another script",
            Kind::Alone => "is a word of another script alone in a Hebrew sentence",
        };
        let (source, column) = excerpt(line, at);
        out.push(
            Diagnostic::warning(
                file,
                line_number,
                format!(
                    "`{word}` {what} (export damage?); \
                     fix it, or list it in `allowed_words` in yomon.toml"
                ),
            )
            .with_source(source, column),
        );
    }
}

/// Characters of context kept on each side of the word in a long line.
const CONTEXT_CHARS: usize = 40;

/// The line around byte offset `at`, cut with "…" when long (a review's
/// paragraph is one line), and the 1-based column of `at` in it.
fn excerpt(line: &str, at: usize) -> (String, usize) {
    let before: Vec<char> = line[..at].chars().collect();
    let after: Vec<char> = line[at..].chars().collect();
    let from = before.len().saturating_sub(CONTEXT_CHARS);
    let to = after.len().min(CONTEXT_CHARS * 2);
    let mut text = String::new();
    if from > 0 {
        text.push('…');
    }
    text.extend(&before[from..]);
    text.extend(&after[..to]);
    if to < after.len() {
        text.push('…');
    }
    (text, before.len() - from + usize::from(from > 0) + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mixed_word_is_warned_with_line_and_caret() {
        let text = "+++\ntitle = \"x\"\n+++\n\nשלום עולם\nאנו רוצים להעшир את $\\alpha$ ו-LLMים.\n";
        let found = in_text("content/reviews/a.md", text, &[]);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].to_string(),
            "content/reviews/a.md:6: warning: `להעшир` mixes Hebrew with letters of another \
             script (export damage?); fix it, or list it in `allowed_words` in yomon.toml\n  \
             | אנו רוצים להעшир את $\\alpha$ ו-LLMים.\n  |           ^"
        );
    }

    #[test]
    fn a_long_line_is_cut_around_the_word() {
        let line = format!("{} להעшир {}", "א".repeat(100), "ב".repeat(100));
        let found = in_text("a.md", &line, &[]);
        let shown = found[0].to_string();
        let expected_source = format!("…{} להעшир {}…", "א".repeat(39), "ב".repeat(73));
        assert!(
            shown.ends_with(&format!("  | {expected_source}\n  | {}^", " ".repeat(41))),
            "{shown}"
        );
    }

    #[test]
    fn a_foreign_word_alone_in_a_hebrew_sentence_is_warned_but_not_a_phrase() {
        let text = "התהליך эта חוזרת על עצמה.\nהוא אמר (то что для) ואז הלך.\nthe model is called Mamba.\n";
        let found = in_text("a.md", text, &[]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            found[0].to_string(),
            "a.md:1: warning: `эта` is a word of another script alone in a Hebrew sentence \
             (export damage?); fix it, or list it in `allowed_words` in yomon.toml\n  \
             | התהליך эта חוזרת על עצמה.\n  |        ^"
        );
    }

    #[test]
    fn allowed_words_are_not_warned() {
        let found = in_text("a.md", "להעшир ו-כλומר\n", &["להעшир".to_string()]);
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("`כλומר`"));
    }
}
