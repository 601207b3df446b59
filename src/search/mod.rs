//! Search: the Hebrew+English token pipeline, and the index files the
//! browser client (static/search.js) reads.
//!
//! - Pipeline (`crate::words`, shared with topics and related reviews): NFKD, marks and format characters stripped, lowercase, final
//!   letters folded; words split into parts; stop words dropped. Each token
//!   is also indexed under derived forms: Hebrew clitic prefixes read off
//!   (never leaving fewer than three letters), the Porter stem of English,
//!   the solid spelling of a hyphenated word. static/search-pipeline.js is
//!   the same pipeline; tests/vectors/tokens.json holds both to it.
//! - Index (`index`, `language`, `lunr_postings`): each review is analyzed
//!   once, in parallel, into its terms' counts per field; elasticlunr-rs
//!   (with our `Language`) builds the inverted index from each review's
//!   distinct terms, on a thread of its own; we give each (term, review)
//!   one BM25-style weight, titles weighing most.
//! - Files (`output`): a manifest, term shards by sorted range, and one
//!   small file per review (what its result shows, text for its snippet).
//!   No stored documents in the shards; a query loads only its shards.
//! - Query side (static/search-engine.js): plural and construct endings,
//!   prefix search on the last word typed, ranking all-words-first.

mod chunks;
mod index;
mod language;
mod lunr_postings;
mod output;
mod text;

pub use crate::words::{derive, derived_terms, index_terms, tokens};
pub use language::HebrewEnglish;
pub use text::plain_text;

use crate::model::Review;
use crate::site::OutputFile;
use crate::taxonomy::Taxonomy;
use index::FieldTexts;
use output::{DocEntry, TopicEntry};

/// The search index for these reviews, as files under `search/` in the site.
/// `review_url` gives each review's page path relative to the site root.
pub fn index_files(
    reviews: &[Review],
    taxonomy: &Taxonomy,
    review_url: &dyn Fn(&Review) -> String,
) -> Vec<OutputFile> {
    // Newest first: ties in ranking fall to the newer review.
    let mut ordered: Vec<&Review> = reviews.iter().collect();
    ordered.sort_by(|a, b| {
        b.front
            .date
            .cmp(&a.front.date)
            .then_with(|| a.slug.cmp(&b.slug))
    });
    let topics = topic_entries(&ordered, taxonomy);
    let texts: Vec<FieldTexts> = ordered.iter().map(|r| field_texts(r, taxonomy)).collect();
    let postings = index::build(&texts);
    let docs: Vec<DocEntry> = ordered
        .iter()
        .zip(texts)
        .map(|(review, text)| DocEntry {
            url: review_url(review),
            title: review.front.title.clone(),
            headline: review.front.headline.clone(),
            date: review.front.date.format("%Y-%m-%d").to_string(),
            topics: review
                .front
                .tags
                .iter()
                .filter_map(|tag| topics.iter().position(|t| &t.slug == tag))
                .collect(),
            parts: chunks::split(&text.body),
        })
        .collect();
    output::files(&postings, &docs, &topics)
}

fn field_texts(review: &Review, taxonomy: &Taxonomy) -> FieldTexts {
    let front = &review.front;
    let tags = front.tags.iter().map(|slug| match taxonomy.topic(slug) {
        Some(topic) => format!("{} {} {}", topic.he, topic.en, slug),
        None => slug.clone(),
    });
    // Authors weigh as much as topics: a reader looks for a co-author's
    // reviews by name ("אוראל").
    let people_and_topics = front.authors.iter().cloned().chain(tags);
    // The archive wrote dates as "30.05.2024" or "30.05.24"; a reader may
    // search for a review by either.
    let dates = [
        front.date.format("%d.%m.%Y").to_string(),
        front.date.format("%d.%m.%y").to_string(),
    ];
    let ids = front
        .arxiv
        .iter()
        .cloned()
        .chain(front.number.map(|n| n.to_string()))
        .chain(dates);
    FieldTexts {
        title: front.title.clone(),
        headline: front.headline.clone().unwrap_or_default(),
        tags: people_and_topics.collect::<Vec<_>>().join(" "),
        ids: ids.collect::<Vec<_>>().join(" "),
        body: plain_text(&review.body),
    }
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
