//! Formulas that do not parse: the page shows their source as code, and
//! check warns at the formula's line with a caret, so the author can fix it.

use crate::diag::Diagnostic;
use crate::model::Review;
use crate::render::{markdown, math};

/// Warnings for the formulas of the loaded reviews that do not parse, at
/// the lines of their files (the review's line map: no second read).
pub fn warnings(reviews: &[Review]) -> Vec<Diagnostic> {
    reviews
        .iter()
        .flat_map(|r| in_body(&r.origin.file, &r.body, r.origin.body_line))
        .collect()
}

/// Warnings for one page's `body`, whose first line is `first_line` of the file.
pub fn in_body(file: &str, body: &str, first_line: usize) -> Vec<Diagnostic> {
    math::problems(body, markdown::options())
        .into_iter()
        .map(|p| {
            let at = p.offset;
            let line_start = body[..at].rfind('\n').map_or(0, |i| i + 1);
            let line_end = body[at..].find('\n').map_or(body.len(), |i| at + i);
            let line = first_line + body[..at].matches('\n').count();
            let column = body[line_start..at].chars().count() + 1;
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
            .with_source(&body[line_start..line_end], column)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unparsable_formula_is_warned_at_its_line() {
        let body = "טוב $a+b$.\nרע $\\nosuch{1}$ כאן.\n";
        let found = in_body("a.md", body, 5);
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
