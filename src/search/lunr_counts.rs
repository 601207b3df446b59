//! Reading term counts back out of elasticlunr-rs: its index's fields are
//! private, so its serialized form (the JSON elasticlunr.js reads) is the
//! API. Each field is a trie of characters whose nodes hold `docs`
//! (review -> {tf}) and `df`.

use super::index::{derived_name, FIELDS};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};

/// Counts of one term in one review, per field: written forms, then derived.
pub type Counts = [f64; 2 * FIELDS.len()];

/// Written tokens per field of one review.
pub type Lengths = [f64; FIELDS.len()];

/// Walks elasticlunr's serialized tries: each node holds `docs` (review ->
/// {tf}) and `df`, and one child per next character.
pub fn term_counts(json: &Value) -> anyhow::Result<HashMap<String, BTreeMap<u32, Counts>>> {
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
                        .or_insert([0.0; 2 * FIELDS.len()]);
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
pub fn field_lengths(json: &Value, n: usize) -> anyhow::Result<Vec<Lengths>> {
    let info = json
        .pointer("/documentStore/docInfo")
        .ok_or_else(|| anyhow::anyhow!("elasticlunr index has no docInfo"))?;
    Ok((0..n)
        .map(|doc| {
            let mut lengths: Lengths = [0.0; FIELDS.len()];
            for (i, field) in FIELDS.iter().enumerate() {
                let path = format!("/{doc}/{}", field.name);
                lengths[i] = info.pointer(&path).and_then(Value::as_f64).unwrap_or(0.0);
            }
            lengths
        })
        .collect())
}
