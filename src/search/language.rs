//! Our `Language` for elasticlunr-rs: its built-in pipelines keep only ASCII
//! letters and drop every Hebrew word, so yomon brings its own.

use super::terms::{analyze, Analysis};
use elasticlunr::lang::Language;
use elasticlunr::Pipeline;
use std::collections::HashMap;
use std::sync::{Arc, PoisonError, RwLock};

/// Texts already analyzed (in parallel, before elasticlunr's sequential
/// `add_doc`), by their content. Shared with `index::build`, which fills it
/// a batch of reviews at a time.
pub type Analyzed = Arc<RwLock<HashMap<String, Analysis>>>;

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
        self.lookup(text, |analysis| analysis.derived.clone())
            .unwrap_or_else(|| analyze(text).derived)
    }

    /// `part` of `text`'s analysis, if it is there. Only the half asked for
    /// is cloned: a body is thousands of tokens. (A poisoned lock only means
    /// another thread panicked; the map is still whole.)
    fn lookup(&self, text: &str, part: impl Fn(&Analysis) -> Vec<String>) -> Option<Vec<String>> {
        let analyzed = self.analyzed.read().unwrap_or_else(PoisonError::into_inner);
        analyzed.get(text).map(part)
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
        self.lookup(text, |analysis| analysis.tokens.clone())
            .unwrap_or_else(|| analyze(text).tokens)
    }

    /// Empty: elasticlunr pipeline steps map one token to at most one, and
    /// our derived forms are one-to-many; they are indexed through separate
    /// fields with their own tokenizer (see `index::build`).
    fn make_pipeline(&self) -> Pipeline {
        Pipeline { queue: Vec::new() }
    }
}
