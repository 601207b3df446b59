//! The memo: every review's analysis (`analysis`), kept under a key, so that
//! a build analyzes only the reviews that changed since the last one. Terms
//! are numbered in a vocabulary the memo keeps in code point order, so that
//! putting the index together (`index`) never sorts or hashes a term.

use super::analysis::{analyze, Analysis, Terms};
use super::fields::{topic_texts, FieldTexts};
use super::patch::LastIndex;
use crate::model::Review;
use crate::taxonomy::Taxonomy;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

/// Each review's analysis, for `index_files_cached`. After a call it holds
/// exactly the reviews of that call. `encode` and `decode` carry it between
/// runs (`memo_bytes`).
#[derive(Default, Clone)]
pub struct SearchMemo {
    pub(super) vocabulary: Vocabulary,
    /// Same order as the reviews of the last call.
    pub(super) entries: Vec<Entry>,
    /// The index the last call made from them, for the next to patch.
    pub(super) index: Option<LastIndex>,
    /// Which numbering of the vocabulary the entries' term numbers are in:
    /// made afresh (at random) for a new vocabulary and whenever it is
    /// renumbered (`compact_if_sparse`), so that entries kept on disk under
    /// one numbering are never read under another (0: not made yet).
    pub(super) numbering: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct Entry {
    /// `memo_key` of the review this analyzes.
    pub key: u64,
    /// Its terms, as numbers in the vocabulary, in the order of `terms`.
    pub ids: super::numbers::Numbers,
    pub terms: Terms,
}

/// The terms, end to end in one string (one allocation, read from bytes
/// in one piece), numbered in the order they were first seen.
#[derive(Default, Clone)]
pub(super) struct Vocabulary {
    pub text: String,
    /// Where term n ends in `text`.
    pub ends: Vec<u32>,
    /// Every number, in code point order of its term (the order of the
    /// shards, which the client's binary search relies on, and the order
    /// `number` searches).
    pub sorted: Vec<u32>,
    /// Which terms some entry holds, by number, as the memo's last
    /// `update` found them: the patch of the index reads it rather than
    /// every entry's terms again (3.6 million numbers at 10x). Not kept on
    /// disk (every update finds it again).
    pub live: Vec<bool>,
}

/// Reviews analyzed at a time: in parallel, a batch's terms then numbered
/// on one thread; a batch at a time keeps few terms as strings at once.
const BATCH: usize = 256;

impl SearchMemo {
    /// Brings the memo to exactly `reviews`: the analyses of reviews whose
    /// key it holds are kept, the others made. Returns the analyses it let
    /// go (by key; what they were is what a patch of the index undoes), or
    /// None when the vocabulary was numbered again, which they predate.
    pub(super) fn update(
        &mut self,
        reviews: &[Review],
        review_keys: &[u64],
        taxonomy: &Taxonomy,
    ) -> Option<FxHashMap<u64, Entry>> {
        assert_eq!(reviews.len(), review_keys.len(), "one key per review");
        let keys: Vec<u64> = reviews
            .iter()
            .zip(review_keys)
            .map(|(review, &key)| memo_key(key, review, taxonomy))
            .collect();
        let mut old: FxHashMap<u64, Entry> = self.entries.drain(..).map(|e| (e.key, e)).collect();
        let mut entries: Vec<Option<Entry>> = keys.iter().map(|k| old.remove(k)).collect();
        let missing: Vec<usize> = (0..entries.len())
            .filter(|&i| entries[i].is_none())
            .collect();
        let mut added = Added::default();
        for batch in missing.chunks(BATCH) {
            let analyses: Vec<_> = batch
                .par_iter()
                .map(|&i| analyze(&FieldTexts::of(&reviews[i], taxonomy)))
                .collect();
            for (&i, analysis) in batch.iter().zip(analyses) {
                entries[i] = Some(self.vocabulary.entry(keys[i], analysis, &mut added));
            }
        }
        self.entries = entries.into_iter().flatten().collect();
        self.vocabulary.sort_in(added.numbers);
        let compacted = self.compact_if_sparse();
        if compacted || self.numbering == 0 {
            self.numbering = fresh_numbering();
        }
        (!compacted).then_some(old)
    }

