//! The index as files for the browser: small `.js` files that each call one
//! function on the global `yomonSearch` (script tags work from file://,
//! where fetch does not).
//!
//! - `search/index.js`: the manifest: build id, review count, the first
//!   term of every shard and of every vocabulary chunk, the topics with
//!   their reviews, and the years with their reviews (for the filters).
//! - `search/sNAME.js`: a shard, a contiguous range of the sorted terms,
//!   NAME a hash of its first term (`term_name`):
//!   `{term: [review, weight, review delta, weight, ..., "positions"]}`. A
//!   query loads only the shards its words fall in. The closing string holds
//!   where the term stands in each of its reviews (for phrases and nearness):
//!   per review, base-36 token numbers as deltas joined by `,`; reviews
//!   joined by `;`, in the list's order.
//! - `search/vNAME.js`: a vocabulary chunk, sorted terms alone (joined by
//!   newlines), for typo tolerance: a misspelt word loads the chunks that
//!   could hold its near spellings, not the shards. NAME as for shards.
//! - `search/dN.js`, `dN-P.js`: review N: url, title, headline, date,
//!   topics, and part P (0 for `dN.js`) of its plain text (`chunks`), loaded
//!   only when the review is shown, the part its snippet comes from.
//!
//! Made to change little when the archive does, so that a build after an
//! edit or a new review rewrites few files (and a deploy uploads few):
//! reviews are numbered oldest first (a new one takes the next number), a
//! weight depends on its review alone (`index::weights`), shards and chunks
//! are cut where their terms say (`Cuts`), not by a running count, so a
//! change moves at most the cuts next to it, and a file's name follows from
//! what the manifest already holds (its first term, its review's number),
//! costing the manifest nothing. The browser asks for every file with the
//! build id as a query (`?v=BUILD`, a hash of the whole index; static hosts
//! and file:// ignore it), so it never mixes a file it cached with a newer
//! manifest.

use super::chunks::CHUNK_TOKENS;
use super::fields::META_POSITIONS;
use super::hash::{hash, Hasher};
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

/// Vocabulary chunks are about this many bytes of terms.
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

/// A shard or vocabulary chunk as the manifest and the next build know it:
/// its first term (which names its file) and a hash of its text.
#[derive(Clone, Debug, PartialEq)]
pub struct PartRecord {
    pub first: String,
    pub hash: u64,
}

pub fn shard_path(first: &str) -> String {
    format!("search/s{}.js", term_name(first))
}

pub fn chunk_path(first: &str) -> String {
    format!("search/v{}.js", term_name(first))
}

/// The index's manifest, shards and chunks made whole, and the records of
/// its shards and chunks. `docs` are the reviews in the order they are
/// numbered, `doc_keys` the keys of their result files (`doc_texts`);
/// `terms` is the vocabulary the postings number terms by.
pub fn files(
    postings: &Postings,
    terms: &Vocabulary,
    doc_keys: &[(String, u64)],
    docs: &[DocEntry],
    topics: &[TopicEntry],
) -> (Vec<OutputFile>, Vec<PartRecord>, Vec<PartRecord>) {
    let shards = split_shards(postings, terms);
    let vocabulary = vocabulary_chunks(postings.terms.iter().map(|&id| terms.term(id)));
    let shard_records: Vec<PartRecord> = shards.iter().map(Part::record).collect();
    let chunk_records: Vec<PartRecord> = vocabulary.iter().map(Part::record).collect();
    let mut files = Vec::with_capacity(1 + shards.len() + vocabulary.len());
    files.push(manifest(
        &shard_records,
        &chunk_records,
        doc_keys,
        docs,
        topics,
    ));
    for part in shards.into_iter().chain(vocabulary) {
        files.push(OutputFile::new(part.path, part.text));
    }
    (files, shard_records, chunk_records)
}

/// `search/index.js`: the manifest (see the module's comment).
pub fn manifest(
    shards: &[PartRecord],
    chunks: &[PartRecord],
    doc_keys: &[(String, u64)],
    docs: &[DocEntry],
    topics: &[TopicEntry],
) -> OutputFile {
    let build = build_id(shards, doc_keys, chunks);
    let manifest = json!({
        "v": 3,
        "b": build,
        "n": docs.len(),
        "s": shards.iter().map(|s| s.first.as_str()).collect::<Vec<_>>(),
        "w": chunks.iter().map(|v| v.first.as_str()).collect::<Vec<_>>(),
        "g": topics.iter().map(|t| json!([t.slug, t.he, t.en, delta(&t.docs)])).collect::<Vec<_>>(),
        "y": years(docs),
        "c": CHUNK_TOKENS,
        "m": META_POSITIONS,
    });
    OutputFile::new(
        "search/index.js",
        format!("yomonSearch.index({manifest});\n"),
    )
}

