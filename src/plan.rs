//! The site planned as data: before anything renders, every output the
//! build will produce, with its path (from `urls`), its kind, the inputs it
//! is made from and its date. Rendering walks the plan; the sitemap is read
//! off it; `serve` and the build cache compare two plans' inputs to know
//! which outputs an edit can have changed.

use crate::config::Config;
use crate::model::Review;
use crate::taxonomy::Taxonomy;
use crate::urls;
use chrono::NaiveDate;

/// What an output is, and so which renderer makes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// The review at this index of the newest-first list.
    Review(usize),
    /// Page N (from 1) of the newest-first list; 1 is the home page.
    List(usize),
    Topics,
    /// The topic at this index of `Plan::topics`.
    Topic(usize),
    TopicFeed(usize),
    Archive,
    Search,
    NotFound,
    Feed,
    Sitemap,
    Robots,
}

/// What an output is made from, besides the site-wide inputs every output
/// shares (yomon.toml, the templates, the taxonomy).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// All of one review: its page shows the whole text.
    Review(usize),
    /// What a list shows of a review: title, date, headline, teaser, topics.
    Summary(usize),
    /// The related reviews of a review (found from every review's words),
    /// and their summaries.
    Related(usize),
    /// Every review's summary (the archive).
    AllSummaries,
    /// All of every review (the main feed carries each review's whole text).
    AllReviews,
    /// The number of reviews and each topic's count (pagination, the topic
    /// index).
    Counts,
    /// Every output's path and date (the sitemap).
    Outputs,
    /// The site-wide inputs only.
    Site,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Output {
    /// Relative to the site root, `/`-separated.
    pub path: String,
    pub kind: Kind,
    pub inputs: Vec<Input>,
    /// The date a crawler is told the page last changed (reviews only).
    pub date: Option<NaiveDate>,
}

/// One topic as the site shows it: its place in the taxonomy and its
/// reviews, newest first.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedTopic {
    /// Index into `Taxonomy::topics`.
    pub topic: usize,
    /// Indices into the reviews, newest first.
    pub members: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub outputs: Vec<Output>,
    /// Most used first, then by Hebrew name: the order of the topic index.
    pub topics: Vec<PlannedTopic>,
    pub list_pages: usize,
}

impl Plan {
    /// `reviews` newest first, as `load` returns them.
    pub fn new(reviews: &[Review], taxonomy: &Taxonomy, config: &Config) -> Plan {
        let topics = topics(reviews, taxonomy);
        let list_pages = reviews.len().div_ceil(config.per_page.max(1)).max(1);
        let mut outputs: Vec<Output> = Vec::with_capacity(reviews.len() + 2 * topics.len() + 16);
        for (i, review) in reviews.iter().enumerate() {
            let mut inputs = vec![Input::Review(i), Input::Related(i)];
            // The previous and next reviews, linked by title.
            inputs.extend((i + 1 < reviews.len()).then_some(Input::Summary(i + 1)));
            inputs.extend(i.checked_sub(1).map(Input::Summary));
            outputs.push(Output {
                path: urls::review(&review.slug),
                kind: Kind::Review(i),
                inputs,
                date: Some(review.front.date),
            });
        }
        let per_page = config.per_page.max(1);
        for page in 1..=list_pages {
            let shown = (page - 1) * per_page..(page * per_page).min(reviews.len());
            let mut inputs: Vec<Input> = shown.map(Input::Summary).collect();
            inputs.push(Input::Counts);
            outputs.push(plain(urls::list_page(page), Kind::List(page), inputs));
        }
        for (t, planned) in topics.iter().enumerate() {
            let slug = &taxonomy.topics[planned.topic].slug;
            let mut inputs: Vec<Input> =
                planned.members.iter().map(|&i| Input::Summary(i)).collect();
            // Its neighbouring topics are listed in the topics' order.
            inputs.push(Input::Counts);
            outputs.push(plain(urls::topic(slug), Kind::Topic(t), inputs));
        }
        for (t, planned) in topics.iter().enumerate() {
            let slug = &taxonomy.topics[planned.topic].slug;
            // A feed carries each review's whole text, not only its summary.
            let inputs: Vec<Input> = planned.members.iter().map(|&i| Input::Review(i)).collect();
            outputs.push(plain(urls::topic_feed(slug), Kind::TopicFeed(t), inputs));
        }
        outputs.push(plain(urls::TOPICS, Kind::Topics, vec![Input::Counts]));
        outputs.push(plain(
            urls::ARCHIVE,
            Kind::Archive,
            vec![Input::AllSummaries],
        ));
        outputs.push(plain(urls::NOT_FOUND, Kind::NotFound, vec![Input::Site]));
        outputs.push(plain(urls::FEED, Kind::Feed, vec![Input::AllReviews]));
        if config.search {
            outputs.push(plain(urls::SEARCH, Kind::Search, vec![Input::Site]));
        }
        outputs.push(plain(urls::SITEMAP, Kind::Sitemap, vec![Input::Outputs]));
        outputs.push(plain(urls::ROBOTS, Kind::Robots, vec![Input::Site]));
        Plan {
            outputs,
            topics,
            list_pages,
        }
    }

