//! Load: `content/reviews/*.md` and `content/tags.toml` into values.
//!
//! Every problem becomes a diagnostic naming file and line (with a caret
//! where the TOML parser gives a span); loading goes on past bad files so
//! the author sees every problem in one run.

use crate::config::toml_diagnostic;
use crate::diag::{file_name, Diagnostic};
use crate::model::{FrontMatter, Review};
use crate::taxonomy::Taxonomy;
use rayon::prelude::*;
use std::path::Path;

/// What `content/` holds, plus the problems found reading it.
pub struct Content {
    /// Newest first; reviews on the same day by slug, so output is stable.
    pub reviews: Vec<Review>,
    pub taxonomy: Taxonomy,
    pub diagnostics: Vec<Diagnostic>,
}

const DELIMITER: &str = "+++";

/// Diagnostics name files relative to the project directory `root`.
pub fn load(content_dir: &Path, root: &Path) -> anyhow::Result<Content> {
    let mut diagnostics = Vec::new();
    let taxonomy = load_taxonomy(&content_dir.join("tags.toml"), root, &mut diagnostics);
    let reviews_dir = content_dir.join("reviews");
    let mut paths = Vec::new();
    let entries = std::fs::read_dir(&reviews_dir)
        .map_err(|e| anyhow::anyhow!("cannot read `{}`: {e}", reviews_dir.display()))?;
    for entry in entries {
        let path = entry
            .map_err(|e| anyhow::anyhow!("cannot read `{}`: {e}", reviews_dir.display()))?
            .path();
        if path.extension().is_some_and(|x| x == "md") {
            paths.push(path);
        }
    }
    paths.sort();
    // Files are independent: read and parse them in parallel.
    let parsed: Vec<Result<Review, Diagnostic>> = paths
        .par_iter()
        .map(|path| {
            let name = file_name(root, path);
            match std::fs::read_to_string(path) {
                Ok(text) => parse_review(&name, slug_of(path), &text),
                Err(e) => Err(Diagnostic::error(name, 1, format!("cannot read: {e}"))),
            }
        })
        .collect();
    let mut reviews = Vec::with_capacity(parsed.len());
    for result in parsed {
        match result {
            Ok(review) => reviews.push(review),
            Err(d) => diagnostics.push(d),
        }
    }
    check_tags(&reviews, &taxonomy, &paths, root, &mut diagnostics);
    reviews.sort_by(|a, b| {
        b.front
            .date
            .cmp(&a.front.date)
            .then_with(|| a.slug.cmp(&b.slug))
    });
    Ok(Content {
        reviews,
        taxonomy,
        diagnostics,
    })
}

fn slug_of(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// One review file: `+++`, TOML front matter, `+++`, markdown body.
pub fn parse_review(file: &str, slug: String, text: &str) -> Result<Review, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != DELIMITER {
        return Err(
            Diagnostic::error(file, 1, "expected `+++` opening the front matter")
                .with_source(first.trim_end(), 1),
        );
    }
    let front_start = first.len();
    let mut offset = front_start;
    let mut front_end = None;
    for line in lines {
        if line.trim_end() == DELIMITER {
            front_end = Some((offset, offset + line.len()));
            break;
        }
        offset += line.len();
    }
    let Some((front_end, body_start)) = front_end else {
        return Err(Diagnostic::error(
            file,
            1,
            "front matter is not closed by a `+++` line",
        ));
    };
    let front_text = &text[front_start..front_end];
    let front: FrontMatter =
        toml::from_str(front_text).map_err(|e| front_matter_problem(file, front_text, &e))?;
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
        body: text[body_start..].to_string(),
    })
}

/// A front matter TOML error as a diagnostic. toml's own message for a
/// date like 2024-02-30 is two lines ("invalid date-time", "value is out of
/// range") with the caret in the middle of the value; the author wants to
/// read which value is wrong, with the caret at its start.
fn front_matter_problem(file: &str, front_text: &str, err: &toml::de::Error) -> Diagnostic {
    let diagnostic = toml_diagnostic(file, front_text, 1, err);
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

fn load_taxonomy(path: &Path, root: &Path, diagnostics: &mut Vec<Diagnostic>) -> Taxonomy {
    let name = file_name(root, path);
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Taxonomy::default(),
        Err(e) => {
            diagnostics.push(Diagnostic::error(name, 1, format!("cannot read: {e}")));
            return Taxonomy::default();
        }
    };
    match toml::from_str::<Taxonomy>(&text) {
        Ok(taxonomy) => {
            for topic in &taxonomy.topics {
                if !is_url_safe_slug(&topic.slug) {
                    let line = text
                        .lines()
                        .position(|l| l.contains(&topic.slug))
                        .map_or(1, |i| i + 1);
                    diagnostics.push(Diagnostic::error(
                        &name,
                        line,
                        format!("topic slug `{}` is not URL-safe", topic.slug),
                    ));
                }
            }
            taxonomy
        }
        Err(e) => {
            diagnostics.push(toml_diagnostic(&name, &text, 0, &e));
            Taxonomy::default()
        }
    }
}

/// A tag missing from tags.toml would link to a page that does not exist:
/// warn, naming the line, and the page shows the review without it.
fn check_tags(
    reviews: &[Review],
    taxonomy: &Taxonomy,
    paths: &[std::path::PathBuf],
    root: &Path,
    out: &mut Vec<Diagnostic>,
) {
    for review in reviews {
        for tag in &review.front.tags {
            if taxonomy.topic(tag).is_none() {
                let path = paths.iter().find(|p| slug_of(p) == review.slug);
                let file = path
                    .map(|p| file_name(root, p))
                    .unwrap_or_else(|| review.slug.clone());
                let line = path
                    .and_then(|p| std::fs::read_to_string(p).ok())
                    .and_then(|t| t.lines().position(|l| l.trim_start().starts_with("tags")))
                    .map_or(1, |i| i + 1);
                out.push(Diagnostic::warning(
                    file,
                    line,
                    format!("tag `{tag}` is not in content/tags.toml; not shown"),
                ));
            }
        }
    }
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
    fn missing_delimiters_are_errors() {
        assert!(parse_review("r.md", "r".into(), "title = 1\n").is_err());
        assert!(parse_review("r.md", "r".into(), "+++\ntitle = \"x\"\n").is_err());
        assert!(parse_review("r.md", "r".into(), "").is_err());
    }
}
