//! The whole parse: archive text to reviews with settled dates, plus the
//! diagnostics worth telling the author about. Pure: no I/O.

use super::dates::{self, Settled};
use super::lines::urls;
use super::links::{arxiv_id, is_truncated_arxiv_id};
use super::review::{self, Draft};
use super::segment;
use super::source::Lines;
use crate::diag::Diagnostic;
use chrono::NaiveDate;

/// One review, parsed. Tags and slug come later (they need content/).
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub draft: Draft,
    pub date: NaiveDate,
    pub date_estimated: bool,
    pub body: String,
}

pub struct Outcome {
    pub reviews: Vec<Parsed>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parse archive text. Err holds the error diagnostic when nothing sensible
/// can be produced (no review, or no date anywhere to estimate from).
pub fn parse(file: &str, text: &str) -> Result<Outcome, Diagnostic> {
    let lines = Lines::split(text);
    if lines.lines.iter().all(|l| l.trim().is_empty()) {
        return Err(Diagnostic::error(file, 1, "the archive is empty"));
    }
    let segments = segment::split(&lines);
    if segments.is_empty() {
        return Err(Diagnostic::error(
            file,
            1,
            "no review found: expected header lines like \"המאמר היומי של מיק 30.05.24: TITLE\"",
        ));
    }
    let mut diagnostics = Vec::new();
    let mut drafts: Vec<Draft> = Vec::with_capacity(segments.len());
    for segment in &segments {
        let previous_title = drafts.last().and_then(|d| d.title.as_deref());
        drafts.push(review::assemble(&lines, segment, previous_title));
    }
    if let (Some(first), Some(segment)) = (drafts.first(), segments.first()) {
        let header = segment.headline.or(segment.header.as_ref().map(|h| h.0));
        if header.is_some_and(|h| h > first.start) {
            diagnostics.push(Diagnostic::warning(
                file,
                first.start,
                "text before the first review header; kept with the first review",
            ));
        }
    }
    let readings: Vec<Vec<NaiveDate>> = drafts
        .iter()
        .map(|d| {
            d.date
                .as_ref()
                .map(|t| t.readings.clone())
                .unwrap_or_default()
        })
        .collect();
    let Some(settled) = dates::settle(&readings) else {
        return Err(Diagnostic::error(
            file,
            drafts[0].start,
            "no review has a readable date, so none can be estimated",
        ));
    };
    let mut reviews = Vec::with_capacity(drafts.len());
    for (draft, settled) in drafts.into_iter().zip(settled) {
        diagnostics.extend(describe(file, &lines, &draft, &settled));
        let body = review::body(&lines, &draft);
        reviews.push(Parsed {
            date: settled.date(),
            date_estimated: matches!(settled, Settled::Estimated(_)),
            body,
            draft,
        });
    }
    Ok(Outcome {
        reviews,
        diagnostics,
    })
}

/// Long prose lines are cut in diagnostics: the start identifies them.
const SOURCE_PREVIEW_CHARS: usize = 100;

/// Warnings for what the parser had to guess.
fn describe(file: &str, lines: &Lines, draft: &Draft, settled: &Settled) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let at = draft.header_line.unwrap_or(draft.start);
    let source: String = {
        let line = lines.get(at);
        match line.char_indices().nth(SOURCE_PREVIEW_CHARS) {
            Some((cut, _)) => format!("{}…", &line[..cut]),
            None => line.to_string(),
        }
    };
    let warn =
        |message: String| Diagnostic::warning(file, at, message).with_source(source.clone(), 1);
    match (settled, &draft.date, draft.header_line) {
        (Settled::Estimated(d), Some(token), _) => out.push(warn(format!(
            "impossible date \"{}\"; estimated {d} from the neighbouring reviews",
            token.text
        ))),
        (Settled::Estimated(d), None, Some(_)) => out.push(warn(format!(
            "header has no date; estimated {d} from the neighbouring reviews"
        ))),
        (Settled::Estimated(d), None, None) => out.push(warn(format!(
            "review has no header; date estimated as {d} from the neighbouring reviews"
        ))),
        (Settled::OutOfOrder(d), Some(token), _) => out.push(warn(format!(
            "date \"{}\" read as {d} is out of order with the reviews around it; kept as read",
            token.text
        ))),
        _ => {}
    }
    if draft.title.is_none() && draft.headline.is_none() {
        out.push(warn(
            "no English title or Hebrew headline found".to_string(),
        ));
    }
    out.extend(truncated_arxiv_ids(file, lines, draft));
    if draft.copied_title {
        out.push(warn(
            "header repeats the previous review's title; using the title on the next line"
                .to_string(),
        ));
    }
    out
}

/// A warning for every arXiv link whose id the archive cut short.
fn truncated_arxiv_ids(file: &str, lines: &Lines, draft: &Draft) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for n in draft.start..=draft.end {
        let line = lines.get(n);
        for url in urls(line) {
            let Some(id) = arxiv_id(url).filter(|id| is_truncated_arxiv_id(id)) else {
                continue;
            };
            let column = line[..line.find(url).unwrap_or(0)].chars().count() + 1;
            out.push(
                Diagnostic::warning(
                    file,
                    n,
                    format!("arXiv id \"{id}\" looks cut short (ids since 2015 have five digits after the dot); kept as written"),
                )
                .with_source(line, column),
            );
        }
    }
    out
}
