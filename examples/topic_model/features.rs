//! What a learned model reads of a review, per topic:
//! - words: the shared word model's index terms (`yomon::words`, so
//!   "בדיפוזיה" is also "דיפוזיה"), one feature per place and term (`t:`
//!   English title, `h:` Hebrew headline, `b:` body), each once per place,
//!   valued 1/sqrt(terms in that place) so a title's few words each say
//!   more than one of a body's hundreds;
//! - rule sums: the topic's counted rule score in each place as a fraction
//!   of its `min_score` (capped at 2), and whether the rules assigned it;
//! - rule hits: one feature per rule and place that counted (`r:` topic,
//!   place, rule), 1 in the title or headline, 0.25 per body match up to 1,
//!   so the model can learn which rules to trust where.

use crate::corpus::Label;
use yomon::taxonomy::{Fields, Place, Taxonomy, TopicMatcher, TopicScore};

/// One labelled review, read.
pub struct Case {
    /// Sparse features shared by every topic's model: words and rule hits.
    pub words: Vec<(String, f64)>,
    pub hits: Vec<(String, f64)>,
    /// Per topic, in the taxonomy's order.
    pub rule_sums: Vec<[f64; 4]>,
    pub by_rules: Vec<bool>,
    pub score: Vec<u32>,
    pub must: Vec<bool>,
    pub may: Vec<bool>,
}

impl Case {
    /// Does the rules' match of topic `t` stand in the title or headline?
    pub fn placed(&self, t: usize) -> bool {
        self.rule_sums[t][0] > 0.0 || self.rule_sums[t][1] > 0.0
    }
}

pub fn case(taxonomy: &Taxonomy, matcher: &TopicMatcher, fields: &Fields, label: &Label) -> Case {
    let scores = matcher.scores(fields);
    let has = |list: &[String]| -> Vec<bool> {
        taxonomy
            .topics
            .iter()
            .map(|t| list.contains(&t.slug))
            .collect()
    };
    Case {
        words: words(fields),
        hits: hits(taxonomy, &scores),
        rule_sums: scores.iter().map(rule_sums).collect(),
        by_rules: scores.iter().map(TopicScore::assigned).collect(),
        score: scores.iter().map(|s| s.score).collect(),
        must: has(&label.must),
        may: has(&label.may),
    }
}

fn words(fields: &Fields) -> Vec<(String, f64)> {
    let mut out = Vec::new();
    for place in Place::ALL {
        let mark = &place.name()[..1];
        let found = yomon::words::index_terms(fields.text(place));
        let value = 1.0 / (found.len().max(1) as f64).sqrt();
        out.extend(found.into_iter().map(|t| (format!("{mark}:{t}"), value)));
    }
    out
}

fn hits(taxonomy: &Taxonomy, scores: &[TopicScore]) -> Vec<(String, f64)> {
    let mut out: std::collections::BTreeMap<String, f64> = Default::default();
    for (topic, score) in taxonomy.topics.iter().zip(scores) {
        for hit in score.hits.iter().filter(|h| h.ignored.is_none()) {
            let name = format!("r:{}:{}:{}", topic.slug, hit.place.name(), hit.rule);
            let step = if hit.place == Place::Body { 0.25 } else { 1.0 };
            let value = out.entry(name).or_default();
            *value = (*value + step).min(1.0);
        }
    }
    out.into_iter().collect()
}

fn rule_sums(score: &TopicScore) -> [f64; 4] {
    let mut by_place = [0u32; 3];
    for hit in score.hits.iter().filter(|h| h.ignored.is_none()) {
        by_place[hit.place as usize] += hit.weight;
    }
    let bar = f64::from(score.min_score.max(1));
    let part = |p: usize| (f64::from(by_place[p]) / bar).min(2.0);
    [
        part(0),
        part(1),
        part(2),
        f64::from(u8::from(score.assigned())),
    ]
}
