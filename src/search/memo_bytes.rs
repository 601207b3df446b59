//! The memo as bytes, for a cache on disk: varints, raw u32s and raw
//! strings, a magic number first. Whole (`encode`, with a checksum last),
//! or split as the build cache keeps it: a head (`encode_head_to`) and the
//! entries in buckets by key (`buckets`), each file under the cache's
//! checksum.
//! Reading refuses bytes whose checksum fails, and checks what indexing and
//! slicing rely on (term numbers in range, offsets ascending and on
//! character boundaries, the vocabulary sorted and without duplicates), so
//! that even bytes with a good checksum can never make the index panic.

use super::analysis::{push_varint, read_varint, Terms};
use super::fields::FIELD_COUNT;
use super::hash::hash;
use super::memo::{Entry, SearchMemo, Vocabulary};
use super::numbers::Numbers;
use super::output::PartRecord;
use super::patch::LastIndex;
use crate::text::{Bytes, Mapped};
use rayon::prelude::*;

/// "yomon search memo", format 4 (format 1 had no last index, format 2 no
/// key of the parts, format 3 its term numbers and position ends as
/// varints, which every read decoded into fresh memory).
const MAGIC: &[u8; 8] = b"YSMEMO04";

impl SearchMemo {
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.encode_to(&mut |bytes| out.extend_from_slice(bytes));
        let checksum = hash(&out);
        out.extend_from_slice(&checksum.to_le_bytes());
        out
    }

    /// `encode` without its checksum, handed to `out` a piece at a time.
    pub fn encode_to(&self, out: &mut dyn FnMut(&[u8])) {
        let mut piece = MAGIC.to_vec();
        self.put_vocabulary_and_index(&mut piece);
        out(&piece);
        encode_entries(&self.entries.iter().collect::<Vec<_>>(), out);
    }

    /// The vocabulary and the last index: what every entry is read with.
    fn put_vocabulary_and_index(&self, piece: &mut Vec<u8>) {
        let vocabulary = &self.vocabulary;
        put_bytes(piece, vocabulary.text.as_bytes());
        put_len(piece, vocabulary.len());
        put_ends(piece, &vocabulary.ends);
        for &id in &vocabulary.sorted {
            push_varint(piece, id);
        }
        put_last_index(piece, self.index.as_ref());
    }

    /// The memo `encode` wrote, or None for anything else. The checksum
    /// is checked while the entries are read, in parallel.
    pub fn decode(bytes: &[u8]) -> Option<SearchMemo> {
        let (body, checksum) = bytes.split_at_checked(bytes.len().checked_sub(8)?)?;
        if !body.starts_with(MAGIC) {
            return None;
        }
        let (intact, memo) = rayon::join(|| hash(body).to_le_bytes() == checksum, || read(body));
        memo.filter(|_| intact)
    }
}

/// The memo in `body` (`encode`'s format), its analyses' bytes copied out.
fn read(body: &[u8]) -> Option<SearchMemo> {
    let mut reader = Reader {
        bytes: body,
        at: MAGIC.len(),
    };
    let vocabulary = reader.vocabulary()?;
    let index = reader.last_index()?;
    let count = reader.len()?;
    let entries = (0..count)
        .map(|_| reader.bytes())
        .collect::<Option<Vec<&[u8]>>>()?;
    if reader.at != body.len() {
        return None;
    }
    let entries = entries
        .into_par_iter()
        .map(|bytes| {
            let mut reader = Reader { bytes, at: 0 };
            let entry = reader.entry(vocabulary.len(), None)?;
            (reader.at == bytes.len()).then_some(entry)
        })
        .collect::<Option<Vec<Entry>>>()?;
    Some(SearchMemo {
        vocabulary,
        entries,
        index,
        numbering: 0,
    })
}

/// "yomon search memo", split: the head of `SearchMemo::encode_head_to`
/// (format 2: its buckets hold format 4 entries).
const HEAD_MAGIC: &[u8; 8] = b"YSHEAD02";

