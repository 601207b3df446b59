//! HTML pages: one function per page kind, each filling its typed context
//! and rendering its template. Pure: returns files, writes nothing.

use super::context::*;
use super::{hebrew, timeline, Body};
use crate::config::Config;
use crate::model::Review;
use crate::plan::Plan;
use crate::site::OutputFile;
use crate::urls;
use chrono::Datelike;
use serde::Serialize;
use tera::Tera;

/// How many neighbouring topics a topic page links to.
const RELATED_TOPICS: usize = 5;

/// Everything a page needs but its related reviews (which review pages
/// take as an argument, being found last), computed once, shared by all.
pub struct Shared<'a> {
    pub tera: &'a Tera,
    /// For locating render errors in template sources.
    pub template_dir: &'a std::path::Path,
    pub config: &'a Config,
    pub plan: &'a Plan,
    pub reviews: &'a [Review],
    /// Same order as `reviews` (newest first).
    pub summaries: &'a [std::sync::Arc<Summary>],
    /// Same order as `plan.topics`.
    pub topics: Vec<TopicCount>,
    /// Each review's body as HTML (same order as `reviews`), rendered at
    /// most once for its page and every feed that carries it, and kept
    /// between updates for the reviews that did not change.
    pub bodies: &'a [Body],
}

use crate::urls::root_of;

