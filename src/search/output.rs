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
use super::fields::META_POSITIONS;
use super::hash::Hasher;
use super::index::{Posting, Postings};
use super::memo::{Entry, Vocabulary};
use crate::site::OutputFile;
use rayon::prelude::*;
use serde::Serialize;
use serde_json::json;
use std::fmt::Write;

/// Shards are cut once their JSON passes this many bytes: with positions,
/// about 3 KB gzip each on the real archive, so a query's few words load
/// little they do not need (see BENCHMARKS.md).
pub const SHARD_BYTES: usize = 8_000;

/// Vocabulary chunks are cut once their terms pass this many bytes.
pub const VOCABULARY_BYTES: usize = 12_000;

/// What a result shows about one review; its text's parts come from its
/// analysis (`Terms::parts`).
pub struct DocEntry<'a> {
    pub url: String,
    pub title: &'a str,
    pub headline: Option<&'a str>,
    pub date: String,
    /// Positions in the manifest's topic list.
    pub topics: Vec<usize>,
}

/// One topic of the filter: slug, Hebrew and English names, its reviews.
pub struct TopicEntry {
    pub slug: String,
    pub he: String,
    pub en: String,
    pub docs: Vec<u32>,
}

/// The index's files. `docs` are the reviews in the order they are
/// numbered, `doc_texts` their result files (`doc_texts`); `terms` is the
/// vocabulary the postings number terms by.
pub fn files(
    postings: &Postings,
    terms: &Vocabulary,
    doc_texts: Vec<(String, Vec<u8>)>,
    docs: &[DocEntry],
    topics: &[TopicEntry],
) -> Vec<OutputFile> {
    let shards = split_shards(postings, terms);
    let vocabulary = vocabulary_chunks(postings, terms);
    let vocabulary_texts: Vec<String> = vocabulary
        .iter()
        .enumerate()
        .map(|(i, terms)| format!("yomonSearch.vocab({i},{});\n", to_json(&terms.join("\n"))))
        .collect();
    let build = build_id(&shards, &doc_texts, &vocabulary_texts);
    let manifest = json!({
        "v": 2,
        "b": build,
        "n": docs.len(),
        "s": shards.iter().map(|s| s.0).collect::<Vec<_>>(),
        "w": vocabulary.iter().map(|terms| terms[0]).collect::<Vec<_>>(),
        "g": topics.iter().map(|t| json!([t.slug, t.he, t.en, delta(&t.docs)])).collect::<Vec<_>>(),
        "y": years(docs),
        "c": CHUNK_TOKENS,
        "m": META_POSITIONS,
    });
    let mut files = Vec::with_capacity(1 + shards.len() + doc_texts.len() + vocabulary_texts.len());
    files.push(OutputFile::new(
        "search/index.js",
        format!("yomonSearch.index({manifest});\n"),
    ));
    for (i, (_, text)) in shards.into_iter().enumerate() {
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

fn to_json<T: Serialize + ?Sized>(value: &T) -> String {
    // Serializing plain strings and numbers cannot fail.
    serde_json::to_string(value).unwrap_or_default()
}

/// Each part of each review as the file the browser loads:
/// `yomonSearch.doc(KEY, {u, t, h, d, g, x, p, k})`, where part 0 of
/// review i has the key `di`, part n `di-n`. Written as text around the
/// parts' JSON that the analysis kept.
pub fn doc_texts(entries: &[&Entry], docs: &[DocEntry]) -> Vec<(String, Vec<u8>)> {
    let per_review: Vec<Vec<(String, Vec<u8>)>> = entries
        .par_iter()
        .zip(docs)
        .enumerate()
        .map(|(i, (entry, doc))| {
            let head = doc_head(doc);
            let parts = &entry.terms.parts;
            let texts = parts.iter().enumerate().map(|(n, part)| {
                let key = if n == 0 {
                    format!("d{i}")
                } else {
                    format!("d{i}-{n}")
                };
                let mut js = Vec::with_capacity(head.len() + part.len() + 48);
                js.extend_from_slice(b"yomonSearch.doc(\"");
                js.extend_from_slice(key.as_bytes());
                js.extend_from_slice(b"\",");
                js.extend_from_slice(head.as_bytes());
                js.extend_from_slice(b",\"x\":");
                js.extend_from_slice(part);
                js.extend_from_slice(b",\"p\":");
                push_u32(&mut js, n as u32);
                js.extend_from_slice(b",\"k\":");
                push_u32(&mut js, parts.len() as u32);
                js.extend_from_slice(b"});\n");
                (key, js)
            });
            texts.collect()
        })
        .collect();
    per_review.into_iter().flatten().collect()
}

/// `{"u":..,"t":..,"h":..,"d":..,"g":[..]` (no closing brace): the fields
/// every part of a review repeats. "h" is left out when there is none.
fn doc_head(doc: &DocEntry) -> String {
    let mut head = format!("{{\"u\":{},\"t\":{}", to_json(&doc.url), to_json(doc.title));
    if let Some(headline) = doc.headline {
        let _ = write!(head, ",\"h\":{}", to_json(headline));
    }
    let _ = write!(
        head,
        ",\"d\":{},\"g\":{}",
        to_json(&doc.date),
        to_json(&doc.topics)
    );
    head
}

/// Consecutive terms, in code point order (the client's binary search uses
/// the same order), cut into shards of about `SHARD_BYTES`: for each, its
/// first term and its file's text, `yomonSearch.shard(N,{term: list, ...})`.
/// The lists are written in parallel, a run of terms at a time; cutting
/// them into shards then only copies text.
fn split_shards<'a>(postings: &Postings, terms: &'a Vocabulary) -> Vec<(&'a str, Vec<u8>)> {
    let lists: Vec<_> = postings.lists().collect();
    let encoded: Vec<(Vec<u8>, Vec<usize>)> = lists
        .par_chunks(RUN_TERMS)
        .map(|run| {
            let mut text = Vec::new();
            let ends = run
                .iter()
                .map(|(_, list, positions)| {
                    encode_postings(list, positions, &mut text);
                    text.len()
                })
                .collect();
            (text, ends)
        })
        .collect();
    let mut shards: Vec<(&str, Vec<u8>)> = Vec::new();
    let mut size = 0;
    // Each run's text is dropped once copied: the shards and all the lists
    // are not held twice.
    for (run, (text, ends)) in lists.chunks(RUN_TERMS).zip(encoded) {
        let starts = std::iter::once(0).chain(ends.iter().copied());
        for (&(id, _, _), (start, end)) in run.iter().zip(starts.zip(ends.iter().copied())) {
            let list = &text[start..end];
            let term = terms.term(id);
            let entry_size = term.len() + list.len() + 4;
            match shards.last_mut() {
                Some(shard) if size + entry_size <= SHARD_BYTES => shard.1.push(b','),
                _ => {
                    let mut text = Vec::with_capacity(SHARD_BYTES + 256);
                    text.extend_from_slice(b"yomonSearch.shard(");
                    push_u32(&mut text, shards.len() as u32);
                    text.extend_from_slice(b",{");
                    shards.push((term, text));
                    size = 0;
                }
            }
            size += entry_size;
            let shard = &mut shards.last_mut().expect("a shard was just made").1;
            push_json_str(shard, term);
            shard.push(b':');
            shard.extend_from_slice(list);
        }
    }
    for shard in &mut shards {
        shard.1.extend_from_slice(b"});\n");
    }
    shards
}

/// Terms whose lists one task writes.
const RUN_TERMS: usize = 4096;

/// A term as a JSON string. Terms are letters, digits and dots, which
/// JSON writes as they are; anything else goes through serde_json.
fn push_json_str(out: &mut Vec<u8>, term: &str) {
    if term.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20) {
        out.extend_from_slice(to_json(term).as_bytes());
    } else {
        out.push(b'"');
        out.extend_from_slice(term.as_bytes());
        out.push(b'"');
    }
}

