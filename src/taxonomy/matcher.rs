//! Scoring a review against every topic's rules.
//!
//! A rule's match counts its place's weight (title, headline, body; set in
//! `[scoring]`, or per rule), once per word position per topic. A match
//! does not count when it lies inside one of the topic's `exclude` phrases,
//! when the rule wants a `near` word and none stands within `near_window`
//! words, or when a `not_near` word does. A topic is assigned when its score
//! reaches its `min_score`; a review that reaches none gets no topic (`check`
//! lists it) rather than a guess.
//!
//! Rules are looked up by their first word: each distinct reading of the
//! text is looked up once, so the cost grows with the text, not text x rules
//! (one regex per topic over Hebrew was fifty times slower than all of
//! ingest).

use super::rules::Pattern;
use super::text::{tokens, Fields, Place, Token};
use super::{RuleSpec, Taxonomy};
use std::collections::HashMap;

/// A compiled rule of one topic.
struct Rule {
    topic: usize,
    pattern: Pattern,
    /// Weight per place (title, headline, body).
    weights: [u32; 3],
    near: Vec<Pattern>,
    not_near: Vec<Pattern>,
}

/// Taxonomy rules ready to score many reviews.
pub struct TopicMatcher {
    /// (slug, min_score) per topic, in taxonomy order.
    topics: Vec<(String, u32)>,
    rules: Vec<Rule>,
    /// Per topic, the phrases whose words never count for it.
    excludes: Vec<Vec<Pattern>>,
    near_window: usize,
    body_repeats: u32,
    /// First-word form -> rules.
    exact: HashMap<String, Vec<usize>>,
    /// First-word start -> one-word rules ending in `*`.
    prefix: HashMap<String, Vec<usize>>,
}

/// Why a match did not count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ignored {
    /// Inside this excluded phrase of the topic.
    Excluded(String),
    /// None of the rule's `near` words stood close.
    NothingNear,
    /// This `not_near` word stood close.
    Near(String),
    /// The rule had already counted this many times in the body.
    Repeated(u32),
}

/// One match of one rule in a review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub place: Place,
    /// Word position in its place.
    pub at: usize,
    /// The words as written (normalized).
    pub written: String,
    /// How many words the match spans.
    pub len: usize,
    pub rule: String,
    pub weight: u32,
    pub ignored: Option<Ignored>,
}

/// A topic's score for one review and the matches behind it.
#[derive(Debug, Clone)]
pub struct TopicScore {
    pub slug: String,
    pub score: u32,
    pub min_score: u32,
    pub hits: Vec<Hit>,
}

impl TopicScore {
    pub fn assigned(&self) -> bool {
        self.score >= self.min_score && self.score > 0
    }
}

impl TopicMatcher {
    pub fn new(taxonomy: &Taxonomy) -> TopicMatcher {
        let s = &taxonomy.scoring;
        let mut matcher = TopicMatcher {
            topics: Vec::new(),
            rules: Vec::new(),
            excludes: Vec::new(),
            near_window: s.near_window,
            body_repeats: s.body_repeats,
            exact: HashMap::new(),
            prefix: HashMap::new(),
        };
        for (t, topic) in taxonomy.topics.iter().enumerate() {
            matcher
                .topics
                .push((topic.slug.clone(), topic.min_score.unwrap_or(s.min_score)));
            matcher
                .excludes
                .push(topic.exclude.iter().map(|e| Pattern::compile(e)).collect());
            for spec in &topic.rules {
                let rule = compile(t, spec, [s.title, s.headline, s.body]);
                if rule.pattern.is_empty() {
                    continue;
                }
                let (first, open) = rule.pattern.first();
                let index = if open {
                    &mut matcher.prefix
                } else {
                    &mut matcher.exact
                };
                for form in first {
                    index
                        .entry(form.clone())
                        .or_default()
                        .push(matcher.rules.len());
                }
                matcher.rules.push(rule);
            }
        }
        matcher
    }

    /// Every topic's score with the matches behind it, in taxonomy order.
    pub fn scores(&self, fields: &Fields) -> Vec<TopicScore> {
        let mut hits: Vec<Vec<Hit>> = vec![Vec::new(); self.topics.len()];
        for place in Place::ALL {
            let tokens = tokens(fields.text(place));
            let mut repeats: HashMap<(usize, String), u32> = HashMap::new();
            for (topic, mut hit) in self.hits(place, &tokens) {
                if place == Place::Body && hit.ignored.is_none() {
                    let seen = repeats.entry((topic, hit.rule.clone())).or_default();
                    *seen += 1;
                    if *seen > self.body_repeats {
                        hit.ignored = Some(Ignored::Repeated(self.body_repeats));
                    }
                }
                hits[topic].push(hit);
            }
        }
        self.topics
            .iter()
            .zip(hits)
            .map(|((slug, min_score), mut hits)| {
                hits.sort_by_key(|h| (h.place, h.at));
                let score = hits
                    .iter()
                    .filter(|h| h.ignored.is_none())
                    .map(|h| h.weight)
                    .sum();
                TopicScore {
                    slug: slug.clone(),
                    score,
                    min_score: *min_score,
                    hits,
                }
            })
            .collect()
    }