impl Shared<'_> {
    fn meta(
        &self,
        path: &str,
        title: &str,
        description: String,
        og_type: &'static str,
        section: &'static str,
    ) -> Meta {
        let base = self.config.base();
        // 404.html is served for missing URLs at any depth, where relative
        // links would miss; with a known base URL its links are absolute.
        let root = match (&base, path) {
            (Some(b), urls::NOT_FOUND) => b.clone(),
            _ => root_of(path),
        };
        let page = if path == urls::HOME { "" } else { path };
        Meta {
            title: if title.is_empty() {
                self.config.title.clone()
            } else {
                format!("{title} · {}", self.config.title)
            },
            site_title: self.config.title.clone(),
            lang: self.config.language.clone(),
            dir: self.config.direction(),
            description,
            canonical: base.as_ref().map(|b| format!("{b}{page}")),
            feed: match &base {
                Some(b) => format!("{b}{}", urls::FEED),
                None => format!("{root}{}", urls::FEED),
            },
            root,
            og_type,
            section,
            search: self.config.search,
        }
    }

    fn render<T: Serialize>(
        &self,
        template: &str,
        path: String,
        context: &T,
    ) -> anyhow::Result<OutputFile> {
        let context = tera::Context::from_serialize(context)?;
        // Into bytes, which is what a file holds: `render` would check the
        // whole page is UTF-8 again to make a String of it.
        let mut html = Vec::new();
        self.tera
            .render_to(template, &context, &mut html)
            .map_err(|e| super::errors::describe(self.template_dir, template, &path, &e))?;
        Ok(OutputFile::new(path, html))
    }

    pub fn index_page(&self, page: usize) -> anyhow::Result<OutputFile> {
        let per_page = self.config.per_page;
        let total = self.plan.list_pages;
        let path = urls::list_page(page);
        let title = if page == 1 {
            String::new()
        } else {
            format!("עמוד {page}")
        };
        let meta = self.meta(
            &path,
            &title,
            self.config.description.clone(),
            "website",
            if page == 1 { "home" } else { "" },
        );
        let link = urls::list_page;
        let pagination = Pagination {
            current: page,
            total,
            prev: (page > 1).then(|| link(page - 1)),
            next: (page < total).then(|| link(page + 1)),
            pages: (1..=total)
                .map(|n| PageLink {
                    number: n,
                    url: link(n),
                    current: n == page,
                })
                .collect(),
        };
        let start = (page - 1) * per_page;
        let reviews = self
            .summaries
            .iter()
            .skip(start)
            .take(per_page)
            .map(|s| &**s)
            .collect();
        let context = IndexPage {
            meta,
            reviews,
            pagination,
            total_reviews: self.summaries.len(),
        };
        self.render("index.html", path, &context)
    }

    /// `related`: indices of the related reviews, best first.
    pub fn review_page(&self, index: usize, related: &[usize]) -> anyhow::Result<OutputFile> {
        let review = &self.reviews[index];
        let summary: &Summary = &self.summaries[index];
        let path = urls::review(&review.slug);
        let description = summary
            .headline
            .clone()
            .unwrap_or_else(|| summary.teaser.clone());
        let meta = self.meta(
            &path,
            &hebrew::isolate(&review.front.title),
            description,
            "article",
            "",
        );
        let context = ReviewPage {
            json_ld: json_ld(review, summary, &meta, self.config),
            meta,
            review: summary,
            byline: hebrew::join_names(&review.front.authors),
            // An id the archive cut short would link to a 404: not linked.
            arxiv: review
                .front
                .arxiv
                .iter()
                .filter(|id| !crate::ingest::links::is_truncated_arxiv_id(id))
                .map(|id| arxiv(id))
                .collect(),
            links: other_links(review),
            body: self.body_html(index),
            prev: self.summaries.get(index + 1).map(|s| (&**s).into()),
            next: index
                .checked_sub(1)
                .and_then(|i| self.summaries.get(i))
                .map(|s| (&**s).into()),
            related: related
                .iter()
                .map(|&i| (&*self.summaries[i]).into())
                .collect(),
        };
        self.render("review.html", path, &context)
    }

    pub fn tags_page(&self) -> anyhow::Result<OutputFile> {
        let path = urls::TOPICS.to_string();
        let meta = self.meta(
            &path,
            "נושאים",
            "כל נושאי הסקירות וכמה סקירות בכל אחד".into(),
            "website",
            "tags",
        );
        let topics = self
            .topics
            .iter()
            .map(|t| TopicCount {
                tag: t.tag.clone(),
                count: t.count,
            })
            .collect();
        self.render("tags.html", path, &TagsPage { meta, topics })
    }

    pub fn tag_page(&self, topic: usize) -> anyhow::Result<OutputFile> {
        let tag = &self.topics[topic].tag;
        let path = tag.url.clone();
        let description = format!("סקירות בנושא {} ({})", tag.he, hebrew::isolate(&tag.en));
        let meta = self.meta(&path, &tag.he, description, "website", "tags");
        let reviews = self.plan.topics[topic]
            .members
            .iter()
            .map(|&i| &*self.summaries[i])
            .collect();
        let members: Vec<&[usize]> = self.plan.topics.iter().map(|t| &t.members[..]).collect();
        let related_topics = super::topic_links::co_occurring(&members, topic, RELATED_TOPICS)
            .into_iter()
            .map(|(u, count)| TopicCount {
                tag: self.topics[u].tag.clone(),
                count,
            })
            .collect();
        let context = TagPage {
            meta,
            topic: tag.clone(),
            reviews,
            topic_feed: urls::topic_feed(&tag.slug),
            related_topics,
        };
        self.render("tag.html", path, &context)
    }

    pub fn archive_page(&self) -> anyhow::Result<OutputFile> {
        let path = urls::ARCHIVE.to_string();
        let meta = self.meta(
            &path,
            "ארכיון",
            "כל הסקירות לפי שנה וחודש".into(),
            "website",
            "archive",
        );
        let dates: Vec<_> = self.reviews.iter().map(|r| r.front.date).collect();
        let mut years: Vec<Year> = Vec::new();
        for (review, summary) in self.reviews.iter().zip(self.summaries) {
            let (y, m) = (review.front.date.year(), review.front.date.month());
            if years.last().is_none_or(|last| last.year != y) {
                years.push(Year {
                    year: y,
                    count: 0,
                    months: Vec::new(),
                });
            }
            let Some(year) = years.last_mut() else {
                continue;
            };
            year.count += 1;
            let id = format!("m-{y}-{m:02}");
            if year.months.last().is_none_or(|last| last.id != id) {
                year.months.push(Month {
                    id,
                    name: hebrew::month(m),
                    year: y,
                    reviews: Vec::new(),
                });
            }
            if let Some(month) = year.months.last_mut() {
                month.reviews.push((&**summary).into());
            }
        }
        let context = ArchivePage {
            meta,
            timeline: timeline::svg(&dates),
            years,
            total_reviews: self.reviews.len(),
        };
        self.render("archive.html", path, &context)
    }

    pub fn search_page(&self) -> anyhow::Result<OutputFile> {
        let path = urls::SEARCH.to_string();
        let meta = self.meta(
            &path,
            "חיפוש",
            "חיפוש בכל הסקירות".into(),
            "website",
            "search",
        );
        let context = SearchPage {
            meta,
            topic_url: urls::TOPIC_PATTERN,
        };
        self.render("search.html", path, &context)
    }

    pub fn not_found_page(&self) -> anyhow::Result<OutputFile> {
        let path = urls::NOT_FOUND.to_string();
        let meta = self.meta(
            &path,
            "הדף לא נמצא",
            "הדף המבוקש לא נמצא".into(),
            "website",
            "",
        );
        let context = NotFoundPage {
            meta,
            folders: urls::folders().join("|"),
        };
        self.render("404.html", path, &context)
    }
}

