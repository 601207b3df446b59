//! Our `Language` for elasticlunr-rs: its built-in pipelines keep only ASCII
//! letters and drop every Hebrew word, so yomon brings its own.

use elasticlunr::lang::Language;
use elasticlunr::Pipeline;

/// Hebrew and English together: one review mixes both in every sentence.
pub struct HebrewEnglish;

impl Language for HebrewEnglish {
    fn name(&self) -> String {
        "HebrewEnglish".into()
    }

    fn code(&self) -> String {
        "he".into()
    }

    /// The whole token pipeline (`terms::tokens`): normalization and stop
    /// words are decided per word, with the word's neighbours in view
    /// (apostrophes, hyphens, prefixes before Latin), so they run here.
    fn tokenize(&self, text: &str) -> Vec<String> {
        super::tokens(text)
    }

    /// Empty: elasticlunr pipeline steps map one token to at most one, and
    /// our derived forms are one-to-many; they are indexed through separate
    /// fields with their own tokenizer (see `index::build`).
    fn make_pipeline(&self) -> Pipeline {
        Pipeline { queue: Vec::new() }
    }
}
