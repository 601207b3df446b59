//! Render: each planned output to its bytes, templates compiled once.
//! `incremental` decides which outputs to render and runs them in parallel.

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
pub mod topic_links;

use crate::config::Config;
use crate::load::Content;
use crate::model::Review;
use crate::plan::{Kind, Output, Plan};
use crate::site::OutputFile;
use crate::taxonomy::Taxonomy;
use crate::urls;
use context::{Summary, TagRef, TopicCount};

/// A review's body, made on first use and shared between updates (an edit
/// gives the review a new, empty one): its HTML for its page, and its feed
/// entry, that HTML escaped inside (a feed of the whole archive holds
/// megabytes; a save should not make them all again, nor a topic's feed
/// what the main feed made).
#[derive(Debug, Default)]
pub struct BodyCell {
    html: std::sync::OnceLock<String>,
    entry: std::sync::OnceLock<feeds::EntryXml>,
}

impl BodyCell {
    /// A body whose feed entry an earlier build made (the build cache).
    pub fn with_entry(entry: feeds::EntryXml) -> BodyCell {
        let cell = BodyCell::default();
        let _ = cell.entry.set(entry);
        cell
    }

    /// The feed entry, if made.
    pub fn made_entry(&self) -> Option<&feeds::EntryXml> {
        self.entry.get()
    }
}

pub type Body = std::sync::Arc<BodyCell>;
pub use pages::Shared;
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

impl Shared<'_> {
    /// Everything an output needs, shared by all outputs; `summaries` and
    /// `bodies` are the reviews' (same order), made once and kept between
    /// updates.
    pub fn with_summaries<'a>(
        plan: &'a Plan,
        content: &'a Content,
        config: &'a Config,
        tera: &'a Tera,
        template_dir: &'a Path,
        summaries: &'a [std::sync::Arc<Summary>],
        bodies: &'a [Body],
    ) -> Shared<'a> {
        let topics = plan
            .topics
            .iter()
            .map(|planned| TopicCount {
                tag: tag_ref(&content.taxonomy.topics[planned.topic]),
                count: planned.members.len(),
            })
            .collect();
        Shared {
            tera,
            template_dir,
            config,
            plan,
            reviews: &content.reviews,
            summaries,
            topics,
            bodies,
        }
    }

    /// Review `i`'s body as HTML, rendered on first use.
    pub fn body_html(&self, i: usize) -> &str {
        self.bodies[i]
            .html
            .get_or_init(|| markdown::to_html(&self.reviews[i].body))
    }

    /// Review `i`'s feed entry, made on first use.
    fn feed_entry(&self, i: usize) -> &feeds::EntryXml {
        self.bodies[i].entry.get_or_init(|| {
            let review = &self.reviews[i];
            let content = (!review.body.trim().is_empty()).then(|| feeds::esc(self.body_html(i)));
            let entry = feeds::Entry {
                summary: &self.summaries[i],
                authors: &review.front.authors,
                content: content.as_deref(),
            };
            feeds::entry(&entry, self.config)
        })
    }

    /// The feed of these reviews (newest first).
    fn feed(
        &self,
        path: String,
        title: String,
        page: String,
        indices: &[usize],
    ) -> feeds::Atom<'_> {
        // The entries not made yet are made side by side.
        indices.par_iter().for_each(|&i| {
            self.feed_entry(i);
        });
        let feed = feeds::Feed {
            path,
            title,
            page,
            updated: indices
                .iter()
                .map(|&i| self.summaries[i].date.as_str())
                .max(),
            entries: indices.iter().map(|&i| self.feed_entry(i)).collect(),
        };
        feeds::Atom::new(feed, self.config)
    }

    /// Render one planned output.
    pub fn output(&self, output: &Output, related: &[Vec<usize>]) -> anyhow::Result<OutputFile> {
        Ok(self.render_output(output, related)?.into_file())
    }

    /// Render one planned output, a feed left in pieces for a writer to
    /// stream (`Rendered::Feed`).
    pub fn render_output(
        &self,
        output: &Output,
        related: &[Vec<usize>],
    ) -> anyhow::Result<Rendered<'_>> {
        let config = self.config;
        let file = match output.kind {
            Kind::List(page) => self.index_page(page),
            Kind::Review(i) => self.review_page(i, related.get(i).map_or(&[], Vec::as_slice)),
            Kind::Topics => self.tags_page(),
            Kind::Topic(t) => self.tag_page(t),
            Kind::Archive => self.archive_page(),
            Kind::Search => self.search_page(),
            Kind::NotFound => self.not_found_page(),
            Kind::Feed => {
                let all: Vec<usize> = (0..self.summaries.len()).collect();
                let atom = self.feed(
                    urls::FEED.into(),
                    config.title.clone(),
                    urls::HOME.into(),
                    &all,
                );
                return Ok(Rendered::Feed(urls::FEED.into(), atom));
            }
            Kind::TopicFeed(t) => {
                let tag = &self.topics[t].tag;
                let path = urls::topic_feed(&tag.slug);
                let atom = self.feed(
                    path.clone(),
                    format!("{} · {}", tag.he, config.title),
                    tag.url.clone(),
                    &self.plan.topics[t].members,
                );
                return Ok(Rendered::Feed(path, atom));
            }
            Kind::Sitemap => Ok(OutputFile::new(
                urls::SITEMAP,
                sitemap::sitemap(&self.plan.sitemap_entries(), config),
            )),
            Kind::Robots => Ok(OutputFile::new(urls::ROBOTS, sitemap::robots(config))),
        };
        file.map(Rendered::File)
    }
}

/// One rendered output: a file's bytes, or a feed (its path and pieces).
pub enum Rendered<'a> {
    File(OutputFile),
    Feed(String, feeds::Atom<'a>),
}

impl Rendered<'_> {
    pub fn contents(&self) -> crate::write::Contents<'_> {
        match self {
            Rendered::File(file) => crate::write::Contents::Bytes(&file.bytes),
            Rendered::Feed(_, atom) => crate::write::Contents::Streamed(atom),
        }
    }

    pub fn into_file(self) -> OutputFile {
        match self {
            Rendered::File(file) => file,
            Rendered::Feed(path, atom) => OutputFile::new(path, atom.text()),
        }
    }
}

pub fn tag_ref(topic: &crate::taxonomy::Topic) -> TagRef {
    TagRef {
        slug: topic.slug.clone(),
        he: topic.he.clone(),
        en: topic.en.clone(),
        url: urls::topic(&topic.slug),
        scope_html: bidi::isolate_terms(&topic.scope),
    }
}

/// What lists, feeds and neighbouring pages show of a review.
pub fn summary(review: &Review, taxonomy: &Taxonomy) -> Summary {
    let front = &review.front;
    Summary {
        url: urls::review(&review.slug),
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
