//! Link problems of the built site as diagnostics, each at its most useful
//! place: the line of the review's markdown that holds the link when it came
//! from there, else the line of the built page (named where `yomon build`
//! would write it).

use crate::diag::Diagnostic;
use crate::links::BrokenLink;
use crate::model::Review;
use crate::site::Site;
use std::path::Path;

/// `reviews` are what the site was built from: a link from a review's
/// markdown is shown at its line there.
pub fn problems(root: &Path, site: &Site, reviews: &[Review]) -> Vec<Diagnostic> {
    let broken = crate::links::broken_links(site)
        .into_iter()
        .map(|link| broken_link(root, site, reviews, &link));
    let unreachable = crate::links::unreachable_pages(site)
        .into_iter()
        .map(|page| {
            let file = crate::diag::file_name(root, &root.join("site").join(page));
            Diagnostic::warning(file, 1, "no link leads here from the home page")
        });
    broken.chain(unreachable).collect()
}

fn broken_link(root: &Path, site: &Site, reviews: &[Review], link: &BrokenLink) -> Diagnostic {
    let message = format!("broken link `{}`: {}", link.href, link.reason);
    if let Some(located) = locate_in_source(reviews, link, &message) {
        return located;
    }
    let built = site
        .files
        .iter()
        .find(|f| f.path == Path::new(&link.page))
        .map(|f| String::from_utf8_lossy(&f.bytes).into_owned())
        .unwrap_or_default();
    let file = crate::diag::file_name(root, &root.join("site").join(&link.page));
    locate(&file, &built, &link.href, &message)
        .unwrap_or_else(|| Diagnostic::error(file, 1, message))
}

fn locate_in_source(reviews: &[Review], link: &BrokenLink, message: &str) -> Option<Diagnostic> {
    let review = reviews
        .iter()
        .find(|r| crate::urls::review(&r.slug) == link.page)?;
    let spot = review.origin.in_file(&review.body, &link.href)?;
    Some(
        Diagnostic::error(&review.origin.file, spot.line, message)
            .with_source(spot.text, spot.column),
    )
}

/// The first line of `text` holding `needle`, with a caret under it.
fn locate(file: &str, text: &str, needle: &str, message: &str) -> Option<Diagnostic> {
    if needle.is_empty() {
        return None;
    }
    text.lines().enumerate().find_map(|(index, line)| {
        let at = line.find(needle)?;
        let column = line[..at].chars().count() + 1;
        Some(Diagnostic::error(file, index + 1, message).with_source(line, column))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_puts_the_caret_under_the_text() {
        let d = locate(
            "a.html",
            "<p>\n  <a href=\"x.html\">x</a>\n",
            "x.html",
            "broken link `x.html`: no such page",
        )
        .unwrap();
        assert_eq!(
            d.to_string(),
            "a.html:2: error: broken link `x.html`: no such page\n  |   <a href=\"x.html\">x</a>\n  |            ^"
        );
    }
}
