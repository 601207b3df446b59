//! From parsed reviews to pages: topics, permanent slugs, front matter and
//! the page bytes, plus which manifest records no review claims any more.

use super::manifest::{Manifest, Record};
use super::parse::Parsed;
use super::{page, slugs, tags};
use crate::model::{FrontMatter, Source};
use anyhow::Context;
use std::collections::HashSet;
use std::path::Path;

/// A review ready to be written: parsed fields plus slug and tags.
pub struct Ingested {
    pub parsed: Parsed,
    pub slug: String,
    pub tags: Vec<String>,
    pub front: FrontMatter,
    pub bytes: String,
}

/// Tags, slugs and page bytes for every parsed review, plus the manifest
/// records this archive no longer produces (stale) and those of other
/// archives (keep).
pub fn prepare(
    reviews: Vec<Parsed>,
    taxonomy: &crate::taxonomy::Taxonomy,
    old: &Manifest,
    source_name: &str,
    reviews_dir: &Path,
) -> anyhow::Result<(Vec<Ingested>, Vec<Record>, Vec<Record>)> {
    let (mine, keep): (Vec<Record>, Vec<Record>) = old
        .pages
        .iter()
        .cloned()
        .partition(|r| r.file == source_name);
    let mine = if mine.is_empty() {
        Manifest::recover(reviews_dir, source_name)
    } else {
        mine
    };
    let mut taken: HashSet<String> = old.pages.iter().map(|r| r.slug.clone()).collect();
    taken.extend(existing_stems(reviews_dir)?);
    let identities: Vec<slugs::Identity> = reviews
        .iter()
        .map(|r| slugs::Identity {
            start_line: r.draft.start,
            end_line: r.draft.end,
            date: r.date,
            title: r.draft.title.as_deref(),
            arxiv: &r.draft.arxiv,
        })
        .collect();
    let (slug_list, _) = slugs::assign(&identities, &mine, &taken);
    drop(identities);
    let used: HashSet<&String> = slug_list.iter().collect();
    let stale: Vec<Record> = mine
        .iter()
        .filter(|r| !used.contains(&r.slug))
        .cloned()
        .collect();
    let matcher = taxonomy.matcher();
    let mut out = Vec::with_capacity(reviews.len());
    for (parsed, slug) in reviews.into_iter().zip(slug_list) {
        let tags = tags::assign(&matcher, &parsed);
        let front = front_matter(&parsed, &tags, source_name);
        let bytes = page::render(&front, &parsed.body).context("cannot serialise front matter")?;
        out.push(Ingested {
            parsed,
            slug,
            tags,
            front,
            bytes,
        });
    }
    Ok((out, stale, keep))
}

fn front_matter(parsed: &Parsed, tags: &[String], source_name: &str) -> FrontMatter {
    let d = &parsed.draft;
    let (title, title_estimated) = display_title(parsed);
    FrontMatter {
        title,
        title_estimated,
        date: parsed.date,
        date_estimated: parsed.date_estimated,
        headline: d.headline.clone(),
        authors: d.authors.clone(),
        number: d.number,
        arxiv: d.arxiv.clone(),
        links: d.links.clone(),
        tags: tags.to_vec(),
        source: Some(Source {
            file: source_name.to_string(),
            start_line: d.start,
            end_line: d.end,
        }),
    }
}

/// The page title must not be empty: the English title, else the Hebrew
/// headline; else (estimated) "arXiv ID" from the review's paper link, else
/// the opening words of the review.
fn display_title(parsed: &Parsed) -> (String, bool) {
    const MAX_CHARS: usize = 80;
    if let Some(t) = parsed
        .draft
        .title
        .as_ref()
        .or(parsed.draft.headline.as_ref())
    {
        return (t.clone(), false);
    }
    if let Some(id) = parsed
        .draft
        .arxiv
        .iter()
        .find(|id| !super::links::is_truncated_arxiv_id(id))
    {
        return (format!("arXiv {id}"), true);
    }
    let first = parsed
        .body
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("סקירה");
    if first.chars().count() <= MAX_CHARS {
        return (first.to_string(), true);
    }
    let mut cut = String::new();
    for word in first.split_whitespace() {
        if cut.chars().count() + word.chars().count() + 1 > MAX_CHARS {
            break;
        }
        if !cut.is_empty() {
            cut.push(' ');
        }
        cut.push_str(word);
    }
    (format!("{cut}…"), true)
}

pub fn record_of(r: &Ingested, source_name: &str) -> Record {
    Record {
        slug: r.slug.clone(),
        file: source_name.to_string(),
        start_line: r.parsed.draft.start,
        end_line: r.parsed.draft.end,
        date: r.parsed.date.format("%Y-%m-%d").to_string(),
        title: r.parsed.draft.title.clone(),
        arxiv: r.parsed.draft.arxiv.clone(),
        fingerprint: page::fingerprint(r.bytes.as_bytes()),
    }
}

fn existing_stems(dir: &Path) -> anyhow::Result<Vec<String>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e).with_context(|| format!("cannot list `{}`", dir.display())),
    };
    let mut stems = Vec::new();
    for entry in entries {
        let path = entry
            .with_context(|| format!("cannot list `{}`", dir.display()))?
            .path();
        if path.extension().is_some_and(|e| e == "md") {
            stems.extend(path.file_stem().map(|s| s.to_string_lossy().into_owned()));
        }
    }
    Ok(stems)
}
