//! Markdown body -> HTML, treating the text as data.
//!
//! The archive is a chat export: a single newline is a line the author
//! meant, so soft breaks become `<br>`. Anything that looks like HTML is
//! shown as text, links only keep safe schemes, and images from other hosts
//! become links (a page must request nothing from another host).

use pulldown_cmark::{
    html, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd, TextMergeStream,
};

/// What a review page says when the archive holds no text for it (the
/// export ends right after the last review's header).
pub const NO_TEXT: &str =
    "<p class=\"no-text\">לסקירה הזאת אין טקסט בארכיון: הייצוא שלו נקטע כאן.</p>\n";

/// The body as HTML that is safe to insert with `| safe`.
pub fn to_html(markdown: &str) -> String {
    if markdown.trim().is_empty() {
        return NO_TEXT.to_string();
    }
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    // Merged text runs: the parser splits "Q*" at the would-be emphasis mark.
    let events = TextMergeStream::new(Parser::new_ext(markdown, options()));
    html::push_html(&mut out, Sanitize::new(events));
    out
}

/// Plain text of the opening paragraphs, for lists, feeds and the meta
/// description, cut at a word boundary near `max_chars`. Bare URLs and
/// "label: URL" lines ("מאמר: https://...") say nothing in a teaser.
pub fn teaser(markdown: &str, max_chars: usize) -> String {
    let mut text = String::new();
    let mut block = String::new();
    let mut in_autolink = false;
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Start(Tag::Link {
                link_type: LinkType::Autolink | LinkType::Email,
                ..
            }) => in_autolink = true,
            Event::End(TagEnd::Link) => in_autolink = false,
            Event::Text(t)
            | Event::Code(t)
            | Event::Html(t)
            | Event::InlineHtml(t)
            | Event::InlineMath(t)
            | Event::DisplayMath(t)
                if !in_autolink =>
            {
                block.push_str(&t)
            }
            Event::SoftBreak | Event::HardBreak => block.push(' '),
            Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_) | TagEnd::HtmlBlock,
            ) => {
                push_block(&mut text, &block);
                block.clear();
                if text.chars().count() >= max_chars / 2 {
                    break;
                }
            }
            _ => {}
        }
    }
    push_block(&mut text, &block);
    cut_at_word(&text, max_chars)
}

fn push_block(text: &mut String, block: &str) {
    let mut words: Vec<&str> = block
        .split_whitespace()
        .filter(|w| !is_bare_url(w))
        .collect();
    // A trailing "מאמר:" labelled a URL that is gone now.
    if words.last().is_some_and(|w| w.ends_with(':')) {
        words.pop();
    }
    let block = words.join(" ");
    if block.is_empty() {
        return;
    }
    if !text.is_empty() {
        text.push(' ');
    }
    text.push_str(&block);
}

fn is_bare_url(word: &str) -> bool {
    let w = word.trim_start_matches(['<', '(']);
    // Compared in place: lowercasing a copy of every word of every teaser
    // cost an allocation each.
    let starts = |prefix: &str| {
        w.as_bytes()
            .get(..prefix.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(prefix.as_bytes()))
    };
    starts("http://") || starts("https://") || starts("www.")
}

fn cut_at_word(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    // One character more: if it is a space, the last word is whole.
    let cut: String = text.chars().take(max_chars + 1).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > cut.len() / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches([',', '.', ':', ';', '-', ' ']))
}

/// `ENABLE_MATH`: `$...$` and `$$...$$` are math events holding their
/// source raw (backslashes before punctuation, like `\|W\|`, kept), which
/// `math` typesets.
pub fn options() -> Options {
    Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES | Options::ENABLE_MATH
}

/// True for http(s), mailto and scheme-less (relative or #anchor) URLs.
pub fn is_safe_url(url: &str) -> bool {
    // Browsers drop ASCII whitespace and controls inside a scheme
    // ("java\tscript:"), so do the same before looking at it.
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .collect();
    let scheme_end = cleaned.find([':', '/', '?', '#']);
    match scheme_end {
        Some(i) if cleaned[i..].starts_with(':') => {
            matches!(
                cleaned[..i].to_ascii_lowercase().as_str(),
                "http" | "https" | "mailto"
            )
        }
        _ => true,
    }
}

