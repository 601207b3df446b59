//! The one model of words: how yomon reads Hebrew and English text into
//! words, shared by search, topic matching and related reviews, so that
//! "בדיפוזיה" means the same thing everywhere.
//!
//! - `normalize`: NFKD, marks and format characters stripped, lowercase,
//!   final letters folded.
//! - `tokenize`: normalized text into words, words into parts.
//! - `hebrew`: clitic prefixes and plural/construct suffixes.
//! - `english`: the Porter stemmer.
//! - `stopwords`: words too common to mean anything.
//! - `terms`: the pipeline in one place (`tokens`, `index_terms`, `derive`).
//!
//! static/search-pipeline.js is the same pipeline for the browser;
//! tests/vectors/tokens.json holds both to it.

pub mod english;
pub mod hebrew;
pub mod normalize;
pub mod stopwords;
pub mod terms;
pub mod tokenize;

pub use normalize::normalize;
pub use terms::{
    analyze, analyze_positions, derive, derived_terms, index_terms, tokens, Analysis,
    MAX_TERM_CHARS,
};
pub use tokenize::words;
