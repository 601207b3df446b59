//! The index patched instead of made again: after a few reviews changed,
//! only the lists of the terms whose postings changed are written again,
//! and only the shards those lists fall in (with their neighbours where a
//! cut moved). Exact: the files come out byte for byte as `output::files`
//! would make them, because a review's postings depend on itself and the
//! rounded average lengths alone (`index::weights`), and a cut on the terms
//! and their sizes alone (`output::Cuts`).
//!
//! What the last index was (`LastIndex`) travels in the search memo; the
//! shards themselves are read back from where the last build put them
//! (`Old`), their hashes checked. Anything this cannot patch (another
//! numbering of the reviews, other average lengths, a shard not to be
//! found) falls back to making the index whole.

use super::fields::FIELD_COUNT;
use super::hash::hash;
use super::index::weights;
use super::index::Posting as Weighted;
use super::memo::{Entry, Vocabulary};
use super::output::{
    chunk_path, encode_postings, entry_bytes, push_json_str, shard, shard_path, vocabulary_chunks,
    Cuts, PartRecord, Reuse, SHARD_BYTES,
};
use crate::site::OutputFile;
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;

/// The index the last build made, as far as patching it needs.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LastIndex {
    /// The memo key of each review, by its number (oldest first).
    pub docs: Vec<u64>,
    pub average: [f64; FIELD_COUNT],
    pub shards: Vec<PartRecord>,
    pub chunks: Vec<PartRecord>,
}

/// The bytes of the file the last index wrote at a path, given the hash it
/// had, if it can be had.
pub type Old<'a> = &'a (dyn Fn(&str, u64) -> Option<Vec<u8>> + Sync);

/// More changed reviews than this are indexed whole: patching many lists
/// saves little over making them all.
const MOST_CHANGED: usize = 64;

/// The shards and chunks patched, for `output::manifest`.
pub struct Patched {
    pub shards: Vec<PartRecord>,
    pub chunks: Vec<PartRecord>,
    /// Shards and chunks that had to be made (or read back to be put).
    pub files: Vec<OutputFile>,
    /// Shards and chunks left where they are.
    pub kept: Vec<String>,
}

/// One review's posting on one term: weight and positions.
type Posting<'a> = (u32, &'a [u8]);

/// The index of `entries` (by review number, with `vocabulary`) as a patch
/// of `last`, whose reviews' analyses that are not among `entries` any more
/// are in `dropped` (by memo key). None when it cannot be patched.
pub fn patch(
    last: &LastIndex,
    entries: &[&Entry],
    average: [f64; FIELD_COUNT],
    dropped: &FxHashMap<u64, Entry>,
    vocabulary: &Vocabulary,
    old: Old,
    reuse: Reuse,
) -> Option<Patched> {
    if average != last.average {
        return None;
    }
    let count = entries.len().max(last.docs.len());
    let changed: Vec<usize> = (0..count)
        .filter(|&d| last.docs.get(d) != entries.get(d).map(|e| &e.key))
        .collect();
    if changed.len() > MOST_CHANGED {
        return None;
    }
    // term -> (review, its new posting or none), for the postings that differ.
    let mut changes: BTreeMap<&str, Vec<(u32, Option<Posting>)>> = BTreeMap::new();
    for &d in &changed {
        let before = match last.docs.get(d) {
            Some(key) => Some(dropped.get(key)?),
            None => None,
        };
        let after = entries.get(d).copied();
        let before = before.map_or_else(Vec::new, |e| postings(e, vocabulary, &average));
        let after = after.map_or_else(Vec::new, |e| postings(e, vocabulary, &average));
        let mut a = before.iter().peekable();
        let mut b = after.iter().peekable();
        loop {
            let change = match (a.peek(), b.peek()) {
                (None, None) => break,
                (Some(x), Some(y)) if x.0 == y.0 => {
                    let (x, y) = (a.next()?, b.next()?);
                    (x.1 != y.1).then_some((y.0, Some(y.1)))
                }
                (Some(x), Some(y)) if x.0 < y.0 => Some((a.next()?.0, None)),
                (Some(_), None) => Some((a.next()?.0, None)),
                _ => {
                    let y = b.next()?;
                    Some((y.0, Some(y.1)))
                }
            };
            if let Some((term, posting)) = change {
                changes.entry(term).or_default().push((d as u32, posting));
            }
        }
    }
    let (shards, mut files, mut kept, terms_changed) = patch_shards(last, &changes, old, reuse)?;
    let chunks = if terms_changed {
        let made = vocabulary_chunks(live_terms(vocabulary).into_iter());
        let records = made.iter().map(|c| c.record()).collect();
        files.extend(made.into_iter().map(|c| OutputFile::new(c.path, c.text)));
        records
    } else {
        for chunk in &last.chunks {
            keep_or_read(
                chunk_path(&chunk.first),
                chunk.hash,
                old,
                reuse,
                &mut files,
                &mut kept,
            )?;
        }
        last.chunks.clone()
    };
    Some(Patched {
        shards,
        chunks,
        files,
        kept,
    })
}

