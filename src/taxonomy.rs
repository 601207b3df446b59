//! The topic taxonomy of `content/tags.toml`: for each topic a slug, Hebrew
//! and English names, and the rules ingest uses to assign it.
//!
//! ```toml
//! [[topic]]
//! slug = "diffusion"
//! he = "מודלי דיפוזיה"
//! en = "Diffusion models"
//! match = ["diffusion", "denois*", "דיפוזיה"]
//! min_score = 2          # optional, default 2
//! ```
//!
//! Rule syntax (each string in `match`):
//! - Matching ignores case. A rule is one or more words; between words any
//!   run of spaces or hyphens matches ("fine tuning" finds "fine-tuning").
//! - Whole words only: "rag" does not match "fragment", "SAE" not "SAEs".
//! - A trailing `*` lets the last word go on: "diffus*" finds "diffusion",
//!   "autoencod*" finds "autoencoders"; "דיפוזי*" finds "דיפוזיים".
//! - A Hebrew word also matches behind the one-letter clitic prefixes
//!   ו ה ב כ ל מ ש (up to three, "ובדיפוזיה"), and behind a hyphen ("ב-RAG"
//!   needs nothing special: the hyphen already ends a word).
//!
//! Scoring: each match in the title or Hebrew headline counts 3, each in the
//! body 1. A topic is assigned when its score reaches `min_score`. A review
//! that reaches no topic gets its best-scoring one, so every review has a tag.

use crate::diag::Diagnostic;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Taxonomy {
    #[serde(rename = "topic", default)]
    pub topics: Vec<Topic>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    /// ASCII, used in URLs: `tags/SLUG.html`.
    pub slug: String,
    /// Hebrew name, shown on the site.
    pub he: String,
    /// English name, shown beside the Hebrew one.
    pub en: String,
    /// Match rules over title and body, in both languages (syntax above).
    #[serde(rename = "match", default)]
    pub rules: Vec<String>,
    /// Score needed to assign the topic (default 2: one title hit, or two
    /// body hits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_score: Option<u32>,
}

const DEFAULT_MIN_SCORE: u32 = 2;
const TITLE_WEIGHT: u32 = 3;
const HEBREW_CLITICS: &str = "והבכלמש";

impl Taxonomy {
    pub fn topic(&self, slug: &str) -> Option<&Topic> {
        self.topics.iter().find(|t| t.slug == slug)
    }

    /// Parse and check `tags.toml`; errors name the file and line.
    pub fn parse(file: &str, text: &str) -> Result<Taxonomy, Diagnostic> {
        let taxonomy: Taxonomy = toml::from_str(text).map_err(|e| {
            let line = e.span().map_or(1, |s| {
                text[..s.start.min(text.len())].matches('\n').count() + 1
            });
            Diagnostic::error(file, line, e.message().to_string())
        })?;
        let line_of = |slug: &str| {
            text.lines()
                .position(|l| l.contains(&format!("\"{slug}\"")))
                .map_or(1, |p| p + 1)
        };
        for (i, topic) in taxonomy.topics.iter().enumerate() {
            let line = line_of(&topic.slug);
            let valid = !topic.slug.is_empty()
                && topic
                    .slug
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if !valid {
                return Err(Diagnostic::error(
                    file,
                    line,
                    format!(
                        "topic slug \"{}\" must be lowercase ASCII letters, digits and hyphens",
                        topic.slug
                    ),
                ));
            }
            if taxonomy.topics[..i].iter().any(|t| t.slug == topic.slug) {
                return Err(Diagnostic::error(
                    file,
                    line,
                    format!("topic \"{}\" is defined twice", topic.slug),
                ));
            }
            if topic
                .rules
                .iter()
                .any(|r| r.trim().trim_end_matches('*').trim().is_empty())
            {
                return Err(Diagnostic::error(
                    file,
                    line,
                    format!("topic \"{}\" has an empty match rule", topic.slug),
                ));
            }
        }
        Ok(taxonomy)
    }