    /// The topics a review gets: every one reaching its threshold, in
    /// taxonomy order; none when none does.
    pub fn assign(&self, fields: &Fields) -> Vec<String> {
        self.scores(fields)
            .into_iter()
            .filter(TopicScore::assigned)
            .map(|s| s.slug)
            .collect()
    }

    /// The matches in one place, one per (topic, word position): where two
    /// rules of a topic match at the same word, the counted one with the
    /// higher weight stands.
    fn hits(&self, place: Place, tokens: &[Token]) -> Vec<(usize, Hit)> {
        let mut best: HashMap<(usize, usize), Hit> = HashMap::new();
        for (at, token) in tokens.iter().enumerate() {
            for r in self.candidates(token) {
                let rule = &self.rules[r];
                if !rule.pattern.matches_at(tokens, at) {
                    continue;
                }
                let hit = self.judge(rule, place, tokens, at);
                let slot = best.entry((rule.topic, at));
                let better = |old: &Hit| {
                    (hit.ignored.is_none(), hit.weight) > (old.ignored.is_none(), old.weight)
                };
                match slot {
                    std::collections::hash_map::Entry::Vacant(v) => {
                        v.insert(hit);
                    }
                    std::collections::hash_map::Entry::Occupied(mut o) => {
                        if better(o.get()) {
                            o.insert(hit);
                        }
                    }
                }
            }
        }
        let mut hits: Vec<(usize, Hit)> = best
            .into_iter()
            .map(|((topic, _), hit)| (topic, hit))
            .collect();
        hits.sort_by_key(|(topic, hit)| (*topic, hit.at));
        // A word inside a counted phrase does not count again on its own:
        // "למידה עם חיזוקים" is one match, not also "חיזוקים".
        let mut covered_to: Vec<usize> = vec![0; self.topics.len()];
        hits.retain(|(topic, hit)| {
            if hit.at < covered_to[*topic] {
                return false;
            }
            if hit.ignored.is_none() {
                covered_to[*topic] = hit.at + hit.len;
            }
            true
        });
        hits
    }

    /// Rules whose first word may match `token`, each once.
    fn candidates(&self, token: &Token) -> Vec<usize> {
        let mut found: Vec<usize> = Vec::new();
        for reading in &token.readings {
            found.extend(self.exact.get(reading).into_iter().flatten());
            for (i, c) in reading.char_indices() {
                let start = &reading[..i + c.len_utf8()];
                found.extend(self.prefix.get(start).into_iter().flatten());
            }
        }
        found.sort_unstable();
        found.dedup();
        found
    }

    /// A match of `rule` at `at`: its weight, and whether an exclusion or
    /// a neighbour rule keeps it from counting.
    fn judge(&self, rule: &Rule, place: Place, tokens: &[Token], at: usize) -> Hit {
        let end = at + rule.pattern.len();
        let written = tokens[at..end.min(tokens.len())]
            .iter()
            .map(|t| t.written.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let excluded = self.excludes[rule.topic].iter().find(|e| {
            // Any placement of the phrase that covers a word of the match.
            let from = at.saturating_sub(e.len().saturating_sub(1));
            (from..end).any(|s| s < end && s + e.len() > at && e.matches_at(tokens, s))
        });
        let from = at.saturating_sub(self.near_window);
        let to = end + self.near_window;
        let ignored = if let Some(e) = excluded {
            Some(Ignored::Excluded(e.source.clone()))
        } else if let Some(n) = rule.not_near.iter().find(|n| n.occurs_in(tokens, from, to)) {
            Some(Ignored::Near(n.source.clone()))
        } else if !rule.near.is_empty() && !rule.near.iter().any(|n| n.occurs_in(tokens, from, to))
        {
            Some(Ignored::NothingNear)
        } else {
            None
        };
        Hit {
            place,
            at,
            written,
            len: rule.pattern.len(),
            rule: rule.pattern.source.clone(),
            weight: rule.weights[place as usize],
            ignored,
        }
    }
}

fn compile(topic: usize, spec: &RuleSpec, weights: [u32; 3]) -> Rule {
    match spec {
        RuleSpec::Words(words) => Rule {
            topic,
            pattern: Pattern::compile(words),
            weights,
            near: Vec::new(),
            not_near: Vec::new(),
        },
        RuleSpec::Context(c) => Rule {
            topic,
            pattern: Pattern::compile(&c.words),
            weights: [
                c.title.unwrap_or(weights[0]),
                c.headline.unwrap_or(weights[1]),
                c.body.unwrap_or(weights[2]),
            ],
            near: c.near.iter().map(|n| Pattern::compile(n)).collect(),
            not_near: c.not_near.iter().map(|n| Pattern::compile(n)).collect(),
        },
    }
}