/// One file of shards or of vocabulary: its first term, its path (named by
/// `term_name` of the first term) and its text.
pub struct Part {
    pub first: String,
    pub path: String,
    pub text: Vec<u8>,
}

impl Part {
    pub fn record(&self) -> PartRecord {
        PartRecord {
            first: self.first.clone(),
            hash: hash(&self.text),
        }
    }
}

/// Where shards (or chunks) are cut: before a term whose hash falls under
/// a share of the range proportional to the term's bytes, so that a part
/// holds about `target` bytes on average; never below half of that, never
/// above twice. The cut depends on the term and its own size, not on what
/// came before, within those bounds: a change to one list moves the cuts
/// next to it at most, and the parts further on keep their bytes and their
/// names. A term whose 64-bit name an earlier part already has (a chance
/// too small to meet, but the client could not tell the two apart) never
/// begins one.
pub(super) struct Cuts {
    target: usize,
    size: usize,
    names: std::collections::HashSet<String>,
}

impl Cuts {
    pub(super) fn new(target: usize) -> Cuts {
        Cuts {
            target,
            size: 0,
            names: std::collections::HashSet::new(),
        }
    }

    /// The cuts as they stood right after a part began with `first`,
    /// taking `bytes`, the parts before it beginning with `earlier`: from
    /// there on they cut as a run from the first term would.
    pub(super) fn resumed<'a>(
        target: usize,
        earlier: impl Iterator<Item = &'a str>,
        first: &str,
        bytes: usize,
    ) -> Cuts {
        let mut names: std::collections::HashSet<String> = earlier.map(term_name).collect();
        names.insert(term_name(first));
        Cuts {
            target,
            size: bytes,
            names,
        }
    }

    /// Whether `term`, taking `bytes`, would begin a new part if it came
    /// next; nothing changes.
    pub(super) fn would_cut(&self, term: &str, bytes: usize) -> bool {
        self.wanted(term, bytes) && !self.names.contains(&term_name(term))
    }

    fn wanted(&self, term: &str, bytes: usize) -> bool {
        let (min, max) = (self.target / 2, self.target * 2);
        let share = (bytes as u64).saturating_mul(1 << 32) / (self.target - min) as u64;
        self.names.is_empty()
            || self.size + bytes > max
            || (self.size >= min && u64::from((hash(term.as_bytes()) >> 32) as u32) < share)
    }

    /// Whether `term`, taking `bytes`, begins a new part.
    pub(super) fn before(&mut self, term: &str, bytes: usize) -> bool {
        let cut = self.wanted(term, bytes) && self.names.insert(term_name(term));
        if cut {
            self.size = 0;
        }
        self.size += bytes;
        cut
    }
}

/// A shard's or chunk's file name from its first term: FNV-1a over the
/// term's UTF-8 bytes from two starting points, 64 bits in hex.
/// static/search-engine.js `termName` is the same function.
pub fn term_name(term: &str) -> String {
    let fnv = |mut h: u32| {
        for &b in term.as_bytes() {
            h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
        }
        h
    };
    format!("{:08x}{:08x}", fnv(0x811c_9dc5), fnv(0x2f4a_9e37))
}

fn to_json<T: Serialize + ?Sized>(value: &T) -> String {
    // Serializing plain strings and numbers cannot fail.
    serde_json::to_string(value).unwrap_or_default()
}

/// One result file: its name (`dN`, `dN-P`) and its text.
pub type DocText = (String, Vec<u8>);

/// The result files of an index: those made, the paths of those reused,
/// and every file's path and key (a hash of all it is made from).
#[derive(Default)]
pub struct DocTexts {
    pub made: Vec<DocText>,
    pub kept: Vec<String>,
    pub keys: Vec<(String, u64)>,
}

