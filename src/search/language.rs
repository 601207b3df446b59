//! Our `Language` for elasticlunr-rs: its built-in pipelines keep only ASCII
//! letters and drop every Hebrew word, so yomon brings its own.

use super::terms::{analyze, Analysis};
use elasticlunr::lang::Language;
use elasticlunr::Pipeline;
use std::collections::HashMap;
use std::sync::Arc;

/// Texts already analyzed (in parallel, before elasticlunr's sequential
/// `add_doc`), by their content.
pub type Analyzed = Arc<HashMap<String, Analysis>>;

/// Hebrew and English together: one review mixes both in every sentence.
#[derive(Default)]
pub struct HebrewEnglish {
    analyzed: Analyzed,
}

impl HebrewEnglish {
    pub fn new() -> Self {
        Self::default()
    }

    /// A language that looks texts up in `analyzed` before analyzing them.
    pub fn with_analyzed(analyzed: Analyzed) -> Self {
        HebrewEnglish { analyzed }
    }

    /// The derived forms of `text` (the second tokenizer of every field).
    pub fn derived(&self, text: &str) -> Vec<String> {
        match self.analyzed.get(text) {
            Some(analysis) => analysis.derived.clone(),
            None => analyze(text).derived,
        }
    }
}

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
        // Only the half asked for is cloned: a body's tokens are thousands
        // of strings.
        match self.analyzed.get(text) {
            Some(analysis) => analysis.tokens.clone(),
            None => analyze(text).tokens,
        }
    }

    /// Empty: elasticlunr pipeline steps map one token to at most one, and
    /// our derived forms are one-to-many; they are indexed through separate
    /// fields with their own tokenizer (see `index::build`).
    fn make_pipeline(&self) -> Pipeline {
        Pipeline { queue: Vec::new() }
    }
}
