//! One rule's words, compiled: for each word the forms it matches.
//!
//! Syntax (documented for authors at the top of content/tags.toml):
//! - one or more words, matched as whole words ignoring case, niqqud and
//!   final letters; between words, spaces and hyphens are the same;
//! - a trailing `*` lets the last word go on ("diffus*");
//! - an English word also matches its plural ("agent" finds "agents"), a
//!   Hebrew word its clitic-prefixed and plural forms ("רשת" finds
//!   "וברשתות"), through the shared word model (`text`).

use super::text::{is_hebrew, tokens, Token};
use crate::words;

#[derive(Debug, Clone)]
pub struct Pattern {
    /// The rule as the author wrote it, for `--explain`.
    pub source: String,
    /// Per word, the forms a token reading must equal (or, for the open
    /// last word, start with).
    words: Vec<Vec<String>>,
    open_end: bool,
}

impl Pattern {
    pub fn compile(rule: &str) -> Pattern {
        let trimmed = rule.trim();
        let (text, open_end) = match trimmed.strip_suffix('*') {
            Some(w) => (w.trim_end(), true),
            None => (trimmed, false),
        };
        let written: Vec<Token> = tokens(text);
        let last = written.len().saturating_sub(1);
        let words = written
            .into_iter()
            .enumerate()
            .map(|(k, t)| {
                if open_end && k == last {
                    vec![t.written]
                } else {
                    forms(&t.written)
                }
            })
            .collect();
        Pattern {
            source: trimmed.to_string(),
            words,
            open_end,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// The first word's forms, and whether they are prefixes (a one-word
    /// rule ending in `*`): the keys `matcher` indexes the rule under.
    pub fn first(&self) -> (&[String], bool) {
        let open = self.open_end && self.words.len() == 1;
        (self.words.first().map_or(&[], |w| w.as_slice()), open)
    }

    /// Does the whole rule match the tokens starting at `at`?
    pub fn matches_at(&self, tokens: &[Token], at: usize) -> bool {
        let last = self.words.len().saturating_sub(1);
        !self.words.is_empty()
            && self.words.iter().enumerate().all(|(k, forms)| {
                tokens
                    .get(at + k)
                    .is_some_and(|t| word_matches(t, forms, self.open_end && k == last))
            })
    }

    /// Does the rule match anywhere in `tokens[from..to]`?
    pub fn occurs_in(&self, tokens: &[Token], from: usize, to: usize) -> bool {
        (from..to.min(tokens.len())).any(|at| self.matches_at(tokens, at))
    }
}

fn word_matches(token: &Token, forms: &[String], open: bool) -> bool {
    token.readings.iter().any(|r| {
        if open {
            forms.iter().any(|f| r.starts_with(f.as_str()))
        } else {
            forms.contains(r)
        }
    })
}

/// A rule word and the inflected forms it also matches. Hebrew plurals are
/// found from the text's side (a token is also read as its singulars), so a
/// Hebrew rule names the singular; reading singulars off the rule word as
/// well would turn "בטיחות" (safety) into "בטיח" and find it in "מבטיח"
/// (promises).
fn forms(word: &str) -> Vec<String> {
    let mut out = vec![word.to_string()];
    if !is_hebrew(word) {
        out.extend(words::english::plurals(word));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hits(rule: &str, text: &str) -> usize {
        let p = Pattern::compile(rule);
        let t = tokens(text);
        (0..t.len()).filter(|&at| p.matches_at(&t, at)).count()
    }

    #[test]
    fn english_words_match_whole_words_and_plurals() {
        assert_eq!(hits("rag", "we use RAG here, RAGs too"), 2);
        assert_eq!(hits("rag", "a fragment of text"), 0);
        assert_eq!(hits("policy", "two policies"), 1);
    }

    #[test]
    fn star_extends_and_words_join_on_hyphens() {
        assert_eq!(hits("diffus*", "diffusion and diffusive"), 2);
        assert_eq!(hits("fine tuning", "fine-tuning, Fine Tuning"), 2);
    }

    #[test]
    fn hebrew_rules_see_through_prefixes_and_plurals() {
        assert_eq!(hits("דיפוזיה", "בדיפוזיה והדיפוזיה דיפוזיה"), 3);
        assert_eq!(hits("רשת", "ברשתות"), 1);
        assert_eq!(hits("מודל שפה", "מודלי השפה ומודלים שפה"), 2);
        assert_eq!(hits("בטיחות", "מבטיח"), 0);
        assert_eq!(hits("מוח", "מוחלט"), 0);
    }
}
