//! The index as files for the browser: small `.js` files that each call one
//! function on the global `yomonSearch` (script tags work from file://,
//! where fetch does not).
//!
//! - `search/index.js`: the manifest: build id, review count, the first term
//!   of every shard, and the topics with their reviews (for the filter).
//! - `search/BUILD/sN.js`: shard N, a contiguous range of the sorted terms:
//!   `{term: [review, weight, review delta, weight, ...]}`. A query loads
//!   only the shards its words fall in.
//! - `search/BUILD/dN.js`: review N: url, title, headline, date, topics and
//!   plain text, loaded only when the review is shown (for its snippet).
//!
//! BUILD is a hash of the content, so a browser never mixes a cached shard
//! with a new manifest.

use super::index::Postings;
use crate::site::OutputFile;
use serde::Serialize;
use serde_json::json;
use std::fmt::Write;

/// Shards are cut once their JSON passes this many bytes; measured on the
/// real archive (see BENCHMARKS.md), this keeps each near 6-7 KB gzip.
pub const SHARD_BYTES: usize = 20_000;

/// What a result shows about one review.
#[derive(Serialize)]
pub struct DocEntry {
    #[serde(rename = "u")]
    pub url: String,
    #[serde(rename = "t")]
    pub title: String,
    #[serde(rename = "h", skip_serializing_if = "Option::is_none")]
    pub headline: Option<String>,
    #[serde(rename = "d")]
    pub date: String,
    /// Positions in the manifest's topic list.
    #[serde(rename = "g")]
    pub topics: Vec<usize>,
    /// Plain text of the body, for snippets.
    #[serde(rename = "x")]
    pub text: String,
}

/// One topic of the filter: slug, Hebrew and English names, its reviews.
pub struct TopicEntry {
    pub slug: String,
    pub he: String,
    pub en: String,
    pub docs: Vec<u32>,
}

pub fn files(postings: &Postings, docs: &[DocEntry], topics: &[TopicEntry]) -> Vec<OutputFile> {
    let shards = split_shards(postings);
    let shard_texts: Vec<String> = shards
        .iter()
        .enumerate()
        .map(|(i, (_, terms))| format!("yomonSearch.shard({i},{terms});\n"))
        .collect();
    let doc_texts: Vec<String> = docs
        .iter()
        .enumerate()
        .map(|(i, doc)| format!("yomonSearch.doc({i},{});\n", to_json(doc)))
        .collect();
    let build = build_id(shard_texts.iter().chain(&doc_texts));
    let manifest = json!({
        "v": 1,
        "b": build,
        "n": docs.len(),
        "s": shards.iter().map(|s| s.0.clone()).collect::<Vec<_>>(),
        "g": topics.iter().map(|t| json!([t.slug, t.he, t.en, delta(&t.docs)])).collect::<Vec<_>>(),
    });
    let mut files = vec![OutputFile::new(
        "search/index.js",
        format!("yomonSearch.index({manifest});\n"),
    )];
    for (i, text) in shard_texts.into_iter().enumerate() {
        files.push(OutputFile::new(format!("search/{build}/s{i}.js"), text));
    }
    for (i, text) in doc_texts.into_iter().enumerate() {
        files.push(OutputFile::new(format!("search/{build}/d{i}.js"), text));
    }
    files
}

fn to_json<T: Serialize>(value: &T) -> String {
    // Serializing plain strings and numbers cannot fail.
    serde_json::to_string(value).unwrap_or_default()
}

/// Consecutive terms, in code point order (the client's binary search uses
/// the same order), cut into shards of about `SHARD_BYTES`: for each, its
/// first term and its terms as a JSON object. Written as text directly:
/// through `serde_json::Value`, every term and number was copied twice.
fn split_shards(postings: &Postings) -> Vec<(String, String)> {
    let mut shards: Vec<(String, String)> = Vec::new();
    let mut size = 0;
    for (term, list) in postings {
        let encoded = encode_postings(list);
        let entry_size = term.len() + encoded.len() + 4;
        let shard = match shards.last_mut() {
            Some(shard) if size + entry_size <= SHARD_BYTES => {
                shard.1.push(',');
                shard
            }
            _ => {
                shards.push((term.clone(), String::from("{")));
                size = 0;
                shards.last_mut().expect("just pushed")
            }
        };
        size += entry_size;
        shard.1.push_str(&to_json(term));
        shard.1.push(':');
        shard.1.push_str(&encoded);
    }
    for shard in &mut shards {
        shard.1.push('}');
    }
    shards
}

/// [review, weight, review - previous review, weight, ...] as JSON.
fn encode_postings(list: &[(u32, u32)]) -> String {
    let mut json = String::with_capacity(list.len() * 6 + 2);
    json.push('[');
    let mut previous = 0;
    for (i, &(doc, weight)) in list.iter().enumerate() {
        if i > 0 {
            json.push(',');
        }
        // Writing to a String cannot fail.
        let _ = write!(json, "{},{}", doc - previous, weight);
        previous = doc;
    }
    json.push(']');
    json
}

fn delta(docs: &[u32]) -> Vec<u32> {
    let mut previous = 0;
    docs.iter()
        .map(|&d| {
            let step = d - previous;
            previous = d;
            step
        })
        .collect()
}

/// FNV-1a over the files' contents: stable across runs and platforms.
fn build_id<'a>(texts: impl Iterator<Item = &'a String>) -> String {
    let mut hash: u64 = 0xcbf29ce484222325;
    for text in texts {
        for byte in text.bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x100000001b3);
        }
    }
    format!("{:08x}", hash >> 32)
}
