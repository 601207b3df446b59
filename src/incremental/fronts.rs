//! Front matters already read, by their text: `.yomon-cache/fronts.bin`.
//!
//! A cached build still reads every review file (its hash says whether it
//! changed), but reading a front matter's TOML was the largest part of
//! that: about 30 ms of CPU over the 3,040 reviews at 10x, against a few
//! for decoding them from here. A front matter is known by its text (after
//! `front::normalize`), found by its hash and compared whole: the same
//! text reads as the same value under the same yomon, which the cache's
//! header vouches for. A text not
//! found here is read as TOML, as always; the rules beyond parsing
//! (`load`) run on every review either way.
//!
//! Loaded before the review files are read (a small file: about a megabyte
//! at 10x), saved after the build from the reviews it loaded.

use super::cache::{self, Reader, Writer};
use crate::model::{FrontMatter, Review, Source};
use chrono::{Datelike, NaiveDate};
use rustc_hash::FxHashMap;
use std::hash::Hasher;
use std::io::Write;
use std::path::Path;

const FILE: &str = "fronts.bin";

/// Front matters by the hash of their text, each with its text: a text is
/// compared whole before its value is trusted, so not even two texts with
/// one hash could be confused.
#[derive(Default)]
pub struct Fronts(FxHashMap<u64, (String, FrontMatter)>);

impl Fronts {
    /// The front matter of this text, if it was read before.
    pub fn get(&self, text: &str) -> Option<FrontMatter> {
        let (known, front) = self.0.get(&key(text))?;
        (known == text).then(|| front.clone())
    }
}

fn key(text: &str) -> u64 {
    let mut hasher = rustc_hash::FxHasher::default();
    hasher.write(text.as_bytes());
    hasher.write_usize(text.len());
    hasher.finish()
}

/// The front matters under `root`'s cache; none when there is no file
/// that verifies.
pub fn load(root: &Path) -> Fronts {
    let read = || {
        let header = cache::header()?;
        let file = cache::map(&cache::file(root, FILE))?;
        let payload = cache::checked(file.strip_prefix(header.as_slice())?)?;
        let mut reader = Reader::new(payload);
        let fronts = (0..reader.u64()?)
            .map(|_| {
                let key = reader.u64()?;
                let text = reader.string()?;
                Some((key, (text, read_front(&mut reader)?)))
            })
            .collect::<Option<_>>()?;
        reader.is_empty().then_some(Fronts(fronts))
    };
    read().unwrap_or_default()
}

/// Save the front matters of `reviews`, replacing the file.
pub fn save(root: &Path, reviews: &[Review]) -> std::io::Result<()> {
    let Some(header) = cache::header() else {
        return Ok(());
    };
    let mut fronts: Vec<(u64, &Review)> = reviews
        .iter()
        .map(|review| (key(&review.origin.front), review))
        .collect();
    fronts.sort_unstable_by_key(|(key, _)| *key);
    fronts.dedup_by_key(|(key, _)| *key);
    std::fs::create_dir_all(root.join(cache::DIR))?;
    cache::replace(&cache::file(root, FILE), &header, |payload| {
        payload.u64(fronts.len() as u64);
        for (key, review) in fronts {
            payload.u64(key);
            payload.string(&review.origin.front);
            write_front(payload, &review.front);
        }
    })
}

fn write_front(payload: &mut Writer<impl Write>, front: &FrontMatter) {
    // Every field named: a field added to FrontMatter must be added here.
    let FrontMatter {
        title,
        title_estimated,
        date,
        date_estimated,
        headline,
        authors,
        number,
        arxiv,
        links,
        tags,
        source,
    } = front;
    payload.string(title);
    payload.u32(u32::from(*title_estimated) | u32::from(*date_estimated) << 1);
    payload.u32(date.num_days_from_ce() as u32);
    optional(payload, headline.as_ref(), |payload, headline| {
        payload.string(headline)
    });
    optional(payload, number.as_ref(), |payload, number| {
        payload.u32(*number)
    });
    for list in [authors, arxiv, links, tags] {
        payload.u64(list.len() as u64);
        list.iter().for_each(|item| payload.string(item));
    }
    optional(payload, source.as_ref(), |payload, source| {
        payload.string(&source.file);
        payload.u64(source.start_line as u64);
        payload.u64(source.end_line as u64);
    });
}

