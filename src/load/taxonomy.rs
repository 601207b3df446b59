//! The one loader of `content/tags.toml`: every command that needs the
//! topics (load, ingest, new) reads them here, so they agree on what a valid
//! taxonomy is (`Taxonomy::parse` holds the rules, one slug rule among them).

use crate::diag::Diagnostic;
use crate::taxonomy::Taxonomy;
use std::path::Path;

/// The taxonomy at `path`, named `name` in diagnostics; `Ok(None)` when the
/// file does not exist (each caller decides what no taxonomy means).
pub fn read(path: &Path, name: &str) -> Result<Option<Taxonomy>, Diagnostic> {
    match std::fs::read_to_string(path) {
        Ok(text) => Taxonomy::parse(name, crate::front::normalize(&text).as_ref()).map(Some),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Diagnostic::error(name, 1, format!("cannot read: {e}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_file_is_none_and_a_bad_slug_names_its_line() {
        let dir = std::env::temp_dir().join(format!("yomon-taxonomy-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("tags.toml");
        assert_eq!(read(&path, "tags.toml"), Ok(None));
        std::fs::write(
            &path,
            "\u{feff}[[topic]]\r\nslug = \"RL\"\r\nhe = \"א\"\r\nen = \"a\"\r\n",
        )
        .unwrap();
        let problem = read(&path, "tags.toml").unwrap_err();
        assert_eq!(
            (problem.file.as_str(), problem.line),
            ("tags.toml", 2),
            "{problem}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
