//! Render: reviews -> in-memory pages, in parallel, templates compiled once.

pub mod bidi;
pub mod context;
pub mod errors;
pub mod escape;
pub mod feeds;
pub mod hebrew;
pub mod markdown;
pub mod math;
pub mod pages;
pub mod related;
pub mod sitemap;
pub mod timeline;

use crate::config::Config;
use crate::load::Content;
use crate::model::Review;
use crate::site::OutputFile;
use crate::taxonomy::Taxonomy;
use context::{Summary, TagRef, TopicCount};
use pages::Shared;
use rayon::prelude::*;
use std::path::Path;
use tera::Tera;

/// Characters of the teaser on lists and in feeds.
const TEASER_CHARS: usize = 220;

/// Compile every template under `dir` once. A syntax error names the
/// template and its line (tera's parse error carries ` --> LINE:COL`).
pub fn load_templates(dir: &Path) -> anyhow::Result<Tera> {
    if !dir.is_dir() {
        anyhow::bail!("templates directory `{}` not found", dir.display());
    }
    let glob = format!("{}/**/*", dir.display());
    let mut tera = Tera::new(&glob).map_err(|e| {
        let mut message = String::new();
        let mut source: Option<&dyn std::error::Error> = Some(&e);
        while let Some(e) = source {
            message.push_str(&format!("{e}\n"));
            source = e.source();
        }
        anyhow::anyhow!("template error: {}", message.trim_end())
    })?;
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.set_escape_fn(escape::html);
    Ok(tera)
}

/// The pages, feeds, sitemap and robots.txt of the site.
pub fn render(
    content: &Content,
    config: &Config,
    tera: &Tera,
    template_dir: &Path,
) -> anyhow::Result<Vec<OutputFile>> {
    let reviews = &content.reviews;
    let summaries: Vec<Summary> = reviews
        .par_iter()
        .map(|r| summary(r, &content.taxonomy))
        .collect();
    let (topics, topic_reviews) = topics(reviews, &content.taxonomy);
    let mut shared = Shared {
        tera,
        template_dir,
        config,
        reviews,
        summaries,
        related: Vec::new(),
        topics,
        topic_reviews,
        feed_bodies: std::sync::OnceLock::new(),
    };
    let run = |jobs: Vec<Job>, shared: &Shared| -> anyhow::Result<Vec<OutputFile>> {
        jobs.par_iter().map(|job| job.run(shared, config)).collect()
    };
    // Only review pages show related reviews: the other pages render while
    // they are found.
    let (related, lists) = rayon::join(
        || related::related(reviews, config.related),
        || run(list_jobs(&shared), &shared),
    );
    shared.related = related;
    let mut files = run((0..reviews.len()).map(Job::Review).collect(), &shared)?;
    files.extend(lists?);
    let dates: std::collections::HashMap<String, String> = reviews
        .iter()
        .map(|r| (review_file(r), r.front.date.to_string()))
        .collect();
    let pages: Vec<(String, Option<String>)> = files
        .iter()
        .filter(|f| {
            f.path.extension().is_some_and(|x| x == "html") && f.path.as_os_str() != "404.html"
        })
        .map(|f| {
            let path = f.path.to_string_lossy().replace('\\', "/");
            let lastmod = path
                .strip_prefix("reviews/")
                .and_then(|p| dates.get(p).cloned());
            (path, lastmod)
        })
        .collect();
    files.push(OutputFile::new(
        "sitemap.xml",
        sitemap::sitemap(&pages, config),
    ));
    files.push(OutputFile::new("robots.txt", sitemap::robots(config)));
    Ok(files)
}

fn review_file(review: &Review) -> String {
    format!("{}.html", review.slug)
}

/// One unit of parallel work.
enum Job {
    Index(usize),
    Review(usize),
    Tags,
    Tag(usize),
    Archive,
    Search,
    NotFound,
    Feed,
    TagFeed(usize),
}

/// Every page but the reviews'.
fn list_jobs(shared: &Shared) -> Vec<Job> {
    let mut jobs: Vec<Job> = (1..=shared.index_page_count()).map(Job::Index).collect();
    jobs.extend((0..shared.topics.len()).map(Job::Tag));
    jobs.extend((0..shared.topics.len()).map(Job::TagFeed));
    jobs.extend([Job::Tags, Job::Archive, Job::NotFound, Job::Feed]);
    if shared.config.search {
        jobs.push(Job::Search);
    }
    jobs
}

