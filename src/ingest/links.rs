//! Links and arXiv ids. arXiv links come as abs or pdf, with or without a
//! version, `www.` or `.pdf`; the id is kept without its version.

use super::lines::urls;
use regex::Regex;
use std::sync::LazyLock;

static ARXIV: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^https?://(?:www\.)?arxiv\.org/(?:abs|pdf|html)/(\d{4}\.\d{4,5})(?:v\d+)?(?:\.pdf)?/?$").unwrap()
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
    for link in links {
        if let Some(id) = ARXIV.captures(link).and_then(|c| c.get(1)) {
            if !ids.iter().any(|i| i == id.as_str()) {
                ids.push(id.as_str().to_string());
            }
        }
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

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