/// Each part of each review as the file the browser loads:
/// `yomonSearch.doc(KEY, {u, t, h, d, g, x, p, k})`, where part 0 of
/// review i has the key `di`, part n `di-n`. Written as text around the
/// parts' JSON that the analysis kept. A file `reuse(path, key)` says is
/// already where it goes is not made at all.
pub fn doc_texts(entries: &[&Entry], docs: &[DocEntry], reuse: Reuse) -> DocTexts {
    let per_review: Vec<DocTexts> = entries
        .par_iter()
        .zip(docs)
        .enumerate()
        .map(|(i, (entry, doc))| {
            let head = doc_head(doc);
            let parts = &entry.terms.parts;
            // The number, the head and the parts make every byte of the
            // review's files; the parts by the key the analysis gave them
            // (hashing the parts themselves read every review's text, 17 MB
            // at 10x, for a build that makes a few of these files).
            let mut hasher = Hasher::new();
            hasher.write(&(i as u64).to_le_bytes());
            hasher.write(head.as_bytes());
            hasher.write(&entry.terms.parts_key.to_le_bytes());
            let review_key = hasher.finish();
            let mut texts = DocTexts::default();
            for (n, part) in parts.iter().enumerate() {
                let name = if n == 0 {
                    format!("d{i}")
                } else {
                    format!("d{i}-{n}")
                };
                let path = format!("search/{name}.js");
                let key = review_key ^ (n as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
                if reuse(&path, key) {
                    texts.kept.push(path.clone());
                } else {
                    let mut js = Vec::with_capacity(head.len() + part.len() + 48);
                    js.extend_from_slice(b"yomonSearch.doc(\"");
                    js.extend_from_slice(name.as_bytes());
                    js.extend_from_slice(b"\",");
                    js.extend_from_slice(head.as_bytes());
                    js.extend_from_slice(b",\"x\":");
                    js.extend_from_slice(part);
                    js.extend_from_slice(b",\"p\":");
                    push_u32(&mut js, n as u32);
                    js.extend_from_slice(b",\"k\":");
                    push_u32(&mut js, parts.len() as u32);
                    js.extend_from_slice(b"});\n");
                    texts.made.push((name, js));
                }
                texts.keys.push((path, key));
            }
            texts
        })
        .collect();
    let mut texts = DocTexts::default();
    for review in per_review {
        texts.made.extend(review.made);
        texts.kept.extend(review.kept);
        texts.keys.extend(review.keys);
    }
    texts
}

/// Whether a result file (its path in the site, its key) is already where
/// the site will be, unchanged, so need not be made.
pub type Reuse<'a> = &'a (dyn Fn(&str, u64) -> bool + Sync);

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
/// the same order), cut into shards of about `SHARD_BYTES` (`Cuts`): for
/// each, its first term, name and file text,
/// `yomonSearch.shard("NAME",{term: list, ...})`. The lists are written in
/// parallel, a run of terms at a time; cutting them into shards then only
/// copies text.
fn split_shards(postings: &Postings, terms: &Vocabulary) -> Vec<Part> {
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
    // Each shard's first term, and its terms and lists from `{`.
    let mut bodies: Vec<(&str, Vec<u8>)> = Vec::new();
    let mut cuts = Cuts::new(SHARD_BYTES);
    // Each run's text is dropped once copied: the shards and all the lists
    // are not held twice.
    for (run, (text, ends)) in lists.chunks(RUN_TERMS).zip(encoded) {
        let starts = std::iter::once(0).chain(ends.iter().copied());
        for (&(id, _, _), (start, end)) in run.iter().zip(starts.zip(ends.iter().copied())) {
            let list = &text[start..end];
            let term = terms.term(id);
            // The first term always begins a shard (`Cuts` has no names yet).
            if cuts.before(term, entry_bytes(term, list.len())) {
                let mut text = Vec::with_capacity(2 * SHARD_BYTES + 256);
                text.push(b'{');
                bodies.push((term, text));
            } else if let Some(body) = bodies.last_mut() {
                body.1.push(b',');
            }
            let body = &mut bodies.last_mut().expect("a shard was just made").1;
            push_json_str(body, term);
            body.push(b':');
            body.extend_from_slice(list);
        }
    }
    bodies
        .into_par_iter()
        .map(|(first, body)| shard(first, &body))
        .collect()
}

/// The shard whose first term is `first`, from its terms and lists as JSON
/// from `{` on (`{"term":[...],"term":[...]`).
pub fn shard(first: &str, body: &[u8]) -> Part {
    let name = term_name(first);
    let mut text = Vec::with_capacity(body.len() + 48);
    text.extend_from_slice(b"yomonSearch.shard(\"");
    text.extend_from_slice(name.as_bytes());
    text.extend_from_slice(b"\",");
    text.extend_from_slice(body);
    text.extend_from_slice(b"});\n");
    Part {
        first: first.to_string(),
        path: shard_path(first),
        text,
    }
}

/// What a term and its list (`list_len` bytes) take in a shard, as cuts
/// count it: the quoted term, `:`, the list and a separator.
pub(super) fn entry_bytes(term: &str, list_len: usize) -> usize {
    term.len() + list_len + 4
}

/// Terms whose lists one task writes.
const RUN_TERMS: usize = 4096;

/// A term as a JSON string. Terms are letters, digits and dots, which
/// JSON writes as they are; anything else goes through serde_json.
pub(super) fn push_json_str(out: &mut Vec<u8>, term: &str) {
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
pub(super) fn encode_postings(list: &[Posting], positions: &[u8], json: &mut Vec<u8>) {
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
pub(super) fn push_u32(out: &mut Vec<u8>, mut n: u32) {
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
/// about `VOCABULARY_BYTES` (`Cuts`), as files
/// `yomonSearch.vocab("NAME","term\nterm...")`. Terms with digits (ids,
/// numbers, dates) are left out: a near miss of a number is another
/// number, not a typo.
pub fn vocabulary_chunks<'a>(terms: impl Iterator<Item = &'a str>) -> Vec<Part> {
    let mut chunks: Vec<Vec<&str>> = Vec::new();
    let mut cuts = Cuts::new(VOCABULARY_BYTES);
    for term in terms {
        if term.chars().any(|c| c.is_numeric()) || term.chars().count() < 4 {
            continue;
        }
        if cuts.before(term, term.len() + 1) {
            chunks.push(Vec::new());
        }
        if let Some(chunk) = chunks.last_mut() {
            chunk.push(term);
        }
    }
    chunks
        .into_iter()
        .map(|chunk| {
            let name = term_name(chunk[0]);
            let text = format!(
                "yomonSearch.vocab(\"{name}\",{});\n",
                to_json(&chunk.join("\n"))
            );
            Part {
                first: chunk[0].to_string(),
                path: chunk_path(chunk[0]),
                text: text.into_bytes(),
            }
        })
        .collect()
}

/// [year, first review, count] for each year, newest first: the reviews are
/// numbered by date, so a year's reviews are one run of numbers.
fn years(docs: &[DocEntry]) -> Vec<[u32; 3]> {
    let mut years: Vec<[u32; 3]> = Vec::new();
    for (i, doc) in docs.iter().enumerate() {
        let year = doc.date.get(..4).and_then(|y| y.parse().ok()).unwrap_or(0);
        match years.last_mut() {
            Some(last) if last[0] == year => last[2] += 1,
            _ => years.push([year, i as u32, 1]),
        }
    }
    years.reverse();
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
/// the shards' and chunks' hashes and the result files' keys (which
/// change whenever their bytes do, and are known for files not made).
fn build_id(shards: &[PartRecord], doc_keys: &[(String, u64)], chunks: &[PartRecord]) -> String {
    let mut hasher = Hasher::new();
    for hashes in [
        shards.iter().map(|s| s.hash).collect::<Vec<_>>(),
        doc_keys.iter().map(|(_, key)| *key).collect(),
        chunks.iter().map(|c| c.hash).collect(),
    ] {
        let bytes: Vec<u8> = hashes.iter().flat_map(|h| h.to_le_bytes()).collect();
        hasher.write(&bytes);
    }
    format!("{:08x}", hasher.finish() >> 32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn term_names_match_the_shared_vectors() {
        // static/search-engine.js `termName` is held to the same file.
        let vectors: Vec<(String, String)> =
            serde_json::from_str(include_str!("../../tests/vectors/term-names.json"))
                .expect("vectors");
        assert!(vectors.len() > 5);
        for (term, name) in vectors {
            assert_eq!(term_name(&term), name, "{term}");
        }
    }

    #[test]
    fn a_part_is_cut_within_its_bounds_and_by_its_terms() {
        let mut cuts = Cuts::new(1000);
        let terms: Vec<String> = (0..2000).map(|i| format!("term{i}")).collect();
        let mut sizes = vec![0];
        for term in &terms {
            if cuts.before(term, 50) {
                sizes.push(0);
            }
            *sizes.last_mut().unwrap() += 50;
        }
        let sizes = &sizes[1..];
        assert!(sizes.len() > 20, "{sizes:?}");
        // Every part but the last holds between half and twice the target.
        for &size in &sizes[..sizes.len() - 1] {
            assert!((500..=2000).contains(&size), "{size}");
        }
        // The same terms after one term grew: only cuts next to it move.
        let mut again = Cuts::new(1000);
        let firsts = |cuts: &mut Cuts, grown: usize| -> Vec<usize> {
            (0..terms.len())
                .filter(|&i| cuts.before(&terms[i], if i == grown { 400 } else { 50 }))
                .collect()
        };
        let before = firsts(&mut Cuts::new(1000), usize::MAX);
        let after = firsts(&mut again, 1000);
        let moved = before.iter().filter(|i| !after.contains(i)).count();
        assert!(moved <= 2, "{moved} cuts moved: {before:?} {after:?}");
    }
}