fn arxiv(id: &str) -> Arxiv {
    Arxiv {
        id: id.to_string(),
        abs: format!("https://arxiv.org/abs/{id}"),
        pdf: format!("https://arxiv.org/pdf/{id}"),
    }
}

/// The review's links that are not its arXiv paper (shown separately),
/// only http(s), each once.
fn other_links(review: &Review) -> Vec<ExternalLink> {
    let mut seen = std::collections::HashSet::new();
    review
        .front
        .links
        .iter()
        .filter(|url| {
            let lower = url.to_ascii_lowercase();
            (lower.starts_with("https://") || lower.starts_with("http://"))
                && !(lower.contains("arxiv.org/")
                    && review
                        .front
                        .arxiv
                        .iter()
                        .any(|id| lower.contains(id.as_str())))
        })
        .filter(|url| seen.insert(url.as_str()))
        .map(|url| ExternalLink {
            url: url.clone(),
            label: link_label(url),
        })
        .collect()
}

fn link_label(url: &str) -> String {
    let bare = url.split_once("://").map_or(url, |(_, rest)| rest);
    let bare = bare
        .strip_prefix("www.")
        .unwrap_or(bare)
        .trim_end_matches('/');
    if bare.chars().count() > 60 {
        format!("{}…", bare.chars().take(59).collect::<String>())
    } else {
        bare.to_string()
    }
}

/// schema.org BlogPosting about a ScholarlyArticle. `<`, `>` and `&` are
/// escaped so no content text can close the `<script>` element.
fn json_ld(review: &Review, summary: &Summary, meta: &Meta, config: &Config) -> String {
    let mut about = serde_json::json!({ "@type": "ScholarlyArticle", "name": review.front.title });
    if let Some(id) = review
        .front
        .arxiv
        .iter()
        .find(|id| !crate::ingest::links::is_truncated_arxiv_id(id))
    {
        about["url"] = format!("https://arxiv.org/abs/{id}").into();
    }
    let authors: Vec<_> = if review.front.authors.is_empty() {
        vec![config.author.clone()]
    } else {
        review.front.authors.clone()
    };
    let value = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": summary.headline.clone().unwrap_or_else(|| review.front.title.clone()),
        "name": review.front.title,
        "datePublished": summary.date,
        "inLanguage": config.language,
        "author": authors.iter().map(|a| serde_json::json!({"@type": "Person", "name": a})).collect::<Vec<_>>(),
        "about": about,
        "keywords": summary.tags.iter().map(|t| t.he.clone()).collect::<Vec<_>>(),
    });
    let mut value = value;
    if let Some(url) = &meta.canonical {
        value["url"] = url.clone().into();
    }
    value
        .to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_labels_drop_scheme_and_www() {
        assert_eq!(link_label("https://www.github.com/a/b/"), "github.com/a/b");
    }
}
