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

/// `ingest --explain SLUG|FILE` without an archive: the topic report for a
/// review page as it stands (a page `yomon new` started, or any page): its
/// title, headline and body. A page whose English title ingest did not find
/// carries a stand-in title, which is read as the title here.
pub fn explain_page(root: &Path, content: &Path, wanted: &str, ui: &Ui) -> anyhow::Result<bool> {
    let given = root.join(wanted);
    let path = if given.is_file() {
        given
    } else {
        let slug = wanted.trim_end_matches(".md");
        content.join("reviews").join(format!("{slug}.md"))
    };
    let name = crate::diag::file_name(root, &path);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => {
            ui.diagnostics(&[Diagnostic::error(
                &name,
                1,
                format!("cannot read the page: {e}"),
            )]);
            return Ok(false);
        }
    };
    let slug = path
        .file_stem()
        .map_or(String::new(), |s| s.to_string_lossy().into_owned());
    let review = match crate::load::parse_review(&name, slug.clone(), &text) {
        Ok(review) => review,
        Err(error) => {
            ui.diagnostics(&[error]);
            return Ok(false);
        }
    };
    let taxonomy = match load(content, true) {
        Ok(taxonomy) => taxonomy,
        Err(error) => {
            ui.diagnostics(&[error]);
            return Ok(false);
        }
    };
    let fields = Fields {
        title: &review.front.title,
        headline: review.front.headline.as_deref().unwrap_or(""),
        body: &review.body,
    };
    print!(
        "{}",
        explain::report(&slug, &taxonomy.matcher().scores(&fields))
    );
    Ok(true)
}
