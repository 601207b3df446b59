//! The one reader of a review file's shape: an optional byte-order mark,
//! `+++`, TOML front matter, `+++`, markdown body, with LF or CRLF line ends.
//!
//! `load` (the strict reader), ingest's manifest recovery and `new`'s
//! duplicate check (lenient readers) all go through `split`, so a BOM or a
//! CRLF file means the same thing to each of them.

use std::borrow::Cow;

const DELIMITER: &str = "+++";

/// A review file cut at its delimiters. Line ends are LF whatever the file
/// used, so byte offsets and line numbers agree between the parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parts {
    /// The TOML between the `+++` lines; it starts at line 2 of the file.
    pub front: String,
    /// The markdown after the closing `+++` line.
    pub body: String,
    /// The 1-based file line the body starts at.
    pub body_line: usize,
}

/// Why a file is not a review page, with the line to name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shape {
    /// The first line (given) is not `+++`.
    NoOpening(String),
    /// No `+++` line after the opening one.
    NotClosed,
}

/// The front matter starts on this line of the file.
pub const FRONT_LINE: usize = 2;

/// The text without a BOM and with LF line ends: what every reader sees.
pub fn normalize(text: &str) -> Cow<'_, str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n"))
    } else {
        Cow::Borrowed(text)
    }
}

pub fn split(text: &str) -> Result<Parts, Shape> {
    let text = normalize(text);
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != DELIMITER {
        return Err(Shape::NoOpening(first.trim_end().to_string()));
    }
    let mut offset = first.len();
    let mut line = 1;
    for current in lines {
        line += 1;
        if current.trim_end() == DELIMITER {
            return Ok(Parts {
                front: text[first.len()..offset].to_string(),
                body: text[offset + current.len()..].to_string(),
                body_line: line + 1,
            });
        }
        offset += current.len();
    }
    Err(Shape::NotClosed)
}

/// The front matter read as `T`, leniently: None for anything that is not a
/// well-formed page (`load` is where such a page is reported).
pub fn read<T: serde::de::DeserializeOwned>(text: &str) -> Option<T> {
    toml::from_str(&split(text).ok()?.front).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_and_body_are_cut_at_the_delimiters() {
        let parts = split("+++\ntitle = \"x\"\n+++\nbody\n").unwrap();
        assert_eq!(parts.front, "title = \"x\"\n");
        assert_eq!(parts.body, "body\n");
        assert_eq!(parts.body_line, 4);
    }

    #[test]
    fn a_bom_and_crlf_read_like_plain_lf() {
        let plain = split("+++\ntitle = \"x\"\n+++\n\nbody\nmore\n").unwrap();
        let windows = split("\u{feff}+++\r\ntitle = \"x\"\r\n+++\r\n\r\nbody\r\nmore\r\n").unwrap();
        assert_eq!(plain, windows);
        assert_eq!(plain.body_line, 4);
    }

    #[test]
    fn a_file_without_delimiters_says_which_is_missing() {
        assert_eq!(
            split("title = 1\n"),
            Err(Shape::NoOpening("title = 1".into()))
        );
        assert_eq!(split("+++\ntitle = \"x\"\n"), Err(Shape::NotClosed));
        assert_eq!(split(""), Err(Shape::NoOpening(String::new())));
    }

    #[test]
    fn lenient_reads_skip_what_does_not_parse() {
        #[derive(serde::Deserialize)]
        struct Title {
            title: String,
        }
        let read_title = |text: &str| read::<Title>(text).map(|t| t.title);
        assert_eq!(
            read_title("+++\r\ntitle = \"A\"\r\n+++\r\n").as_deref(),
            Some("A")
        );
        assert_eq!(
            read_title("+++\ntitle = \"A\"\ndate = 2024-13-01\n+++\n"),
            None
        );
        assert_eq!(read_title("title = \"A\"\n"), None);
    }
}
