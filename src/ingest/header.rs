//! Header lines: "המאמר היומי של מיק DATE: TITLE" in all its spellings.
//!
//! Seen in the archive: typos in every word ("הימי", "הימוי", "המקורי",
//! "מילק", "מ\"יק", "מijk"), `**bold**`, emoji, the date before or after the
//! name, an Arabic-script header, a Chinese prefix ("的文章"), one header whose
//! words come out reversed (":03.01.25 - מיק - המאמר הימי של"), co-authors
//! ("של עמרי ומיק"), bare "DATE - TITLE" headers, and "מאי 24" in the name
//! slot, which looks like a date (May 24) but is a misspelt name.

use super::authors;
use super::dates::{self, DateToken};
use super::title;
use regex::Regex;
use std::sync::LazyLock;

/// "המאמר היומי של" and its misspellings; the name follows.
static HEBREW_PHRASE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\*\*)?ה?מא?מר\s+(?:היומי|הימי|היום|הימוי|היומית|המקורי)\s+של(?:\s+|$)").unwrap()
});
/// The name slot: words holding a Hebrew letter (typos like "מijk" mix
/// scripts), "Mijk", or the name-that-looks-like-a-date "מאי 24".
static NAME: LazyLock<Regex> = LazyLock::new(|| {
    let token = r#"(?:[^\s\d:\-–|*.,()]*\p{Hebrew}[^\s\d:\-–|*.,()]*|Mijk)"#;
    Regex::new(&format!(r"^(?:מאי\s+24|{token})(?:[ \t]+{token})*")).unwrap()
});
static ARABIC_PHRASE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"المقالة\s+اليومية(?:\s+حول)?\s+(\p{Arabic}+)").unwrap());
static CHINESE_PREFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[^\p{L}]*的文章(?:的日誌)?").unwrap());

/// Headers are short; a long line is prose even if it quotes the phrase.
const MAX_HEADER_CHARS: usize = 300;

#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    pub date: Option<DateToken>,
    /// Authors as named in the header, Mike's spellings normalised.
    pub authors: Vec<String>,
    /// The English title on the header line, if any.
    pub title: Option<String>,
}

/// Parse a header line; None when the line is not a header.
pub fn parse(line: &str) -> Option<Header> {
    if line.chars().count() > MAX_HEADER_CHARS {
        return None;
    }
    let date = dates::find(line);
    let date_end = date.as_ref().map_or(0, |(_, r)| r.end);
    let date_start = date.as_ref().map(|(_, r)| r.start);
    let (names, anchor_end) = if let Some(found) = HEBREW_PHRASE.find(line) {
        let before = &line[..found.start()];
        let after = &line[found.end()..];
        if !has_letters(before) {
            let name = NAME.find(after).map_or("", |m| m.as_str());
            (name.to_string(), found.end() + name.len())
        } else if after.trim().is_empty() && before.chars().count() < 60 {
            // Reversed words: the name stands before the phrase.
            (hebrew_words(before), found.end())
        } else {
            return None;
        }
    } else if let Some(found) = ARABIC_PHRASE.captures(line) {
        let whole = found.get(0)?;
        if has_letters(&line[..whole.start()]) {
            return None;
        }
        (
            found.get(1).map_or("", |m| m.as_str()).to_string(),
            whole.end(),
        )
    } else if let Some(found) = CHINESE_PREFIX.find(line) {
        (String::new(), found.end())
    } else if date_start.is_some_and(|s| !has_letters_or_digits(&line[..s])) {
        (String::new(), 0)
    } else {
        return None;
    };
    let rest_from = anchor_end.max(date_end);
    let title = line.get(rest_from..).and_then(title::clean);
    Some(Header {
        date: date.map(|(token, _)| token),
        authors: authors::from_name_slot(&names),
        title,
    })
}

fn has_letters(text: &str) -> bool {
    text.chars().any(char::is_alphabetic)
}

fn has_letters_or_digits(text: &str) -> bool {
    text.chars().any(char::is_alphanumeric)
}

