//! Load: a review file's text and `content/tags.toml` into values.
//!
//! Every problem becomes a diagnostic naming file and line (with a caret
//! where the TOML parser gives a span); the engine (`incremental`, which
//! reads the files and knows which changed) goes on past bad files so the
//! author sees every problem in one run. This is the only place content is
//! parsed and checked: the file's shape is `front`'s, the topics are
//! `taxonomy`'s, the rules beyond parsing are `rules`'; each review keeps
//! its `Origin` so later stages can name a line without reading it again.

pub mod rules;
pub mod taxonomy;

use crate::config::toml_diagnostic;
use crate::diag::Diagnostic;
use crate::front::{Shape, FRONT_LINE};
use crate::model::{FrontMatter, Review};
use crate::origin::Origin;
use crate::taxonomy::Taxonomy;

/// What `content/` holds, plus the problems found reading it.
pub struct Content {
    /// Newest first; reviews on the same day by slug, so output is stable.
    /// Shared: `serve`'s later work reads the reviews of the update that
    /// started it without a copy of them all (120 MB of text at 100x).
    pub reviews: std::sync::Arc<Vec<Review>>,
    /// Shared: a save in `serve` builds a `Content` around it without
    /// copying the rules.
    pub taxonomy: std::sync::Arc<Taxonomy>,
    pub diagnostics: Vec<Diagnostic>,
}

/// One review file: `+++`, TOML front matter, `+++`, markdown body.
pub fn parse_review(file: &str, slug: String, text: &str) -> Result<Review, Diagnostic> {
    parse_review_knowing(file, slug, text, |_| None)
}

/// `parse_review`, given front matters already read (`known` gives the
/// value of a front matter's text read before, the build cache's
/// `incremental::fronts`): only a text it does not know is read as TOML.
pub fn parse_review_knowing(
    file: &str,
    slug: String,
    text: &str,
    known: impl FnOnce(&str) -> Option<FrontMatter>,
) -> Result<Review, Diagnostic> {
    let parts = crate::front::split(text).map_err(|shape| match shape {
        Shape::NoOpening(first) => {
            Diagnostic::error(file, 1, "expected `+++` opening the front matter")
                .with_source(first, 1)
        }
        Shape::NotClosed => {
            Diagnostic::error(file, 1, "front matter is not closed by a `+++` line")
        }
    })?;
    let front: FrontMatter = match known(&parts.front) {
        Some(front) => front,
        None => toml::from_str(&parts.front)
            .map_err(|e| front_matter_problem(file, &parts.front, &e))?,
    };
    if !is_url_safe_slug(&slug) {
        return Err(Diagnostic::error(
            file,
            1,
            format!("file name `{slug}` is not a URL-safe slug (use a-z, 0-9, -)"),
        ));
    }
    Ok(Review {
        slug,
        front,
        body: parts.body,
        origin: Origin {
            file: file.to_string(),
            front: parts.front,
            body_line: parts.body_line,
        },
    })
}

/// A front matter TOML error as a diagnostic. toml's own message for a
/// date like 2024-02-30 is two lines ("invalid date-time", "value is out of
/// range") with the caret in the middle of the value; the author wants to
/// read which value is wrong, with the caret at its start.
fn front_matter_problem(file: &str, front_text: &str, err: &toml::de::Error) -> Diagnostic {
    let diagnostic = toml_diagnostic(file, front_text, FRONT_LINE - 1, err);
    let (first, rest) = err
        .message()
        .trim()
        .split_once('\n')
        .unwrap_or((err.message().trim(), ""));
    if first != "invalid date-time" {
        return diagnostic;
    }
    let Some(source) = diagnostic.source_line.clone() else {
        return diagnostic;
    };
    let Some((key, value)) = source.split_once('=') else {
        return diagnostic;
    };
    let shown = value.split('#').next().unwrap_or("").trim();
    let message = if rest.contains("out of range") {
        format!("impossible date {shown} in `{}`", key.trim())
    } else {
        format!("invalid date {shown} in `{}`: {}", key.trim(), rest.trim())
    };
    let column = key.chars().count() + 1 + (value.len() - value.trim_start().len()) + 1;
    Diagnostic::error(file, diagnostic.line, message).with_source(source, column)
}

fn is_url_safe_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str =
        "+++\ntitle = \"2BP: 2-Stage Backpropagation\"\ndate = 2024-05-30\n+++\nגוף\n";

    #[test]
    fn parses_front_matter_and_body() {
        let review = parse_review("a.md", "2024-05-30-2bp".into(), GOOD).unwrap();
        assert_eq!(review.front.title, "2BP: 2-Stage Backpropagation");
        assert_eq!(review.body, "גוף\n");
    }

    #[test]
    fn bad_front_matter_names_the_file_line() {
        let text = "+++\ntitle = \"x\"\ndate = 2024-05-30\ncolour = 3\n+++\n";
        let d = parse_review("r.md", "r".into(), text).unwrap_err();
        assert_eq!(d.line, 4, "{d}");
        assert!(d.message.contains("colour"), "{d}");
        assert_eq!(d.source_line.as_deref(), Some("colour = 3"));
    }

    #[test]
    fn impossible_date_is_reported_not_panicked() {
        let text = "+++\ntitle = \"x\"\ndate = 2024-02-30\n+++\n";
        let d = parse_review("r.md", "r".into(), text).unwrap_err();
        assert_eq!(
            d.to_string(),
            "r.md:3: error: impossible date 2024-02-30 in `date`\n  | date = 2024-02-30\n  |        ^"
        );
        let text = "+++\ntitle = \"x\"\ndate =  2023-13-01 # oops\n+++\n";
        let d = parse_review("r.md", "r".into(), text).unwrap_err();
        assert_eq!(d.line, 3, "{d}");
        assert_eq!(d.column, Some(9), "{d}");
        assert!(d.message.contains("date 2023-13-01 in `date`"), "{d}");
        assert!(!d.message.contains('\n'), "{d}");
    }

    #[test]
    fn a_crlf_page_with_a_bom_keeps_its_line_numbers() {
        let text = "\u{feff}+++\r\ntitle = \"x\"\r\ndate = 2024-05-30\r\ncolour = 1\r\n+++\r\n";
        let d = parse_review("r.md", "r".into(), text).unwrap_err();
        assert_eq!((d.line, d.source_line.as_deref()), (4, Some("colour = 1")));
        let text = "\u{feff}+++\r\ntitle = \"x\"\r\ndate = 2024-05-30\r\n+++\r\n\r\nbody\r\n";
        let review = parse_review("r.md", "r".into(), text).unwrap();
        assert_eq!(review.body, "\nbody\n");
        assert_eq!(review.origin.in_file(&review.body, "body").unwrap().line, 6);
    }

    #[test]
    fn missing_delimiters_are_errors() {
        assert!(parse_review("r.md", "r".into(), "title = 1\n").is_err());
        assert!(parse_review("r.md", "r".into(), "+++\ntitle = \"x\"\n").is_err());
        assert!(parse_review("r.md", "r".into(), "").is_err());
    }
}
