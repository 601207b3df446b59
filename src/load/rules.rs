//! The content rules a page must pass beyond parsing. Each runs once, here,
//! for `build`, `check` and `serve` alike: a page that breaks one would
//! publish something wrong (an empty heading, a topic link to nowhere, two
//! pages behind one URL), so each is an error wherever it is found; a
//! review ingest could give no topic is a warning.

use crate::diag::Diagnostic;
use crate::model::Review;
use crate::taxonomy::Taxonomy;
use std::collections::HashMap;

/// `reviews` in file-name order, so reports of pairs name the later file.
/// `taxonomy` is None when content/tags.toml itself is broken (reported
/// where it was read): every tag would look unknown, which helps nobody.
pub fn check(reviews: &[&Review], taxonomy: Option<&Taxonomy>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for review in reviews {
        empty_title(review, &mut out);
        no_topic(review, &mut out);
        if let Some(taxonomy) = taxonomy {
            unknown_topics(review, taxonomy, &mut out);
        }
    }
    colliding_slugs(reviews, &mut out);
    same_review_twice(reviews, &mut out);
    out
}

fn empty_title(review: &Review, out: &mut Vec<Diagnostic>) {
    if review.front.title.trim().is_empty() {
        out.push(review.origin.front_error(
            "title",
            "\"",
            "empty title: every review needs one (its page and links show it)".into(),
        ));
    }
}

/// Ingest gives no topic to a review no rule is sure of (rather than a
/// wrong one); the author hears about it, to tag it by hand. Only ingested
/// pages (those with a `source`): a page the author started without tags is
/// the author's choice. A warning: the page itself is right as it stands.
fn no_topic(review: &Review, out: &mut Vec<Diagnostic>) {
    if review.front.tags.is_empty() && review.front.source.is_some() {
        out.push(review.origin.front_warning(
            "tags",
            "[",
            format!(
                "no topic: no rule of content/tags.toml reached its min_score; add tags by hand \
                 (`yomon ingest ARCHIVE --explain {}` shows the scores)",
                review.slug
            ),
        ));
    }
}

fn unknown_topics(review: &Review, taxonomy: &Taxonomy, out: &mut Vec<Diagnostic>) {
    for tag in review
        .front
        .tags
        .iter()
        .filter(|tag| taxonomy.topic(tag).is_none())
    {
        out.push(review.origin.front_error(
            "tags",
            &format!("\"{tag}\""),
            format!("unknown topic `{tag}`: add it to content/tags.toml or remove it"),
        ));
    }
}

/// Slugs that differ only in case are one URL on a case-insensitive host
/// (macOS, Windows, some buckets): one page would replace the other.
fn colliding_slugs(reviews: &[&Review], out: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<String, &Review> = HashMap::new();
    for review in reviews {
        match seen.get(&review.slug.to_lowercase()) {
            Some(first) => out.push(Diagnostic::error(
                &review.origin.file,
                1,
                format!(
                    "slug `{}` collides with `{}` ({}): URLs must differ in more than case",
                    review.slug, first.slug, first.origin.file
                ),
            )),
            None => {
                seen.insert(review.slug.to_lowercase(), review);
            }
        }
    }
}

/// The same title on the same date in two files is one review started twice.
fn same_review_twice(reviews: &[&Review], out: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<(chrono::NaiveDate, String), &Review> = HashMap::new();
    for review in reviews.iter().filter(|r| !r.front.title.trim().is_empty()) {
        let key = (review.front.date, review.front.title.trim().to_lowercase());
        match seen.get(&key) {
            Some(first) => out.push(review.origin.front_error(
                "title",
                "\"",
                format!(
                    "duplicate review: {} has the same title and date",
                    first.origin.file
                ),
            )),
            None => {
                seen.insert(key, review);
            }
        }
    }
}
