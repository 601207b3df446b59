//! Reading term counts back out of elasticlunr-rs: its index's fields are
//! private, so its serialized form (the JSON elasticlunr.js reads) is the
//! API. Each field is a trie of characters whose nodes hold `docs`
//! (review -> {tf}) and `df`, and one child per next character.
//!
//! The JSON is read as a stream, straight into counts: held as a
//! `serde_json::Value` the trie took several hundred bytes per character
//! node (330 MB of memory for the real archive, 1.8 GB at 10x).

use super::index::{derived_name, FIELDS};
use serde::de::{DeserializeSeed, Error as _, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use std::collections::{BTreeMap, HashMap};
use std::fmt;

/// Counts of one term in one review, per field: written forms, then derived.
pub type Counts = [f64; 2 * FIELDS.len()];

/// Written tokens per field of one review.
pub type Lengths = [f64; FIELDS.len()];

/// term -> review -> counts.
pub type TermCounts = HashMap<String, BTreeMap<u32, Counts>>;

/// Term counts and field lengths of elasticlunr's serialized index `json`,
/// which holds `n` reviews named "0" to "n-1".
pub fn read(json: &str, n: usize) -> anyhow::Result<(TermCounts, Vec<Lengths>)> {
    let mut out = Collected {
        counts: HashMap::new(),
        lengths: vec![[0.0; FIELDS.len()]; n],
    };
    let mut de = serde_json::Deserializer::from_str(json);
    Top(&mut out).deserialize(&mut de)?;
    de.end()?;
    Ok((out.counts, out.lengths))
}

struct Collected {
    counts: TermCounts,
    lengths: Vec<Lengths>,
}

/// Position in `Counts` of an elasticlunr field name, if it is one of ours.
fn slot(name: &str) -> Option<usize> {
    FIELDS.iter().enumerate().find_map(|(i, f)| {
        if f.name == name {
            Some(i)
        } else if derived_name(f.name) == name {
            Some(FIELDS.len() + i)
        } else {
            None
        }
    })
}

/// A map visitor that only needs `visit_map`: `$seed` names the struct.
macro_rules! map_seed {
    ($seed:ident, $what:literal) => {
        impl<'de> DeserializeSeed<'de> for $seed<'_> {
            type Value = ();
            fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
                d.deserialize_map(self)
            }
        }
        impl<'de> Visitor<'de> for $seed<'_> {
            type Value = ();
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str($what)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
                self.entries(map)
            }
        }
    };
}

/// The whole index: `index` (the tries) and `documentStore` (field lengths).
struct Top<'a>(&'a mut Collected);
map_seed!(Top, "an elasticlunr index");
impl Top<'_> {
    fn entries<'de, A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "index" => map.next_value_seed(Fields(&mut *self.0))?,
                "documentStore" => map.next_value_seed(Store(&mut *self.0))?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// field name -> {"root": trie}.
struct Fields<'a>(&'a mut Collected);
map_seed!(Fields, "elasticlunr fields");
impl Fields<'_> {
    fn entries<'de, A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(field) = map.next_key::<String>()? {
            let slot =
                slot(&field).ok_or_else(|| A::Error::custom(format!("unknown field {field}")))?;
            map.next_value_seed(Root {
                out: &mut *self.0,
                slot,
            })?;
        }
        Ok(())
    }
}

struct Root<'a> {
    out: &'a mut Collected,
    slot: usize,
}
map_seed!(Root, "an inverted index");
impl Root<'_> {
    fn entries<'de, A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            if key != "root" {
                return Err(A::Error::custom(format!("unexpected key {key}")));
            }
            let mut term = String::new();
            map.next_value_seed(Node {
                out: &mut *self.out,
                slot: self.slot,
                term: &mut term,
            })?;
        }
        Ok(())
    }
}

/// One trie node: `docs`, `df`, and a child per next character.
struct Node<'a> {
    out: &'a mut Collected,
    slot: usize,
    term: &'a mut String,
}
map_seed!(Node, "a trie node");
impl Node<'_> {
    fn entries<'de, A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "docs" => {
                    for (doc, tf) in map.next_value::<HashMap<String, Tf>>()? {
                        let doc: u32 = doc.parse().map_err(A::Error::custom)?;
                        let entry = self.out.counts.entry(self.term.clone()).or_default();
                        // elasticlunr stores sqrt(count) as tf.
                        entry.entry(doc).or_insert([0.0; 2 * FIELDS.len()])[self.slot] +=
                            (tf.tf * tf.tf).round();
                    }
                }
                "df" => {
                    map.next_value::<IgnoredAny>()?;
                }
                character => {
                    self.term.push_str(character);
                    map.next_value_seed(Node {
                        out: &mut *self.out,
                        slot: self.slot,
                        term: &mut *self.term,
                    })?;
                    self.term.truncate(self.term.len() - character.len());
                }
            }
        }
        Ok(())
    }
}

#[derive(Deserialize)]
struct Tf {
    tf: f64,
}

/// `documentStore.docInfo`: review -> field -> number of tokens.
struct Store<'a>(&'a mut Collected);
map_seed!(Store, "an elasticlunr document store");
impl Store<'_> {
    fn entries<'de, A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            if key != "docInfo" {
                {
                    map.next_value::<IgnoredAny>()?;
                };
                continue;
            }
            for (doc, fields) in map.next_value::<HashMap<String, HashMap<String, f64>>>()? {
                let doc: usize = doc.parse().map_err(A::Error::custom)?;
                let lengths = self
                    .0
                    .lengths
                    .get_mut(doc)
                    .ok_or_else(|| A::Error::custom("review out of range"))?;
                for (field, length) in fields {
                    if let Some(i) = FIELDS.iter().position(|f| f.name == field) {
                        lengths[i] = length;
                    }
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::read;

    #[test]
    fn reads_counts_and_lengths_from_a_trie() {
        // "ab" twice in review 0's title (tf = sqrt 2), "a" once in review 1's body.
        let json = r#"{"fields":["title"],"index":{
            "title":{"root":{"docs":{},"df":0,"a":{"docs":{},"df":0,"b":{"docs":{"0":{"tf":1.4142135623730951}},"df":1}}}},
            "body~":{"root":{"docs":{},"df":0,"a":{"docs":{"1":{"tf":1.0}},"df":1}}}},
            "documentStore":{"save":false,"docs":{},"docInfo":{"0":{"title":2},"1":{"body":7}},"length":2}}"#;
        let (counts, lengths) = read(json, 2).unwrap();
        assert_eq!(counts["ab"][&0][0], 2.0);
        assert_eq!(counts["a"][&1][5 + 4], 1.0, "derived body slot");
        assert_eq!(lengths[0][0], 2.0);
        assert_eq!(lengths[1][4], 7.0);
    }

    #[test]
    fn unknown_field_is_an_error() {
        assert!(read(r#"{"index":{"colour":{"root":{}}}}"#, 0).is_err());
    }
}
