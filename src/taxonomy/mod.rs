//! The topic taxonomy of `content/tags.toml`: for each topic a slug, Hebrew
//! and English names, a one-line scope, and the rules that assign it.
//!
//! ```toml
//! [scoring]                # optional; these are the defaults
//! title = 3                # weight of a match in the English title
//! headline = 3             # ... in the Hebrew headline
//! body = 1                 # ... in the body
//! min_score = 2            # a topic's threshold unless it sets its own
//! near_window = 8          # words either side that `near`/`not_near` look at
//! body_repeats = 4         # body matches of one rule that count (default: all)
//!
//! [[topic]]
//! slug = "theory"
//! he = "תיאוריה"
//! en = "Theory"
//! scope = "..."            # one line, shown on the topic's page
//! min_score = 4
//! match = ["theorem*", { words = "משפט", near = ["הוכחה"], not_near = ["מילים"] }]
//! exclude = ["learning theory of mind"]
//! ```
//!
//! The rule syntax is in `rules`, scoring in `matcher`, the `--explain`
//! report in `explain`; content/tags.toml documents all of it for authors.

pub mod explain;
pub mod matcher;
pub mod rules;
pub mod text;

use crate::diag::Diagnostic;
pub use matcher::{Hit, Ignored, TopicMatcher, TopicScore};
use serde::{Deserialize, Serialize};
pub use text::{Fields, Place};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Taxonomy {
    #[serde(default)]
    pub scoring: Scoring,
    #[serde(rename = "topic", default)]
    pub topics: Vec<Topic>,
}

/// Place weights and defaults, shared by every topic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Scoring {
    pub title: u32,
    pub headline: u32,
    pub body: u32,
    pub min_score: u32,
    pub near_window: usize,
    /// At most this many body matches of one rule count: a word the body
    /// repeats is a sign of the topic, not ten signs.
    pub body_repeats: u32,
}

impl Default for Scoring {
    fn default() -> Scoring {
        Scoring {
            title: 3,
            headline: 3,
            body: 1,
            min_score: 2,
            near_window: 8,
            body_repeats: u32::MAX,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    /// ASCII, used in URLs: `tags/SLUG.html`. Never renamed once published.
    pub slug: String,
    /// Hebrew name, shown on the site.
    pub he: String,
    /// English name, shown beside the Hebrew one.
    pub en: String,
    /// What belongs here and what goes to a neighbouring topic (Hebrew,
    /// one line, shown on the topic's page).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub scope: String,
    /// Match rules (syntax in `rules`).
    #[serde(rename = "match", default)]
    pub rules: Vec<RuleSpec>,
    /// Phrases whose words never count for this topic ("preference
    /// optimization" is not optimization).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclude: Vec<String>,
    /// Score needed to assign the topic (default: `[scoring] min_score`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_score: Option<u32>,
}

/// A rule: plain words, or words with context.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum RuleSpec {
    Words(String),
    Context(ContextRule),
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContextRule {
    pub words: String,
    /// The match counts only with one of these close by.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub near: Vec<String>,
    /// The match does not count with one of these close by.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_near: Vec<String>,
    /// Weights for this rule in each place, instead of `[scoring]`'s.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headline: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<u32>,
}

impl RuleSpec {
    /// Every phrase the rule holds: its words and its neighbours.
    fn phrases(&self) -> Vec<&str> {
        match self {
            RuleSpec::Words(w) => vec![w.as_str()],
            RuleSpec::Context(c) => std::iter::once(c.words.as_str())
                .chain(c.near.iter().map(String::as_str))
                .chain(c.not_near.iter().map(String::as_str))
                .collect(),
        }
    }
}

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
            let message = e.message().replace(
                "data did not match any variant of untagged enum RuleSpec",
                "a rule is a string, or a table with `words` and optionally `near`, \
                 `not_near`, `title`, `headline`, `body`",
            );
            Diagnostic::error(file, line, message)
        })?;
        // Only a topic with a problem is looked for in the text.
        let line_of = |slug: &str| {
            let quoted = format!("\"{slug}\"");
            text.lines()
                .position(|l| l.contains(&quoted))
                .map_or(1, |p| p + 1)
        };
        for (i, topic) in taxonomy.topics.iter().enumerate() {
            let error =
                |message: String| Err(Diagnostic::error(file, line_of(&topic.slug), message));
            let valid = !topic.slug.is_empty()
                && topic
                    .slug
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if !valid {
                return error(format!(
                    "topic slug \"{}\" must be lowercase ASCII letters, digits and hyphens",
                    topic.slug
                ));
            }
            if taxonomy.topics[..i].iter().any(|t| t.slug == topic.slug) {
                return error(format!("topic \"{}\" is defined twice", topic.slug));
            }
            let phrases = topic
                .rules
                .iter()
                .flat_map(RuleSpec::phrases)
                .chain(topic.exclude.iter().map(String::as_str));
            for phrase in phrases {
                if rules::Pattern::compile(phrase).is_empty() {
                    return error(format!(
                        "topic \"{}\" has a rule with no words: \"{phrase}\"",
                        topic.slug
                    ));
                }
            }
        }
        Ok(taxonomy)
    }

    /// Compile the rules once for assigning topics to many reviews.
    pub fn matcher(&self) -> TopicMatcher {
        TopicMatcher::new(self)
    }
}

#[cfg(test)]
mod tests;
