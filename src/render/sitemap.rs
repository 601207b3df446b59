//! sitemap.xml and robots.txt.
//!
//! The sitemap protocol wants absolute URLs; without `base_url` yomon cannot
//! know them, so it writes root-relative paths (still useful to a crawler
//! of the local copy) and `yomon build` says so on stderr.

use super::feeds::esc;
use crate::config::Config;

/// `pages`: (path relative to the root, last-modified "YYYY-MM-DD" if known).
pub fn sitemap(pages: &[(String, Option<String>)], config: &Config) -> String {
    let base = config.base().unwrap_or_default();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (path, lastmod) in pages {
        let page = if path == "index.html" {
            ""
        } else {
            path.as_str()
        };
        let loc = if base.is_empty() && page.is_empty() {
            "./"
        } else {
            page
        };
        out.push_str(&format!("  <url><loc>{}{}</loc>", esc(&base), esc(loc)));
        if let Some(date) = lastmod {
            out.push_str(&format!("<lastmod>{date}</lastmod>"));
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

pub fn robots(config: &Config) -> String {
    let mut out = String::from("User-agent: *\nAllow: /\n");
    if let Some(base) = config.base() {
        out.push_str(&format!("Sitemap: {base}sitemap.xml\n"));
    }
    out
}
