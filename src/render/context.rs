//! Typed template contexts: each struct is the contract between the
//! renderer and one template (Zola's `ser.rs` habit). URLs in them are
//! relative to the site root; templates prefix `meta.root`.

use serde::Serialize;

/// What every page's `base.html` needs.
#[derive(Serialize, Debug, Clone)]
pub struct Meta {
    /// "" at the site root, "../" one level down: all links are relative.
    pub root: String,
    pub site_title: String,
    pub lang: String,
    /// "rtl" or "ltr", from the language.
    pub dir: &'static str,
    /// The document `<title>`; English parts wrapped in Unicode isolates.
    pub title: String,
    pub description: String,
    /// Absolute URL of this page, only when `base_url` is configured.
    pub canonical: Option<String>,
    /// Href of the site's Atom feed (absolute when `base_url` is configured).
    pub feed: String,
    pub og_type: &'static str,
    /// Which main navigation item is the current page ("" for none).
    pub section: &'static str,
    /// Whether the site has search (`search` in yomon.toml).
    pub search: bool,
}

#[derive(Serialize, Debug, Clone, Hash)]
pub struct TagRef {
    pub slug: String,
    pub he: String,
    pub en: String,
    pub url: String,
    /// The topic's one-line scope (content/tags.toml) as escaped HTML,
    /// Latin terms isolated (`bidi`), shown on its page.
    pub scope_html: String,
}

/// A review as lists show it (home, topics, archive, related, prev/next).
#[derive(Serialize, Debug, Clone, Hash)]
pub struct Summary {
    pub url: String,
    pub title: String,
    /// "en" or "he": English titles get `lang="en" dir="ltr"`.
    pub title_lang: &'static str,
    /// The title as escaped HTML, English ones inside `<span lang="en"
    /// dir="ltr">` (built once here rather than by a macro on every list).
    pub title_html: String,
    pub headline: Option<String>,
    /// The headline as escaped HTML with Latin terms isolated (`bidi`).
    pub headline_html: Option<String>,
    /// "YYYY-MM-DD", for `<time datetime>`.
    pub date: String,
    /// "30 במאי 2024".
    pub date_he: String,
    /// "30 במאי": under a month heading the year is already said.
    pub day_he: String,
    /// `<time datetime="2024-05-30">30 במאי 2024</time>`, plus a note when
    /// the date is estimated.
    pub date_html: String,
    pub date_estimated: bool,
    pub number: Option<u32>,
    pub tags: Vec<TagRef>,
    pub teaser: String,
}

#[derive(Serialize, Debug)]
pub struct PageLink {
    pub number: usize,
    pub url: String,
    pub current: bool,
}

#[derive(Serialize, Debug)]
pub struct Pagination {
    pub current: usize,
    pub total: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub pages: Vec<PageLink>,
}

#[derive(Serialize, Debug)]
pub struct IndexPage<'a> {
    pub meta: Meta,
    pub reviews: Vec<&'a Summary>,
    pub pagination: Pagination,
    pub total_reviews: usize,
}

#[derive(Serialize, Debug)]
pub struct Arxiv {
    pub id: String,
    pub abs: String,
    pub pdf: String,
}

#[derive(Serialize, Debug)]
pub struct ExternalLink {
    pub url: String,
    /// Host and path without the scheme: short, and says where it leads.
    pub label: String,
}

#[derive(Serialize, Debug)]
pub struct ReviewPage<'a> {
    pub meta: Meta,
    pub review: &'a Summary,
    /// Authors joined the Hebrew way: "עמרי ומיק".
    pub byline: String,
    pub arxiv: Vec<Arxiv>,
    pub links: Vec<ExternalLink>,
    /// Sanitised HTML from `markdown::to_html`.
    pub body: &'a str,
    /// JSON-LD with `<` escaped, safe inside `<script>`.
    pub json_ld: String,
    /// Older review.
    pub prev: Option<ReviewLink<'a>>,
    /// Newer review.
    pub next: Option<ReviewLink<'a>>,
    pub related: Vec<ReviewLink<'a>>,
}

/// Another review, as a page links to it (a review page's previous, next
/// and related ones; the archive's every review): its summary but for the
/// tags and the teaser, which such a link does not show and which made up
/// most of the page's context (tera copies all of it into its own values
/// for every page).
#[derive(Serialize, Debug)]
pub struct ReviewLink<'a> {
    pub url: &'a str,
    pub title: &'a str,
    pub title_lang: &'a str,
    pub title_html: &'a str,
    pub headline: Option<&'a str>,
    pub headline_html: Option<&'a str>,
    pub date: &'a str,
    pub date_he: &'a str,
    pub day_he: &'a str,
    pub date_html: &'a str,
    pub number: Option<u32>,
}

impl<'a> From<&'a Summary> for ReviewLink<'a> {
    fn from(summary: &'a Summary) -> ReviewLink<'a> {
        ReviewLink {
            url: &summary.url,
            title: &summary.title,
            title_lang: summary.title_lang,
            title_html: &summary.title_html,
            headline: summary.headline.as_deref(),
            headline_html: summary.headline_html.as_deref(),
            date: &summary.date,
            date_he: &summary.date_he,
            day_he: &summary.day_he,
            date_html: &summary.date_html,
            number: summary.number,
        }
    }
}

#[derive(Serialize, Debug)]
pub struct TopicCount {
    pub tag: TagRef,
    pub count: usize,
}

#[derive(Serialize, Debug)]
pub struct TagsPage {
    pub meta: Meta,
    pub topics: Vec<TopicCount>,
}

#[derive(Serialize, Debug)]
pub struct TagPage<'a> {
    pub meta: Meta,
    pub topic: TagRef,
    pub reviews: Vec<&'a Summary>,
    /// This topic's own feed, relative to the root.
    pub topic_feed: String,
    /// The topics its reviews carry most often besides it, each with the
    /// number of reviews the two share.
    pub related_topics: Vec<TopicCount>,
}

#[derive(Serialize, Debug)]
pub struct Month<'a> {
    /// Anchor id, "m-2024-05".
    pub id: String,
    pub name: &'static str,
    pub year: i32,
    pub reviews: Vec<ReviewLink<'a>>,
}

#[derive(Serialize, Debug)]
pub struct Year<'a> {
    pub year: i32,
    pub count: usize,
    pub months: Vec<Month<'a>>,
}

#[derive(Serialize, Debug)]
pub struct ArchivePage<'a> {
    pub meta: Meta,
    /// Inline SVG produced by `timeline::svg`.
    pub timeline: String,
    pub years: Vec<Year<'a>>,
    pub total_reviews: usize,
}

/// 404.html, served for a missing address at any depth: `folders` are the
/// site's folders as a regular-expression alternation ("reviews|tags|..."),
/// from `urls`, for finding the site's root in the address.
#[derive(Serialize, Debug)]
pub struct NotFoundPage {
    pub meta: Meta,
    pub folders: String,
}

/// search.html: `topic_url` is where a result's topic links, with `{slug}`
/// for the topic (`urls::TOPIC_PATTERN`), so the client spells no URL.
#[derive(Serialize, Debug)]
pub struct SearchPage {
    pub meta: Meta,
    pub topic_url: &'static str,
}
