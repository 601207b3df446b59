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
pub mod prepare;
pub mod review;
pub mod segment;
pub mod slug;
pub mod slugs;
pub mod source;
pub mod tags;
pub mod title;

use crate::diag::{self, Diagnostic};
use crate::ui::Ui;
use anyhow::Context;
use manifest::Manifest;
pub use prepare::{prepare, Ingested};
use std::path::{Path, PathBuf};
use std::time::Instant;

pub struct Options {
    pub archive: PathBuf,
    pub content: PathBuf,
    pub dry_run: bool,
    pub json: bool,
    pub force: bool,
    /// Explain one review's topics instead of writing (`--explain SLUG`).
    pub explain: Option<String>,
    /// Write nothing; fail (listing what differs) unless content/ is
    /// exactly what this ingest would write. Implies `dry_run`.
    pub check: bool,
}

/// Returns Ok(false) when the input had errors (exit code 1).
pub fn run(options: &Options, ui: &Ui) -> anyhow::Result<bool> {
    let started = Instant::now();
    let file = options.archive.display().to_string();
    let bytes =
        std::fs::read(&options.archive).with_context(|| format!("cannot read archive `{file}`"))?;
    // Bad input is reported as a diagnostic and ends the run with exit 1.
    let report = |error: Diagnostic| {
        ui.diagnostics(&[error]);
        Ok(false)
    };
    let mut outcome = match source::decode(&file, &bytes).and_then(|text| parse::parse(&file, text))
    {
        Ok(outcome) => outcome,
        Err(error) => return report(error),
    };
    let dry_run = options.dry_run || options.check || options.explain.is_some();
    let taxonomy = match tags::load(&options.content, dry_run) {
        Ok(taxonomy) => taxonomy,
        Err(error) => return report(error),
    };
    let old = match read_manifest(&options.content.join(manifest::FILE_NAME))? {
        Ok(manifest) => manifest,
        Err(error) => return report(error),
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
    if let Some(wanted) = &options.explain {
        return tags::explain(wanted, &ingested, &taxonomy, ui);
    }
    diag::sort(&mut outcome.diagnostics);
    ui.diagnostics(&outcome.diagnostics);
    if options.json {
        json::print_json(&ingested)?;
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
            record: prepare::record_of(&r, &source_name),
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
        dry_run,
    )?;
    for path in &report.left_alone {
        ui.stage(format!(
            "left alone {} (edited by hand; --force overwrites it)",
            path.display()
        ));
    }
    for path in &report.removed {
        ui.stage(format!(
            "removed {} (its review is no longer in the archive)",
            path.display()
        ));
    }
    if options.check {
        let same = in_sync(&report, &options.content, &options.archive);
        if same {
            ui.stage(format!(
                "check    {} is what ingest writes ({} unchanged, {} edited by hand)",
                options.content.display(),
                report.unchanged,
                report.left_alone.len()
            ));
        }
        return Ok(same);
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

/// `--check`: whether content/ is what ingest would write, with each
/// difference named (on stderr, even with -q: it explains the exit code).
/// Pages edited by hand are the author's and no difference; pages that are
/// not from this archive (started with `yomon new`) are not ingest's at all.
fn in_sync(report: &emit::Report, content: &Path, archive: &Path) -> bool {
    if !report.changes_anything() {
        return true;
    }
    let mut lines = Vec::new();
    lines.extend(
        report
            .changed
            .iter()
            .map(|p| format!("  differs   {}", p.display())),
    );
    lines.extend(
        report
            .removed
            .iter()
            .map(|p| format!("  extra     {}", p.display())),
    );
    if report.manifest_changed {
        let path = content.join(manifest::FILE_NAME);
        lines.push(format!("  differs   {}", path.display()));
    }
    eprintln!(
        "ingest --check: {} is not what ingest writes from {} ({} file(s)); run `yomon ingest {}` and commit the result:\n{}",
        content.display(),
        archive.display(),
        lines.len(),
        archive.display(),
        lines.join("\n")
    );
    false
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
