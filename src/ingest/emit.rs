//! Writing pages under content/: the only place ingest touches the disk for
//! output. Never overwrites a page edited by hand unless forced.

use super::manifest::{self, Manifest, Record, TextNotes};
use super::page::fingerprint;
use anyhow::Context;
use std::path::{Path, PathBuf};

/// A page ingest wants on disk.
pub struct PlannedPage {
    pub slug: String,
    pub bytes: String,
    pub record: Record,
}

/// `--force` and `--dry-run`.
#[derive(Debug, Clone, Copy)]
pub struct Mode {
    pub force: bool,
    pub dry_run: bool,
}

#[derive(Debug, Default)]
pub struct Report {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Pages edited by hand (or not written by ingest) that were not touched.
    pub left_alone: Vec<PathBuf>,
    /// Pages ingest wrote before whose review no longer exists.
    pub removed: Vec<PathBuf>,
    /// Pages created or updated (written, or with `dry_run` to be written).
    pub changed: Vec<PathBuf>,
    /// Whether the manifest differs (was, or would be, rewritten).
    pub manifest_changed: bool,
}

impl Report {
    /// Whether this run changed content/ (or, with `dry_run`, would have).
    pub fn changes_anything(&self) -> bool {
        !self.changed.is_empty() || !self.removed.is_empty() || self.manifest_changed
    }
}

pub fn reviews_dir(content: &Path) -> PathBuf {
    content.join("reviews")
}

pub fn page_path(content: &Path, slug: &str) -> PathBuf {
    reviews_dir(content).join(format!("{slug}.md"))
}

/// Decide what to do with every page and, unless `dry_run`, do it; then
/// write the manifest (with `notes`). `old` is the manifest as found; `stale` are its
/// records of this archive that matched no review.
pub fn emit(
    content: &Path,
    pages: Vec<PlannedPage>,
    old: &Manifest,
    stale: Vec<Record>,
    keep: Vec<Record>,
    notes: TextNotes,
    mode: Mode,
) -> anyhow::Result<Report> {
    let Mode { force, dry_run } = mode;
    let mut report = Report::default();
    let mut records: Vec<Record> = Vec::with_capacity(pages.len());
    if !dry_run {
        std::fs::create_dir_all(reviews_dir(content))
            .with_context(|| format!("cannot create `{}`", reviews_dir(content).display()))?;
    }
    for mut page in pages {
        let path = page_path(content, &page.slug);
        let existing = read_if_exists(&path)?;
        let ours = |bytes: &[u8]| {
            old.by_slug(&page.slug)
                .is_some_and(|r| r.fingerprint == fingerprint(bytes))
        };
        match existing {
            None => {
                report.created += 1;
                write(&path, &page.bytes, dry_run)?;
                report.changed.push(path);
            }
            Some(bytes) if bytes == page.bytes.as_bytes() => report.unchanged += 1,
            Some(bytes) if force || ours(&bytes) => {
                report.updated += 1;
                write(&path, &page.bytes, dry_run)?;
                report.changed.push(path);
            }
            Some(_) => {
                // Keep the fingerprint of what ingest last wrote, so the page
                // still counts as edited next time.
                if let Some(previous) = old.by_slug(&page.slug) {
                    page.record.fingerprint = previous.fingerprint.clone();
                }
                report.left_alone.push(path);
            }
        }
        records.push(page.record);
    }
    for record in stale {
        let path = page_path(content, &record.slug);
        match read_if_exists(&path)? {
            Some(bytes) if fingerprint(&bytes) != record.fingerprint && !force => {
                report.left_alone.push(path);
                records.push(record);
            }
            Some(_) => {
                if !dry_run {
                    std::fs::remove_file(&path)
                        .with_context(|| format!("cannot remove `{}`", path.display()))?;
                }
                report.removed.push(path);
            }
            None => {}
        }
    }
    records.extend(keep);
    let manifest = Manifest {
        pages: records,
        repairs: notes.repairs,
        number_lines: notes.number_lines,
    };
    let text = manifest
        .render()
        .context("cannot serialise the ingest manifest")?;
    let manifest_path = content.join(manifest::FILE_NAME);
    if read_if_exists(&manifest_path)?.as_deref() != Some(text.as_bytes()) {
        write(&manifest_path, &text, dry_run)?;
        report.manifest_changed = true;
    }
    Ok(report)
}

fn read_if_exists(path: &Path) -> anyhow::Result<Option<Vec<u8>>> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("cannot read `{}`", path.display())),
    }
}

fn write(path: &Path, text: &str, dry_run: bool) -> anyhow::Result<()> {
    if dry_run {
        return Ok(());
    }
    std::fs::write(path, text).with_context(|| format!("cannot write `{}`", path.display()))
}
