//! Search: the Hebrew+English token pipeline, and the index files the
//! browser client (static/search.js) reads.
//!
//! - Pipeline (`crate::words`, shared with topics and related reviews): NFKD, marks and format characters stripped, lowercase, final
//!   letters folded; words split into parts; stop words dropped. Each token
//!   is also indexed under derived forms: Hebrew clitic prefixes read off
//!   (never leaving fewer than three letters), the Porter stem of English,
//!   the solid spelling of a hyphenated word. static/search-pipeline.js is
//!   the same pipeline; tests/vectors/tokens.json holds both to it.
//! - Analysis (`fields`, `text`, `analysis`, `chunks`): each review, alone,
//!   into its terms with counts per field and positions, its field lengths,
//!   and its text in parts for the result files, packed small.
//! - Memo (`memo`, `memo_bytes`): the analyses kept under the caller's key
//!   of each review, with the terms numbered in a sorted vocabulary, so a
//!   build analyzes only the reviews that changed; as bytes for a cache.
//! - Index (`index`): the analyses turned term by term, with one BM25-style
//!   weight per (term, review), titles weighing most. A weight reads its
//!   review and the archive's average lengths (rounded), nothing else.
//! - Files (`output`): a manifest, term shards by sorted range, and one
//!   small file per review part (what its result shows, text for its
//!   snippet). No stored documents in the shards; a query loads only its
//!   shards.
//! - Patch (`patch`): when the memo knows the index it made last and the
//!   reviews kept their numbers, only the lists of the terms whose postings
//!   changed are written again, into the shards read back from the last
//!   build; the index is put together whole only when that cannot be.
//! - Query side (static/search-engine.js): plural and construct endings,
//!   prefix search on the last word typed, ranking all-words-first.

mod analysis;
mod chunks;
mod fields;
mod hash;
mod index;
mod memo;
mod memo_bytes;
mod numbers;
mod output;
mod patch;
mod text;

pub use crate::words::{derive, derived_terms, index_terms, tokens};
pub use memo::SearchMemo;
pub use memo_bytes::{EntryBucket, ReadEntries};
pub use output::term_name;
pub use patch::Old;
pub use text::plain_text;

use crate::model::Review;
use crate::site::OutputFile;
use crate::taxonomy::Taxonomy;
use memo::Entry;
use output::{DocEntry, TopicEntry};

/// The search index for these reviews, as files under `search/` in the site.
/// `review_url` gives each review's page path relative to the site root.
pub fn index_files(
    reviews: &[Review],
    taxonomy: &Taxonomy,
    review_url: &dyn Fn(&Review) -> String,
) -> Vec<OutputFile> {
    // A memo of its own, used once: every review is analyzed.
    let keys: Vec<u64> = (0..reviews.len() as u64).collect();
    index_files_cached(
        reviews,
        &keys,
        taxonomy,
        review_url,
        &mut SearchMemo::default(),
    )
}

/// The key a shard or vocabulary chunk is known by: a hash of its bytes.
pub fn file_key(bytes: &[u8]) -> u64 {
    hash::hash(bytes)
}

/// The search index of `index_files_reusing`: the files made, and the
/// result files it did not make.
pub struct Index {
    pub files: Vec<OutputFile>,
    /// The files `reuse` found in place, by path in the site.
    pub kept: Vec<String>,
    /// Every result file's, shard's and chunk's path and key (a hash of
    /// its bytes, or of what they are made from), made or kept, for the
    /// next build's `reuse` and `old`.
    pub doc_keys: Vec<(String, u64)>,
}

