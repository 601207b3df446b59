//! English titles: recognising a title line and cleaning the text around it
//! (emoji, `**bold**`, separators, and punctuation the right-to-left export
//! moved to the wrong end).

use super::lines::{is_latin_dominant, is_link_only};

/// Could this line be an English paper title on its own?
pub fn is_title_line(line: &str) -> bool {
    let text = line.trim();
    !text.is_empty()
        && text.chars().count() <= 250
        && !is_link_only(text)
        && !text.contains("://")
        && is_latin_dominant(text)
        && text.split_whitespace().count() >= 2
}

/// Clean a raw title: drop decoration at both ends and bold markers, fix
/// bidi-displaced punctuation. None when no English title is left.
pub fn clean(raw: &str) -> Option<String> {
    let without_bold = raw.replace("**", "");
    let trimmed = without_bold
        .trim_start_matches(|c: char| is_decoration(c) || ":-–—|.,;".contains(c))
        .trim_end_matches(|c: char| is_decoration(c) || ":-–—|,;".contains(c));
    let mut title = trimmed.split_whitespace().collect::<Vec<_>>().join(" ");
    title = fix_bidi_punctuation(title);
    // A sentence-final period is the reviewer's, not the paper's ("...
    // The Structured Task Hypothesis."); an ellipsis stays.
    if title.ends_with('.') && !title.ends_with("..") {
        title.pop();
    }
    let latin = title.chars().filter(|c| c.is_ascii_alphabetic()).count();
    (latin >= 2).then_some(title)
}

/// Whitespace, emoji and other symbols that frame a header, but not the
/// punctuation a title may start or end with.
fn is_decoration(c: char) -> bool {
    c.is_whitespace() || !(c.is_alphanumeric() || "()[]<>?!.'\"“”‘’$&#%+=@/\\".contains(c))
}

/// Copied out of a right-to-left context, "When Can Transformers Count to n?"
/// arrives as "?When Can Transformers Count to n" and "softmax is not enough
/// (...)" as "(softmax is not enough (...". Put the punctuation back.
fn fix_bidi_punctuation(title: String) -> String {
    if let Some(rest) = title.strip_prefix(['?', '!']) {
        let mark = &title[..1];
        return format!("{}{mark}", rest.trim_start());
    }
    let opens = title.matches('(').count();
    let closes = title.matches(')').count();
    if opens > closes {
        if let Some(rest) = title.strip_prefix('(') {
            return format!("{})", rest.trim_start());
        }
    }
    title
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_strips_emoji_bold_and_separators() {
        assert_eq!(
            clean(" 🚀⚡️ **RRM: ROBUST REWARD MODEL**").as_deref(),
            Some("RRM: ROBUST REWARD MODEL")
        );
        assert_eq!(
            clean(":** Q*: Improving Multi-step Reasoning").as_deref(),
            Some("Q*: Improving Multi-step Reasoning")
        );
        assert_eq!(clean(" - ⚡️🚀"), None);
        assert_eq!(
            clean("Training Large Language Models   for Reasoning "),
            Some("Training Large Language Models for Reasoning".into())
        );
    }

    #[test]
    fn clean_puts_bidi_displaced_punctuation_back() {
        assert_eq!(
            clean(" - ?When Can Transformers Count to n").as_deref(),
            Some("When Can Transformers Count to n?")
        );
        assert_eq!(
            clean(" (softmax is not enough (for sharp out-of-distribution").as_deref(),
            Some("softmax is not enough (for sharp out-of-distribution)")
        );
        assert_eq!(
            clean("Are you still on track!?").as_deref(),
            Some("Are you still on track!?")
        );
    }

    #[test]
    fn title_lines_are_english_and_not_links() {
        assert!(is_title_line("DENOISING DIFFUSION IMPLICIT MODELS"));
        assert!(!is_title_line("<https://arxiv.org/abs/2405.17399>"));
        assert!(!is_title_line("היום סוקרים מאמר קליל"));
    }
}