/// A review's postings, by term in code point order.
fn postings<'a>(
    entry: &'a Entry,
    vocabulary: &'a Vocabulary,
    average: &[f64; FIELD_COUNT],
) -> Vec<(&'a str, Posting<'a>)> {
    let weights = weights(entry, average);
    let mut list: Vec<(&str, Posting)> = entry
        .ids
        .iter()
        .zip(weights)
        .enumerate()
        .map(|(n, (id, w))| (vocabulary.term(id), (w, entry.terms.positions_of(n))))
        .collect();
    list.sort_unstable_by(|a, b| a.0.cmp(b.0));
    list
}

/// Every term some review holds (`Vocabulary::live`), in code point order.
fn live_terms(vocabulary: &Vocabulary) -> Vec<&str> {
    vocabulary
        .sorted
        .iter()
        .filter(|&&id| vocabulary.live[id as usize])
        .map(|&id| vocabulary.term(id))
        .collect()
}

type ShardsPatched = (Vec<PartRecord>, Vec<OutputFile>, Vec<String>, bool);

/// The shards with `changes` made. Around each run of changed terms, from
/// the last shard that begins before its first term, the terms are cut
/// again until a cut falls where one fell before at a shard whose first
/// term did not change; from there the cuts are the last ones again, and
/// the shards up to the next change are kept. Also whether any term came
/// or went.
fn patch_shards(
    last: &LastIndex,
    changes: &BTreeMap<&str, Vec<(u32, Option<Posting>)>>,
    old: Old,
    reuse: Reuse,
) -> Option<ShardsPatched> {
    let mut shards: Vec<PartRecord> = Vec::with_capacity(last.shards.len() + 8);
    let mut files = Vec::new();
    let mut kept = Vec::new();
    let mut keep = |range: std::ops::Range<usize>,
                    shards: &mut Vec<PartRecord>,
                    files: &mut Vec<OutputFile>| {
        for record in &last.shards[range] {
            let path = shard_path(&record.first);
            keep_or_read(path, record.hash, old, reuse, files, &mut kept)?;
            shards.push(record.clone());
        }
        Some(())
    };
    let mut pending = changes.iter().peekable();
    let mut terms_changed = false;
    // The first of the last shards not yet kept or cut again.
    let mut next = 0;
    while let Some((&first_changed, _)) = pending.peek() {
        // The region starts at the last shard to begin before the first
        // changed term (its first term is unchanged), or the very first.
        let start = last
            .shards
            .partition_point(|s| s.first.as_str() < first_changed)
            .saturating_sub(1)
            .max(next);
        keep(next..start, &mut shards, &mut files)?;
        let mut walk = Walk::new(&shards);
        next = start;
        'region: while next < last.shards.len() {
            let record = &last.shards[next];
            let text = read(old, &shard_path(&record.first), record.hash)?;
            let lists = parse_shard(&text)?;
            for (n, (term, list)) in lists.iter().enumerate() {
                // New terms before this one.
                while let Some((&new, postings)) = pending.next_if(|(t, _)| **t < term.as_str()) {
                    let list = patched_list(None, postings)?;
                    terms_changed |= !list.is_empty();
                    walk.push(new, &list);
                }
                let changed = pending.next_if(|(t, _)| **t == term.as_str());
                if n == 0 && next > start && changed.is_none() && walk.would_cut(term, list.len()) {
                    // At a shard that begins here again: as it was.
                    break 'region;
                }
                match changed {
                    Some((_, postings)) => {
                        let list = patched_list(Some(list), postings)?;
                        terms_changed |= list.is_empty();
                        walk.push(term, &list);
                    }
                    None => walk.push(term, list),
                }
            }
            next += 1;
        }
        if next == last.shards.len() {
            // New terms after the last one.
            for (&new, postings) in pending.by_ref() {
                let list = patched_list(None, postings)?;
                terms_changed |= !list.is_empty();
                walk.push(new, &list);
            }
        }
        for part in walk.finish() {
            shards.push(part.record());
            files.push(OutputFile::new(part.path, part.text));
        }
    }
    keep(next..last.shards.len(), &mut shards, &mut files)?;
    Some((shards, files, kept, terms_changed))
}

