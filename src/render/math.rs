//! LaTeX math to MathML at build time (pulldown-latex), so a reader needs
//! no script to read a formula. Markdown's math events (`$...$`, `$$...$$`,
//! parsed by pulldown-cmark's ENABLE_MATH) keep their source raw, so
//! `\|W_l\|` keeps its backslashes.
//!
//! Every formula is laid out left to right and isolated from the Hebrew
//! around it (`dir="ltr"` on `<math>`, which also isolates it for the bidi
//! algorithm); display math sits in a block that scrolls sideways on a
//! narrow screen. A formula that does not parse shows its source as code
//! (and `check` warns about it: `problems`).

use crate::render::escape;
use pulldown_cmark::{Event, Options, Parser};
use pulldown_latex::config::{DisplayMode, RenderConfig};
use pulldown_latex::{mathml::push_mathml, Parser as LatexParser, Storage};
use regex::Regex;
use std::sync::LazyLock;

/// The MathML of `source`, or why it does not parse.
pub fn to_mathml(source: &str, display: bool) -> Result<String, String> {
    let storage = Storage::new();
    let events: Vec<_> = LatexParser::new(source, &storage).collect();
    if let Some(Err(error)) = events.iter().find(|e| e.is_err()) {
        return Err(error.to_string());
    }
    let config = RenderConfig {
        display_mode: if display {
            DisplayMode::Block
        } else {
            DisplayMode::Inline
        },
        ..RenderConfig::default()
    };
    let mut out = String::new();
    push_mathml(&mut out, events.into_iter(), config).map_err(|e| e.to_string())?;
    match escape_text(&out).strip_prefix("<math") {
        Some(rest) => Ok(format!("<math dir=\"ltr\"{rest}")),
        None => Err("the renderer wrote no <math> element".to_string()),
    }
}

/// A MathML tag as pulldown-latex writes it.
static TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^</?(m[a-z]*|semantics|annotation(?:-xml)?|none)(?:\s+[a-z-]+="[^"<>]*")*\s*/?>"#)
        .expect("static regex")
});
static ENTITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#x[0-9A-Fa-f]+);").expect("static regex")
});

/// pulldown-latex writes some operators and identifiers unescaped
/// (`<mo><</mo>`, `\operatorname{<b>}` as `<mi><b></mi>`): everything that is
/// not one of its MathML tags or an entity is escaped here, so the page is
/// valid HTML and the formula's text can never become markup.
fn escape_text(mathml: &str) -> String {
    let mut out = String::with_capacity(mathml.len() + 16);
    let mut rest = mathml;
    while let Some(c) = rest.chars().next() {
        let kept = match c {
            '<' => TAG.find(rest).map(|m| m.end()),
            '&' => ENTITY.find(rest).map(|m| m.end()),
            _ => Some(c.len_utf8()),
        };
        match (kept, c) {
            (Some(1), '>') => out.push_str("&gt;"),
            (Some(n), _) => out.push_str(&rest[..n]),
            (None, '<') => out.push_str("&lt;"),
            (None, _) => out.push_str("&amp;"),
        }
        rest = &rest[kept.unwrap_or(c.len_utf8())..];
    }
    out
}

/// The HTML a formula renders as: MathML, or its source as code.
pub fn to_html(source: &str, display: bool) -> String {
    let delimiter = if display { "$$" } else { "$" };
    match (to_mathml(source, display), display) {
        (Ok(mathml), true) => format!("<span class=\"math-display\">{mathml}</span>"),
        (Ok(mathml), false) => mathml,
        (Err(_), _) => format!(
            "<code class=\"math-error\" dir=\"ltr\">{delimiter}{}{delimiter}</code>",
            escape::html(source)
        ),
    }
}

/// A LaTeX command the export left outside `$...$` ("באיטרציה \hat{t}"),
/// with its braced arguments and sub/superscripts.
static BARE_COMMAND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\\[A-Za-z]+(?:\{[^{}\s]*\})*(?:[_^](?:\{[^{}]*\}|[A-Za-z0-9]))*")
        .expect("static regex")
});

/// True when `text` holds a LaTeX command outside math.
pub fn has_bare_command(text: &str) -> bool {
    text.contains('\\') && BARE_COMMAND.is_match(text)
}

/// `text` as HTML with each bare LaTeX command that parses typeset as an
/// inline formula; `plain` renders the text between them.
pub fn typeset_bare_commands(text: &str, plain: impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    let mut last = 0;
    for m in BARE_COMMAND.find_iter(text) {
        let Ok(mathml) = to_mathml(m.as_str(), false) else {
            continue;
        };
        out.push_str(&plain(&text[last..m.start()]));
        out.push_str(&mathml);
        last = m.end();
    }
    out.push_str(&plain(&text[last..]));
    out
}

/// A formula of a markdown text that does not parse: its byte offset in
/// the text, its source and the parser's message.
pub struct Problem {
    pub offset: usize,
    pub source: String,
    pub message: String,
}

/// Every formula of `markdown` that does not parse.
pub fn problems(markdown: &str, options: Options) -> Vec<Problem> {
    Parser::new_ext(markdown, options)
        .into_offset_iter()
        .filter_map(|(event, range)| {
            let (source, display) = match event {
                Event::InlineMath(s) => (s, false),
                Event::DisplayMath(s) => (s, true),
                _ => return None,
            };
            to_mathml(&source, display).err().map(|message| Problem {
                offset: range.start,
                source: source.to_string(),
                message,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_becomes_left_to_right_mathml() {
        let html = to_html(r"\|W_l\| \leq \frac{1}{2}", false);
        assert!(html.starts_with("<math dir=\"ltr\""), "{html}");
        assert!(html.contains("<mfrac>"), "{html}");
        assert!(html.contains("‖") || html.contains("∥"), "{html}");
    }

    #[test]
    fn display_formula_is_a_scrolling_block() {
        let html = to_html(r"\sum_{i=1}^n x_i", true);
        assert!(
            html.starts_with("<span class=\"math-display\"><math dir=\"ltr\" display=\"block\""),
            "{html}"
        );
    }

    #[test]
    fn bare_commands_outside_math_are_typeset() {
        let html = typeset_bare_commands("באיטרציה \\hat{t} ו-<b>", crate::render::escape::html);
        assert!(html.starts_with("באיטרציה <math dir=\"ltr\" "), "{html}");
        assert!(html.ends_with("</math> ו-&lt;b&gt;"), "{html}");
        assert!(!has_bare_command("C:\\ 5\\%"));
    }

    #[test]
    fn operators_and_identifiers_are_escaped_but_tags_kept() {
        assert_eq!(
            to_mathml(r"a<b \& c > d", false).unwrap(),
            "<math dir=\"ltr\" display=\"inline\"><mi>a</mi><mo>&lt;</mo><mi>b</mi>\
             <mi>&amp;</mi><mi>c</mi><mo>&gt;</mo><mi>d</mi></math>"
        );
        let html = to_mathml(r"\operatorname{<script>} \text{<b>}", false).unwrap();
        assert!(!html.contains("<script") && !html.contains("<b>"), "{html}");
        assert!(
            html.contains("&lt;script&gt;") && html.contains("&lt;b&gt;"),
            "{html}"
        );
    }

    #[test]
    fn unparsable_formula_shows_its_source_as_code() {
        assert!(to_mathml(r"\frac{1}{", false).is_err());
        assert_eq!(
            to_html(r"\frac{<b>}{", false),
            "<code class=\"math-error\" dir=\"ltr\">$\\frac{&lt;b&gt;}{$</code>"
        );
    }
}
