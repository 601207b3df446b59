//! One review, analyzed for the index: its distinct terms with their counts
//! per field and their positions, its field lengths, and its text in parts
//! for the result files. Nothing here depends on any other review, so the
//! memo (`memo`) keeps it from one build to the next, and putting the index
//! together (`index`, `output`) only reads it.

use super::chunks;
use super::fields::{FieldTexts, BODY, FIELD_COUNT, FIELD_GAP, META_POSITIONS};
use crate::text::Bytes;
use crate::words::analyze_positions;
use crate::words::terms::Positioned;
use rustc_hash::FxHashMap;

/// How often one term occurs in one review, per field: written forms, then
/// derived forms.
pub type Counts = [u32; 2 * FIELD_COUNT];

/// Written tokens per field of one review.
pub type Lengths = [u32; FIELD_COUNT];

/// What the index keeps of one review, its terms aside (the memo numbers
/// them). Term n's counts and positions are the n-th in `counts` and
/// `positions`, packed: a few bytes each instead of a `Counts` and a
/// `Vec<u32>`, since a large archive has millions of (term, review) pairs.
#[derive(Debug, Clone, PartialEq)]
pub struct Terms {
    /// Per term: `pack_counts`. (`Bytes`: in a memo read from the build
    /// cache, these stay in the mapped file.)
    pub counts: Bytes,
    /// Per term: where it stands, as the shards write it (base-36 deltas
    /// joined by `,`; see `output`), end to end, in ASCII.
    pub positions: Bytes,
    /// Where each term's positions end in `positions`.
    pub ends: super::numbers::Numbers,
    pub lengths: Lengths,
    /// The body's text in parts (`chunks`), each as a JSON string, kept
    /// as bytes: they are only ever copied into files, and a memo read from
    /// disk need not check them again for UTF-8.
    pub parts: Vec<Bytes>,
    /// A hash of `parts`, made with them: a result file's key reads it
    /// rather than the parts (17 MB of text at 10x, every build).
    pub parts_key: u64,
}

impl Terms {
    /// Term n's positions, as written in the shards. As bytes: slicing a
    /// `str` checks character boundaries, a million times per build.
    pub fn positions_of(&self, n: usize) -> &[u8] {
        let start = if n == 0 {
            0
        } else {
            self.ends.get(n - 1) as usize
        };
        &self.positions[start..self.ends.get(n) as usize]
    }
}

/// One review's analysis with its terms still as text, in no particular
/// order.
pub struct Analysis {
    pub terms: Vec<String>,
    pub rest: Terms,
}

pub fn analyze(doc: &FieldTexts) -> Analysis {
    let mut terms = TermCounts::default();
    let mut lengths = [0; FIELD_COUNT];
    // The body's positions start at 0, so that the browser can tell which
    // part of the text (`chunks`) holds a match; the other fields run on
    // from `META_POSITIONS`, with a gap between two fields so that no
    // phrase reads across them.
    let mut offset = META_POSITIONS;
    for (field, text) in doc.in_order().into_iter().enumerate() {
        if field == BODY {
            continue;
        }
        let (written, derived) = analyze_positions(text);
        terms.add(field, offset, &written, &derived);
        lengths[field] = written.len() as u32;
        offset += written.len() as u32 + FIELD_GAP;
    }
    let words = terms.add_body(&doc.body);
    lengths[BODY] = words.iter().map(|&(_, n)| n as u32).sum();
    let mut counts = Vec::with_capacity(terms.0.len() * 3);
    let mut all_positions = String::with_capacity(terms.0.len() * 4);
    let mut ends = Vec::with_capacity(terms.0.len());
    let mut list = Vec::with_capacity(terms.0.len());
    for (term, (term_counts, mut positions)) in terms.0 {
        positions.sort_unstable();
        positions.dedup();
        pack_counts(&term_counts, &mut counts);
        push_positions(&positions, &mut all_positions);
        ends.push(all_positions.len() as u32);
        list.push(term);
    }
    let parts: Vec<Bytes> = chunks::split(words)
        .iter()
        .map(|part| serde_json::to_vec(part).unwrap_or_default().into())
        .collect();
    let rest = Terms {
        counts: counts.into(),
        positions: all_positions.into_bytes().into(),
        ends: ends.into(),
        lengths,
        parts_key: parts_key(&parts),
        parts,
    };
    Analysis { terms: list, rest }
}

/// The key of a review's text in parts (`Terms::parts_key`).
fn parts_key(parts: &[Bytes]) -> u64 {
    let mut hasher = super::hash::Hasher::new();
    parts.iter().for_each(|part| hasher.write(part));
    hasher.finish()
}

/// Each term of a review with its counts and positions, as they are found.
/// Fx hashing: terms are short, and come from our own content.
#[derive(Default)]
struct TermCounts(FxHashMap<String, (Counts, Vec<u32>)>);

