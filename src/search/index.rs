//! The inverted index: elasticlunr-rs counts the terms of each field, then we
//! fold the fields into one BM25-style weight per (term, review), which is
//! all the browser needs to rank.

use super::language::HebrewEnglish;
use super::lunr_counts::{self, Counts, Lengths, TermCounts};
use super::terms::analyze;
use elasticlunr::IndexBuilder;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// A searchable field: how much a match in it counts, and how much a long
/// field dilutes a match (BM25's b).
pub struct Field {
    pub name: &'static str,
    boost: f64,
    length_norm: f64,
}

/// Title and headline boosts are high enough that one title match outranks
/// any number of body matches of the same word (3 x 1/(1+K1) > 1).
pub const FIELDS: [Field; 5] = [
    Field {
        name: "title",
        boost: 3.0,
        length_norm: 0.3,
    },
    Field {
        name: "headline",
        boost: 3.0,
        length_norm: 0.3,
    },
    Field {
        name: "tags",
        boost: 2.0,
        length_norm: 0.0,
    },
    Field {
        name: "ids",
        boost: 3.0,
        length_norm: 0.0,
    },
    Field {
        name: "body",
        boost: 1.0,
        length_norm: 0.75,
    },
];

/// BM25's term-frequency saturation.
const K1: f64 = 1.2;

/// A derived form (prefix-stripped, stemmed) counts less than the written
/// word: "למידה" yields "מידה", and a review that really says "מידה" should
/// come first.
const DERIVED_WEIGHT: f64 = 0.6;

/// Weights are stored as small integers on a log scale, 12 steps per factor
/// e (about 8% apart): two digits for nearly every weight, where a linear
/// scale fine enough for the weak body matches needs three or four.
/// static/search.js `weightOf` inverts it.
pub fn quantize(score: f64) -> u32 {
    (((1.0 + score * 100.0).ln() * 12.0).round() as u32).max(1)
}

/// One review's text, field by field, in the order of `FIELDS`.
pub struct FieldTexts {
    pub title: String,
    pub headline: String,
    pub tags: String,
    pub ids: String,
    pub body: String,
}

impl FieldTexts {
    fn in_order(&self) -> [&str; 5] {
        [
            &self.title,
            &self.headline,
            &self.tags,
            &self.ids,
            &self.body,
        ]
    }
}

/// term -> [(review number, weight)], reviews ascending.
pub type Postings = BTreeMap<String, Vec<(u32, u32)>>;

pub fn build(docs: &[FieldTexts]) -> Postings {
    // Tokenizing is most of the work and elasticlunr adds documents one at
    // a time, so analyze every text in parallel first.
    let analyzed: HashMap<String, _> = docs
        .par_iter()
        .flat_map_iter(|doc| doc.in_order().map(|text| (text.to_string(), analyze(text))))
        .collect();
    let analyzed = Arc::new(analyzed);
    let language = HebrewEnglish::with_analyzed(analyzed.clone());
    let mut builder = IndexBuilder::with_language(Box::new(language)).save_docs(false);
    for field in &FIELDS {
        let derived = HebrewEnglish::with_analyzed(analyzed.clone());
        builder = builder.add_field(field.name).add_field_with_tokenizer(
            &derived_name(field.name),
            Box::new(move |text: &str| derived.derived(text)),
        );
    }
    let mut index = builder.build();
    for (i, doc) in docs.iter().enumerate() {
        let values: Vec<&str> = doc
            .in_order()
            .iter()
            .flat_map(|text| [*text, *text])
            .collect();
        index.add_doc(&i.to_string(), values);
    }
    // elasticlunr's fields are private; its serialized form is the API.
    // It is built from our own strings and numbers, so reading it back can
    // only fail if the crate changed its format: a bug, not bad input.
    let json = serde_json::to_string(&index).expect("elasticlunr index serializes");
    drop(index);
    let (counts, lengths) = lunr_counts::read(&json, docs.len()).expect("elasticlunr index format");
    weigh(&counts, &lengths, docs.len())
}

pub fn derived_name(field: &str) -> String {
    format!("{field}~")
}

fn weigh(counts: &TermCounts, lengths: &[Lengths], n: usize) -> Postings {
    let mut average: Lengths = [0.0; FIELDS.len()];
    for doc in lengths {
        for i in 0..FIELDS.len() {
            average[i] += doc[i] / n.max(1) as f64;
        }
    }
    let mut postings = Postings::new();
    for (term, docs) in counts {
        let df = docs.len() as f64;
        let idf = (1.0 + (n as f64 - df + 0.5) / (df + 0.5)).ln();
        let list = docs
            .iter()
            .map(|(&doc, c)| {
                let score = idf * field_sum(c, &lengths[doc as usize], &average);
                (doc, quantize(score))
            })
            .collect();
        postings.insert(term.clone(), list);
    }
    postings
}

/// Sum over fields of boost x saturated, length-normalised frequency.
fn field_sum(c: &Counts, lengths: &Lengths, average: &Lengths) -> f64 {
    FIELDS
        .iter()
        .enumerate()
        .map(|(i, field)| {
            let tf = c[i] + DERIVED_WEIGHT * c[FIELDS.len() + i];
            if tf == 0.0 {
                return 0.0;
            }
            let relative = if average[i] > 0.0 {
                lengths[i] / average[i]
            } else {
                1.0
            };
            let tf = tf / (1.0 - field.length_norm + field.length_norm * relative);
            field.boost * tf / (K1 + tf)
        })
        .sum()
}