/// [review, weight, review - previous review, weight, ..., "positions"] as
/// JSON, the positions of each review joined by `;` (the form is in the
/// module comment; `positions` ends with one `;` too many).
fn encode_postings(list: &[Posting], positions: &[u8], json: &mut Vec<u8>) {
    json.push(b'[');
    let mut previous = 0;
    for posting in list {
        push_u32(json, posting.doc - previous);
        json.push(b',');
        push_u32(json, posting.weight);
        json.push(b',');
        previous = posting.doc;
    }
    json.push(b'"');
    json.extend_from_slice(&positions[..positions.len().saturating_sub(1)]);
    json.extend_from_slice(b"\"]");
}

/// A number in decimal: millions of them per build, where `write!` costs
/// more than the digits.
fn push_u32(out: &mut Vec<u8>, mut n: u32) {
    let mut digits = [0u8; 10];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
}

/// The terms a misspelt query word may have meant, in sorted chunks of
/// about `VOCABULARY_BYTES`. Terms with digits (ids, numbers, dates) are
/// left out: a near miss of a number is another number, not a typo.
fn vocabulary_chunks<'a>(postings: &Postings, terms: &'a Vocabulary) -> Vec<Vec<&'a str>> {
    let mut chunks: Vec<Vec<&str>> = Vec::new();
    let mut size = VOCABULARY_BYTES;
    for &id in &postings.terms {
        let term = terms.term(id);
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

/// A hash of the files' contents, stable across runs and platforms: of
/// the shards' and the result files' hashes, found side by side.
fn build_id(
    shards: &[(&str, Vec<u8>)],
    doc_texts: &[(String, Vec<u8>)],
    vocabulary_texts: &[String],
) -> String {
    let hash_all = |texts: &mut dyn Iterator<Item = &[u8]>| {
        let mut hasher = Hasher::new();
        texts.for_each(|text| hasher.write(text));
        hasher.finish()
    };
    let (shards, docs) = rayon::join(
        || hash_all(&mut shards.iter().map(|(_, js)| js.as_slice())),
        || hash_all(&mut doc_texts.iter().map(|(_, js)| js.as_slice())),
    );
    let vocabulary = hash_all(&mut vocabulary_texts.iter().map(|js| js.as_bytes()));
    let mut hasher = Hasher::new();
    for part in [shards, docs, vocabulary] {
        hasher.write(&part.to_le_bytes());
    }
    format!("{:08x}", hasher.finish() >> 32)
}
