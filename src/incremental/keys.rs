//! Keys: 64-bit hashes of exactly what an output is made from. Two builds
//! that give an output the same key give it the same bytes, so the bytes
//! can be reused; anything an output reads must go into its key (the
//! property test in tests/it/incremental.rs holds this to a clean build).
//!
//! std's SipHash with its fixed keys: deterministic from run to run (the
//! disk cache relies on it, and checks it: `cache::PROBE`), and strong
//! enough that no two inputs of a real site share a key by chance.

use crate::plan::{Input, Output, Plan};
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

pub fn of<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

/// What each review contributes to the keys, same order as the reviews.
pub struct ReviewKeys<'a> {
    /// The whole review: its file's text and its slug.
    pub review: &'a [u64],
    /// What lists show of it (its `Summary`).
    pub summary: &'a [u64],
}

/// The keys of what several outputs share: every summary, the counts, the
/// sitemap's entries.
pub struct Shared {
    pub site: u64,
    all_summaries: u64,
    all_reviews: u64,
    counts: u64,
    sitemap: u64,
}

impl Shared {
    pub fn new(plan: &Plan, site: u64, reviews: &ReviewKeys) -> Shared {
        Shared {
            site,
            all_summaries: of(reviews.summary),
            all_reviews: of(reviews.review),
            counts: of(&(
                reviews.review.len(),
                plan.list_pages,
                plan.topics
                    .iter()
                    .map(|t| (t.topic, t.members.len()))
                    .collect::<Vec<_>>(),
            )),
            sitemap: of(&plan.sitemap_entries()),
        }
    }

    /// The same, after only reviews and their summaries changed (the plan
    /// did not).
    pub fn with_reviews(&self, reviews: &ReviewKeys) -> Shared {
        Shared {
            all_summaries: of(reviews.summary),
            all_reviews: of(reviews.review),
            ..*self
        }
    }
}

/// One output's key.
pub fn output_key(
    output: &Output,
    shared: &Shared,
    reviews: &ReviewKeys,
    related: &[Vec<usize>],
) -> u64 {
    let mut hasher = DefaultHasher::new();
    shared.site.hash(&mut hasher);
    // The path says which output this is (page 2 of the list, the review
    // at "reviews/x.html"); the kind, which renderer makes it, without its
    // index: a review added on top moves every other review one place down
    // the list, and their pages must not all render again for that.
    output.path.hash(&mut hasher);
    std::mem::discriminant(&output.kind).hash(&mut hasher);
    for input in &output.inputs {
        match *input {
            Input::Review(i) => (0u8, reviews.review[i]).hash(&mut hasher),
            Input::Summary(i) => (1u8, reviews.summary[i]).hash(&mut hasher),
            Input::Related(i) => {
                2u8.hash(&mut hasher);
                for &j in related.get(i).map_or(&[][..], Vec::as_slice) {
                    reviews.summary[j].hash(&mut hasher);
                }
            }
            Input::AllSummaries => (3u8, shared.all_summaries).hash(&mut hasher),
            Input::AllReviews => (8u8, shared.all_reviews).hash(&mut hasher),
            Input::Counts => (4u8, shared.counts).hash(&mut hasher),
            Input::Outputs => (5u8, shared.sitemap).hash(&mut hasher),
            Input::Site => 6u8.hash(&mut hasher),
        }
    }
    hasher.finish()
}
