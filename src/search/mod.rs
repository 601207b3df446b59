//! Search: the Hebrew+English token pipeline, and the index files the
//! browser client (static/search.js) reads.

mod english;
mod hebrew;
mod normalize;
pub mod stopwords;
mod terms;
mod tokenize;

pub use terms::{derive, derived_terms, index_terms, tokens};

use crate::model::Review;
use crate::site::OutputFile;
use crate::taxonomy::Taxonomy;

/// The search index for these reviews, as files under `search/` in the site.
/// `review_url` gives each review's page path relative to the site root.
pub fn index_files(
    _reviews: &[Review],
    _taxonomy: &Taxonomy,
    _review_url: &dyn Fn(&Review) -> String,
) -> Vec<OutputFile> {
    Vec::new()
}
