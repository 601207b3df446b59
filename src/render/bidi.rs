//! Keep Latin terms whole inside Hebrew text.
//!
//! The Unicode bidi algorithm gives a trailing neutral character the
//! direction of its surroundings, so in a Hebrew line "עם Q*" shows as
//! "*Q" and "C++" as "++C". Wrapping such terms in `<bdi>` isolates them
//! (HTML's own answer; see the W3C note "Inline markup and bidirectional
//! text in HTML").

use super::escape::push_html;
use regex::Regex;
use std::sync::LazyLock;

/// A Latin term that ends in symbols the bidi algorithm would move.
static TERM_WITH_TRAILING_SYMBOLS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[A-Za-z0-9][A-Za-z0-9._\-]*[*+#]+").expect("valid regex"));

/// Whether `text` has one of the symbols such a term ends in: most text
/// has none, and this look is far cheaper than the pattern's. By bytes:
/// a `str` searched for several chars decodes every character of it.
fn may_hold_term(text: &str) -> bool {
    text.bytes().any(|byte| matches!(byte, b'*' | b'+' | b'#'))
}

/// `text` as escaped HTML, with such terms inside `<bdi>`.
pub fn isolate_terms(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    if !may_hold_term(text) {
        push_html(&mut out, text);
        return out;
    }
    let mut last = 0;
    for m in TERM_WITH_TRAILING_SYMBOLS.find_iter(text) {
        push_html(&mut out, &text[last..m.start()]);
        out.push_str("<bdi>");
        push_html(&mut out, m.as_str());
        out.push_str("</bdi>");
        last = m.end();
    }
    push_html(&mut out, &text[last..]);
    out
}

/// True when `isolate_terms` would change the text's markup.
pub fn needs_isolation(text: &str) -> bool {
    may_hold_term(text) && TERM_WITH_TRAILING_SYMBOLS.is_match(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_with_trailing_symbols_are_isolated() {
        assert_eq!(isolate_terms("היסק עם Q*"), "היסק עם <bdi>Q*</bdi>");
        assert_eq!(
            isolate_terms("ב-C++ ו-A*"),
            "ב-<bdi>C++</bdi> ו-<bdi>A*</bdi>"
        );
    }

    #[test]
    fn other_text_is_only_escaped() {
        assert_eq!(
            isolate_terms("RAG <b> & \"x\""),
            "RAG &lt;b&gt; &amp; &quot;x&quot;"
        );
        assert!(!needs_isolation("mamba-2"));
    }
}
