//! Our `Language` for elasticlunr-rs: its built-in pipelines keep only ASCII
//! letters and drop every Hebrew word, so yomon brings its own.

use crate::words::tokens;
use elasticlunr::lang::Language;
use elasticlunr::Pipeline;

/// Hebrew and English together: one review mixes both in every sentence.
#[derive(Default)]
pub struct HebrewEnglish;

impl HebrewEnglish {
    pub fn new() -> Self {
        HebrewEnglish
    }
}

impl Language for HebrewEnglish {
    fn name(&self) -> String {
        "HebrewEnglish".into()
    }

    fn code(&self) -> String {
        "he".into()
    }

    /// The whole token pipeline (`words::tokens`): normalization and stop
    /// words are decided per word, with the word's neighbours in view
    /// (apostrophes, hyphens, prefixes before Latin), so they run here.
    fn tokenize(&self, text: &str) -> Vec<String> {
        tokens(text)
    }

    /// Empty: elasticlunr pipeline steps map one token to at most one, and
    /// a word's derived forms are one-to-many. `index::build` hands
    /// elasticlunr each review's analyzed terms instead.
    fn make_pipeline(&self) -> Pipeline {
        Pipeline { queue: Vec::new() }
    }
}

#[cfg(test)]
mod tests {
    use super::HebrewEnglish;
    use elasticlunr::IndexBuilder;

    #[test]
    fn elasticlunr_indexes_hebrew_words_with_it() {
        let mut index = IndexBuilder::with_language(Box::new(HebrewEnglish::new()))
            .add_field("body")
            .build();
        index.add_doc("0", ["המודלים של Transformers"]);
        let json = index.to_json();
        // "מודלימ": final mem folded; "transformers" lowercased; "של" a stop word.
        for path in [
            r#""ה":{"#,
            r#""ל":{"docs":{},"df":0,"י":{"docs":{},"df":0,"מ":{"docs":{"0""#,
        ] {
            assert!(json.contains(path), "{path} in {json}");
        }
        assert!(json.contains(r#""t":{"#));
        assert!(!json.contains(r#""ש":{"docs":{},"df":0,"ל":{"docs":{"0""#));
    }
}