    /// Compile the rules once for assigning topics to many reviews.
    pub fn matcher(&self) -> TopicMatcher {
        let mut matcher = TopicMatcher::default();
        for (t, topic) in self.topics.iter().enumerate() {
            matcher.topics.push((
                topic.slug.clone(),
                topic.min_score.unwrap_or(DEFAULT_MIN_SCORE),
            ));
            for rule in topic.rules.iter().map(|r| Rule::compile(r)) {
                let Some(first) = rule.words.first().cloned() else {
                    continue;
                };
                let index = if rule.open_end && rule.words.len() == 1 {
                    &mut matcher.prefix
                } else {
                    &mut matcher.exact
                };
                index.entry(first).or_default().push(matcher.rules.len());
                matcher.rules.push((t, rule));
            }
        }
        matcher
    }
}

/// A rule as lowercase words; `open_end`: the last word may continue.
struct Rule {
    words: Vec<String>,
    open_end: bool,
    hebrew: bool,
}

impl Rule {
    fn compile(rule: &str) -> Rule {
        let rule = rule.trim();
        let (words, open_end) = match rule.strip_suffix('*') {
            Some(w) => (w.trim_end(), true),
            None => (rule, false),
        };
        let words: Vec<String> = split_words(words).map(|w| w.to_lowercase()).collect();
        Rule {
            hebrew: words.iter().any(|w| w.chars().any(is_hebrew_letter)),
            words,
            open_end,
        }
    }

    /// Given a first word matched at `tokens[at]`, do the other words follow?
    fn rest_matches(&self, tokens: &[String], at: usize) -> bool {
        let last = self.words.len().saturating_sub(1);
        self.words.iter().enumerate().skip(1).all(|(k, word)| {
            tokens
                .get(at + k)
                .is_some_and(|token| word_matches(token, word, self.open_end && k == last))
        })
    }
}

fn word_matches(token: &str, word: &str, open: bool) -> bool {
    if open {
        token.starts_with(word)
    } else {
        token == word
    }
}

fn is_hebrew_letter(c: char) -> bool {
    ('\u{05d0}'..='\u{05ea}').contains(&c)
}

/// Words for matching: letters, digits and the apostrophes inside words
/// ("בנצ'מרק", "can't"); everything else separates, hyphens included.
fn split_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(is_word_char(c) || c == '\'' || c == '׳'))
        .map(|w| w.trim_matches('\''))
        .filter(|w| !w.is_empty())
}

/// `char::is_alphanumeric` with the archive's common scripts checked first:
/// the Unicode table lookup was a tenth of ingest's time.
fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || is_hebrew_letter(c) || (!c.is_ascii() && c.is_alphanumeric())
}

/// Taxonomy rules ready to score many reviews. Matching works on words,
/// not regexes (Unicode word boundaries over Hebrew made one regex per topic
/// fifty times slower than the rest of ingest), and looks each distinct word
/// of a review up in indexes of the rules' first words, so the cost grows
/// with the text, not with text x rules.
#[derive(Default)]
pub struct TopicMatcher {
    /// (slug, min_score) per topic, in taxonomy order.
    topics: Vec<(String, u32)>,
    /// (topic index, rule) for every rule.
    rules: Vec<(usize, Rule)>,
    /// First word -> rules, for rules matching whole words.
    exact: HashMap<String, Vec<usize>>,
    /// Word start -> rules, for one-word rules ending in `*`.
    prefix: HashMap<String, Vec<usize>>,
}

impl TopicMatcher {
    /// Scores per topic, in taxonomy order.
    pub fn scores(&self, title: &str, body: &str) -> Vec<(&str, u32)> {
        let title = self.hits(title);
        let body = self.hits(body);
        self.topics
            .iter()
            .enumerate()
            .map(|(t, (slug, _))| (slug.as_str(), TITLE_WEIGHT * title[t] + body[t]))
            .collect()
    }

    /// The topics a review gets: all reaching their threshold, or else the
    /// best-scoring one (so no review is left untagged when anything matched).
    pub fn assign(&self, title: &str, body: &str) -> Vec<String> {
        let scores = self.scores(title, body);
        let mut tags: Vec<String> = scores
            .iter()
            .zip(&self.topics)
            .filter(|((_, score), (_, min))| score >= min)
            .map(|((slug, _), _)| slug.to_string())
            .collect();
        if tags.is_empty() {
            // Ties go to the earlier topic, so the choice is deterministic.
            let best = scores
                .iter()
                .filter(|(_, s)| *s > 0)
                .rev()
                .max_by_key(|(_, s)| *s);
            tags.extend(best.map(|(slug, _)| slug.to_string()));
        }
        tags
    }

