//! Formulas that do not parse: the page shows their source as code, and
//! check warns at the formula's line with a caret, so the author can fix it.

use crate::diag::Diagnostic;
use crate::render::{markdown, math};
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
            Some(in_text(&crate::diag::file_name(root, path), &text))
        })
        .flatten()
        .collect()
}

/// Warnings for one page's `text` (front matter and body).
pub fn in_text(file: &str, text: &str) -> Vec<Diagnostic> {
    let body_start = body_start(text);
    math::problems(&text[body_start..], markdown::options())
        .into_iter()
        .map(|p| {
            let at = body_start + p.offset;
            let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
            let line = text[..at].matches('\n').count() + 1;
            let column = text[line_start..at].chars().count() + 1;
            Diagnostic::warning(
                file,
                line,
                format!(
                    "formula `{}` does not parse ({}); the page shows it as code",
                    p.source,
                    // The parser's message goes on with a drawing of the
                    // context; its first line says what is wrong.
                    p.message.lines().next().unwrap_or("").trim()
                ),
            )
            .with_source(&text[line_start..line_end], column)
        })
        .collect()
}

/// Where the body starts: after the closing `+++` line of the front matter.
fn body_start(text: &str) -> usize {
    text.strip_prefix("+++\n")
        .and_then(|rest| rest.find("\n+++\n").map(|i| 4 + i + 5))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unparsable_formula_is_warned_at_its_line() {
        let text = "+++\ntitle = \"x\"\n+++\n\nטוב $a+b$.\nרע $\\nosuch{1}$ כאן.\n";
        let found = in_text("a.md", text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].line, 6);
        assert_eq!(found[0].column, Some(4));
        assert_eq!(
            found[0].message,
            "formula `\\nosuch{1}` does not parse (parsing error: unknown primitive command found); \
             the page shows it as code"
        );
    }
}
