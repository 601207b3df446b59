//! The built site as a value: every output file, in memory.
//!
//! Rendering returns a `Site`; only `write` puts it on disk, and `check`
//! inspects it without writing (Pagefind's disk-or-memory output).

use std::path::{Path, PathBuf};

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Relative to the site root, with `/` separators, e.g. "reviews/x.html".
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

impl OutputFile {
    pub fn new(path: impl Into<PathBuf>, bytes: impl Into<Vec<u8>>) -> Self {
        OutputFile {
            path: path.into(),
            bytes: bytes.into(),
        }
    }
}

/// A file's path in the site as `/`-separated text ("reviews/x.html") on
/// every platform: how the site, the server and the build cache name it.
pub fn site_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Every file of the built site.
#[derive(Debug, Clone, Default)]
pub struct Site {
    pub files: Vec<OutputFile>,
}

#[cfg(test)]
impl Site {
    /// A site of these (path, text) files, for tests.
    pub fn of(files: &[(&str, &str)]) -> Site {
        Site {
            files: files
                .iter()
                .map(|(path, text)| OutputFile::new(*path, text.as_bytes()))
                .collect(),
        }
    }
}
