//! Internal link checking over a built `Site`, in memory: every internal
//! link, anchor and asset must lead somewhere, and every page must be
//! reachable from the home page by following links.

use crate::site::Site;
use regex::Regex;
use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::LazyLock;

/// A link, anchor or asset reference in the site that leads nowhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    /// The page holding the link, relative to the site root.
    pub page: String,
    /// The link as written.
    pub href: String,
    pub reason: String,
}

impl std::fmt::Display for BrokenLink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: `{}`: {}", self.page, self.href, self.reason)
    }
}

/// A start tag. Text `<` is always escaped as `&lt;` in yomon's output, so
/// a literal `<` followed by a letter starts real markup.
static TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<[a-zA-Z][^>]*>").expect("valid regex"));
static URL_ATTR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"\s(?:href|src|action)\s*=\s*"([^"]*)""#).expect("valid regex"));
static ID_ATTR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"\sid\s*=\s*"([^"]*)""#).expect("valid regex"));

/// One parsed page: its internal links and the ids it defines.
struct Page<'a> {
    path: &'a str,
    links: Vec<String>,
    ids: HashSet<String>,
}

/// Every broken internal link, anchor or asset in the site.
pub fn broken_links(site: &Site) -> Vec<BrokenLink> {
    let pages = parse(site);
    let by_path: HashMap<&str, &Page> = pages.iter().map(|p| (p.path, p)).collect();
    let files: HashSet<String> = site.files.iter().map(path_of).collect();
    let mut broken = Vec::new();
    for page in &pages {
        for href in &page.links {
            let Some((target, fragment)) = resolve(page.path, href) else {
                continue;
            };
            let reason = if !files.contains(&target) {
                Some(format!("`{target}` does not exist"))
            } else if let (Some(fragment), Some(target_page)) =
                (&fragment, by_path.get(target.as_str()))
            {
                (!fragment.is_empty() && !target_page.ids.contains(fragment))
                    .then(|| format!("no id `{fragment}` in `{target}`"))
            } else {
                None
            };
            if let Some(reason) = reason {
                broken.push(BrokenLink {
                    page: page.path.to_string(),
                    href: href.clone(),
                    reason,
                });
            }
        }
    }
    broken
}

/// HTML pages (except 404.html, which is reached by error) that cannot be
/// reached from `index.html` by following links.
pub fn unreachable_pages(site: &Site) -> Vec<String> {
    let pages = parse(site);
    let by_path: HashMap<&str, &Page> = pages.iter().map(|p| (p.path, p)).collect();
    let mut seen: HashSet<String> = HashSet::new();
    let mut queue = VecDeque::from(["index.html".to_string()]);
    while let Some(path) = queue.pop_front() {
        if !seen.insert(path.clone()) {
            continue;
        }
        let Some(page) = by_path.get(path.as_str()) else {
            continue;
        };
        for href in &page.links {
            if let Some((target, _)) = resolve(page.path, href) {
                if target.ends_with(".html") && !seen.contains(&target) {
                    queue.push_back(target);
                }
            }
        }
    }
    let mut missing: Vec<String> = pages
        .iter()
        .filter(|p| p.path.ends_with(".html") && p.path != "404.html" && !seen.contains(p.path))
        .map(|p| p.path.to_string())
        .collect();
    missing.sort();
    missing
}

fn path_of(file: &crate::site::OutputFile) -> String {
    file.path.to_string_lossy().replace('\\', "/")
}

fn parse(site: &Site) -> Vec<Page<'_>> {
    site.files
        .iter()
        .filter_map(|f| {
            let path = f.path.to_str()?;
            if !(path.ends_with(".html") || path.ends_with(".xml")) {
                return None;
            }
            let text = std::str::from_utf8(&f.bytes).ok()?;
            let mut page = Page {
                path,
                links: Vec::new(),
                ids: HashSet::new(),
            };
            for tag in TAG.find_iter(text) {
                let tag = tag.as_str();
                page.links
                    .extend(URL_ATTR.captures_iter(tag).map(|c| decode_entities(&c[1])));
                page.ids
                    .extend(ID_ATTR.captures_iter(tag).map(|c| decode_entities(&c[1])));
            }
            Some(page)
        })
        .collect()
}

/// Resolve `href` found on page `from` to (site path, fragment), or None for
/// links leaving the site (any scheme, or protocol-relative).
fn resolve(from: &str, href: &str) -> Option<(String, Option<String>)> {
    let href = href.trim();
    if href.starts_with("//") || has_scheme(href) {
        return None;
    }
    let (rest, fragment) = match href.split_once('#') {
        Some((r, f)) => (r, Some(f.to_string())),
        None => (href, None),
    };
    let rest = rest.split('?').next().unwrap_or("");
    let mut parts: Vec<&str> = if rest.is_empty() || rest.starts_with('/') {
        Vec::new()
    } else {
        from.split('/').collect()
    };
    if rest.is_empty() {
        return Some((from.to_string(), fragment));
    }
    parts.pop(); // the page's own file name
    for segment in rest.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let mut target = parts.join("/");
    if target.is_empty() || rest.ends_with('/') {
        target = format!(
            "{}{}index.html",
            target,
            if target.is_empty() { "" } else { "/" }
        );
    }
    Some((target, fragment))
}

fn has_scheme(href: &str) -> bool {
    match href.find([':', '/', '?', '#']) {
        Some(i) => href[i..].starts_with(':') && i > 0,
        None => false,
    }
}

fn decode_entities(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_relative_paths() {
        assert_eq!(
            resolve("reviews/a.html", "../tags/x.html#top"),
            Some(("tags/x.html".into(), Some("top".into())))
        );
        assert_eq!(
            resolve("index.html", "page/2.html"),
            Some(("page/2.html".into(), None))
        );
        assert_eq!(
            resolve("tags/index.html", "#x"),
            Some(("tags/index.html".into(), Some("x".into())))
        );
        assert_eq!(
            resolve("a/b.html", "./"),
            Some(("a/index.html".into(), None))
        );
        assert_eq!(resolve("a.html", "https://e.org/"), None);
        assert_eq!(resolve("a.html", "mailto:x@y"), None);
    }

    #[test]
    fn finds_missing_pages_anchors_and_assets() {
        let s = Site::of(&[
            (
                "index.html",
                r##"<a href="reviews/a.html#ok">a</a><a href="reviews/a.html#nope">b</a><img src="static/x.png" alt=""><a href="gone.html">c</a>"##,
            ),
            (
                "reviews/a.html",
                r#"<h2 id="ok">x</h2><a href="../index.html">home</a>"#,
            ),
        ]);
        let broken: Vec<String> = broken_links(&s).iter().map(|b| b.href.clone()).collect();
        assert_eq!(
            broken,
            vec!["reviews/a.html#nope", "static/x.png", "gone.html"]
        );
    }

    #[test]
    fn escaped_text_is_not_a_link() {
        let s = Site::of(&[("index.html", r#"<p>&lt;a href="gone.html"&gt;</p>"#)]);
        assert!(broken_links(&s).is_empty());
    }

    #[test]
    fn reports_pages_not_reachable_from_home() {
        let s = Site::of(&[
            ("index.html", r#"<a href="a.html">a</a>"#),
            ("a.html", r#"<a href="index.html">home</a>"#),
            ("orphan.html", r#"<a href="index.html">home</a>"#),
            ("404.html", ""),
        ]);
        assert_eq!(unreachable_pages(&s), vec!["orphan.html"]);
    }
}