    /// The pages a crawler should know, with their dates: every HTML output
    /// but the 404 page.
    pub fn sitemap_entries(&self) -> Vec<(String, Option<String>)> {
        self.outputs
            .iter()
            .filter(|o| o.path.ends_with(".html") && o.kind != Kind::NotFound)
            .map(|o| (o.path.clone(), o.date.map(|d| d.to_string())))
            .collect()
    }
}

fn plain(path: impl Into<String>, kind: Kind, inputs: Vec<Input>) -> Output {
    Output {
        path: path.into(),
        kind,
        inputs,
        date: None,
    }
}

/// Every topic with its reviews (newest first, as `reviews` are), most
/// used first, then by Hebrew name.
fn topics(reviews: &[Review], taxonomy: &Taxonomy) -> Vec<PlannedTopic> {
    let mut topics: Vec<PlannedTopic> = taxonomy
        .topics
        .iter()
        .enumerate()
        .map(|(t, topic)| PlannedTopic {
            topic: t,
            members: reviews
                .iter()
                .enumerate()
                .filter(|(_, r)| r.front.tags.contains(&topic.slug))
                .map(|(i, _)| i)
                .collect(),
        })
        .collect();
    topics.sort_by(|a, b| {
        b.members.len().cmp(&a.members.len()).then_with(|| {
            taxonomy.topics[a.topic]
                .he
                .cmp(&taxonomy.topics[b.topic].he)
        })
    });
    topics
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FrontMatter;
    use crate::taxonomy::Topic;

    fn review(slug: &str, day: u32, tags: &[&str]) -> Review {
        let front = FrontMatter {
            title: slug.into(),
            title_estimated: false,
            date: NaiveDate::from_ymd_opt(2024, 6, day).unwrap(),
            date_estimated: false,
            headline: None,
            authors: vec![],
            number: None,
            arxiv: vec![],
            links: vec![],
            tags: tags.iter().map(|t| t.to_string()).collect(),
            source: None,
        };
        Review::new(slug, front, "")
    }

    fn taxonomy() -> Taxonomy {
        let topic = |slug: &str, he: &str| Topic {
            slug: slug.into(),
            he: he.into(),
            en: slug.into(),
            ..Topic::default()
        };
        Taxonomy {
            topics: vec![topic("rl", "ב"), topic("rag", "א")],
            ..Taxonomy::default()
        }
    }

    #[test]
    fn every_output_is_planned_once_with_its_inputs() {
        let reviews = [
            review("c", 3, &["rl"]),
            review("b", 2, &["rl", "rag"]),
            review("a", 1, &[]),
        ];
        let config = Config {
            per_page: 2,
            ..Config::default()
        };
        let plan = Plan::new(&reviews, &taxonomy(), &config);
        let paths: Vec<&str> = plan.outputs.iter().map(|o| o.path.as_str()).collect();
        let mut unique = paths.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), paths.len(), "{paths:?}");
        assert!(paths.contains(&"page/2.html") && !paths.contains(&"page/3.html"));
        let middle = &plan.outputs[1];
        assert_eq!(middle.path, "reviews/b.html");
        assert_eq!(
            middle.inputs,
            vec![
                Input::Review(1),
                Input::Related(1),
                Input::Summary(2),
                Input::Summary(0)
            ]
        );
        // Topics by count: rl (2 reviews) before rag (1).
        assert_eq!(plan.topics[0].members, vec![0, 1]);
        assert_eq!(plan.topics[1].members, vec![1]);
    }

    #[test]
    fn the_sitemap_lists_html_pages_but_not_the_404_page() {
        let reviews = [review("a", 1, &[])];
        let plan = Plan::new(&reviews, &taxonomy(), &Config::default());
        let entries = plan.sitemap_entries();
        assert_eq!(
            entries[0],
            ("reviews/a.html".to_string(), Some("2024-06-01".into()))
        );
        assert!(entries
            .iter()
            .all(|(p, _)| p.ends_with(".html") && p != "404.html"));
        assert!(entries.iter().any(|(p, _)| p == "index.html"));
    }
}