fn optional<W: Write, T>(
    payload: &mut Writer<W>,
    value: Option<&T>,
    write: impl FnOnce(&mut Writer<W>, &T),
) {
    match value {
        Some(value) => {
            payload.u32(1);
            write(payload, value);
        }
        None => payload.u32(0),
    }
}

fn read_front(reader: &mut Reader) -> Option<FrontMatter> {
    let title = reader.string()?;
    let flags = reader.u32()?;
    let date = NaiveDate::from_num_days_from_ce_opt(reader.u32()? as i32)?;
    let headline = read_optional(reader, Reader::string)?;
    let number = read_optional(reader, Reader::u32)?;
    let mut list = || {
        (0..reader.u64()?)
            .map(|_| reader.string())
            .collect::<Option<Vec<String>>>()
    };
    let (authors, arxiv, links, tags) = (list()?, list()?, list()?, list()?);
    let source = read_optional(reader, |reader| {
        Some(Source {
            file: reader.string()?,
            start_line: usize::try_from(reader.u64()?).ok()?,
            end_line: usize::try_from(reader.u64()?).ok()?,
        })
    })?;
    Some(FrontMatter {
        title,
        title_estimated: flags & 1 != 0,
        date,
        date_estimated: flags & 2 != 0,
        headline,
        authors,
        number,
        arxiv,
        links,
        tags,
        source,
    })
}

/// An optional value as `optional` wrote it: Some(None) for none, None
/// when the bytes are not one.
fn read_optional<'a, T>(
    reader: &mut Reader<'a>,
    read: impl FnOnce(&mut Reader<'a>) -> Option<T>,
) -> Option<Option<T>> {
    match reader.u32()? {
        0 => Some(None),
        1 => read(reader).map(Some),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn front(source: bool) -> FrontMatter {
        FrontMatter {
            title: "Attention \"Is\" All".into(),
            title_estimated: true,
            date: NaiveDate::from_ymd_opt(2025, 3, 15).unwrap(),
            date_estimated: false,
            headline: source.then(|| "כותרת".into()),
            authors: vec!["A. Author".into(), "ב. כותבת".into()],
            number: source.then_some(504),
            arxiv: vec!["2402.09906".into()],
            links: vec!["https://arxiv.org/abs/2402.09906".into()],
            tags: vec!["rag".into(), "vision".into()],
            source: source.then(|| Source {
                file: "000.txt".into(),
                start_line: 10,
                end_line: 42,
            }),
        }
    }

    #[test]
    fn front_matters_load_back_by_their_text_and_a_damaged_file_is_ignored() {
        let root = std::env::temp_dir().join(format!("yomon-fronts-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let mut reviews = vec![
            Review::new("a", front(true), "body"),
            Review::new("b", front(false), "body"),
        ];
        reviews[0].origin.front = "title = \"a\"\n".into();
        reviews[1].origin.front = "title = \"b\"\n".into();
        save(&root, &reviews).unwrap();

        let fronts = load(&root);
        assert_eq!(fronts.get("title = \"a\"\n"), Some(front(true)));
        assert_eq!(fronts.get("title = \"b\"\n"), Some(front(false)));
        assert_eq!(fronts.get("title = \"c\"\n"), None);
        // A value is given only for its own text, even under its hash.
        let other = "title = \"b\"\n".to_string();
        let confused = Fronts(
            [(key("title = \"a\"\n"), (other, front(false)))]
                .into_iter()
                .collect(),
        );
        assert_eq!(confused.get("title = \"a\"\n"), None);

        // One byte changed: the checksum fails and nothing is trusted.
        let file = cache::file(&root, FILE);
        let mut bytes = std::fs::read(&file).unwrap();
        let last = bytes.len() - 20;
        bytes[last] ^= 1;
        std::fs::write(&file, bytes).unwrap();
        assert_eq!(load(&root).get("title = \"a\"\n"), None);
        std::fs::remove_dir_all(&root).unwrap();
    }
}