fn hebrew_words(text: &str) -> String {
    text.split(|c: char| !(c.is_alphabetic() || c == '"' || c == '\''))
        .filter(|w| w.chars().any(|c| ('\u{0590}'..='\u{05ff}').contains(&c)))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn title(line: &str) -> Option<String> {
        parse(line).and_then(|h| h.title)
    }

    #[test]
    fn header_spellings_are_recognised() {
        for line in [
            "🚀⚡️ המאמר הימי של מיק 30.05.2024 ⚡️🚀 2BP: 2-Stage Backpropagation",
            "🚀⚡️: 15.06.24 🚀⚡️: המאמר היומי של מיק",
            "🚀⚡️ **המאמר היומי של מיק 21.08.24** ⚡️🚀",
            "的文章: 16.06.24 🔥🚀",
            "🚀⚡️: 30.10.24. 🚀⚡️ المقالة اليومية حول مايك - Beyond Preferences in AI Alignment",
            ":03.01.25 - מיק - המאמר הימי של",
            "06.02.25 SMALL LANGUAGE MODELS: SURVEY, MEASUREMENTS, AND INSIGHTS",
            "המאמר המקורי של מייק: 19.08.25",
            "02.03.25 המאמר הימוי של Mijk - An Empirical Model of Large-Batch Training",
        ] {
            assert!(parse(line).is_some(), "{line}");
        }
    }

    #[test]
    fn prose_is_not_a_header() {
        for line in [
            "המאמר הזה של דיפמיינד עורר הרבה באזז",
            "כמו במאמר המקורי של ג'ו שולמן מ-[openai](#) לשעבר",
            "המאמר מציע את הגישה הבאה:",
            "1. מבוא",
            "GraphAny: A Foundation Model for Node Classification on Any Graph",
        ] {
            assert!(parse(line).is_none(), "{line}");
        }
    }

    #[test]
    fn title_follows_name_or_date() {
        assert_eq!(
            title("🚀⚡️: המאמר היום של מיק To Believe or Not to Believe Your LLM").as_deref(),
            Some("To Believe or Not to Believe Your LLM")
        );
        assert_eq!(
            title("🚀💡: 24.07.24. המאמר היומי של מיק The Empirical Impact").as_deref(),
            Some("The Empirical Impact")
        );
        assert_eq!(
            title("🚀⚡️: 11.11.24 - Stealing Part of a Production Language Model").as_deref(),
            Some("Stealing Part of a Production Language Model")
        );
        assert_eq!(
            title("🚀:18.10.24-🚀 SimCSE: Simple Contrastive Learning").as_deref(),
            Some("SimCSE: Simple Contrastive Learning")
        );
        assert_eq!(title("⚡️🚀 24.10.24: המאמר היום של מיק - ⚡️🚀"), None);
        assert_eq!(title("🚀⚡️: 07.09.24 🚀⚡️ **המאמר היום של מייק**"), None);
    }

    #[test]
    fn name_that_looks_like_a_date_is_a_name() {
        let h = parse("🚀⚡️: המאמר היומי של מאי 24 🚀⚡️ Learning Rate Curriculum").unwrap();
        assert!(h.date.is_none());
        assert_eq!(h.authors, vec!["מיק"]);
        assert_eq!(h.title.as_deref(), Some("Learning Rate Curriculum"));
        let h = parse("🚀⚡️ המאמר היום של מאי 24: 09.08.24").unwrap();
        assert_eq!(h.date.unwrap().text, "09.08.24");
        assert_eq!(h.title, None);
    }

    #[test]
    fn co_authors_and_reversed_header() {
        assert_eq!(
            parse("המאמר היומי של עמרי ומיק 27.06.2025")
                .unwrap()
                .authors,
            vec!["עמרי", "מיק"]
        );
        assert_eq!(
            parse("18.01.25 המאמר הימי של מיק ואוראל - MAKING TEXT")
                .unwrap()
                .authors,
            vec!["מיק", "אוראל"]
        );
        let reversed = parse(":03.01.25 - מיק - המאמר הימי של").unwrap();
        assert_eq!(reversed.authors, vec!["מיק"]);
        assert_eq!(reversed.date.unwrap().text, "03.01.25");
    }
}
