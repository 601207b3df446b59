//! Topics for each review, from `content/tags.toml` (written from the
//! built-in default when missing, so the author can edit it afterwards).

use super::parse::Parsed;
use crate::diag::Diagnostic;
use crate::taxonomy::{Taxonomy, TopicMatcher};
use std::path::Path;

/// The taxonomy ingest starts a new content/ directory with.
pub const DEFAULT_TAGS: &str = include_str!("default_tags.toml");

pub fn load(content: &Path, dry_run: bool) -> Result<Taxonomy, Diagnostic> {
    let path = content.join("tags.toml");
    let name = path.display().to_string();
    if let Some(taxonomy) = crate::load::taxonomy::read(&path, &name)? {
        return Ok(taxonomy);
    }
    if !dry_run {
        std::fs::create_dir_all(content)
            .and_then(|_| std::fs::write(&path, DEFAULT_TAGS))
            .map_err(|e| {
                Diagnostic::error(&name, 1, format!("cannot write the default taxonomy: {e}"))
            })?;
    }
    Taxonomy::parse("(built-in tags.toml)", DEFAULT_TAGS)
}

/// Title and headline weigh more than the body.
pub fn assign(matcher: &TopicMatcher, review: &Parsed) -> Vec<String> {
    let heading = [
        review.draft.title.as_deref(),
        review.draft.headline.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join("\n");
    matcher.assign(&heading, &review.body)
}
