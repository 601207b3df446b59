//! The plain text of a review body, as the index and the snippets see it.

use regex::Regex;
use std::sync::LazyLock;

/// URLs, bare or in markdown's `<...>`: their words ("https", "github") would
/// only add noise; the arXiv ids a review links to are indexed from its
/// front matter.
static URL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<?(?:https?://|www\.)[^\s>]*>?").expect("static regex"));

/// Markdown emphasis and list markers, which are not words.
static MARKUP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\*\*|__|(?m)^\s*(?:[-*+]|\d+[.)])\s+").expect("static regex"));

/// A line left holding only a label once its URL is gone ("מאמר:").
static BARE_LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\S+(?:\s\S+)?:$").expect("static regex"));

/// The body without URLs, markup or leftover labels, one space between words.
pub fn plain_text(markdown: &str) -> String {
    let without_urls = URL.replace_all(markdown, " ");
    let without_markup = MARKUP.replace_all(&without_urls, " ");
    without_markup
        .lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|line| !line.is_empty() && !BARE_LABEL.is_match(line))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::plain_text;

    #[test]
    fn urls_labels_and_markup_are_removed() {
        let body = "**המאמר** מציע   שיטה.\n\n- נקודה\n\nמאמר: <https://arxiv.org/abs/2405.17399>\nרפו: https://github.com/x/y\n";
        assert_eq!(plain_text(body), "המאמר מציע שיטה. נקודה");
    }

    #[test]
    fn text_that_looks_like_html_stays_text() {
        assert_eq!(plain_text("<script>x</script>"), "<script>x</script>");
    }
}