/// `index_files_cached`, without making the result files that `reuse`
/// (given a file's path and key) says are already in place: a build into
/// the directory the last one wrote leaves its unchanged reviews' files.
/// Where the memo knows the index it made last, that index is patched
/// (`patch`), its shards read back through `old`.
pub fn index_files_reusing(
    reviews: &[Review],
    review_keys: &[u64],
    taxonomy: &Taxonomy,
    review_url: &dyn Fn(&Review) -> String,
    memo: &mut SearchMemo,
    reuse: output::Reuse,
    old: Old,
) -> Index {
    let dropped = memo.update(reviews, review_keys, taxonomy);
    // Oldest first, so that a new review takes the next number and every
    // other keeps its own (and its result files); the exact reverse of the
    // site's newest-first order. Ties in ranking fall to the newer review,
    // the higher number.
    let mut order: Vec<usize> = (0..reviews.len()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&reviews[a], &reviews[b]);
        a.front
            .date
            .cmp(&b.front.date)
            .then_with(|| b.slug.cmp(&a.slug))
    });
    let ordered: Vec<&Review> = order.iter().map(|&i| &reviews[i]).collect();
    let entries: Vec<&Entry> = order.iter().map(|&i| &memo.entries[i]).collect();
    let topics = topic_entries(&ordered, taxonomy);
    let docs: Vec<DocEntry> = ordered
        .iter()
        .map(|review| DocEntry {
            url: review_url(review),
            title: &review.front.title,
            headline: review.front.headline.as_deref(),
            date: review.front.date.format("%Y-%m-%d").to_string(),
            topics: review
                .front
                .tags
                .iter()
                .filter_map(|tag| topics.iter().position(|t| &t.slug == tag))
                .collect(),
        })
        .collect();
    let average = index::average_lengths(entries.iter().map(|e| &e.terms.lengths));
    let patched = match (memo.index.take(), &dropped) {
        (Some(last), Some(dropped)) => patch::patch(
            &last,
            &entries,
            average,
            dropped,
            &memo.vocabulary,
            old,
            reuse,
        ),
        _ => None,
    };
    let (mut files, mut kept, doc_texts, shards, chunks) = match patched {
        Some(patched) => {
            let doc_texts = output::doc_texts(&entries, &docs, reuse);
            let mut files = vec![output::manifest(
                &patched.shards,
                &patched.chunks,
                &doc_texts.keys,
                &docs,
                &topics,
            )];
            files.extend(patched.files);
            (
                files,
                patched.kept,
                doc_texts,
                patched.shards,
                patched.chunks,
            )
        }
        None => {
            // The result files need no postings: made meanwhile.
            let (postings, doc_texts) = rayon::join(
                || index::build(&entries, &memo.vocabulary.sorted),
                || output::doc_texts(&entries, &docs, reuse),
            );
            let (files, shards, chunks) =
                output::files(&postings, &memo.vocabulary, &doc_texts.keys, &docs, &topics);
            (files, Vec::new(), doc_texts, shards, chunks)
        }
    };
    for (name, text) in doc_texts.made {
        files.push(OutputFile::new(format!("search/{name}.js"), text));
    }
    kept.extend(doc_texts.kept);
    let mut keys = doc_texts.keys;
    keys.extend(
        shards
            .iter()
            .map(|s| (output::shard_path(&s.first), s.hash)),
    );
    keys.extend(
        chunks
            .iter()
            .map(|c| (output::chunk_path(&c.first), c.hash)),
    );
    memo.index = Some(patch::LastIndex {
        docs: entries.iter().map(|e| e.key).collect(),
        average,
        shards,
        chunks,
    });
    Index {
        files,
        kept,
        doc_keys: keys,
    }
}

/// `index_files`, analyzing only the reviews `memo` does not hold under
/// their key. `review_keys[i]` must change whenever review i's file or the
/// settings do; the memo adds the names of its topics itself. Afterwards
/// the memo holds exactly these reviews.
pub fn index_files_cached(
    reviews: &[Review],
    review_keys: &[u64],
    taxonomy: &Taxonomy,
    review_url: &dyn Fn(&Review) -> String,
    memo: &mut SearchMemo,
) -> Vec<OutputFile> {
    let none = |_: &str, _: u64| false;
    let nothing = |_: &str, _: u64| None;
    index_files_reusing(
        reviews,
        review_keys,
        taxonomy,
        review_url,
        memo,
        &none,
        &nothing,
    )
    .files
}

/// Every topic that at least one review carries: taxonomy order first, then
/// slugs the taxonomy does not know (shown by slug rather than dropped).
fn topic_entries(ordered: &[&Review], taxonomy: &Taxonomy) -> Vec<TopicEntry> {
    let mut entries: Vec<TopicEntry> = taxonomy
        .topics
        .iter()
        .map(|t| TopicEntry {
            slug: t.slug.clone(),
            he: t.he.clone(),
            en: t.en.clone(),
            docs: Vec::new(),
        })
        .collect();
    for (i, review) in ordered.iter().enumerate() {
        for tag in &review.front.tags {
            let position = match entries.iter().position(|t| &t.slug == tag) {
                Some(p) => p,
                None => {
                    entries.push(TopicEntry {
                        slug: tag.clone(),
                        he: tag.clone(),
                        en: tag.clone(),
                        docs: Vec::new(),
                    });
                    entries.len() - 1
                }
            };
            if entries[position].docs.last() != Some(&(i as u32)) {
                entries[position].docs.push(i as u32);
            }
        }
    }
    entries.retain(|t| !t.docs.is_empty());
    entries
}
