//! Repair's view of a line: its words, with the spans repair must never
//! touch (math, inline code, URLs, autolinks) left out.

use super::script::{is_inner_mark, is_latin, is_word_char};
use regex::Regex;
use std::sync::LazyLock;

/// Inline math, code spans, URLs and `<...>` autolinks: foreign-looking
/// text there is meant (Greek in formulas, identifiers, addresses).
static UNTOUCHABLE: LazyLock<Regex> = LazyLock::new(|| {
    // No `\b`: a Unicode word boundary makes the regex engine backtrack,
    // and this runs on every line of the archive twice.
    Regex::new(r"\$\$[^$]*\$\$|\$[^$]*\$|`[^`]*`|<[^<>\s]+>|(?:https?|ftp)://\S+|www\.\S+|\\\([^)]*\\\)|\\\[[^\]]*\\\]")
        .expect("static regex")
});

/// (byte offset, word) for every word of `line` outside untouchable spans.
pub fn words(line: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut from = 0;
    for span in UNTOUCHABLE.find_iter(line) {
        push_words(line, from, span.start(), &mut out);
        from = span.end();
    }
    push_words(line, from, line.len(), &mut out);
    out
}

fn push_words<'a>(line: &'a str, from: usize, to: usize, out: &mut Vec<(usize, &'a str)>) {
    let text = &line[from..to];
    let mut start: Option<usize> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let inner = is_inner_mark(c)
            && start.is_some()
            && next.is_some_and(|n| is_word_char(n) && !is_latin(n));
        match (is_word_char(c) || inner, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((from + s, &text[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((from + s, &text[s..]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn math_code_and_urls_hold_no_words() {
        let found: Vec<&str> =
            words("מה $\\alpha+ش$ ו`кот` <https://ש.com/a> ש https://x.org/ш סוף")
                .into_iter()
                .map(|(_, w)| w)
                .collect();
        assert_eq!(found, vec!["מה", "ו", "ש", "סוף"]);
    }

    #[test]
    fn geresh_inside_a_hebrew_word_belongs_to_it() {
        let found: Vec<&str> = words("בנצ'מארק, don't ו'")
            .into_iter()
            .map(|(_, w)| w)
            .collect();
        assert_eq!(found, vec!["בנצ'מארק", "don", "t", "ו"]);
    }

    #[test]
    fn words_keep_their_offsets() {
        let line = "אב, להעшир!";
        let found = words(line);
        assert_eq!(found[1], (line.find('ל').unwrap(), "להעшир"));
    }
}
