//! The `--json` output (a contract, DESIGN.md): one object per review in
//! archive order, keys exactly as below.

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
