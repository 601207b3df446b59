//! The archive's own vocabulary: every all-Hebrew word and how often it
//! occurs, in the whole archive and in each review. A damaged word is
//! repaired to a word the author wrote elsewhere, most convincingly in the
//! same review (the damaged word often repeats undamaged nearby).

use super::script::{fold, is_hebrew, is_hebrew_letter};
use super::words::words;
use crate::words::hebrew::prefix_cuts;
use rustc_hash::FxHashMap;

/// A clitic prefix must leave at least this many letters of a known word.
const MIN_STEM: usize = 3;

#[derive(Default)]
pub struct Vocab {
    global: FxHashMap<String, u32>,
    /// Per review (by index into the review ranges).
    local: Vec<FxHashMap<String, u32>>,
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
        };
        for (r, &(start, end)) in reviews.iter().enumerate() {
            for n in start..=end.min(lines.len()) {
                for (_, word) in words(lines[n - 1]) {
                    if word.chars().all(is_hebrew) && word.chars().any(is_hebrew_letter) {
                        let folded = fold(word);
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
    /// occurs ("ובמגירה" from "מגירה"); zero when `folded` itself is known
    /// (then it is no prefixed form).
    pub fn seen_behind_prefix(&self, folded: &str, review: Option<usize>) -> Seen {
        let chars: Vec<char> = folded.chars().collect();
        let mut best = Seen::default();
        for cut in prefix_cuts(&chars) {
            if chars.len() - cut < MIN_STEM {
                continue;
            }
            let stem: String = chars[cut..].iter().collect();
            let seen = self.count(&stem, review);
            if (seen.global, seen.local) > (best.global, best.local) {
                best = Seen {
                    via_prefix: true,
                    ..seen
                };
            }
        }
        best
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
