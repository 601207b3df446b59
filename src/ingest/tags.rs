//! Topics for each review, from `content/tags.toml` (written from the
//! built-in default when missing, so the author can edit it afterwards).

use super::parse::Parsed;
use super::prepare::Ingested;
use crate::diag::Diagnostic;
use crate::taxonomy::{explain, Fields, Taxonomy, TopicMatcher};
use crate::ui::Ui;
use std::path::Path;

/// The taxonomy ingest starts a new content/ directory with.
pub const DEFAULT_TAGS: &str = include_str!("default_tags.toml");

pub fn load(content: &Path, dry_run: bool) -> Result<Taxonomy, Diagnostic> {
    let path = content.join("tags.toml");
    let name = path.display().to_string();
    match std::fs::read_to_string(&path) {
        Ok(text) => Taxonomy::parse(&name, &text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if !dry_run {
                std::fs::create_dir_all(content)
                    .and_then(|_| std::fs::write(&path, DEFAULT_TAGS))
                    .map_err(|e| {
                        Diagnostic::error(
                            &name,
                            1,
                            format!("cannot write the default taxonomy: {e}"),
                        )
                    })?;
            }
            Taxonomy::parse("(built-in tags.toml)", DEFAULT_TAGS)
        }
        Err(e) => Err(Diagnostic::error(&name, 1, format!("cannot read: {e}"))),
    }
}

/// The review's topics from its title, headline and body (weighed by place
/// in `content/tags.toml`).
pub fn assign(matcher: &TopicMatcher, review: &Parsed) -> Vec<String> {
    matcher.assign(&fields(review))
}

pub fn fields(review: &Parsed) -> Fields<'_> {
    Fields {
        title: review.draft.title.as_deref().unwrap_or(""),
        headline: review.draft.headline.as_deref().unwrap_or(""),
        body: &review.body,
    }
}

/// `ingest --explain SLUG`: the topic report for one review on stdout.
/// SLUG may also be a page's file name or path ("content/reviews/SLUG.md").
pub fn explain(
    wanted: &str,
    ingested: &[Ingested],
    taxonomy: &Taxonomy,
    ui: &Ui,
) -> anyhow::Result<bool> {
    let slug = Path::new(wanted)
        .file_stem()
        .map_or(wanted.to_string(), |s| s.to_string_lossy().into_owned());
    let Some(review) = ingested.iter().find(|r| r.slug == slug) else {
        ui.diagnostics(&[Diagnostic::error(
            wanted,
            1,
            "no review of the archive has this slug".to_string(),
        )]);
        return Ok(false);
    };
    let scores = taxonomy.matcher().scores(&fields(&review.parsed));
    print!("{}", explain::report(&slug, &scores));
    Ok(true)
}