/// False for links that lead nowhere, which render as their text: the
/// `[text](#)` placeholders of the export, and arXiv links whose id the
/// archive cut short (they would 404; ingest warns about them).
fn leads_somewhere(url: &str) -> bool {
    let url = url.trim();
    if url.is_empty() || url == "#" {
        return false;
    }
    !crate::ingest::links::arxiv_id(url).is_some_and(crate::ingest::links::is_truncated_arxiv_id)
}

fn is_external(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("http:") || lower.starts_with("https:") || lower.starts_with("//")
}

/// The event filter: raw HTML to text, unsafe links to text, remote images
/// to links, soft breaks to `<br>`, headings one level down (the page owns `<h1>`).
struct Sanitize<'a, I: Iterator<Item = Event<'a>>> {
    inner: I,
    /// Stack of how each open link/image ends: true = its end is dropped.
    dropped_ends: Vec<bool>,
    /// Images turned into links end as links.
    image_as_link: Vec<bool>,
}

impl<'a, I: Iterator<Item = Event<'a>>> Sanitize<'a, I> {
    fn new(inner: I) -> Self {
        Sanitize {
            inner,
            dropped_ends: Vec::new(),
            image_as_link: Vec::new(),
        }
    }
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for Sanitize<'a, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        loop {
            let event = self.inner.next()?;
            let mapped = match event {
                Event::Html(text) | Event::InlineHtml(text) => text_event(text),
                Event::Text(text) => text_event(text),
                Event::SoftBreak => Event::HardBreak,
                Event::InlineMath(source) => {
                    Event::InlineHtml(super::math::to_html(&source, false).into())
                }
                Event::DisplayMath(source) => {
                    Event::InlineHtml(super::math::to_html(&source, true).into())
                }
                Event::Start(Tag::HtmlBlock) => Event::Start(Tag::Paragraph),
                Event::End(TagEnd::HtmlBlock) => Event::End(TagEnd::Paragraph),
                Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }) => Event::Start(Tag::Heading {
                    level: demote(level),
                    id,
                    classes,
                    attrs,
                }),
                Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(demote(level))),
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    let keep = is_safe_url(&dest_url) && leads_somewhere(&dest_url);
                    self.dropped_ends.push(!keep);
                    if !keep {
                        continue;
                    }
                    Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    })
                }
                Event::End(TagEnd::Link) => {
                    if self.dropped_ends.pop().unwrap_or(false) {
                        continue;
                    }
                    Event::End(TagEnd::Link)
                }
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    let safe = is_safe_url(&dest_url);
                    let as_link = safe && is_external(&dest_url);
                    self.dropped_ends.push(!safe);
                    self.image_as_link.push(as_link);
                    if !safe {
                        continue;
                    }
                    if as_link {
                        Event::Start(Tag::Link {
                            link_type,
                            dest_url,
                            title,
                            id,
                        })
                    } else {
                        Event::Start(Tag::Image {
                            link_type,
                            dest_url,
                            title,
                            id,
                        })
                    }
                }
                Event::End(TagEnd::Image) => {
                    let as_link = self.image_as_link.pop().unwrap_or(false);
                    if self.dropped_ends.pop().unwrap_or(false) {
                        continue;
                    }
                    Event::End(if as_link { TagEnd::Link } else { TagEnd::Image })
                }
                other => other,
            };
            return Some(mapped);
        }
    }
}

