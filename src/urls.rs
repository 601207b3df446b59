//! The one owner of the site's URLs: every output path, relative to the
//! site root with `/` separators, is spelt here and nowhere else. Pages link
//! to each other through these functions; the 404 page and the search
//! client receive the patterns they need from the build (`folders`,
//! `TOPIC_PATTERN`) rather than spelling them again.

/// The home page: the newest reviews.
pub const HOME: &str = "index.html";
pub const TOPICS: &str = "tags/index.html";
pub const ARCHIVE: &str = "archive.html";
pub const SEARCH: &str = "search.html";
pub const NOT_FOUND: &str = "404.html";
pub const FEED: &str = "feed.xml";
pub const SITEMAP: &str = "sitemap.xml";
pub const ROBOTS: &str = "robots.txt";
/// Where the search index lives; the client reads `SEARCH_DATA/index.js`.
pub const SEARCH_DATA: &str = "search";
/// Where `static/**` is copied.
pub const STATIC: &str = "static";

/// A topic page, with `{slug}` standing for the topic's slug: the form the
/// search client receives to link a result's topics.
pub const TOPIC_PATTERN: &str = "tags/{slug}.html";

pub fn review(slug: &str) -> String {
    format!("reviews/{slug}.html")
}

pub fn topic(slug: &str) -> String {
    TOPIC_PATTERN.replace("{slug}", slug)
}

pub fn topic_feed(slug: &str) -> String {
    format!("tags/{slug}.xml")
}

/// Page `n` (from 1) of the newest-first list: the home page, then page/N.
pub fn list_page(n: usize) -> String {
    if n <= 1 {
        HOME.into()
    } else {
        format!("page/{n}.html")
    }
}

pub fn static_file(relative: &str) -> String {
    format!("{STATIC}/{relative}")
}

/// Every folder the site puts files in, one level below the root. The 404
/// page finds the site's root in a missing address by looking for them.
pub fn folders() -> [&'static str; 5] {
    ["reviews", "tags", "page", SEARCH_DATA, STATIC]
}

/// "reviews/x.html" -> "../": the way back to the site root from a page.
pub fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_kind_lives_in_a_listed_folder_or_at_the_root() {
        let paths = [
            review("a"),
            topic("rl"),
            topic_feed("rl"),
            list_page(2),
            static_file("style.css"),
            format!("{SEARCH_DATA}/index.js"),
            TOPICS.to_string(),
        ];
        for path in paths {
            let (folder, _) = path.split_once('/').unwrap();
            assert!(folders().contains(&folder), "{path}");
        }
        for path in [HOME, ARCHIVE, SEARCH, NOT_FOUND, FEED, SITEMAP, ROBOTS] {
            assert!(!path.contains('/'), "{path}");
        }
    }

    #[test]
    fn root_climbs_one_level_per_directory() {
        assert_eq!(root_of("index.html"), "");
        assert_eq!(root_of("reviews/a.html"), "../");
        assert_eq!(list_page(1), "index.html");
        assert_eq!(list_page(3), "page/3.html");
    }
}
