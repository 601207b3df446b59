//! Links and arXiv ids. arXiv links come as abs or pdf, with or without a
//! version, `www.` or `.pdf`; the id is kept without its version.

use super::lines::urls;
use regex::Regex;
use std::sync::LazyLock;

/// An id's digits are ASCII: Unicode's `\d` (the digits of every script)
/// made this pattern eight times slower to compile (about 1 ms, on the
/// first link of every build) and its matcher 1.5 MB larger, for ids
/// arXiv never gives out.
static ARXIV: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^https?://(?:www\.)?arxiv\.org/(?:abs|pdf|html)/([0-9]{4}\.[0-9]{4,5})(?:v[0-9]+)?(?:\.pdf)?/?$").unwrap()
});

/// Every URL in the lines, first occurrence order, without repeats.
pub fn collect_links<'a>(lines: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut links: Vec<String> = Vec::new();
    for line in lines {
        for url in urls(line) {
            if !links.iter().any(|l| l == url) {
                links.push(url.to_string());
            }
        }
    }
    links
}

/// The arXiv ids among the links, in order, without repeats.
pub fn arxiv_ids(links: &[String]) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for id in links.iter().filter_map(|link| arxiv_id(link)) {
        if !ids.iter().any(|i| i == id) {
            ids.push(id.to_string());
        }
    }
    ids
}

/// The arXiv id of one link, without its version.
pub fn arxiv_id(link: &str) -> Option<&str> {
    ARXIV
        .captures(link)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str())
}

/// arXiv numbers have had five digits since January 2015, so a four-digit
/// one from then on was cut short in the archive (it is kept as written).
pub fn is_truncated_arxiv_id(id: &str) -> bool {
    id.split_once('.')
        .is_some_and(|(yymm, number)| number.len() == 4 && yymm >= "1501")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn four_digit_ids_since_2015_are_truncated() {
        assert!(is_truncated_arxiv_id("2405.2044"));
        assert!(!is_truncated_arxiv_id("2405.20445"));
        assert!(!is_truncated_arxiv_id("1412.6980"));
    }

    #[test]
    fn arxiv_ids_from_every_link_shape() {
        let links = collect_links(
            [
                "מאמר: <https://arxiv.org/pdf/2405.18047.pdf>",
                "<https://www.arxiv.org/abs/2407.12220>",
                "<https://arxiv.org/abs/2410.01201v1>",
                "<https://arxiv.org/pdf/2402.04494v2.pdf>",
                "[arxiv.org/pdf/2409.09554](https://arxiv.org/pdf/2409.09554.pdf)",
                "<http://arxiv.org/abs/2508.16153>",
                "רפו: <https://github.com/mcleish7/arithmetic>",
                "again <https://arxiv.org/abs/2410.01201>",
            ]
            .into_iter(),
        );
        assert_eq!(links.len(), 8);
        assert_eq!(
            arxiv_ids(&links),
            vec![
                "2405.18047",
                "2407.12220",
                "2410.01201",
                "2402.04494",
                "2409.09554",
                "2508.16153"
            ]
        );
    }
}
