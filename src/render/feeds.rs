//! Atom feeds: all reviews, and one per topic. Built as strings with XML
//! escaping (no template: a feed has no layout to edit). English titles are
//! wrapped in Unicode isolates because a feed reader shows plain text.

use super::context::Summary;
use super::hebrew;
use crate::config::Config;

pub struct Feed<'a> {
    /// Path of the feed file relative to the site root, e.g. "tags/rag.xml".
    pub path: String,
    pub title: String,
    /// Page the feed mirrors, relative to the root ("index.html", "tags/rag.html").
    pub page: String,
    /// The newest entry's date, "YYYY-MM-DD" (None: no entries).
    pub updated: Option<&'a str>,
    pub entries: Vec<&'a EntryXml>,
}

/// One review in a feed: its summary, its authors, and its whole text as
/// HTML (math as MathML) already escaped with `esc`, None for a review
/// with no text.
pub struct Entry<'a> {
    pub summary: &'a Summary,
    pub authors: &'a [String],
    pub content: Option<&'a str>,
}

/// A review's `<entry>` element, made once and copied into every feed that
/// carries the review (the main feed and each of its topics'). Without a
/// base URL its link is relative to the feed's folder, so the text is kept
/// in two parts, either side of where that folder's way to the root goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryXml {
    /// Made here, or kept in the build cache's mapped file.
    pub text: crate::text::Text,
    pub root_at: usize,
}

/// A feed ready to be written: its head, its entries (where they lie: a
/// cached entry stays in the build cache's mapping) and the way from its
/// folder to the root that each entry's link takes. A build streams it to
/// its file (`write::Streamed`): the main feed is 18 MB at 10x, and
/// joining it first cost as much again in fresh memory.
pub struct Atom<'a> {
    head: String,
    root: String,
    entries: Vec<&'a EntryXml>,
}

const TAIL: &str = "</feed>\n";

impl<'a> Atom<'a> {
    pub fn new(feed: Feed<'a>, config: &Config) -> Atom<'a> {
        let base = config.base();
        // Relative hrefs in Atom resolve against the feed's own URL.
        let root = match &base {
            Some(_) => String::new(),
            None => crate::urls::root_of(&feed.path),
        };
        let href = |url: &str| match &base {
            Some(b) => format!("{b}{url}"),
            None => format!("{root}{url}"),
        };
        let updated = feed.updated.unwrap_or("1970-01-01");
        let mut out = String::with_capacity(1024);
        out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        out.push_str(&format!(
            "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
            esc(&config.language)
        ));
        out.push_str(&format!("  <title>{}</title>\n", esc(&feed.title)));
        out.push_str(&format!(
            "  <subtitle>{}</subtitle>\n",
            esc(&config.description)
        ));
        out.push_str(&format!("  <id>{}</id>\n", esc(&id(&feed.path, config))));
        out.push_str(&format!(
            "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            esc(&href(&feed.page))
        ));
        if base.is_some() {
            out.push_str(&format!(
                "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
                esc(&href(&feed.path))
            ));
        }
        out.push_str(&format!("  <updated>{updated}T00:00:00Z</updated>\n"));
        out.push_str(&format!(
            "  <author><name>{}</name></author>\n",
            esc(&config.author)
        ));
        Atom {
            head: out,
            root,
            entries: feed.entries,
        }
    }

    /// The feed's text, piece by piece.
    fn pieces<E>(&self, mut put: impl FnMut(&str) -> Result<(), E>) -> Result<(), E> {
        put(&self.head)?;
        for entry in &self.entries {
            put(&entry.text[..entry.root_at])?;
            put(&self.root)?;
            put(&entry.text[entry.root_at..])?;
        }
        put(TAIL)
    }

    /// The feed's text, whole.
    pub fn text(&self) -> String {
        let size: usize = self
            .entries
            .iter()
            .map(|e| e.text.len() + self.root.len())
            .sum();
        let mut out = String::with_capacity(self.head.len() + size + TAIL.len());
        let _ = self.pieces(|piece| {
            out.push_str(piece);
            Ok::<(), ()>(())
        });
        out
    }
}

impl crate::write::Streamed for Atom<'_> {
    fn write_to(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        self.pieces(|piece| out.write_all(piece.as_bytes()))
    }
}

/// A feed's text, whole.
pub fn atom(feed: Feed, config: &Config) -> String {
    Atom::new(feed, config).text()
}

/// A feed's or an entry's id: its URL with a base URL, else a URN (the
/// same in every feed).
fn id(url: &str, config: &Config) -> String {
    match config.base() {
        Some(b) => format!("{b}{url}"),
        None => format!(
            "urn:yomon:{}",
            url.trim_end_matches(".html").trim_end_matches(".xml")
        ),
    }
}

