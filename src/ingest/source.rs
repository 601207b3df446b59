//! Reading the archive: bytes to checked UTF-8 text split into lines.
//!
//! Validation happens once here (STYLE.md, "validate once"): every later
//! stage works on `&str` lines and 1-based line numbers.

use crate::diag::Diagnostic;

/// The archive as lines (without their `\n` / `\r\n`), 1-based by position + 1.
pub struct Lines<'a> {
    pub lines: Vec<&'a str>,
}

impl<'a> Lines<'a> {
    pub fn split(text: &'a str) -> Self {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut lines: Vec<&str> = text
            .split('\n')
            .map(|l| l.strip_suffix('\r').unwrap_or(l))
            .collect();
        // A final newline ends the last line; it does not start an empty one.
        if text.ends_with('\n') {
            lines.pop();
        }
        Lines { lines }
    }

    /// The text of 1-based line `n` ("" when out of range).
    pub fn get(&self, n: usize) -> &'a str {
        n.checked_sub(1)
            .and_then(|i| self.lines.get(i))
            .copied()
            .unwrap_or("")
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }
}

/// Decode the archive bytes, naming the byte offset and line of the first
/// invalid UTF-8 sequence (a wrong encoding would otherwise garble every
/// Hebrew letter silently).
pub fn decode<'a>(file: &str, bytes: &'a [u8]) -> Result<&'a str, Diagnostic> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(err) => {
            let offset = err.valid_up_to();
            let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
            Err(Diagnostic::error(
                file,
                line,
                format!("invalid UTF-8 at byte offset {offset}: the archive must be UTF-8 text"),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_names_offset_and_line() {
        let bytes = b"first\nsecond \xff third\n";
        let err = decode("a.txt", bytes).unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("byte offset 13"), "{}", err.message);
    }

    #[test]
    fn split_keeps_line_numbers_and_drops_crlf() {
        let lines = Lines::split("a\r\n\r\nb\n");
        assert_eq!(lines.lines, vec!["a", "", "b"]);
        assert_eq!(lines.get(3), "b");
        assert_eq!(lines.get(4), "");
    }
}
