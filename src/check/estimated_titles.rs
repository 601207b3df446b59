//! Titles ingest made up (`title_estimated = true`, like "arXiv 2402.09906"
//! for a review the archive gave no title): listed as warnings at the
//! title line, so the author can write the real one.

use crate::diag::Diagnostic;
use crate::model::Review;

pub fn warnings(reviews: &[Review]) -> Vec<Diagnostic> {
    reviews
        .iter()
        .filter(|r| r.front.title_estimated)
        .map(|r| {
            r.origin.front_warning(
                "title",
                "\"",
                format!(
                    "title \"{}\" was estimated by ingest (the archive gives none): write the real one and remove `title_estimated`",
                    r.front.title
                ),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_estimated_title_is_listed_at_its_line() {
        let text = "+++\ntitle = \"arXiv 2402.09906\"\ntitle_estimated = true\ndate = 2025-03-15\n+++\n\nגוף.\n";
        let review = |text: &str| crate::load::parse_review("a.md", "a".into(), text).unwrap();
        let found = warnings(&[review(text)]);
        let d = found.first().expect("a warning");
        assert_eq!(
            d.to_string(),
            "a.md:2: warning: title \"arXiv 2402.09906\" was estimated by ingest (the archive gives none): \
             write the real one and remove `title_estimated`\n  | title = \"arXiv 2402.09906\"\n  |         ^"
        );
        assert!(warnings(&[review(&text.replace("title_estimated = true\n", ""))]).is_empty());
    }
}
