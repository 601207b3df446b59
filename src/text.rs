//! Text and bytes made in this run, or read from a mapped cache file and
//! kept there: a cached build holds every review's feed entry and search
//! analysis (tens of megabytes at scale), and copying them out of the
//! cache into fresh memory cost more than anything else in loading it.

use std::ops::Deref;
use std::sync::Arc;

/// `bytes` as text, if they are UTF-8. Checked with SIMD (`simdutf8`):
/// a build checks every review file and every cached feed entry (30 MB of
/// mostly Hebrew at 10x), which the standard library's check, quick on
/// ASCII, reads at about a fifth of the speed.
pub fn utf8(bytes: &[u8]) -> Option<&str> {
    simdutf8::basic::from_utf8(bytes).ok()
}

/// `bytes` as a `String`, if they are UTF-8 (see `utf8`).
pub fn string(bytes: Vec<u8>) -> Option<String> {
    utf8(&bytes)?;
    // SAFETY: just checked to be UTF-8.
    Some(unsafe { String::from_utf8_unchecked(bytes) })
}

/// A cache file mapped into memory (`incremental::cache::map`).
pub type Mapped = Arc<memmap2::Mmap>;

/// Where `part` lies in `file`; None when it is not within it.
fn span(file: &Mapped, part: &[u8]) -> Option<(usize, usize)> {
    let start = (part.as_ptr() as usize).checked_sub(file.as_ptr() as usize)?;
    let end = start.checked_add(part.len())?;
    (end <= file.len()).then_some((start, end))
}

/// Bytes made in this run, or bytes of a mapped file.
#[derive(Clone)]
pub enum Bytes {
    Owned(Vec<u8>),
    Mapped {
        file: Mapped,
        start: usize,
        end: usize,
    },
}

impl Bytes {
    /// `part`, a slice of `file`, without copying it; None when `part` is
    /// not within `file`.
    pub fn mapped(file: &Mapped, part: &[u8]) -> Option<Bytes> {
        let (start, end) = span(file, part)?;
        Some(Bytes::Mapped {
            file: Arc::clone(file),
            start,
            end,
        })
    }

    /// `part`, left in `file`'s mapping when one is given (see `mapped`),
    /// copied otherwise (bytes read from a buffer, not a file).
    pub fn kept(file: Option<&Mapped>, part: &[u8]) -> Option<Bytes> {
        match file {
            Some(file) => Bytes::mapped(file, part),
            None => Some(Bytes::Owned(part.to_vec())),
        }
    }

    pub fn as_slice(&self) -> &[u8] {
        match self {
            Bytes::Owned(bytes) => bytes,
            Bytes::Mapped { file, start, end } => &file[*start..*end],
        }
    }
}

impl Default for Bytes {
    fn default() -> Bytes {
        Bytes::Owned(Vec::new())
    }
}

impl Deref for Bytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        self.as_slice()
    }
}

impl From<Vec<u8>> for Bytes {
    fn from(bytes: Vec<u8>) -> Bytes {
        Bytes::Owned(bytes)
    }
}

impl PartialEq for Bytes {
    fn eq(&self, other: &Bytes) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl Eq for Bytes {}

impl std::fmt::Debug for Bytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_slice(), f)
    }
}

/// `Bytes` that are UTF-8: made from a `String`, or checked when taken
/// from a mapping.
#[derive(Clone, PartialEq, Eq)]
pub struct Text(Bytes);

impl Text {
    /// `part`, a slice of `file`, as text without copying it; None when
    /// `part` is not within `file` or not UTF-8.
    pub fn mapped(file: &Mapped, part: &[u8]) -> Option<Text> {
        utf8(part)?;
        Bytes::mapped(file, part).map(Text)
    }

    pub fn as_str(&self) -> &str {
        // SAFETY: a Text is made from a String or from bytes checked to be
        // UTF-8 (`mapped`); a mapping is read-only and its file is only ever
        // replaced by a rename, never written in place (see
        // `incremental::cache`).
        unsafe { std::str::from_utf8_unchecked(self.0.as_slice()) }
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl From<String> for Text {
    fn from(text: String) -> Text {
        Text(Bytes::Owned(text.into_bytes()))
    }
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mapping(bytes: &[u8]) -> Mapped {
        // A folder per call: the tests run side by side in one process.
        static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("yomon-text-{}-{call}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("mapped");
        std::fs::write(&path, bytes).unwrap();
        let file = std::fs::File::open(&path).unwrap();
        // SAFETY: a file of this test's own, not changed while mapped.
        let map = unsafe { memmap2::Mmap::map(&file) }.unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        Arc::new(map)
    }

    #[test]
    fn mapped_text_reads_its_part_of_the_file() {
        let file = mapping("ab שלום cd".as_bytes());
        let text = Text::mapped(&file, &file[3..11]).unwrap();
        assert_eq!(text.as_str(), "שלום");
        assert_eq!(text, Text::from("שלום".to_string()));
    }

    #[test]
    fn mapped_text_refuses_bytes_that_are_not_utf8_or_not_in_the_file() {
        let file = mapping("שלום".as_bytes());
        // Half a letter.
        assert!(Text::mapped(&file, &file[0..3]).is_none());
        let elsewhere = b"abc".to_vec();
        assert!(Text::mapped(&file, &elsewhere).is_none());
        assert!(Bytes::mapped(&file, &elsewhere).is_none());
        assert_eq!(&*Bytes::mapped(&file, &file[0..3]).unwrap(), &file[0..3]);
    }
}