/// Some of a memo's entries, as `SearchMemo::buckets` groups them.
pub struct EntryBucket<'a> {
    /// Its number and a hash of the keys it holds under the memo's
    /// numbering: the same name stands for the same bytes.
    pub name: String,
    entries: Vec<&'a Entry>,
}

impl EntryBucket<'_> {
    pub fn encode_to(&self, out: &mut dyn FnMut(&[u8])) {
        encode_entries(&self.entries, out);
    }
}

/// Entries' count, then each entry behind its length, so that reading can
/// split them first and read them in parallel.
fn encode_entries(entries: &[&Entry], out: &mut dyn FnMut(&[u8])) {
    let mut piece = Vec::new();
    put_len(&mut piece, entries.len());
    out(&piece);
    let mut entry = Vec::new();
    for e in entries {
        entry.clear();
        put_entry(&mut entry, e);
        piece.clear();
        put_len(&mut piece, entry.len());
        out(&piece);
        out(&entry);
    }
}

/// Entries read from one bucket's bytes, to add to the memo whose head
/// they were written with (`SearchMemo::add_entries`).
pub struct ReadEntries(Vec<Entry>);

impl SearchMemo {
    /// The entries in `count` buckets by the top bits of their keys, each
    /// named by what it holds: a build cache writes again only the buckets
    /// an edit changed (one of `count`), not every review's analysis. A
    /// bucket that would hold nothing is left out (a site built without
    /// search wrote 64 empty files at the end of every build).
    pub fn buckets(&self, count: usize) -> Vec<EntryBucket<'_>> {
        let count = count.clamp(1, 256);
        let mut grouped: Vec<Vec<&Entry>> = vec![Vec::new(); count];
        for entry in &self.entries {
            let bucket = ((entry.key >> 56) as usize * count) >> 8;
            grouped[bucket].push(entry);
        }
        grouped
            .into_iter()
            .enumerate()
            .filter(|(_, entries)| !entries.is_empty())
            .map(|(i, mut entries)| {
                entries.sort_unstable_by_key(|e| e.key);
                let mut hasher = rustc_hash::FxHasher::default();
                std::hash::Hasher::write_u64(&mut hasher, self.numbering);
                for e in &entries {
                    std::hash::Hasher::write_u64(&mut hasher, e.key);
                }
                let hash = std::hash::Hasher::finish(&hasher);
                EntryBucket {
                    name: format!("{i:03}-{hash:016x}"),
                    entries,
                }
            })
            .collect()
    }

    /// What every entry's bytes are read with: the numbering, the
    /// vocabulary, the last index, and the names of the buckets.
    pub fn encode_head_to(&self, names: &[&str], out: &mut dyn FnMut(&[u8])) {
        let mut piece = HEAD_MAGIC.to_vec();
        piece.extend_from_slice(&self.numbering.to_le_bytes());
        self.put_vocabulary_and_index(&mut piece);
        put_len(&mut piece, names.len());
        for name in names {
            put_bytes(&mut piece, name.as_bytes());
        }
        out(&piece);
    }

    /// A memo without entries from `encode_head_to`'s bytes, and the names
    /// of its buckets.
    pub fn decode_head(head: &[u8]) -> Option<(SearchMemo, Vec<String>)> {
        let mut reader = Reader {
            bytes: head.strip_prefix(HEAD_MAGIC)?,
            at: 0,
        };
        let numbering = reader.u64()?;
        let vocabulary = reader.vocabulary()?;
        let index = reader.last_index()?;
        let names = (0..reader.len()?)
            .map(|_| reader.string())
            .collect::<Option<Vec<String>>>()?;
        (reader.at == reader.bytes.len()).then_some((
            SearchMemo {
                vocabulary,
                entries: Vec::new(),
                index,
                numbering,
            },
            names,
        ))
    }

    /// One bucket's entries from `EntryBucket::encode_to`'s bytes, checked
    /// against this memo's vocabulary: the analyses' bytes stay where they
    /// lie when `body` is part of the mapped `file`, else are copied.
    pub fn decode_bucket(&self, file: Option<&Mapped>, body: &[u8]) -> Option<ReadEntries> {
        let mut reader = Reader { bytes: body, at: 0 };
        let entries = (0..reader.len()?)
            .map(|_| reader.bytes())
            .collect::<Option<Vec<&[u8]>>>()?;
        if reader.at != body.len() {
            return None;
        }
        let vocabulary = self.vocabulary.len();
        entries
            .into_iter()
            .map(|bytes| {
                let mut reader = Reader { bytes, at: 0 };
                let entry = reader.entry(vocabulary, file)?;
                (reader.at == bytes.len()).then_some(entry)
            })
            .collect::<Option<Vec<Entry>>>()
            .map(ReadEntries)
    }

    /// Add entries `decode_bucket` read.
    pub fn add_entries(&mut self, entries: ReadEntries) {
        self.entries.extend(entries.0);
    }
}

