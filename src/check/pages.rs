//! The page rules that only `check` enforces: they do not stop a build
//! (the page still renders), but each is a mistake the author wants to hear
//! about before publishing. Pages whose front matter does not parse are left
//! to `load`, which already reports them.

use crate::diag::Diagnostic;
use crate::model::FrontMatter;
use crate::taxonomy::Taxonomy;
use std::collections::HashMap;
use std::path::Path;

/// One review file as `check` sees it.
struct Page {
    /// As diagnostics name it (the same form `load` uses).
    file: String,
    slug: String,
    text: String,
    front: FrontMatter,
}

/// `taxonomy` is None when content/tags.toml does not parse (load reports
/// that): then every tag would look unknown, which helps nobody.
/// Files are named relative to the project directory `root`.
pub fn validate(content_dir: &Path, root: &Path, taxonomy: Option<&Taxonomy>) -> Vec<Diagnostic> {
    let pages = read_pages(&content_dir.join("reviews"), root);
    let mut diagnostics = Vec::new();
    for page in &pages {
        empty_title(page, &mut diagnostics);
        no_topic(page, &mut diagnostics);
        if let Some(taxonomy) = taxonomy {
            unknown_topics(page, taxonomy, &mut diagnostics);
        }
    }
    colliding_slugs(&pages, &mut diagnostics);
    same_review_twice(&pages, &mut diagnostics);
    diagnostics
}

fn read_pages(dir: &Path, root: &Path) -> Vec<Page> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<_> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .filter_map(|path| {
            let text = std::fs::read_to_string(&path).ok()?;
            let front = toml::from_str(front_matter(&text)?).ok()?;
            let slug = path.file_stem()?.to_string_lossy().into_owned();
            Some(Page {
                file: crate::diag::file_name(root, &path),
                slug,
                text,
                front,
            })
        })
        .collect()
}

/// The TOML between the `+++` lines, which starts at line 2 of the file.
fn front_matter(text: &str) -> Option<&str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text
        .strip_prefix("+++")?
        .strip_prefix('\n')
        .or_else(|| text.strip_prefix("+++\r\n"))?;
    let mut end = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            return Some(&rest[..end]);
        }
        end += line.len();
    }
    None
}

/// The first front matter line holding `needle` on a line that starts with
/// `key`, or else any front matter line holding it: (line number, column).
fn find(page: &Page, key: &str, needle: &str) -> (usize, Option<(String, usize)>) {
    let front = front_matter(&page.text).unwrap_or("");
    let lines: Vec<&str> = front.lines().collect();
    let at_key = lines.iter().position(|l| l.trim_start().starts_with(key));
    let holding = |from: usize| {
        lines
            .iter()
            .enumerate()
            .skip(from)
            .find_map(|(i, l)| l.find(needle).map(|at| (i, l, at)))
    };
    match holding(at_key.unwrap_or(0)).or_else(|| holding(0)) {
        Some((index, line, at)) => (
            index + 2,
            Some((line.to_string(), line[..at].chars().count() + 1)),
        ),
        None => (at_key.map_or(1, |i| i + 2), None),
    }
}

fn error_at(page: &Page, key: &str, needle: &str, message: String) -> Diagnostic {
    match find(page, key, needle) {
        (line, Some((source, column))) => {
            Diagnostic::error(&page.file, line, message).with_source(source, column)
        }
        (line, None) => Diagnostic::error(&page.file, line, message),
    }
}

fn empty_title(page: &Page, out: &mut Vec<Diagnostic>) {
    if page.front.title.trim().is_empty() {
        out.push(error_at(
            page,
            "title",
            "\"",
            "empty title: every review needs one (its page and links show it)".into(),
        ));
    }
}

/// Ingest gives no topic to a review no rule is sure of (rather than a
/// wrong one); the author hears about it here, to tag it by hand. Only
/// ingested pages (those with a `source`): a page the author started
/// without tags is the author's choice.
fn no_topic(page: &Page, out: &mut Vec<Diagnostic>) {
    if page.front.tags.is_empty() && page.front.source.is_some() {
        let message = format!(
            "no topic: no rule of content/tags.toml reached its min_score; add tags by hand \
             (`yomon ingest ARCHIVE --explain {}` shows the scores)",
            page.slug
        );
        let diagnostic = match find(page, "tags", "[") {
            (line, Some((source, column))) => {
                Diagnostic::warning(&page.file, line, message).with_source(source, column)
            }
            (line, None) => Diagnostic::warning(&page.file, line, message),
        };
        out.push(diagnostic);
    }
}

fn unknown_topics(page: &Page, taxonomy: &Taxonomy, out: &mut Vec<Diagnostic>) {
    for tag in page
        .front
        .tags
        .iter()
        .filter(|tag| taxonomy.topic(tag).is_none())
    {
        out.push(error_at(
            page,
            "tags",
            &format!("\"{tag}\""),
            format!("unknown topic `{tag}`: add it to content/tags.toml or remove it"),
        ));
    }
}

/// Slugs that differ only in case are one URL on a case-insensitive host
/// (macOS, Windows, some buckets): one page would replace the other.
fn colliding_slugs(pages: &[Page], out: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<String, &Page> = HashMap::new();
    for page in pages {
        match seen.get(&page.slug.to_lowercase()) {
            Some(first) => out.push(Diagnostic::error(
                &page.file,
                1,
                format!(
                    "slug `{}` collides with `{}` ({}): URLs must differ in more than case",
                    page.slug, first.slug, first.file
                ),
            )),
            None => {
                seen.insert(page.slug.to_lowercase(), page);
            }
        }
    }
}

/// The same title on the same date in two files is one review started twice.
fn same_review_twice(pages: &[Page], out: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<(chrono::NaiveDate, String), &Page> = HashMap::new();
    for page in pages.iter().filter(|p| !p.front.title.trim().is_empty()) {
        let key = (page.front.date, page.front.title.trim().to_lowercase());
        match seen.get(&key) {
            Some(first) => out.push(error_at(
                page,
                "title",
                "\"",
                format!(
                    "duplicate review: {} has the same title and date",
                    first.file
                ),
            )),
            None => {
                seen.insert(key, page);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_between_the_delimiters() {
        assert_eq!(
            front_matter("+++\ntitle = \"x\"\n+++\nbody\n"),
            Some("title = \"x\"\n")
        );
        assert_eq!(front_matter("+++\ntitle = \"x\"\n"), None);
        assert_eq!(front_matter("title = 1\n"), None);
    }
}
