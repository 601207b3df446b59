//! A review's text as topic rules see it: the shared word model's tokens
//! (`crate::words`), each with every reading a rule may match.
//!
//! A Hebrew token is read as written, with each run of clitic prefixes read
//! off ("והדיפוזיה" -> "הדיפוזיה", "דיפוזיה") and as the singular of each of
//! those ("רשתות" -> "רשת"). An English token is read only as written; rules
//! carry the plural forms of their English words instead (`rules`).

use crate::words::{self, hebrew};

/// Where in a review a word stands. Each place has its own weight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Place {
    Title,
    Headline,
    Body,
}

impl Place {
    pub const ALL: [Place; 3] = [Place::Title, Place::Headline, Place::Body];

    pub fn name(self) -> &'static str {
        match self {
            Place::Title => "title",
            Place::Headline => "headline",
            Place::Body => "body",
        }
    }
}

/// The three texts of a review that topics are read from.
#[derive(Debug, Clone, Copy, Default)]
pub struct Fields<'a> {
    /// The English paper title.
    pub title: &'a str,
    /// The Hebrew headline ("" when there is none).
    pub headline: &'a str,
    pub body: &'a str,
}

impl<'a> Fields<'a> {
    pub fn text(&self, place: Place) -> &'a str {
        match place {
            Place::Title => self.title,
            Place::Headline => self.headline,
            Place::Body => self.body,
        }
    }
}

/// One word of the text and the forms a rule word may match it by.
#[derive(Debug, Clone)]
pub struct Token {
    pub written: String,
    pub readings: Vec<String>,
}

pub fn is_hebrew(word: &str) -> bool {
    !word.is_empty() && word.chars().all(|c| ('\u{0590}'..='\u{05FF}').contains(&c))
}

impl Token {
    fn new(written: String) -> Token {
        let mut readings = vec![written.clone()];
        if is_hebrew(&written) {
            readings.extend(hebrew::variants(&written));
            let singular: Vec<String> =
                readings.iter().flat_map(|r| hebrew::singulars(r)).collect();
            readings.extend(singular);
            readings.sort_unstable();
            readings.dedup();
        }
        Token { written, readings }
    }
}

/// The tokens of `text` in order: every part of every word (so "fine-tuning"
/// is "fine", "tuning", as a rule "fine tuning" is), stop words kept, as
/// rules like "mixture of experts" hold them.
pub fn tokens(text: &str) -> Vec<Token> {
    words::words(&words::normalize(text))
        .into_iter()
        .flatten()
        .map(Token::new)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hebrew_tokens_are_read_without_prefixes_and_as_singulars() {
        let t = &tokens("והרשתות")[0];
        for reading in ["והרשתות", "הרשתות", "רשתות", "רשת"] {
            assert!(
                t.readings.contains(&reading.to_string()),
                "{:?}",
                t.readings
            );
        }
        assert_eq!(tokens("Fine-Tuning")[1].readings, vec!["tuning"]);
    }
}
