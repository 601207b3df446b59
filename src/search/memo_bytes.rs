//! The memo as bytes, for a cache on disk: varints and raw strings, a magic
//! number first and a checksum last. Reading checks everything the index
//! relies on (term numbers in range, counts and positions whole, the
//! vocabulary sorted), so a damaged or foreign file is refused, never used.

use super::analysis::{push_varint, read_varint, unpack_counts, Terms};
use super::fields::FIELD_COUNT;
use super::hash::hash;
use super::memo::{Entry, SearchMemo, Vocabulary};

/// "yomon search memo", format 1.
const MAGIC: &[u8; 8] = b"YSMEMO01";

impl SearchMemo {
    pub fn encode(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        let vocabulary = &self.vocabulary;
        put_len(&mut out, vocabulary.terms.len());
        for term in &vocabulary.terms {
            put_bytes(&mut out, term.as_bytes());
        }
        for &id in &vocabulary.sorted {
            push_varint(&mut out, id);
        }
        put_len(&mut out, self.entries.len());
        for entry in &self.entries {
            put_entry(&mut out, entry);
        }
        let checksum = hash(&out);
        out.extend_from_slice(&checksum.to_le_bytes());
        out
    }

    /// The memo `encode` wrote, or None for anything else.
    pub fn decode(bytes: &[u8]) -> Option<SearchMemo> {
        let (body, checksum) = bytes.split_at_checked(bytes.len().checked_sub(8)?)?;
        if !body.starts_with(MAGIC) || hash(body).to_le_bytes() != checksum {
            return None;
        }
        let mut reader = Reader {
            bytes: body,
            at: MAGIC.len(),
        };
        let vocabulary = reader.vocabulary()?;
        let count = reader.len()?;
        let entries = (0..count)
            .map(|_| reader.entry(vocabulary.terms.len()))
            .collect::<Option<Vec<Entry>>>()?;
        (reader.at == body.len()).then_some(SearchMemo {
            vocabulary,
            entries,
        })
    }
}

fn put_entry(out: &mut Vec<u8>, entry: &Entry) {
    out.extend_from_slice(&entry.key.to_le_bytes());
    let terms = &entry.terms;
    for &length in &terms.lengths {
        push_varint(out, length);
    }
    put_len(out, entry.ids.len());
    for &id in &entry.ids {
        push_varint(out, id);
    }
    put_bytes(out, &terms.counts);
    put_bytes(out, terms.positions.as_bytes());
    let mut last = 0;
    for &end in &terms.ends {
        push_varint(out, end - last);
        last = end;
    }
    put_len(out, terms.parts.len());
    for part in &terms.parts {
        put_bytes(out, part.as_bytes());
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
        let bytes = &self.bytes[self.at..self.at + len];
        self.at += len;
        Some(bytes)
    }

    fn string(&mut self) -> Option<String> {
        String::from_utf8(self.bytes()?.to_vec()).ok()
    }

    fn vocabulary(&mut self) -> Option<Vocabulary> {
        let count = self.len()?;
        let mut vocabulary = Vocabulary::default();
        for _ in 0..count {
            let term = self.string()?.into_boxed_str();
            vocabulary.push(term)?;
        }
        let mut seen = vec![false; count];
        for _ in 0..count {
            let id = self.varint()? as usize;
            if *seen.get(id)? {
                return None;
            }
            seen[id] = true;
            vocabulary.sorted.push(id as u32);
        }
        let terms = &vocabulary.terms;
        let in_order = vocabulary
            .sorted
            .windows(2)
            .all(|w| terms[w[0] as usize] < terms[w[1] as usize]);
        in_order.then_some(vocabulary)
    }

    fn entry(&mut self, vocabulary: usize) -> Option<Entry> {
        let key = u64::from_le_bytes(self.bytes.get(self.at..self.at + 8)?.try_into().ok()?);
        self.at += 8;
        let mut lengths = [0; FIELD_COUNT];
        for length in &mut lengths {
            *length = self.varint()?;
        }
        let count = self.len()?;
        let ids = (0..count)
            .map(|_| self.varint().filter(|&id| (id as usize) < vocabulary))
            .collect::<Option<Vec<u32>>>()?;
        let counts = self.bytes()?.to_vec();
        let mut at = 0;
        for _ in 0..count {
            unpack_counts(&counts, &mut at)?;
        }
        let positions = self.string()?;
        let mut ends = Vec::with_capacity(count);
        let mut end = 0u32;
        for _ in 0..count {
            end = end.checked_add(self.varint()?)?;
            ends.push(end);
        }
        // Positions are base-36 digits, `,` and nothing else: any end is a
        // character boundary.
        let whole = at == counts.len()
            && end as usize == positions.len()
            && positions
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b',');
        let parts = (0..self.len()?)
            .map(|_| self.string())
            .collect::<Option<Vec<String>>>()?;
        whole.then_some(Entry {
            key,
            ids,
            terms: Terms {
                counts,
                positions,
                ends,
                lengths,
                parts,
            },
        })
    }
}
