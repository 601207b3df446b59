//! Diagnostics: problems in user input, each naming its file and line.
//!
//! They are collected, sorted and printed together (just's style):
//! `FILE:LINE: warning|error: message`, then the source line and a caret.

use std::fmt;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: String,
    /// 1-based line number.
    pub line: usize,
    /// 1-based column (in characters) of the offending text, if known.
    pub column: Option<usize>,
    pub severity: Severity,
    pub message: String,
    /// The offending source line, shown under the message with a caret.
    pub source_line: Option<String>,
}

impl Diagnostic {
    pub fn warning(file: impl Into<String>, line: usize, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, file.into(), line, message.into())
    }

    pub fn error(file: impl Into<String>, line: usize, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, file.into(), line, message.into())
    }

    fn new(severity: Severity, file: String, line: usize, message: String) -> Self {
        Diagnostic {
            file,
            line,
            column: None,
            severity,
            message,
            source_line: None,
        }
    }

    /// Attach the source line and the column of the offending text.
    pub fn with_source(mut self, source_line: impl Into<String>, column: usize) -> Self {
        self.source_line = Some(source_line.into());
        self.column = Some(column);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{}:{}: {}: {}", self.file, self.line, kind, self.message)?;
        if let Some(source) = &self.source_line {
            write!(f, "\n  | {source}")?;
            if let Some(column) = self.column {
                write!(f, "\n  | {}^", " ".repeat(column.saturating_sub(1)))?;
            }
        }
        Ok(())
    }
}

/// How a diagnostic names `path`: relative to the project directory `root`,
/// so `yomon -C /abs/dir check` and `yomon check` in that directory print
/// the same `content/reviews/x.md` (a path outside `root` stays as it is).
pub fn file_name(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Sort diagnostics by file, then line, so output is stable and readable.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diagnostic_shows_file_line_and_caret() {
        let d = Diagnostic::error("content/reviews/a.md", 3, "unknown key `colour`")
            .with_source("colour = 1", 1);
        assert_eq!(
            d.to_string(),
            "content/reviews/a.md:3: error: unknown key `colour`\n  | colour = 1\n  | ^"
        );
    }

    #[test]
    fn files_are_named_relative_to_the_project() {
        let root = Path::new("/home/me/site");
        let inside = root.join("content/reviews/a.md");
        assert_eq!(file_name(root, &inside), "content/reviews/a.md");
        assert_eq!(
            file_name(Path::new(""), Path::new("content/a.md")),
            "content/a.md"
        );
        assert_eq!(
            file_name(root, Path::new("/elsewhere/a.md")),
            "/elsewhere/a.md"
        );
    }
}