    /// Renumbers the vocabulary without the terms no review holds any more,
    /// once they are the majority: it never grows beyond twice what the
    /// reviews use. Whether it did.
    fn compact_if_sparse(&mut self) -> bool {
        let mut used = vec![false; self.vocabulary.len()];
        let mut live = 0;
        for id in self.entries.iter().flat_map(|e| e.ids.iter()) {
            live += usize::from(!used[id as usize]);
            used[id as usize] = true;
        }
        if live * 2 >= used.len() {
            self.vocabulary.live = used;
            return false;
        }
        let old = std::mem::take(&mut self.vocabulary);
        let mut renumbered = vec![u32::MAX; used.len()];
        for &id in &old.sorted {
            if used[id as usize] {
                renumbered[id as usize] = self.vocabulary.push(old.term(id));
            }
        }
        // Numbered in sorted order, so sorted is 0, 1, 2, ...
        self.vocabulary.sorted = (0..self.vocabulary.len() as u32).collect();
        for entry in &mut self.entries {
            entry.ids = entry.ids.iter().map(|id| renumbered[id as usize]).collect();
        }
        self.vocabulary.live = vec![true; self.vocabulary.len()];
        true
    }
}

/// The terms one update numbered: by term, to find them again, and in
/// the order they came.
#[derive(Default)]
struct Added {
    by_term: FxHashMap<String, u32>,
    numbers: Vec<u32>,
}

impl Vocabulary {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn term(&self, n: u32) -> &str {
        let n = n as usize;
        let start = if n == 0 { 0 } else { self.ends[n - 1] as usize };
        &self.text[start..self.ends[n] as usize]
    }

    pub(super) fn push(&mut self, term: &str) -> u32 {
        self.text.push_str(term);
        self.ends.push(self.text.len() as u32);
        self.ends.len() as u32 - 1
    }

    /// The analysis with its terms numbered.
    fn entry(&mut self, key: u64, analysis: Analysis, added: &mut Added) -> Entry {
        let ids = analysis
            .terms
            .into_iter()
            .map(|term| self.number(term, added))
            .collect();
        Entry {
            key,
            ids,
            terms: analysis.rest,
        }
    }

    /// The term's number: a binary search of the sorted terms (the memo
    /// keeps no hash map of them, so it reads from bytes without building
    /// one), then of those this update added.
    fn number(&mut self, term: String, added: &mut Added) -> u32 {
        if let Ok(at) = self.sorted.binary_search_by(|&n| self.term(n).cmp(&term)) {
            return self.sorted[at];
        }
        if let Some(&n) = added.by_term.get(&term) {
            return n;
        }
        let n = self.push(&term);
        added.by_term.insert(term, n);
        added.numbers.push(n);
        n
    }

    /// Merges newly numbered terms into `sorted`.
    fn sort_in(&mut self, mut added: Vec<u32>) {
        if added.is_empty() {
            return;
        }
        added.sort_unstable_by(|&a, &b| self.term(a).cmp(self.term(b)));
        let old = std::mem::take(&mut self.sorted);
        let mut merged = Vec::with_capacity(old.len() + added.len());
        let (mut a, mut b) = (old.into_iter().peekable(), added.into_iter().peekable());
        while let (Some(&x), Some(&y)) = (a.peek(), b.peek()) {
            if self.term(x) <= self.term(y) {
                merged.push(x);
                a.next();
            } else {
                merged.push(y);
                b.next();
            }
        }
        merged.extend(a);
        merged.extend(b);
        self.sorted = merged;
    }
}

/// A number no other numbering of a vocabulary has had: random.
fn fresh_numbering() -> u64 {
    use std::hash::BuildHasher;
    std::collections::hash_map::RandomState::new().hash_one(std::time::SystemTime::now()) | 1
}

/// The key a review's analysis is kept under: the caller's key of the
/// review (its file and the settings), and the names of its topics, which
/// its fields hold but its file does not (`topic_texts`). SipHash with
/// std's fixed keys: the same from run to run, as a memo on disk needs.
fn memo_key(review_key: u64, review: &Review, taxonomy: &Taxonomy) -> u64 {
    let mut hasher = DefaultHasher::new();
    review_key.hash(&mut hasher);
    for text in topic_texts(review, taxonomy) {
        text.hash(&mut hasher);
    }
    hasher.finish()
}

#[cfg(test)]
impl SearchMemo {
    /// A memo of these texts, keyed by their place.
    pub(super) fn of_texts(docs: &[FieldTexts]) -> SearchMemo {
        let mut memo = SearchMemo::default();
        let mut added = Added::default();
        for (i, doc) in docs.iter().enumerate() {
            let entry = memo.vocabulary.entry(i as u64, analyze(doc), &mut added);
            memo.entries.push(entry);
        }
        memo.vocabulary.sort_in(added.numbers);
        memo
    }
}
