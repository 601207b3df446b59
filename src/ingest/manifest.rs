//! `content/ingest-manifest.toml`: what ingest last wrote, page by page.
//!
//! It is how slugs stay permanent and hand edits stay safe: each record ties
//! a page's slug to the archive lines, date, title and arXiv ids it came
//! from, plus a fingerprint of the bytes ingest wrote. A later ingest (grown
//! archive, better parser) finds each review's old page through it and keeps
//! its slug; a page whose bytes no longer match its fingerprint was edited by
//! hand and is left alone unless `--force`.

use super::repair::Repair;
use crate::diag::Diagnostic;
use crate::model::FrontMatter;
use serde::{Deserialize, Serialize};
use std::path::Path;

pub const FILE_NAME: &str = "ingest-manifest.toml";

const HEADER: &str = "\
# Written by `yomon ingest`; do not edit. For each page: the archive lines it
# came from and a fingerprint of the bytes ingest wrote, so that re-ingesting
# keeps every page's slug and never overwrites a page edited by hand. Then
# every word ingest repaired: archive line, column (in characters), before, after;
# and the lines left out of pages because they only stated the review number.
";

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    #[serde(rename = "page", default)]
    pub pages: Vec<Record>,
    /// Words ingest repaired in the archive's text (`repair`): where, and
    /// what they were and became, so each can be undone.
    #[serde(rename = "repair", default, skip_serializing_if = "Vec::is_empty")]
    pub repairs: Vec<Repair>,
    /// Archive lines that only repeated the review number: they are in no
    /// page (the number is in front matter), so their text is kept here.
    #[serde(rename = "number_line", default, skip_serializing_if = "Vec::is_empty")]
    pub number_lines: Vec<NumberLine>,
}

/// A line left out of a page because it only stated the review number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NumberLine {
    pub file: String,
    pub line: usize,
    pub text: String,
}

/// What ingest changed in or left out of the archive's text, for the manifest.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TextNotes {
    pub repairs: Vec<Repair>,
    pub number_lines: Vec<NumberLine>,
}

impl TextNotes {
    /// `mine` for this archive, and what `old` had for other archives.
    pub fn merged(old: &Manifest, source_name: &str, mine: TextNotes) -> TextNotes {
        let mut repairs: Vec<Repair> = old
            .repairs
            .iter()
            .filter(|r| r.file != source_name)
            .cloned()
            .collect();
        repairs.extend(mine.repairs);
        let mut number_lines: Vec<NumberLine> = old
            .number_lines
            .iter()
            .filter(|r| r.file != source_name)
            .cloned()
            .collect();
        number_lines.extend(mine.number_lines);
        TextNotes {
            repairs,
            number_lines,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    pub slug: String,
    /// The archive's file name.
    pub file: String,
    pub start_line: usize,
    pub end_line: usize,
    pub date: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default)]
    pub arxiv: Vec<String>,
    pub fingerprint: String,
}

impl Manifest {
    /// Rebuild records from the pages themselves, for when the manifest is
    /// missing: a page whose front matter names this archive as its source
    /// keeps its slug. Its fingerprint is unknown, so a page that differs
    /// from what ingest would write counts as edited by hand (the safe side).
    pub fn recover(reviews_dir: &Path, archive_name: &str) -> Vec<Record> {
        let Ok(entries) = std::fs::read_dir(reviews_dir) else {
            return Vec::new();
        };
        let mut records: Vec<Record> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .filter_map(|path| {
                let slug = path.file_stem()?.to_string_lossy().into_owned();
                let text = std::fs::read_to_string(&path).ok()?;
                let front: FrontMatter = crate::front::read(&text)?;
                let source = front.source.filter(|s| s.file == archive_name)?;
                Some(Record {
                    slug,
                    file: source.file,
                    start_line: source.start_line,
                    end_line: source.end_line,
                    date: front.date.format("%Y-%m-%d").to_string(),
                    title: Some(front.title),
                    arxiv: front.arxiv,
                    fingerprint: String::new(),
                })
            })
            .collect();
        records.sort_by(|a, b| (a.start_line, &a.slug).cmp(&(b.start_line, &b.slug)));
        records
    }

    pub fn parse(file: &str, text: &str) -> Result<Manifest, Diagnostic> {
        toml::from_str(text).map_err(|e| {
            let line = e.span().map_or(1, |s| {
                text[..s.start.min(text.len())].matches('\n').count() + 1
            });
            Diagnostic::error(
                file,
                line,
                format!(
                    "{} (delete the file to rebuild it; slugs may then change)",
                    e.message()
                ),
            )
        })
    }

    pub fn render(&self) -> Result<String, toml::ser::Error> {
        Ok(format!("{HEADER}\n{}", toml::to_string(self)?))
    }

    pub fn by_slug(&self, slug: &str) -> Option<&Record> {
        self.pages.iter().find(|r| r.slug == slug)
    }
}
