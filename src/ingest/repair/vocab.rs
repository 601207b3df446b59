//! The archive's own vocabulary: every all-Hebrew word and how often it
//! occurs, in the whole archive and in each review. A damaged word is
//! repaired to a word the author wrote elsewhere, most convincingly in the
//! same review (the damaged word often repeats undamaged nearby).

use super::candidates::stems;
use super::script::{fold, is_hebrew, is_hebrew_letter, is_inner_mark};
use super::words::words;
use rustc_hash::FxHashMap;

#[derive(Default)]
pub struct Vocab {
    global: FxHashMap<String, u32>,
    /// Per review (by index into the review ranges).
    local: Vec<FxHashMap<String, u32>>,
    /// Per review: how often a word stands behind clitic prefixes there
    /// ("לדאטה" counts for "דאטה").
    local_stems: Vec<FxHashMap<String, u32>>,
}

/// How often a candidate occurs: as written, or as a known word behind
/// clitic prefixes ("ובמגירה" from "מגירה").
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Seen {
    pub global: u32,
    pub local: u32,
    pub via_prefix: bool,
}

impl Vocab {
    /// `lines` are the archive's lines; `reviews` the 1-based inclusive line
    /// ranges of its reviews.
    pub fn build(lines: &[&str], reviews: &[(usize, usize)]) -> Vocab {
        let mut vocab = Vocab {
            global: FxHashMap::default(),
            local: vec![FxHashMap::default(); reviews.len()],
            local_stems: vec![FxHashMap::default(); reviews.len()],
        };
        for (r, &(start, end)) in reviews.iter().enumerate() {
            for n in start..=end.min(lines.len()) {
                for (_, word) in words(lines[n - 1]) {
                    // A geresh inside belongs to the word ("פאצ'ים").
                    let hebrew = word.chars().all(|c| is_hebrew(c) || is_inner_mark(c));
                    if hebrew && word.chars().any(is_hebrew_letter) {
                        let folded = fold(word);
                        for stem in stems(&folded) {
                            *vocab.local_stems[r].entry(stem.to_string()).or_default() += 1;
                        }
                        *vocab.local[r].entry(folded.clone()).or_default() += 1;
                        *vocab.global.entry(folded).or_default() += 1;
                    }
                }
            }
        }
        vocab
    }

    /// How often `folded` (final letters folded) occurs as written.
    pub fn seen_as_written(&self, folded: &str, review: Option<usize>) -> Seen {
        self.count(folded, review)
    }

    /// How often the best-known word behind clitic prefixes of `folded`
    /// occurs ("ובמגירה" from "מגירה").
    pub fn seen_behind_prefix(&self, folded: &str, review: Option<usize>) -> Seen {
        let mut best = Seen::default();
        for stem in stems(folded) {
            let seen = self.count(stem, review);
            if (seen.global, seen.local) > (best.global, best.local) {
                best = Seen {
                    via_prefix: true,
                    ..seen
                };
            }
        }
        best
    }

    /// How often the review writes `folded`, or the word behind its clitic
    /// prefixes, as written or behind prefixes of its own: the author's
    /// spelling of that word there ("הדאטה" and "לדאטה" both spell "דאטה").
    pub fn spelled_in_review(&self, folded: &str, review: Option<usize>) -> u32 {
        let Some(r) = review else { return 0 };
        let (Some(local), Some(local_stems)) = (self.local.get(r), self.local_stems.get(r)) else {
            return 0;
        };
        let uses =
            |w: &str| local.get(w).copied().unwrap_or(0) + local_stems.get(w).copied().unwrap_or(0);
        std::iter::once(folded)
            .chain(stems(folded))
            .map(uses)
            .max()
            .unwrap_or(0)
    }

    fn count(&self, folded: &str, review: Option<usize>) -> Seen {
        Seen {
            global: self.global.get(folded).copied().unwrap_or(0),
            local: review
                .and_then(|r| self.local.get(r))
                .and_then(|m| m.get(folded))
                .copied()
                .unwrap_or(0),
            via_prefix: false,
        }
    }
}