/// The `<entry>` of one review, for any feed.
pub fn entry(full: &Entry, config: &Config) -> EntryXml {
    use std::fmt::Write;
    let entry = full.summary;
    let url = &entry.url;
    let content = full.content.map_or(0, str::len);
    let mut out = String::with_capacity(1024 + content);
    out.push_str("  <entry>\n    <title>");
    out.push_str(&esc(&hebrew::isolate(&entry.title)));
    out.push_str("</title>\n    <link rel=\"alternate\" type=\"text/html\" href=\"");
    let base = config.base();
    if let Some(b) = &base {
        out.push_str(&esc(b));
    }
    let root_at = out.len();
    out.push_str(&esc(url));
    out.push_str("\"/>\n");
    let _ = writeln!(out, "    <id>{}</id>", esc(&id(url, config)));
    let _ = writeln!(out, "    <published>{}T00:00:00Z</published>", entry.date);
    let _ = writeln!(out, "    <updated>{}T00:00:00Z</updated>", entry.date);
    for tag in &entry.tags {
        let _ = writeln!(
            out,
            "    <category term=\"{}\" label=\"{}\"/>",
            esc(&tag.slug),
            esc(&tag.he)
        );
    }
    for author in full.authors {
        let _ = writeln!(out, "    <author><name>{}</name></author>", esc(author));
    }
    let summary = match &entry.headline {
        Some(h) => format!("{h} — {}", entry.teaser),
        None => entry.teaser.clone(),
    };
    let _ = writeln!(out, "    <summary>{}</summary>", esc(&summary));
    // The whole review, so a feed reader shows it all (RFC 4287 4.1.3:
    // escaped HTML in a type="html" content element).
    if let Some(escaped_html) = full.content {
        out.push_str("    <content type=\"html\">");
        out.push_str(escaped_html);
        out.push_str("</content>\n");
    }
    out.push_str("  </entry>\n");
    EntryXml {
        text: out.into(),
        root_at,
    }
}

/// Escape text for XML content and attribute values.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    super::escape::push_replacing(&mut out, text, &XML);
    out
}

const XML: super::escape::Replacements = {
    let mut table: super::escape::Replacements = [None; 256];
    table[b'&' as usize] = Some("&amp;");
    table[b'<' as usize] = Some("&lt;");
    table[b'>' as usize] = Some("&gt;");
    table[b'"' as usize] = Some("&quot;");
    table[b'\'' as usize] = Some("&apos;");
    // Characters XML 1.0 forbids would make the whole feed unreadable.
    let mut byte = 0;
    while byte < 0x20 {
        if !matches!(byte, b'\t' | b'\n' | b'\r') {
            table[byte as usize] = Some("");
        }
        byte += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::*;

    /// The feed at `path` holding these entries.
    fn feed_of(path: &str, page: &str, entries: &[Entry], config: &Config) -> String {
        let made: Vec<EntryXml> = entries.iter().map(|e| entry(e, config)).collect();
        atom(
            Feed {
                path: path.into(),
                title: "t".into(),
                page: page.into(),
                updated: entries.iter().map(|e| e.summary.date.as_str()).max(),
                entries: made.iter().collect(),
            },
            config,
        )
    }

    fn summary(title: &str) -> Summary {
        Summary {
            url: "reviews/a.html".into(),
            title: title.into(),
            title_lang: "en",
            title_html: String::new(),
            date_html: String::new(),
            headline: Some("כותרת <b>".into()),
            headline_html: None,
            date: "2024-05-30".into(),
            date_he: String::new(),
            day_he: String::new(),
            date_estimated: false,
            number: None,
            tags: vec![],
            teaser: "טיזר".into(),
        }
    }

    #[test]
    fn feed_titles_are_isolated_and_escaped() {
        let s = summary("Q*: Improving <Reasoning>");
        let entries = [Entry {
            summary: &s,
            authors: &[],
            content: None,
        }];
        let xml = feed_of("tags/x.xml", "tags/x.html", &entries, &Config::default());
        assert!(
            xml.contains("<title>\u{2068}Q*: Improving &lt;Reasoning&gt;\u{2069}</title>"),
            "{xml}"
        );
        assert!(xml.contains("href=\"../reviews/a.html\""), "{xml}");
        assert!(
            !xml.contains("rel=\"self\""),
            "no absolute links without base_url"
        );
    }

    #[test]
    fn entries_carry_authors_and_the_whole_text_next_to_the_summary() {
        let s = summary("x");
        let authors = ["עמרי".to_string(), "מיק".to_string()];
        let content = esc("<p>גוף <math dir=\"ltr\"><mi>x</mi></math></p>");
        let entries = [Entry {
            summary: &s,
            authors: &authors,
            content: Some(&content),
        }];
        let xml = feed_of("feed.xml", "index.html", &entries, &Config::default());
        assert!(
            xml.contains("    <author><name>עמרי</name></author>\n    <author><name>מיק</name></author>\n    <summary>"),
            "{xml}"
        );
        assert!(
            xml.contains("<content type=\"html\">&lt;p&gt;גוף &lt;math dir=&quot;ltr&quot;&gt;&lt;mi&gt;x&lt;/mi&gt;&lt;/math&gt;&lt;/p&gt;</content>"),
            "{xml}"
        );
    }

    #[test]
    fn esc_escapes_markup_and_drops_characters_xml_forbids() {
        assert_eq!(
            esc("א<b>&\"'\u{1}\tב\r\n"),
            "א&lt;b&gt;&amp;&quot;&apos;\tב\r\n"
        );
        assert_eq!(esc("plain עברית"), "plain עברית");
    }

    #[test]
    fn base_url_makes_links_absolute() {
        let s = summary("x");
        let config = Config {
            base_url: Some("https://e.org/y".into()),
            ..Config::default()
        };
        let entries = [Entry {
            summary: &s,
            authors: &[],
            content: None,
        }];
        let xml = feed_of("feed.xml", "index.html", &entries, &config);
        assert!(xml.contains("<link rel=\"self\" type=\"application/atom+xml\" href=\"https://e.org/y/feed.xml\"/>"), "{xml}");
        assert!(
            xml.contains("href=\"https://e.org/y/reviews/a.html\""),
            "{xml}"
        );
    }
}
