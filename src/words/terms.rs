//! From text to tokens and index terms: the whole pipeline, in one place.
//!
//! - `tokens`: the written words, normalized, stop words removed. Queries
//!   are read with this too.
//! - `index_terms`: `tokens` plus the derived forms each token is also
//!   found under (Hebrew prefix/suffix forms, English stems, the solid
//!   spelling of a hyphenated word).

use super::{english, hebrew, normalize::normalize, stopwords::is_stopword, tokenize::words};

/// Terms longer than this many characters are not indexed: no one types
/// them (and static/search-pipeline.js drops them the same way).
pub const MAX_TERM_CHARS: usize = 64;

fn short_enough(term: &str) -> bool {
    term.chars().count() <= MAX_TERM_CHARS
}

/// A text's tokens and derived forms, from one pass over its words.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Analysis {
    pub tokens: Vec<String>,
    pub derived: Vec<String>,
}

pub fn analyze(text: &str) -> Analysis {
    let mut analysis = Analysis::default();
    for parts in words(&normalize(text)) {
        if parts.len() > 1 {
            let compound = parts.concat();
            if short_enough(&compound) {
                analysis.derived.push(compound);
            }
        }
        for token in parts
            .into_iter()
            .filter(|t| !is_stopword(t) && short_enough(t))
        {
            analysis.derived.extend(derive(&token));
            analysis.tokens.push(token);
        }
    }
    analysis
}

/// Terms, each with the number of the token it stands at.
pub type Positioned = Vec<(String, u32)>;

/// Where in a text each of its terms stands: the number of the token (the
/// n-th word kept by `tokens`) it was written as or derived from. A
/// hyphenated word's solid spelling stands at its first part. Search uses
/// these to find phrases and words that stand close together.
pub fn analyze_positions(text: &str) -> (Positioned, Positioned) {
    let mut written = Vec::new();
    let mut derived = Vec::new();
    for parts in words(&normalize(text)) {
        let at = written.len() as u32;
        if parts.len() > 1 {
            let compound = parts.concat();
            if short_enough(&compound) {
                derived.push((compound, at));
            }
        }
        for token in parts
            .into_iter()
            .filter(|t| !is_stopword(t) && short_enough(t))
        {
            let position = written.len() as u32;
            derived.extend(derive(&token).into_iter().map(|d| (d, position)));
            written.push((token, position));
        }
    }
    (written, derived)
}

/// The searchable tokens of `text`, in order.
pub fn tokens(text: &str) -> Vec<String> {
    analyze(text).tokens
}

/// The forms derived from the words of `text` (not the tokens themselves).
pub fn derived_terms(text: &str) -> Vec<String> {
    analyze(text).derived
}

/// Every term `text` is indexed under: tokens and derived forms, sorted and
/// deduplicated (the form the shared test vectors record).
pub fn index_terms(text: &str) -> Vec<String> {
    let Analysis {
        tokens: mut all,
        derived,
    } = analyze(text);
    all.extend(derived);
    all.sort();
    all.dedup();
    all
}

/// The derived forms of one token.
pub fn derive(token: &str) -> Vec<String> {
    let mut forms = Vec::new();
    derive_each(token, |form| forms.push(form.to_string()));
    forms
}

/// `derive`, each form handed to `each` as it is found, without a string
/// made for it where it is part of the token (a Hebrew word's forms are):
/// related reviews hash the forms of every new word of the archive.
pub fn derive_each(token: &str, mut each: impl FnMut(&str)) {
    if token
        .chars()
        .all(|c| ('\u{0590}'..='\u{05FF}').contains(&c))
    {
        hebrew::variant_suffixes(token)
            .filter(|v| !is_stopword(v))
            .for_each(each);
    } else {
        let stem = english::stem(token);
        if stem != token && stem.len() >= 2 {
            each(&stem);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hebrew_prefix_finds_word() {
        for text in ["בדיפוזיה", "והדיפוזיה", "שהדיפוזיה"] {
            assert!(index_terms(text).contains(&"דיפוזיה".to_string()), "{text}");
        }
    }

    #[test]
    fn short_word_not_noise() {
        assert!(!index_terms("מוחלט").contains(&"מוח".to_string()));
        assert!(index_terms("המוח").contains(&"מוח".to_string()));
    }

    #[test]
    fn niqqud_geresh_and_finals_make_no_difference() {
        assert_eq!(tokens("מוֹדֶלִים"), tokens("מודלים"));
        assert_eq!(tokens("צ'אט"), tokens("צ׳אט"));
        assert_eq!(tokens("בד\"כ"), tokens("בד״כ"));
    }

    #[test]
    fn stop_words_are_not_tokens() {
        assert_eq!(
            tokens("the evolution of multimodal"),
            vec!["evolution", "multimodal"]
        );
        assert_eq!(tokens("זה המודל של"), vec!["המודל"]);
    }

    #[test]
    fn english_is_case_insensitive_and_stemmed() {
        assert_eq!(tokens("Grokking"), vec!["grokking"]);
        assert!(index_terms("Grokking").contains(&"grok".to_string()));
    }

    #[test]
    fn overlong_terms_are_not_indexed() {
        let long = "a".repeat(MAX_TERM_CHARS + 1);
        assert!(index_terms(&long).is_empty());
        let parts = ["abcdefghij"; 7].join("-");
        assert!(!index_terms(&parts)
            .iter()
            .any(|t| t.chars().count() > MAX_TERM_CHARS));
        assert_eq!(tokens(&"a".repeat(MAX_TERM_CHARS)).len(), 1);
    }

    #[test]
    fn positions_agree_with_analyze() {
        let text = "Small language-models, של במודלי שפה קטנים";
        let (written, derived) = analyze_positions(text);
        let analysis = analyze(text);
        let terms =
            |list: &[(String, u32)]| list.iter().map(|(t, _)| t.clone()).collect::<Vec<_>>();
        assert_eq!(terms(&written), analysis.tokens);
        assert_eq!(terms(&derived), analysis.derived);
        // Stop words take no position; derived forms stand at their token.
        let at =
            |list: &[(String, u32)], term: &str| list.iter().find(|(t, _)| t == term).map(|p| p.1);
        assert_eq!(at(&written, "שפה"), Some(4));
        assert_eq!(at(&derived, "מודלי"), Some(3));
        assert_eq!(at(&derived, "languagemodels"), Some(1));
    }

    #[test]
    fn hyphenated_word_is_also_indexed_solid() {
        let terms = index_terms("LLaMA-NAS");
        for t in ["llama", "nas", "llamanas"] {
            assert!(terms.contains(&t.to_string()), "{terms:?}");
        }
    }
}
