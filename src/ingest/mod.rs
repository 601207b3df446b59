//! Ingest: archive export -> one review page per review under content/.
//!
//! Stages, each in its own module: `source` (bytes to lines), `segment`
//! (where reviews start and end, using `header`, `lines`, `title`),
//! `review` (fields of one review: `authors`, `number`, `links`), `dates`
//! (settling dates across the archive) -- together `parse`; then `tags`,
//! `slugs` (permanent, via `manifest`), `page` and `emit`.

pub mod authors;
pub mod dates;
pub mod emit;
pub mod header;
pub mod json;
pub mod lines;
pub mod links;
pub mod manifest;
pub mod number;
pub mod page;
pub mod parse;
pub mod review;
pub mod segment;
pub mod slug;
pub mod slugs;
pub mod source;
pub mod tags;
pub mod title;

use crate::diag::{self, Diagnostic};
use crate::model::{FrontMatter, Source};
use crate::ui::Ui;
use anyhow::Context;
use manifest::{Manifest, Record};
use parse::Parsed;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

pub struct Options {
    pub archive: PathBuf,
    pub content: PathBuf,
    pub dry_run: bool,
    pub json: bool,
    pub force: bool,
}

/// A review ready to be written: parsed fields plus slug and tags.
pub struct Ingested {
    pub parsed: Parsed,
    pub slug: String,
    pub tags: Vec<String>,
    pub front: FrontMatter,
    pub bytes: String,
}

/// Returns Ok(false) when the input had errors (exit code 1).
pub fn run(options: &Options, ui: &Ui) -> anyhow::Result<bool> {
    let started = Instant::now();
    let file = options.archive.display().to_string();
    let bytes =
        std::fs::read(&options.archive).with_context(|| format!("cannot read archive `{file}`"))?;
    let outcome = source::decode(&file, &bytes).and_then(|text| parse::parse(&file, text));
    let mut outcome = match outcome {
        Ok(outcome) => outcome,
        Err(error) => {
            ui.diagnostics(&[error]);
            return Ok(false);
        }
    };
    let taxonomy = match tags::load(&options.content, options.dry_run) {
        Ok(t) => t,
        Err(error) => {
            ui.diagnostics(&[error]);
            return Ok(false);
        }
    };
    let manifest_path = options.content.join(manifest::FILE_NAME);
    let old = match read_manifest(&manifest_path)? {
        Ok(m) => m,
        Err(error) => {
            ui.diagnostics(&[error]);
            return Ok(false);
        }
    };
    let source_name = archive_name(&options.archive);
    let reviews_dir = emit::reviews_dir(&options.content);
    let (ingested, stale, keep) = prepare(
        outcome.reviews.drain(..).collect(),
        &taxonomy,
        &old,
        &source_name,
        &reviews_dir,
    )?;
    diag::sort(&mut outcome.diagnostics);
    ui.diagnostics(&outcome.diagnostics);
    if options.json {
        print_json(&ingested)?;
    }
    let estimated = ingested.iter().filter(|r| r.parsed.date_estimated).count();
    ui.stage(format!(
        "ingest   {} reviews from {file} ({estimated} dates estimated, {} warnings)",
        ingested.len(),
        outcome.diagnostics.len()
    ));
    let pages = ingested
        .into_iter()
        .map(|r| emit::PlannedPage {
            record: record_of(&r, &source_name),
            slug: r.slug,
            bytes: r.bytes,
        })
        .collect();
    let report = emit::emit(
        &options.content,
        pages,
        &old,
        stale,
        keep,
        options.force,
        options.dry_run,
    )?;
    for path in &report.left_alone {
        ui.stage(format!(
            "left alone {} (edited by hand; --force overwrites it)",
            path.display()
        ));
    }
    for path in &report.removed {
        ui.detail(format!(
            "removed {} (its review is no longer in the archive)",
            path.display()
        ));
    }
    let verb = if options.dry_run {
        "would write"
    } else {
        "write"
    };
    ui.stage(format!(
        "{verb}    {} new, {} updated, {} unchanged, {} left alone, {} removed under {} in {} ms",
        report.created,
        report.updated,
        report.unchanged,
        report.left_alone.len(),
        report.removed.len(),
        options.content.display(),
        started.elapsed().as_millis()
    ));
    Ok(true)
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
    FrontMatter {
        title: display_title(parsed),
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
/// headline, else the opening words of the review.
fn display_title(parsed: &Parsed) -> String {
    const MAX_CHARS: usize = 80;
    if let Some(t) = parsed
        .draft
        .title
        .as_ref()
        .or(parsed.draft.headline.as_ref())
    {
        return t.clone();
    }
    let first = parsed
        .body
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("סקירה");
    if first.chars().count() <= MAX_CHARS {
        return first.to_string();
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
    format!("{cut}…")
}

fn record_of(r: &Ingested, source_name: &str) -> Record {
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

pub fn print_json(ingested: &[Ingested]) -> anyhow::Result<()> {
    let records: Vec<json::JsonReview> = ingested.iter().map(json_record).collect();
    let text = serde_json::to_string_pretty(&records).context("cannot serialise JSON")?;
    println!("{text}");
    Ok(())
}

pub fn json_record(r: &Ingested) -> json::JsonReview<'_> {
    let d = &r.parsed.draft;
    json::JsonReview {
        date: r.parsed.date.format("%Y-%m-%d").to_string(),
        date_estimated: r.parsed.date_estimated,
        title: d.title.as_deref(),
        headline: d.headline.as_deref(),
        authors: &d.authors,
        number: d.number,
        arxiv: &d.arxiv,
        links: &d.links,
        tags: &r.tags,
        slug: &r.slug,
        start_line: d.start,
        end_line: d.end,
    }
}

/// The archive's file name, recorded in `source.file`: the same bytes
/// whatever directory ingest runs from.
pub fn archive_name(archive: &Path) -> String {
    archive.file_name().map_or_else(
        || archive.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

fn read_manifest(path: &Path) -> anyhow::Result<Result<Manifest, Diagnostic>> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Manifest::parse(&path.display().to_string(), &text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Ok(Manifest::default())),
        Err(e) => Err(e).with_context(|| format!("cannot read `{}`", path.display())),
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
