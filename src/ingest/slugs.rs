//! Giving each review its permanent slug: reuse the slug of the page it
//! had before (found through the manifest), otherwise a fresh one that no
//! page has ever used.

use super::manifest::Record;
use super::slug;
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

/// What identifies a review across re-ingests.
pub struct Identity<'a> {
    pub start_line: usize,
    pub end_line: usize,
    pub date: NaiveDate,
    pub title: Option<&'a str>,
    pub arxiv: &'a [String],
}

/// Slugs for `reviews` (archive order). `records` are the manifest's records
/// for this archive file; `taken` holds every slug some page already uses
/// (other archives, hand-made pages, records of this one).
pub fn assign(
    reviews: &[Identity],
    records: &[Record],
    taken: &HashSet<String>,
) -> (Vec<String>, Vec<bool>) {
    let matches = match_records(reviews, records);
    let mut used: HashSet<String> = taken.clone();
    let mut slugs: Vec<Option<String>> = matches
        .iter()
        .map(|m| m.map(|j| records[j].slug.clone()))
        .collect();
    for (i, review) in reviews.iter().enumerate() {
        if slugs[i].is_some() {
            continue;
        }
        let base = slug::base(review.date, review.title, review.arxiv);
        let mut candidate = base.clone();
        let mut n = 2;
        while used.contains(&candidate) {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        used.insert(candidate.clone());
        slugs[i] = Some(candidate);
    }
    let matched = matches.iter().map(Option::is_some).collect();
    (
        slugs.into_iter().map(Option::unwrap_or_default).collect(),
        matched,
    )
}

/// Pair reviews with records, best evidence first: overlapping archive
/// lines, the same arXiv ids, the same title, the same date. Each record
/// pairs at most once. Candidates come from indexes (records by line, by
/// arXiv id, by title), so a huge archive does not cost reviews x records.
fn match_records(reviews: &[Identity], records: &[Record]) -> Vec<Option<usize>> {
    let mut by_start: Vec<usize> = (0..records.len()).collect();
    by_start.sort_by_key(|&j| records[j].start_line);
    let mut by_arxiv: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut by_title: HashMap<String, Vec<usize>> = HashMap::new();
    for (j, rec) in records.iter().enumerate() {
        for id in &rec.arxiv {
            by_arxiv.entry(id.as_str()).or_default().push(j);
        }
        if let Some(t) = &rec.title {
            by_title.entry(t.to_lowercase()).or_default().push(j);
        }
    }
    let longest = records
        .iter()
        .map(|r| r.end_line.saturating_sub(r.start_line))
        .max()
        .unwrap_or(0);
    let mut pairs: Vec<(u64, usize, usize)> = Vec::new();
    for (i, r) in reviews.iter().enumerate() {
        // Records starting within `longest` lines before the review may overlap it.
        let from = by_start.partition_point(|&j| records[j].start_line + longest < r.start_line);
        let to = by_start.partition_point(|&j| records[j].start_line <= r.end_line);
        let mut candidates: Vec<usize> = by_start[from..to.max(from)].to_vec();
        candidates.extend(
            r.arxiv
                .iter()
                .flat_map(|a| by_arxiv.get(a.as_str()).into_iter().flatten().copied()),
        );
        candidates.extend(
            r.title
                .and_then(|t| by_title.get(&t.to_lowercase()))
                .into_iter()
                .flatten()
                .copied(),
        );
        candidates.sort_unstable();
        candidates.dedup();
        for j in candidates {
            let rec = &records[j];
            let overlap = (r.end_line.min(rec.end_line) + 1)
                .saturating_sub(r.start_line.max(rec.start_line)) as u64;
            let same_arxiv = !r.arxiv.is_empty() && r.arxiv.iter().any(|a| rec.arxiv.contains(a));
            let same_title = r.title.is_some_and(|t| {
                rec.title
                    .as_deref()
                    .is_some_and(|o| o.eq_ignore_ascii_case(t))
            });
            if overlap == 0 && !same_arxiv && !same_title {
                continue;
            }
            let same_date = r.date.format("%Y-%m-%d").to_string() == rec.date;
            let score = overlap
                + 10_000 * u64::from(same_arxiv)
                + 10_000 * u64::from(same_title)
                + 5_000 * u64::from(same_date);
            pairs.push((score, i, j));
        }
    }
    pairs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut review_match = vec![None; reviews.len()];
    let mut record_used = vec![false; records.len()];
    for (_, i, j) in pairs {
        if review_match[i].is_none() && !record_used[j] {
            review_match[i] = Some(j);
            record_used[j] = true;
        }
    }
    review_match
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(slug: &str, start: usize, end: usize, arxiv: &[&str]) -> Record {
        Record {
            slug: slug.into(),
            file: "a.txt".into(),
            start_line: start,
            end_line: end,
            date: "2024-06-01".into(),
            title: None,
            arxiv: arxiv.iter().map(|a| a.to_string()).collect(),
            fingerprint: String::new(),
        }
    }

    #[test]
    fn existing_pages_keep_their_slug_and_new_ones_avoid_collisions() {
        let date = NaiveDate::from_ymd_opt(2024, 6, 1).unwrap();
        let arxiv = vec!["2405.17399".to_string()];
        let reviews = vec![
            // The parser got better: the range moved, the title changed.
            Identity {
                start_line: 3,
                end_line: 12,
                date,
                title: Some("Better Title"),
                arxiv: &arxiv,
            },
            Identity {
                start_line: 20,
                end_line: 30,
                date,
                title: Some("Old Title"),
                arxiv: &[],
            },
        ];
        let records = vec![record("2024-06-01-old-title", 1, 10, &["2405.17399"])];
        let taken: HashSet<String> = records.iter().map(|r| r.slug.clone()).collect();
        let (slugs, matched) = assign(&reviews, &records, &taken);
        assert_eq!(
            slugs,
            vec!["2024-06-01-old-title", "2024-06-01-old-title-2"]
        );
        assert_eq!(matched, vec![true, false]);
    }
}
