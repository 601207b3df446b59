//! The searchable fields of a review, and the text each one holds.

use super::text::plain_text;
use crate::model::Review;
use crate::taxonomy::Taxonomy;

/// Title, headline, topics and authors, ids, body (the order of
/// `FieldTexts::in_order` and of `index::FIELDS`).
pub const FIELD_COUNT: usize = 5;

/// The body's place in `FieldTexts::in_order`.
pub const BODY: usize = 4;

/// Token positions left empty between two fields: a phrase never spans
/// the end of a title and the start of the headline.
pub const FIELD_GAP: u32 = 2;

/// Where the positions of the title, headline, topics and ids begin; the
/// body's run from 0 (static/search-engine.js reads positions below this
/// as the body's). No review comes near a million words.
pub const META_POSITIONS: u32 = 1_000_000;

/// One review's text, field by field.
#[derive(Debug)]
pub struct FieldTexts {
    pub title: String,
    pub headline: String,
    pub tags: String,
    pub ids: String,
    pub body: String,
}

impl FieldTexts {
    pub fn of(review: &Review, taxonomy: &Taxonomy) -> FieldTexts {
        let front = &review.front;
        // Authors weigh as much as topics: a reader looks for a co-author's
        // reviews by name ("אוראל").
        let people_and_topics = front
            .authors
            .iter()
            .cloned()
            .chain(topic_texts(review, taxonomy));
        // The archive wrote dates as "30.05.2024" or "30.05.24"; a reader may
        // search for a review by either.
        let dates = [
            front.date.format("%d.%m.%Y").to_string(),
            front.date.format("%d.%m.%y").to_string(),
        ];
        let ids = front
            .arxiv
            .iter()
            .cloned()
            .chain(front.number.map(|n| n.to_string()))
            .chain(dates);
        FieldTexts {
            title: front.title.clone(),
            headline: front.headline.clone().unwrap_or_default(),
            tags: people_and_topics.collect::<Vec<_>>().join(" "),
            ids: ids.collect::<Vec<_>>().join(" "),
            body: plain_text(&review.body),
        }
    }

    pub fn in_order(&self) -> [&str; FIELD_COUNT] {
        [
            &self.title,
            &self.headline,
            &self.tags,
            &self.ids,
            &self.body,
        ]
    }
}

/// What each of the review's topics is found by: its Hebrew and English
/// names and its slug. The only part of a review's fields that comes from
/// outside its file (the memo keys on it).
pub fn topic_texts<'a>(
    review: &'a Review,
    taxonomy: &'a Taxonomy,
) -> impl Iterator<Item = String> + 'a {
    review
        .front
        .tags
        .iter()
        .map(|slug| match taxonomy.topic(slug) {
            Some(topic) => format!("{} {} {}", topic.he, topic.en, slug),
            None => slug.clone(),
        })
}