/// A shard or chunk the patch leaves as it was: kept where it is when
/// `reuse` says so, or else read back to be put again.
fn keep_or_read(
    path: String,
    hash: u64,
    old: Old,
    reuse: Reuse,
    files: &mut Vec<OutputFile>,
    kept: &mut Vec<String>,
) -> Option<()> {
    match reuse(&path, hash) {
        true => kept.push(path),
        false => {
            let bytes = read(old, &path, hash)?;
            files.push(OutputFile::new(path, bytes));
        }
    }
    Some(())
}

/// The bytes `old` has for a path, if they are the ones with this hash.
fn read(old: Old, path: &str, key: u64) -> Option<Vec<u8>> {
    old(path, key).filter(|bytes| hash(bytes) == key)
}

/// Shards being cut again, term by term.
struct Walk<'a> {
    shards: Vec<(String, Vec<u8>)>,
    body: Vec<u8>,
    cuts: Option<Cuts>,
    /// The shards before the walk's first.
    earlier: &'a [PartRecord],
}

impl<'a> Walk<'a> {
    fn new(earlier: &'a [PartRecord]) -> Walk<'a> {
        Walk {
            shards: Vec::new(),
            body: Vec::new(),
            cuts: None,
            earlier,
        }
    }

    /// Add a term and its list (`[...]`); an empty list is a term gone.
    fn push(&mut self, term: &str, list: &[u8]) {
        if list.is_empty() {
            return;
        }
        let bytes = entry_bytes(term, list.len());
        let cut = match &mut self.cuts {
            Some(cuts) => cuts.before(term, bytes),
            None if self.earlier.is_empty() => {
                // From the very first term, as `output` cuts.
                let mut cuts = Cuts::new(SHARD_BYTES);
                let cut = cuts.before(term, bytes);
                self.cuts = Some(cuts);
                cut
            }
            None => {
                // The walk's first term began a shard last time, and all
                // before it is unchanged: so it does again.
                let earlier = self.earlier.iter().map(|s| s.first.as_str());
                self.cuts = Some(Cuts::resumed(SHARD_BYTES, earlier, term, bytes));
                true
            }
        };
        if cut {
            self.close();
            self.shards.push((term.to_string(), Vec::new()));
            self.body.push(b'{');
        } else {
            self.body.push(b',');
        }
        push_json_str(&mut self.body, term);
        self.body.push(b':');
        self.body.extend_from_slice(list);
    }

    /// Whether `term` (its list `list_len` bytes) would begin a shard, as
    /// it comes next; the cuts are left as they were.
    fn would_cut(&self, term: &str, list_len: usize) -> bool {
        let Some(cuts) = &self.cuts else {
            return false;
        };
        cuts.would_cut(term, entry_bytes(term, list_len))
    }

    fn close(&mut self) {
        if let Some((_, body)) = self.shards.last_mut() {
            *body = std::mem::take(&mut self.body);
        }
    }

    fn finish(mut self) -> Vec<super::output::Part> {
        self.close();
        self.shards
            .iter()
            .map(|(first, body)| shard(first, body))
            .collect()
    }
}

/// A term's list with `changes` made to it: `list` as the shard has it
/// (`[review delta, weight, ..., "positions"]`) or none for a new term.
/// Empty when no review holds the term any more.
fn patched_list(list: Option<&[u8]>, changes: &[(u32, Option<Posting>)]) -> Option<Vec<u8>> {
    let mut postings: Vec<(u32, u32, &[u8])> = match list {
        Some(list) => decode_list(list)?,
        None => Vec::new(),
    };
    for &(doc, posting) in changes {
        let at = postings.partition_point(|p| p.0 < doc);
        let present = postings.get(at).is_some_and(|p| p.0 == doc);
        match (present, posting) {
            (true, Some((weight, positions))) => postings[at] = (doc, weight, positions),
            (true, None) => {
                postings.remove(at);
            }
            (false, Some((weight, positions))) => postings.insert(at, (doc, weight, positions)),
            (false, None) => {}
        }
    }
    if postings.is_empty() {
        return Some(Vec::new());
    }
    // In the form the index writes, through the same encoder.
    let weighted: Vec<Weighted> = postings
        .iter()
        .map(|&(doc, weight, _)| Weighted { doc, weight })
        .collect();
    let mut positions = Vec::new();
    for &(_, _, at) in &postings {
        positions.extend_from_slice(at);
        positions.push(b';');
    }
    let mut json = Vec::new();
    encode_postings(&weighted, &positions, &mut json);
    Some(json)
}

/// A list as `output::encode_postings` wrote it: (review, weight, positions).
fn decode_list(list: &[u8]) -> Option<Vec<(u32, u32, &[u8])>> {
    let inner = list.strip_prefix(b"[")?.strip_suffix(b"\"]")?;
    let quote = inner.iter().position(|&b| b == b'"')?;
    let (numbers, positions) = (&inner[..quote], &inner[quote + 1..]);
    let numbers: Vec<u32> = numbers
        .split(|&b| b == b',')
        .filter(|n| !n.is_empty())
        .map(|n| std::str::from_utf8(n).ok()?.parse().ok())
        .collect::<Option<_>>()?;
    let positions: Vec<&[u8]> = positions.split(|&b| b == b';').collect();
    if !numbers.len().is_multiple_of(2) || numbers.len() / 2 != positions.len() {
        return None;
    }
    let mut doc = 0u32;
    Some(
        numbers
            .chunks_exact(2)
            .zip(positions)
            .map(|(pair, positions)| {
                doc += pair[0];
                (doc, pair[1], positions)
            })
            .collect(),
    )
}

/// A shard's terms and their lists (`[...]`, as written), in order.
fn parse_shard(text: &[u8]) -> Option<Vec<(String, &[u8])>> {
    let rest = text.strip_prefix(b"yomonSearch.shard(\"")?;
    let close = rest.iter().position(|&b| b == b'"')?;
    let mut rest = rest[close..]
        .strip_prefix(b"\",{")?
        .strip_suffix(b"});\n")?;
    let mut lists = Vec::new();
    while !rest.is_empty() {
        // A term: a JSON string (escapes only where `push_json_str` put them).
        let mut end = 1;
        while *rest.get(end)? != b'"' {
            end += if rest[end] == b'\\' { 2 } else { 1 };
        }
        let term: String = serde_json::from_slice(&rest[..=end]).ok()?;
        rest = rest[end + 1..].strip_prefix(b":")?;
        // Its list: numbers, then the positions string, then `]`.
        let quote = rest.iter().position(|&b| b == b'"')?;
        let close = quote + 1 + rest[quote + 1..].iter().position(|&b| b == b'"')?;
        if rest.get(close + 1) != Some(&b']') {
            return None;
        }
        lists.push((term, &rest[..close + 2]));
        rest = &rest[close + 2..];
        if let Some(after) = rest.strip_prefix(b",") {
            rest = after;
        } else if !rest.is_empty() {
            return None;
        }
    }
    Some(lists)
}