impl Job {
    fn run(&self, shared: &Shared, config: &Config) -> anyhow::Result<OutputFile> {
        match *self {
            Job::Index(page) => shared.index_page(page),
            Job::Review(i) => shared.review_page(i),
            Job::Tags => shared.tags_page(),
            Job::Tag(t) => shared.tag_page(t),
            Job::Archive => shared.archive_page(),
            Job::Search => shared.search_page(),
            Job::NotFound => shared.not_found_page(),
            Job::Feed => {
                let feed = feeds::Feed {
                    path: "feed.xml".into(),
                    title: config.title.clone(),
                    page: "index.html".into(),
                    entries: feed_entries(shared, 0..shared.summaries.len()),
                };
                Ok(OutputFile::new("feed.xml", feeds::atom(&feed, config)))
            }
            Job::TagFeed(t) => {
                let tag = &shared.topics[t].tag;
                let feed = feeds::Feed {
                    path: format!("tags/{}.xml", tag.slug),
                    title: format!("{} · {}", tag.he, config.title),
                    page: tag.url.clone(),
                    entries: feed_entries(shared, shared.topic_reviews[t].iter().copied()),
                };
                Ok(OutputFile::new(
                    feed.path.clone(),
                    feeds::atom(&feed, config),
                ))
            }
        }
    }
}

/// The feed entries of reviews `indices`: summary, authors and whole text.
fn feed_entries<'s>(
    shared: &'s Shared,
    indices: impl Iterator<Item = usize>,
) -> Vec<feeds::Entry<'s>> {
    let bodies = shared.feed_bodies.get_or_init(|| {
        shared
            .reviews
            .par_iter()
            .map(|r| (!r.body.trim().is_empty()).then(|| markdown::to_html(&r.body)))
            .collect()
    });
    indices
        .map(|i| feeds::Entry {
            summary: &shared.summaries[i],
            authors: &shared.reviews[i].front.authors,
            content: bodies[i].as_deref(),
        })
        .collect()
}

pub fn tag_ref(topic: &crate::taxonomy::Topic) -> TagRef {
    TagRef {
        slug: topic.slug.clone(),
        he: topic.he.clone(),
        en: topic.en.clone(),
        url: format!("tags/{}.html", topic.slug),
    }
}

fn summary(review: &Review, taxonomy: &Taxonomy) -> Summary {
    let front = &review.front;
    Summary {
        url: pages::review_path(review),
        title: front.title.clone(),
        title_lang: hebrew::lang_of(&front.title),
        title_html: title_html(&front.title),
        headline: front.headline.clone().filter(|h| !h.trim().is_empty()),
        headline_html: front
            .headline
            .as_deref()
            .filter(|h| !h.trim().is_empty())
            .map(bidi::isolate_terms),
        date: front.date.to_string(),
        date_he: hebrew::date(front.date),
        day_he: hebrew::day(front.date),
        date_html: date_html(front.date, front.date_estimated),
        date_estimated: front.date_estimated,
        number: front.number,
        tags: front
            .tags
            .iter()
            .filter_map(|t| taxonomy.topic(t))
            .map(tag_ref)
            .collect(),
        teaser: markdown::teaser(&review.body, TEASER_CHARS),
    }
}

fn title_html(title: &str) -> String {
    match hebrew::lang_of(title) {
        "en" => format!(
            r#"<span lang="en" dir="ltr">{}</span>"#,
            escape::html(title)
        ),
        _ => bidi::isolate_terms(title),
    }
}

fn date_html(date: chrono::NaiveDate, estimated: bool) -> String {
    let note = if estimated {
        r#" <span class="estimated">(תאריך משוער)</span>"#
    } else {
        ""
    };
    format!(
        r#"<time datetime="{date}">{}</time>{note}"#,
        hebrew::date(date)
    )
}

/// Every topic with its count (most used first, then by Hebrew name), and
/// each topic's reviews newest first (reviews are already newest first).
fn topics(reviews: &[Review], taxonomy: &Taxonomy) -> (Vec<TopicCount>, Vec<Vec<usize>>) {
    let mut lists: Vec<(TopicCount, Vec<usize>)> = taxonomy
        .topics
        .iter()
        .map(|topic| {
            let members: Vec<usize> = reviews
                .iter()
                .enumerate()
                .filter(|(_, r)| r.front.tags.contains(&topic.slug))
                .map(|(i, _)| i)
                .collect();
            (
                TopicCount {
                    tag: tag_ref(topic),
                    count: members.len(),
                },
                members,
            )
        })
        .collect();
    lists.sort_by(|a, b| {
        b.0.count
            .cmp(&a.0.count)
            .then_with(|| a.0.tag.he.cmp(&b.0.tag.he))
    });
    lists.into_iter().unzip()
}