impl TermCounts {
    /// One text's terms (`analyze_positions`) in `field`, positions from
    /// `start` on.
    fn add(&mut self, field: usize, start: u32, written: &Positioned, derived: &Positioned) {
        let written = written.iter().map(|(t, p)| (t, p, field));
        let derived = derived.iter().map(|(t, p)| (t, p, FIELD_COUNT + field));
        for (term, position, slot) in written.chain(derived) {
            // Looked up before it is copied: most terms are seen before.
            let entry = match self.0.get_mut(term.as_str()) {
                Some(entry) => entry,
                None => self.0.entry(term.clone()).or_default(),
            };
            entry.0[slot] += 1;
            entry.1.push(start + position);
        }
    }

    /// The body, a word at a time (`plain_text` separates its words by one
    /// space), each distinct word analyzed once: a review repeats its words
    /// a lot. No token spans a space, so this is what `analyze_positions`
    /// of the whole body gives (tested). Returns each word with its count
    /// of tokens, which `chunks` splits the text by.
    fn add_body<'a>(&mut self, body: &'a str) -> Vec<(&'a str, usize)> {
        let mut seen: FxHashMap<&str, (Positioned, Positioned)> = FxHashMap::default();
        let mut words = Vec::new();
        let mut position = 0;
        for word in body.split(' ').filter(|w| !w.is_empty()) {
            let (written, derived) = seen.entry(word).or_insert_with(|| analyze_positions(word));
            self.add(BODY, position, written, derived);
            position += written.len() as u32;
            words.push((word, written.len()));
        }
        words
    }
}

/// Positions ascending, as base-36 deltas joined by `,`.
fn push_positions(positions: &[u32], out: &mut String) {
    let mut last = 0;
    for (k, &position) in positions.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        push_base36(out, position - last);
        last = position;
    }
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

/// A term's counts as a varint bit mask of the fields it occurs in, then a
/// varint count for each: most terms occur in one field, so two bytes.
pub fn pack_counts(counts: &Counts, out: &mut Vec<u8>) {
    let mask = counts
        .iter()
        .enumerate()
        .filter(|(_, &c)| c > 0)
        .fold(0u32, |mask, (i, _)| mask | 1 << i);
    push_varint(out, mask);
    for &c in counts.iter().filter(|&&c| c > 0) {
        push_varint(out, c);
    }
}

/// The next term's counts from `bytes` at `at`, or None if they are not a
/// whole `pack_counts` (a memo read from disk may be damaged).
pub fn unpack_counts(bytes: &[u8], at: &mut usize) -> Option<Counts> {
    let mask = read_varint(bytes, at)?;
    if mask >> (2 * FIELD_COUNT) != 0 {
        return None;
    }
    let mut counts = [0; 2 * FIELD_COUNT];
    for (i, count) in counts.iter_mut().enumerate() {
        if mask & 1 << i != 0 {
            *count = read_varint(bytes, at)?;
        }
    }
    Some(counts)
}

/// LEB128: seven bits a byte, low first.
pub fn push_varint(out: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

pub fn read_varint(bytes: &[u8], at: &mut usize) -> Option<u32> {
    let mut n: u64 = 0;
    for shift in (0..35).step_by(7) {
        let byte = *bytes.get(*at)?;
        *at += 1;
        n |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return u32::try_from(n).ok();
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_pack_and_unpack() {
        let all = [
            [0; 10],
            [1, 0, 0, 0, 0, 0, 0, 0, 0, 3],
            [300, 1, 2, 3, 4, 5, 6, 7, 8, u32::MAX],
        ];
        let mut bytes = Vec::new();
        for counts in &all {
            pack_counts(counts, &mut bytes);
        }
        let mut at = 0;
        for counts in &all {
            assert_eq!(unpack_counts(&bytes, &mut at).as_ref(), Some(counts));
        }
        assert_eq!(at, bytes.len());
        assert_eq!(unpack_counts(&bytes, &mut at), None, "nothing left");
    }

    /// The body read word by word gives what the whole body gives.
    #[test]
    fn body_word_by_word_is_the_whole_body() {
        let body = "Small language-models, של במודלי שפה קטנים. GPT-4o בGPT ΟΔΟΣ café 2405.17399v2 a´b ו-LLaMA";
        let mut by_word = TermCounts::default();
        by_word.add_body(body);
        let mut whole = TermCounts::default();
        let (written, derived) = analyze_positions(body);
        whole.add(BODY, 0, &written, &derived);
        // Positions are found in another order; the index sorts them.
        let sorted = |terms: TermCounts| -> std::collections::BTreeMap<String, (Counts, Vec<u32>)> {
            terms
                .0
                .into_iter()
                .map(|(term, (counts, mut positions))| {
                    positions.sort_unstable();
                    (term, (counts, positions))
                })
                .collect()
        };
        let (by_word, whole) = (sorted(by_word), sorted(whole));
        assert!(whole.len() > 10, "{whole:?}");
        assert_eq!(by_word, whole);
    }

    #[test]
    fn positions_are_base36_deltas() {
        let mut out = String::new();
        push_positions(&[3, 40, 1_000_000], &mut out);
        assert_eq!(out, "3,11,lfko");
    }
}
