//! The index as files for the browser: small `.js` files that each call one
//! function on the global `yomonSearch` (script tags work from file://,
//! where fetch does not).
//!
//! - `search/index.js`: the manifest: build id, review count, the first term
//!   of every shard and of every vocabulary chunk, the topics with their
//!   reviews, and the years with their reviews (for the filters).
//! - `search/BUILD/sN.js`: shard N, a contiguous range of the sorted terms:
//!   `{term: [review, weight, review delta, weight, ..., "positions"]}`. A
//!   query loads only the shards its words fall in. The closing string holds
//!   where the term stands in each of its reviews (for phrases and nearness):
//!   per review, base-36 token numbers as deltas joined by `,`; reviews
//!   joined by `;`, in the list's order.
//! - `search/BUILD/vN.js`: vocabulary chunk N, the sorted terms alone
//!   (joined by newlines), for typo tolerance: a misspelt word loads the
//!   chunks that could hold its near spellings, not the shards.
//! - `search/BUILD/dN.js`, `dN-P.js`: review N: url, title, headline, date,
//!   topics, and part P (0 for `dN.js`) of its plain text (`chunks`), loaded
//!   only when the review is shown, the part its snippet comes from.
//!
//! BUILD is a hash of the content, so a browser never mixes a cached shard
//! with a new manifest.

use super::chunks::CHUNK_TOKENS;
use super::index::{Posting, Postings, META_POSITIONS};
use crate::site::OutputFile;
use serde::Serialize;
use serde_json::json;
use std::fmt::Write;

/// Shards are cut once their JSON passes this many bytes: with positions,
/// about 3 KB gzip each on the real archive, so a query's few words load
/// little they do not need (see BENCHMARKS.md).
pub const SHARD_BYTES: usize = 8_000;

/// Vocabulary chunks are cut once their terms pass this many bytes.
pub const VOCABULARY_BYTES: usize = 12_000;

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
    /// Plain text of the body in parts (`chunks`), for snippets: each part
    /// is a file of its own, with the fields above.
    #[serde(skip)]
    pub parts: Vec<String>,
}

/// One part of a review's text, as its file holds it: the review's fields,
/// the text, and which part of how many it is.
#[derive(Serialize)]
struct DocPart<'a> {
    #[serde(flatten)]
    doc: &'a DocEntry,
    #[serde(rename = "x")]
    text: &'a str,
    #[serde(rename = "p")]
    part: usize,
    #[serde(rename = "k")]
    parts: usize,
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
    // Part 0 of review i is `di`, part n `di-n`: the key its file registers.
    let doc_texts: Vec<(String, String)> = docs
        .iter()
        .enumerate()
        .flat_map(|(i, doc)| {
            doc.parts.iter().enumerate().map(move |(n, text)| {
                let key = if n == 0 {
                    format!("d{i}")
                } else {
                    format!("d{i}-{n}")
                };
                let part = DocPart {
                    doc,
                    text,
                    part: n,
                    parts: doc.parts.len(),
                };
                let js = format!("yomonSearch.doc({},{});\n", to_json(&key), to_json(&part));
                (key, js)
            })
        })
        .collect();
    let vocabulary = vocabulary_chunks(postings);
    let vocabulary_texts: Vec<String> = vocabulary
        .iter()
        .enumerate()
        .map(|(i, terms)| format!("yomonSearch.vocab({i},{});\n", to_json(&terms.join("\n"))))
        .collect();
    let build = build_id(
        shard_texts
            .iter()
            .chain(doc_texts.iter().map(|(_, js)| js))
            .chain(&vocabulary_texts),
    );
    let manifest = json!({
        "v": 2,
        "b": build,
        "n": docs.len(),
        "s": shards.iter().map(|s| s.0.clone()).collect::<Vec<_>>(),
        "w": vocabulary.iter().map(|terms| terms[0]).collect::<Vec<_>>(),
        "g": topics.iter().map(|t| json!([t.slug, t.he, t.en, delta(&t.docs)])).collect::<Vec<_>>(),
        "y": years(docs),
        "c": CHUNK_TOKENS,
        "m": META_POSITIONS,
    });
    let mut files = vec![OutputFile::new(
        "search/index.js",
        format!("yomonSearch.index({manifest});\n"),
    )];
    for (i, text) in shard_texts.into_iter().enumerate() {
        files.push(OutputFile::new(format!("search/{build}/s{i}.js"), text));
    }
    for (key, text) in doc_texts {
        files.push(OutputFile::new(format!("search/{build}/{key}.js"), text));
    }
    for (i, text) in vocabulary_texts.into_iter().enumerate() {
        files.push(OutputFile::new(format!("search/{build}/v{i}.js"), text));
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

/// [review, weight, review - previous review, weight, ..., "positions"] as
/// JSON (the positions' form is in the module comment).
fn encode_postings(list: &[Posting]) -> String {
    let mut json = String::with_capacity(list.len() * 12 + 4);
    json.push('[');
    let mut previous = 0;
    for posting in list {
        // Writing to a String cannot fail.
        let _ = write!(json, "{},{},", posting.doc - previous, posting.weight);
        previous = posting.doc;
    }
    json.push('"');
    for (i, posting) in list.iter().enumerate() {
        if i > 0 {
            json.push(';');
        }
        let mut last = 0;
        for (k, &position) in posting.positions.iter().enumerate() {
            if k > 0 {
                json.push(',');
            }
            push_base36(&mut json, position - last);
            last = position;
        }
    }
    json.push_str("\"]");
    json
}

fn push_base36(out: &mut String, mut n: u32) {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut buffer = [0u8; 8];
    let mut at = buffer.len();
    loop {
        at -= 1;
        buffer[at] = DIGITS[(n % 36) as usize];
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.extend(buffer[at..].iter().map(|&b| char::from(b)));
}

/// The terms a misspelt query word may have meant, in sorted chunks of
/// about `VOCABULARY_BYTES`. Terms with digits (ids, numbers, dates) are
/// left out: a near miss of a number is another number, not a typo.
fn vocabulary_chunks(postings: &Postings) -> Vec<Vec<&str>> {
    let mut chunks: Vec<Vec<&str>> = Vec::new();
    let mut size = VOCABULARY_BYTES;
    for (term, _) in postings {
        if term.chars().any(|c| c.is_numeric()) || term.chars().count() < 4 {
            continue;
        }
        if size + term.len() + 1 > VOCABULARY_BYTES {
            chunks.push(Vec::new());
            size = 0;
        }
        size += term.len() + 1;
        if let Some(chunk) = chunks.last_mut() {
            chunk.push(term);
        }
    }
    chunks
}

/// [year, first review, count] for each year, newest first: the reviews are
/// numbered newest first, so a year's reviews are one run of numbers.
fn years(docs: &[DocEntry]) -> Vec<[u32; 3]> {
    let mut years: Vec<[u32; 3]> = Vec::new();
    for (i, doc) in docs.iter().enumerate() {
        let year = doc.date.get(..4).and_then(|y| y.parse().ok()).unwrap_or(0);
        match years.last_mut() {
            Some(last) if last[0] == year => last[2] += 1,
            _ => years.push([year, i as u32, 1]),
        }
    }
    years
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
