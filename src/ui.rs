//! Terminal output: stage lines and summaries on stderr, never on stdout
//! (stdout is kept clean for `--json`). `-q` silences all but errors,
//! `-v` adds detail.

use crate::diag::Diagnostic;
use std::io::IsTerminal;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Verbosity {
    Quiet,
    #[default]
    Normal,
    Verbose,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Ui {
    pub verbosity: Verbosity,
}

impl Ui {
    pub fn new(verbosity: Verbosity) -> Self {
        Ui { verbosity }
    }

    /// The Ui for a build run inside another command (check, serve): its
    /// stage lines would repeat on every run, so only `-v` shows them.
    pub fn nested(&self) -> Ui {
        let verbosity = if self.verbosity >= Verbosity::Verbose {
            Verbosity::Verbose
        } else {
            Verbosity::Quiet
        };
        Ui { verbosity }
    }

    /// One line per pipeline stage, e.g. "render   412 pages".
    pub fn stage(&self, message: impl AsRef<str>) {
        if self.verbosity >= Verbosity::Normal {
            eprintln!("{}", message.as_ref());
        }
    }

    /// Extra detail shown only with `-v`.
    pub fn detail(&self, message: impl AsRef<str>) {
        if self.verbosity >= Verbosity::Verbose {
            eprintln!("{}", message.as_ref());
        }
    }

    /// Diagnostics: errors always, warnings unless quiet.
    pub fn diagnostics(&self, diagnostics: &[Diagnostic]) {
        for d in diagnostics {
            if d.is_error() || self.verbosity >= Verbosity::Normal {
                eprintln!("{d}");
            }
        }
    }

    /// Progress display is only worth it on a terminal.
    pub fn is_interactive(&self) -> bool {
        self.verbosity >= Verbosity::Normal && std::io::stderr().is_terminal()
    }
}

/// How a failure reads on the terminal: `error: ...`, unless the message is
/// already a diagnostic (`FILE:LINE: error: ...`, say a bad yomon.toml that
/// stopped the build), which would otherwise read `error: FILE:LINE: error:`.
pub fn error_text(err: &anyhow::Error) -> String {
    let text = format!("{err:#}");
    let first_line = text.lines().next().unwrap_or("");
    let is_diagnostic = first_line
        .split_once(": error: ")
        .is_some_and(|(place, _)| {
            place.rsplit_once(':').is_some_and(|(file, line)| {
                !file.is_empty() && !line.is_empty() && line.bytes().all(|b| b.is_ascii_digit())
            })
        });
    if is_diagnostic {
        text
    } else {
        format!("error: {text}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_text_labels_plain_errors_once() {
        assert_eq!(
            error_text(&anyhow::anyhow!("cannot read `x`")),
            "error: cannot read `x`"
        );
        let diagnostic =
            anyhow::anyhow!("yomon.toml:3: error: unknown field `titel`\n  | titel = 1\n  | ^");
        assert_eq!(
            error_text(&diagnostic),
            "yomon.toml:3: error: unknown field `titel`\n  | titel = 1\n  | ^"
        );
        assert_eq!(
            error_text(&anyhow::anyhow!("a: error: b")),
            "error: a: error: b"
        );
    }
}
