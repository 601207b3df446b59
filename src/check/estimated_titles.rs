//! Titles ingest made up (`title_estimated = true`, like "arXiv 2402.09906"
//! for a review the archive gave no title): listed as warnings at the
//! title line, so the author can write the real one.

use crate::diag::Diagnostic;
use crate::model::FrontMatter;
use std::path::Path;

pub fn warnings(content_dir: &Path, root: &Path) -> Vec<Diagnostic> {
    let Ok(entries) = std::fs::read_dir(content_dir.join("reviews")) else {
        return Vec::new();
    };
    let mut paths: Vec<_> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    paths.sort();
    paths
        .iter()
        .filter_map(|path| {
            let text = std::fs::read_to_string(path).ok()?;
            in_text(&crate::diag::file_name(root, path), &text)
        })
        .collect()
}

/// The warning for one page, if its title is estimated. Pages whose front
/// matter does not parse are reported by load.
pub fn in_text(file: &str, text: &str) -> Option<Diagnostic> {
    let toml = text.strip_prefix("+++\n")?.split("\n+++\n").next()?;
    let front: FrontMatter = toml::from_str(toml).ok()?;
    if !front.title_estimated {
        return None;
    }
    let (index, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.starts_with("title ="))?;
    let column = line.find('"').map_or(1, |i| line[..i].chars().count() + 1);
    Some(
        Diagnostic::warning(
            file,
            index + 1,
            format!(
                "title \"{}\" was estimated by ingest (the archive gives none): write the real one and remove `title_estimated`",
                front.title
            ),
        )
        .with_source(line, column),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_estimated_title_is_listed_at_its_line() {
        let text = "+++\ntitle = \"arXiv 2402.09906\"\ntitle_estimated = true\ndate = 2025-03-15\n+++\n\nגוף.\n";
        let d = in_text("a.md", text).expect("a warning");
        assert_eq!(
            d.to_string(),
            "a.md:2: warning: title \"arXiv 2402.09906\" was estimated by ingest (the archive gives none): \
             write the real one and remove `title_estimated`\n  | title = \"arXiv 2402.09906\"\n  |         ^"
        );
        assert!(in_text("a.md", &text.replace("title_estimated = true\n", "")).is_none());
    }
}