    /// Matching word positions per topic (each position counted once).
    fn hits(&self, text: &str) -> Vec<u32> {
        let tokens: Vec<String> = split_words(text).map(str::to_lowercase).collect();
        let mut forms: HashMap<&str, Vec<(usize, bool)>> = HashMap::new();
        for (at, token) in tokens.iter().enumerate() {
            forms.entry(token.as_str()).or_default().push((at, false));
            // The same word behind one to three clitic letters ("ובדיפוזיה").
            for (i, c) in token.char_indices().take(3) {
                if !HEBREW_CLITICS.contains(c) {
                    break;
                }
                let rest = &token[i + c.len_utf8()..];
                if !rest.is_empty() {
                    forms.entry(rest).or_default().push((at, true));
                }
            }
        }
        let mut positions: Vec<Vec<usize>> = vec![Vec::new(); self.topics.len()];
        for (form, places) in &forms {
            let exact = self.exact.get(*form).into_iter().flatten();
            let prefixes = form
                .char_indices()
                .map(|(i, c)| &form[..i + c.len_utf8()])
                .filter_map(|start| self.prefix.get(start))
                .flatten();
            for &r in exact.chain(prefixes) {
                let (topic, rule) = &self.rules[r];
                for &(at, behind_clitics) in places {
                    if (!behind_clitics || rule.hebrew) && rule.rest_matches(&tokens, at) {
                        positions[*topic].push(at);
                    }
                }
            }
        }
        positions
            .into_iter()
            .map(|mut p| {
                p.sort_unstable();
                p.dedup();
                p.len() as u32
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher(rules: &[&str]) -> TopicMatcher {
        let taxonomy = Taxonomy {
            topics: vec![Topic {
                slug: "t".into(),
                he: "ט".into(),
                en: "T".into(),
                rules: rules.iter().map(|r| r.to_string()).collect(),
                min_score: Some(1),
            }],
        };
        taxonomy.matcher()
    }

    #[test]
    fn english_rules_match_whole_words_only() {
        let m = matcher(&["rag"]);
        assert_eq!(m.scores("", "we use RAG here")[0].1, 1);
        assert_eq!(m.scores("", "a fragment of text")[0].1, 0);
    }

    #[test]
    fn star_extends_and_words_join_on_hyphens() {
        let m = matcher(&["diffus*", "fine tuning"]);
        assert_eq!(m.scores("", "diffusion and diffusive; fine-tuning")[0].1, 3);
    }

    #[test]
    fn hebrew_rules_see_through_clitic_prefixes() {
        let m = matcher(&["דיפוזיה"]);
        assert_eq!(m.scores("", "בדיפוזיה והדיפוזיה דיפוזיה")[0].1, 3);
        assert_eq!(m.scores("", "דיפוזיות")[0].1, 0);
    }

    #[test]
    fn title_weighs_more_and_best_topic_is_the_fallback() {
        let m = matcher(&["graph*"]);
        assert_eq!(m.scores("Graph models", "graph")[0].1, 4);
        assert_eq!(m.assign("", "nothing"), Vec::<String>::new());
    }

    #[test]
    fn parse_errors_name_the_line() {
        let err = Taxonomy::parse(
            "tags.toml",
            "[[topic]]\nslug = \"a\"\nhe = \"א\"\nen = \"A\"\ncolour = 1\n",
        )
        .unwrap_err();
        assert_eq!(err.line, 5, "{err}");
        let dup = "[[topic]]\nslug = \"a\"\nhe = \"א\"\nen = \"A\"\n[[topic]]\nslug = \"a\"\nhe = \"א\"\nen = \"A\"\n";
        assert!(Taxonomy::parse("tags.toml", dup)
            .unwrap_err()
            .message
            .contains("twice"));
    }
}
