//! Site settings from `yomon.toml`. The file is optional and every key has a
//! default (all in one `impl Default`, Zola's habit). Unknown keys are errors
//! with file, line and caret: a misspelt key silently ignored is a setting
//! the author thinks they made.

use crate::diag::Diagnostic;
use serde::{Deserialize, Serialize};
use std::path::Path;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Site title, shown in the header and in every `<title>`.
    pub title: String,
    /// One sentence about the site: home page meta description and feed subtitle.
    pub description: String,
    /// Absolute URL the site is published at, e.g. "https://example.org/yomon/".
    /// Only used for canonical links, OpenGraph URLs, the sitemap and feed
    /// self-links; every link between pages stays relative.
    pub base_url: Option<String>,
    /// Reviews per page on the home page and its follow-up pages.
    pub per_page: usize,
    /// BCP 47 language of the site (the page direction follows from it).
    pub language: String,
    /// The author named in feeds and JSON-LD.
    pub author: String,
    /// How many related reviews a review page lists (3 to 5 reads well).
    pub related: usize,
    /// Build the search index and show search on every page. Off, the site
    /// has no search page, box or index (and builds several times faster:
    /// the index is most of a build's work).
    pub search: bool,
    /// Words that mix Hebrew with another script on purpose: `check` does
    /// not warn about them (it warns about every other such word).
    pub allowed_words: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "המאמר היומי של מיק".into(),
            description: "סקירות יומיות בעברית של מאמרים בלמידת מכונה".into(),
            base_url: None,
            per_page: 20,
            language: "he".into(),
            author: "מיק".into(),
            related: 4,
            search: true,
            allowed_words: Vec::new(),
        }
    }
}

impl Config {
    /// `base_url` with exactly one trailing slash, if configured.
    pub fn base(&self) -> Option<String> {
        self.base_url
            .as_deref()
            .map(str::trim)
            .filter(|b| !b.is_empty())
            .map(|b| format!("{}/", b.trim_end_matches('/')))
    }

    /// "rtl" or "ltr", from the language code (mdBook's `TextDirection`):
    /// Hebrew, Arabic, Persian, Urdu, Yiddish and friends read right to left.
    pub fn direction(&self) -> &'static str {
        let primary = self
            .language
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match primary.as_str() {
            "he" | "iw" | "ar" | "fa" | "ur" | "yi" | "ps" | "sd" | "ug" | "dv" | "ckb" | "syr" => {
                "rtl"
            }
            _ => "ltr",
        }
    }

    /// Read `path`, or the defaults when it does not exist.
    pub fn load(path: &Path) -> Result<Config, Diagnostic> {
        let name = path.display().to_string();
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => return Err(Diagnostic::error(name, 1, format!("cannot read: {e}"))),
        };
        Config::parse(&name, &text)
    }

    pub fn parse(file: &str, text: &str) -> Result<Config, Diagnostic> {
        let config: Config =
            toml::from_str(text).map_err(|e| toml_diagnostic(file, text, 0, &e))?;
        if config.per_page == 0 {
            let line = line_of_key(text, "per_page");
            return Err(Diagnostic::error(file, line, "per_page must be at least 1"));
        }
        Ok(config)
    }
}

fn line_of_key(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| l.trim_start().starts_with(key))
        .map_or(1, |i| i + 1)
}

/// A TOML error as a diagnostic pointing at its span. `line_offset` is the
/// number of lines before `text` in the file (front matter starts at line 2).
pub fn toml_diagnostic(
    file: &str,
    text: &str,
    line_offset: usize,
    err: &toml::de::Error,
) -> Diagnostic {
    let message = err.message().trim().to_string();
    let Some(span) = err.span() else {
        return Diagnostic::error(file, line_offset + 1, message);
    };
    let start = span.start.min(text.len());
    let before = &text[..floor_char_boundary(text, start)];
    let line_index = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    let source_line = text[line_start..].lines().next().unwrap_or("").to_string();
    Diagnostic::error(file, line_offset + line_index + 1, message).with_source(source_line, column)
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while index > 0 && !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_keys_take_defaults() {
        let config = Config::parse("yomon.toml", "title = \"x\"\n").unwrap();
        assert_eq!(config.title, "x");
        assert_eq!(config.per_page, Config::default().per_page);
        assert_eq!(config.base(), None);
    }

    #[test]
    fn unknown_key_is_an_error_with_line_and_caret() {
        let err = Config::parse("yomon.toml", "title = \"x\"\n  per_pgae = 3\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert_eq!(err.column, Some(3));
        assert!(err.message.contains("per_pgae"), "{}", err.message);
        assert!(err.to_string().starts_with("yomon.toml:2: error:"), "{err}");
    }

    #[test]
    fn base_url_gets_one_trailing_slash() {
        let config = Config::parse("t", "base_url = \"https://e.org/sub//\"\n").unwrap();
        assert_eq!(config.base().as_deref(), Some("https://e.org/sub/"));
    }

    #[test]
    fn direction_follows_the_language() {
        assert_eq!(Config::default().direction(), "rtl");
        assert_eq!(
            Config {
                language: "he-IL".into(),
                ..Config::default()
            }
            .direction(),
            "rtl"
        );
        assert_eq!(
            Config {
                language: "en".into(),
                ..Config::default()
            }
            .direction(),
            "ltr"
        );
    }

    #[test]
    fn zero_per_page_is_rejected() {
        assert!(Config::parse("t", "per_page = 0\n").is_err());
    }
}
