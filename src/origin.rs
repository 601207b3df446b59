//! Where a review came from: its file, and the line map that points a
//! diagnostic at the right line of it. Loaded once with the review, so no
//! later stage reads the file again to say where a problem is.

use crate::diag::Diagnostic;
use crate::front::FRONT_LINE;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origin {
    /// The file as diagnostics name it (relative to the project directory).
    pub file: String,
    /// The front matter's text; its first line is line 2 of the file.
    pub front: String,
    /// The 1-based file line of the body's first line.
    pub body_line: usize,
}

/// A line of the file: its number, text, and the 1-based column of a match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spot {
    pub line: usize,
    pub text: String,
    pub column: usize,
}

impl Origin {
    /// The front matter line holding `needle`, searching from the first line
    /// that starts with `key` and then from the top; without a match, the
    /// `key` line alone (or line 1).
    pub fn in_front(&self, key: &str, needle: &str) -> Result<Spot, usize> {
        let lines: Vec<&str> = self.front.lines().collect();
        let at_key = lines.iter().position(|l| l.trim_start().starts_with(key));
        let holding = |from: usize| {
            lines.iter().enumerate().skip(from).find_map(|(i, l)| {
                l.find(needle).map(|at| Spot {
                    line: i + FRONT_LINE,
                    text: l.to_string(),
                    column: l[..at].chars().count() + 1,
                })
            })
        };
        holding(at_key.unwrap_or(0))
            .or_else(|| holding(0))
            .ok_or(at_key.map_or(1, |i| i + FRONT_LINE))
    }

    /// The first line of the file holding `needle` (front matter, then the
    /// `body` this origin belongs to).
    pub fn in_file(&self, body: &str, needle: &str) -> Option<Spot> {
        if needle.is_empty() {
            return None;
        }
        let front = self
            .front
            .lines()
            .enumerate()
            .map(|(i, l)| (i + FRONT_LINE, l));
        let body = body
            .lines()
            .enumerate()
            .map(|(i, l)| (i + self.body_line, l));
        front.chain(body).find_map(|(line, text)| {
            text.find(needle).map(|at| Spot {
                line,
                text: text.to_string(),
                column: text[..at].chars().count() + 1,
            })
        })
    }

    /// An error at the front matter line holding `needle` (see `in_front`).
    pub fn front_error(&self, key: &str, needle: &str, message: String) -> Diagnostic {
        self.front(key, needle, message, Diagnostic::error)
    }

    /// As `front_error`, for a warning.
    pub fn front_warning(&self, key: &str, needle: &str, message: String) -> Diagnostic {
        self.front(key, needle, message, Diagnostic::warning)
    }

    fn front(
        &self,
        key: &str,
        needle: &str,
        message: String,
        make: fn(String, usize, String) -> Diagnostic,
    ) -> Diagnostic {
        match self.in_front(key, needle) {
            Ok(spot) => {
                make(self.file.clone(), spot.line, message).with_source(spot.text, spot.column)
            }
            Err(line) => make(self.file.clone(), line, message),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin() -> Origin {
        Origin {
            file: "r.md".into(),
            front: "title = \"A\"\ntags = [\"x\", \"y\"]\n".into(),
            body_line: 5,
        }
    }

    #[test]
    fn front_lines_count_from_line_two() {
        let spot = origin().in_front("tags", "\"y\"").unwrap();
        assert_eq!((spot.line, spot.column), (3, 14));
        assert_eq!(origin().in_front("tags", "\"z\""), Err(3));
        assert_eq!(origin().in_front("headline", "\"z\""), Err(1));
    }

    #[test]
    fn file_search_goes_on_into_the_body() {
        let spot = origin().in_file("\nsee [x](y.html)\n", "y.html").unwrap();
        assert_eq!((spot.line, spot.column), (6, 9));
        assert_eq!(origin().in_file("", ""), None);
    }
}
