//! The `--json` output (a contract, DESIGN.md): one object per review in
//! archive order, keys exactly as below.

use super::prepare::Ingested;
use anyhow::Context;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct JsonReview<'a> {
    pub date: String,
    pub date_estimated: bool,
    pub title: Option<&'a str>,
    pub headline: Option<&'a str>,
    pub authors: &'a [String],
    pub number: Option<u32>,
    pub arxiv: &'a [String],
    pub links: &'a [String],
    pub tags: &'a [String],
    pub slug: &'a str,
    pub start_line: usize,
    pub end_line: usize,
}

/// Print the `--json` array on stdout.
pub fn print_json(ingested: &[Ingested]) -> anyhow::Result<()> {
    let records: Vec<JsonReview> = ingested.iter().map(json_record).collect();
    let text = serde_json::to_string_pretty(&records).context("cannot serialise JSON")?;
    println!("{text}");
    Ok(())
}

pub fn json_record(r: &Ingested) -> JsonReview<'_> {
    let d = &r.parsed.draft;
    JsonReview {
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