fn put_entry(out: &mut Vec<u8>, entry: &Entry) {
    out.extend_from_slice(&entry.key.to_le_bytes());
    let terms = &entry.terms;
    for &length in &terms.lengths {
        push_varint(out, length);
    }
    // Term numbers and position ends as they are held (`Numbers`), so
    // that a read leaves them in the cache's mapping; one count for both.
    put_len(out, entry.ids.len());
    out.extend_from_slice(entry.ids.as_bytes());
    put_bytes(out, &terms.counts);
    put_bytes(out, &terms.positions);
    out.extend_from_slice(terms.ends.as_bytes());
    put_len(out, terms.parts.len());
    for part in &terms.parts {
        put_bytes(out, part);
    }
    out.extend_from_slice(&terms.parts_key.to_le_bytes());
}

/// The last index: a byte saying whether there is one, then its reviews'
/// keys, average lengths, shards and chunks.
fn put_last_index(out: &mut Vec<u8>, index: Option<&LastIndex>) {
    let Some(index) = index else {
        out.push(0);
        return;
    };
    out.push(1);
    put_len(out, index.docs.len());
    for key in &index.docs {
        out.extend_from_slice(&key.to_le_bytes());
    }
    for average in index.average {
        out.extend_from_slice(&average.to_le_bytes());
    }
    for parts in [&index.shards, &index.chunks] {
        put_len(out, parts.len());
        for part in parts {
            put_bytes(out, part.first.as_bytes());
            out.extend_from_slice(&part.hash.to_le_bytes());
        }
    }
}

/// Ascending offsets, as the steps between them.
fn put_ends(out: &mut Vec<u8>, ends: &[u32]) {
    let mut last = 0;
    for &end in ends {
        push_varint(out, end - last);
        last = end;
    }
}

fn put_len(out: &mut Vec<u8>, len: usize) {
    // Nothing in a memo comes near 4 G items or bytes.
    push_varint(out, len as u32);
}

fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    put_len(out, bytes.len());
    out.extend_from_slice(bytes);
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn varint(&mut self) -> Option<u32> {
        read_varint(self.bytes, &mut self.at)
    }

    fn len(&mut self) -> Option<usize> {
        let len = self.varint()? as usize;
        // A count can never exceed the bytes left: refuse before allocating.
        (len <= self.bytes.len() - self.at).then_some(len)
    }

    fn bytes(&mut self) -> Option<&'a [u8]> {
        let len = self.len()?;
        self.take(len)
    }

    fn take(&mut self, len: usize) -> Option<&'a [u8]> {
        let bytes = self.bytes.get(self.at..self.at.checked_add(len)?)?;
        self.at += len;
        Some(bytes)
    }

    /// `count` numbers (`Numbers`), left in `file` when it is given.
    fn numbers(&mut self, count: usize, file: Option<&Mapped>) -> Option<Numbers> {
        Numbers::read(file, self.take(count.checked_mul(4)?)?)
    }

    fn string(&mut self) -> Option<String> {
        crate::text::utf8(self.bytes()?).map(str::to_owned)
    }

    /// `count` ascending offsets, the last one `len`, each on a character
    /// boundary of `text`.
    fn ends(&mut self, count: usize, text: &str) -> Option<Vec<u32>> {
        let mut ends = Vec::with_capacity(count);
        let mut end = 0u32;
        for _ in 0..count {
            end = end.checked_add(self.varint()?)?;
            if !text.is_char_boundary(end as usize) {
                return None;
            }
            ends.push(end);
        }
        (end as usize == text.len()).then_some(ends)
    }

    fn vocabulary(&mut self) -> Option<Vocabulary> {
        let text = self.string()?;
        let count = self.len()?;
        let ends = self.ends(count, &text)?;
        let mut vocabulary = Vocabulary {
            text,
            ends,
            sorted: Vec::with_capacity(count),
            live: Vec::new(),
        };
        let mut seen = vec![false; count];
        for _ in 0..count {
            let id = self.varint()? as usize;
            if *seen.get(id)? {
                return None;
            }
            seen[id] = true;
            vocabulary.sorted.push(id as u32);
        }
        // Strictly ascending: sorted, and no term twice.
        let in_order = vocabulary
            .sorted
            .windows(2)
            .all(|w| vocabulary.term(w[0]) < vocabulary.term(w[1]));
        in_order.then_some(vocabulary)
    }

    fn u64(&mut self) -> Option<u64> {
        let bytes = self.bytes.get(self.at..self.at + 8)?;
        self.at += 8;
        Some(u64::from_le_bytes(bytes.try_into().ok()?))
    }

    /// `put_last_index`'s bytes: Some(None) for no index, None for bytes
    /// that are not one.
    fn last_index(&mut self) -> Option<Option<LastIndex>> {
        let flag = *self.bytes.get(self.at)?;
        self.at += 1;
        match flag {
            0 => return Some(None),
            1 => {}
            _ => return None,
        }
        let docs = (0..self.len()?)
            .map(|_| self.u64())
            .collect::<Option<Vec<u64>>>()?;
        let mut average = [0.0; FIELD_COUNT];
        for value in &mut average {
            *value = f64::from_bits(self.u64()?);
        }
        let mut parts = || {
            (0..self.len()?)
                .map(|_| {
                    let first = self.string()?;
                    let hash = self.u64()?;
                    Some(PartRecord { first, hash })
                })
                .collect::<Option<Vec<PartRecord>>>()
        };
        let shards = parts()?;
        let chunks = parts()?;
        Some(Some(LastIndex {
            docs,
            average,
            shards,
            chunks,
        }))
    }

    fn entry(&mut self, vocabulary: usize, file: Option<&Mapped>) -> Option<Entry> {
        let key = self.u64()?;
        let mut lengths = [0; FIELD_COUNT];
        for length in &mut lengths {
            *length = self.varint()?;
        }
        let count = self.len()?;
        let ids = self.numbers(count, file)?;
        // The largest, without a branch per number.
        let largest = ids.iter().fold(0, u32::max);
        (ids.is_empty() || (largest as usize) < vocabulary).then_some(())?;
        // Counts are not unpacked here: the checksum vouches for them, and
        // counts that do not unpack weigh nothing, they cannot panic.
        let keep = |bytes: &[u8]| Bytes::kept(file, bytes);
        let counts = keep(self.bytes()?)?;
        let positions = self.bytes()?;
        // Positions are base-36 digits and separators: ASCII, so any end
        // is a character boundary.
        positions.is_ascii().then_some(())?;
        let ends = self.numbers(count, file)?;
        let (ascending, last) = ends.iter().fold((true, 0), |(ascending, last), end| {
            (ascending & (end >= last), end)
        });
        (ascending && last as usize == positions.len()).then_some(())?;
        let positions = keep(positions)?;
        let parts = (0..self.len()?)
            .map(|_| keep(self.bytes()?))
            .collect::<Option<Vec<Bytes>>>()?;
        let parts_key = self.u64()?;
        Some(Entry {
            key,
            ids,
            terms: Terms {
                counts,
                positions,
                ends,
                lengths,
                parts,
                parts_key,
            },
        })
    }
}
