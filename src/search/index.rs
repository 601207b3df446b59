//! The inverted index: elasticlunr-rs counts the terms of each field, then we
//! fold the fields into one BM25-style weight per (term, review), which is
//! all the browser needs to rank.

use super::language::HebrewEnglish;
use super::terms::analyze;
use elasticlunr::IndexBuilder;
use rayon::prelude::*;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// A searchable field: how much a match in it counts, and how much a long
/// field dilutes a match (BM25's b).
struct Field {
    name: &'static str,
    boost: f64,
    length_norm: f64,
}

/// Title and headline boosts are high enough that one title match outranks
/// any number of body matches of the same word (3 x 1/(1+K1) > 1).
const FIELDS: [Field; 5] = [
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

/// Counts per field, written forms then derived forms.
type Counts = [f64; 2 * FIELDS.len()];

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
    let json = serde_json::to_value(&index).expect("elasticlunr index serializes");
    let counts = term_counts(&json).expect("elasticlunr index format");
    let lengths = field_lengths(&json, docs.len()).expect("elasticlunr index format");
    weigh(&counts, &lengths, docs.len())
}

fn derived_name(field: &str) -> String {
    format!("{field}~")
}

/// Walks elasticlunr's serialized tries: each node holds `docs` (review ->
/// {tf}) and `df`, and one child per next character.
fn term_counts(json: &Value) -> anyhow::Result<HashMap<String, BTreeMap<u32, Counts>>> {
    let mut counts = HashMap::new();
    for (slot, name) in field_slots() {
        let root = json
            .pointer(&format!("/index/{}/root", escape_pointer(&name)))
            .ok_or_else(|| anyhow::anyhow!("elasticlunr index has no field {name}"))?;
        walk(root, &mut String::new(), slot, &mut counts)?;
    }
    Ok(counts)
}

/// (position in `Counts`, elasticlunr field name) for every field.
fn field_slots() -> Vec<(usize, String)> {
    let written = FIELDS
        .iter()
        .enumerate()
        .map(|(i, f)| (i, f.name.to_string()));
    let derived = FIELDS
        .iter()
        .enumerate()
        .map(|(i, f)| (FIELDS.len() + i, derived_name(f.name)));
    written.chain(derived).collect()
}

fn escape_pointer(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

fn walk(
    node: &Value,
    term: &mut String,
    slot: usize,
    counts: &mut HashMap<String, BTreeMap<u32, Counts>>,
) -> anyhow::Result<()> {
    let Some(object) = node.as_object() else {
        return Ok(());
    };
    for (key, child) in object {
        match key.as_str() {
            "docs" => {
                for (doc, tf) in child.as_object().into_iter().flatten() {
                    let doc: u32 = doc.parse()?;
                    // elasticlunr stores sqrt(count) as tf.
                    let tf = tf.get("tf").and_then(Value::as_f64).unwrap_or(0.0);
                    let entry = counts
                        .entry(term.clone())
                        .or_default()
                        .entry(doc)
                        .or_insert([0.0; 10]);
                    entry[slot] += (tf * tf).round();
                }
            }
            "df" => {}
            character => {
                term.push_str(character);
                walk(child, term, slot, counts)?;
                term.truncate(term.len() - character.len());
            }
        }
    }
    Ok(())
}

/// Number of written tokens of each field of each review.
fn field_lengths(json: &Value, n: usize) -> anyhow::Result<Vec<[f64; 5]>> {
    let info = json
        .pointer("/documentStore/docInfo")
        .ok_or_else(|| anyhow::anyhow!("elasticlunr index has no docInfo"))?;
    Ok((0..n)
        .map(|doc| {
            let mut lengths = [0.0; 5];
            for (i, field) in FIELDS.iter().enumerate() {
                let path = format!("/{doc}/{}", field.name);
                lengths[i] = info.pointer(&path).and_then(Value::as_f64).unwrap_or(0.0);
            }
            lengths
        })
        .collect())
}

fn weigh(
    counts: &HashMap<String, BTreeMap<u32, Counts>>,
    lengths: &[[f64; 5]],
    n: usize,
) -> Postings {
    let mut average = [0.0; 5];
    for doc in lengths {
        for i in 0..5 {
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
fn field_sum(c: &Counts, lengths: &[f64; 5], average: &[f64; 5]) -> f64 {
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