/// Text, or (when a Latin term needs isolating) the same text already
/// escaped by `bidi::isolate_terms`, which only adds `<bdi>`.
fn text_event(text: CowStr<'_>) -> Event<'_> {
    if super::math::has_bare_command(&text) {
        let html = super::math::typeset_bare_commands(&text, super::bidi::isolate_terms);
        Event::InlineHtml(html.into())
    } else if super::bidi::needs_isolation(&text) {
        Event::InlineHtml(super::bidi::isolate_terms(&text).into())
    } else {
        Event::Text(text)
    }
}

fn demote(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_newline_is_a_line_break() {
        assert_eq!(
            to_html("שורה אחת\nשורה שתיים"),
            "<p>שורה אחת<br />\nשורה שתיים</p>\n"
        );
    }

    #[test]
    fn raw_html_renders_as_visible_text() {
        let html = to_html("<script>alert(1)</script>\n\ntext <img src=x onerror=alert(1)> and <iframe src=//e.org>");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("<iframe"), "{html}");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{html}"
        );
        assert!(
            html.contains("&lt;img src=x onerror=alert(1)&gt;"),
            "{html}"
        );
    }

    #[test]
    fn javascript_links_become_plain_text() {
        for md in [
            "[x](javascript:alert(1))",
            "[x](JavaScript:alert(1))",
            "[x](java&#9;script:alert(1))",
            "<javascript:alert(1)>",
            "[x](data:text/html,hi)",
        ] {
            let html = to_html(md);
            assert!(!html.contains("<a"), "{md} -> {html}");
            assert!(
                !html.to_ascii_lowercase().contains("href"),
                "{md} -> {html}"
            );
        }
    }

    #[test]
    fn safe_links_are_kept() {
        let html =
            to_html("מאמר: <https://arxiv.org/abs/2405.17399> [m](mailto:a@b.c) [r](../x.html)");
        assert!(
            html.contains(r#"<a href="https://arxiv.org/abs/2405.17399">"#),
            "{html}"
        );
        assert!(html.contains(r#"<a href="mailto:a@b.c">"#), "{html}");
        assert!(html.contains(r#"<a href="../x.html">"#), "{html}");
    }

    #[test]
    fn links_to_nowhere_render_as_their_text() {
        assert_eq!(to_html("ראו [כאן](#) ועוד"), "<p>ראו כאן ועוד</p>\n");
        assert_eq!(
            to_html("מאמר: <https://arxiv.org/abs/2405.2044>"),
            "<p>מאמר: https://arxiv.org/abs/2405.2044</p>\n"
        );
        assert!(to_html("<https://arxiv.org/abs/2405.20445>").contains("<a href="));
    }

    #[test]
    fn a_review_without_text_says_so() {
        assert_eq!(to_html("\n  \n"), NO_TEXT);
        assert!(NO_TEXT.contains("אין טקסט"));
    }

    #[test]
    fn remote_images_become_links() {
        let html = to_html("![figure](https://e.org/a.png)");
        assert!(!html.contains("<img"), "{html}");
        assert!(
            html.contains(r#"<a href="https://e.org/a.png">figure</a>"#),
            "{html}"
        );
    }

    #[test]
    fn latin_terms_with_symbols_are_isolated_and_still_escaped() {
        assert_eq!(to_html("היסק עם Q*"), "<p>היסק עם <bdi>Q*</bdi></p>\n");
        assert_eq!(
            to_html("<b>C++</b>"),
            "<p>&lt;b&gt;<bdi>C++</bdi>&lt;/b&gt;</p>\n"
        );
    }

    #[test]
    fn math_is_typeset_and_keeps_its_backslashes() {
        let html = to_html("הנורמה $\\|W_l\\|$ קטנה.\n\n$$\\frac{a}{b}$$");
        assert!(html.contains("<math dir=\"ltr\""), "{html}");
        assert!(!html.contains('$'), "{html}");
        assert!(html.contains("<span class=\"math-display\">"), "{html}");
        assert_eq!(
            teaser("הנורמה $\\|W_l\\|$ קטנה.", 100),
            "הנורמה \\|W_l\\| קטנה."
        );
    }

    #[test]
    fn headings_are_demoted_below_the_page_title() {
        assert_eq!(to_html("# כותרת"), "<h2>כותרת</h2>\n");
    }

    #[test]
    fn teaser_is_cut_at_a_word() {
        let t = teaser("מילה אחת שתיים שלוש ארבע חמש\n\nעוד", 14);
        assert_eq!(t, "מילה אחת שתיים…");
        assert_eq!(teaser("**קצר**", 50), "קצר");
    }

    #[test]
    fn teaser_skips_link_lines() {
        let t = teaser(
            "מאמר מעניין על RAG.\nמאמר: <https://arxiv.org/abs/1>\n\nטלגרם: https://t.me/x",
            200,
        );
        assert_eq!(t, "מאמר מעניין על RAG.");
        assert_eq!(
            teaser("מאמר: <https://arxiv.org/abs/1>\n\nגוף הסקירה.", 200),
            "גוף הסקירה."
        );
    }
}
