//! The build cache: what the last `yomon build` made, in `.yomon-cache/`
//! in the project directory, so the next build renders and writes only what
//! changed. Read side by side:
//! - `build.bin`: each output's key, the related lists, the record of the
//!   files the build wrote, and the names of the review files below;
//! - `reviews/*.bin`: each review version's feed entry and words, in
//!   `BUCKETS` files by the top bits of its key, each named by the keys it
//!   holds: a build after one edit writes one small file again rather than
//!   every review's, and keeps the files whose names it still lists;
//! - `search.bin` and `search/*.bin`: the search index's memo, its head
//!   (the vocabulary, the last index) and each review's analysis in
//!   `SEARCH_BUCKETS` files by key, named by what they hold like the
//!   review files (`search::SearchMemo::buckets`): an edit writes the head
//!   and one or two buckets again, not every review's analysis;
//! - `fronts.bin`: the front matters already read (`super::fronts`).
//!
//! Output bytes are not kept: an unchanged output is left where the last
//! build wrote it, if the record shows it untouched there (`write::verify`).
//! Files are written as they are encoded (a large cache is never held whole
//! in memory), to a temporary name then renamed, and read through a mapping
//! (feed entries stay in it).
//!
//! Owned by yomon, git-ignored, safe to delete. Trusted only when it
//! verifies: the same yomon version and the same executable (its size and
//! modification time: a rebuilt or reinstalled yomon of the same version
//! may render otherwise), the same hash function (a probe value), and a
//! checksum over everything after each file's header. Anything else
//! (missing, truncated, older, edited) is ignored, never half-read: a review
//! file that fails costs only its reviews' entries. Each entry is keyed by
//! everything its output is made from, settings and templates included
//! (`keys`), so an entry from other settings (or a `search.bin` from another
//! build) is simply never used.

use super::{keys, Memo};
use crate::render::context::{Summary, TagRef};
use crate::render::related::{self, Words};
use crate::text::{Bytes, Mapped, Text};
use anyhow::Context;
use rayon::prelude::*;
use std::hash::Hasher;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub const DIR: &str = ".yomon-cache";
const FILE: &str = "build.bin";
const SEARCH_FILE: &str = "search.bin";
const REVIEWS_DIR: &str = "reviews";
/// The search memo's analyses, in `SEARCH_BUCKETS` files by key.
const SEARCH_DIR: &str = "search";
const SEARCH_BUCKETS: usize = 64;
/// Review files: enough that an edit rewrites a small part of the cache
/// (a sixty-fourth), few enough to open them all at every build.
const BUCKETS: usize = 64;
const MAGIC: &[u8] = b"yomon build cache 6\n";
/// The checksum is taken a block at a time, so a writer can hash and write
/// each block as soon as it is full.
const BLOCK: usize = 1 << 20;

fn path(root: &Path) -> PathBuf {
    root.join(DIR).join(FILE)
}

/// The cache file `name`.
pub(super) fn file(root: &Path, name: &str) -> PathBuf {
    root.join(DIR).join(name)
}

fn search_path(root: &Path) -> PathBuf {
    root.join(DIR).join(SEARCH_FILE)
}

fn search_bucket_path(root: &Path, name: &str) -> PathBuf {
    root.join(DIR).join(SEARCH_DIR).join(format!("{name}.bin"))
}

fn bucket_path(root: &Path, name: &str) -> PathBuf {
    root.join(DIR).join(REVIEWS_DIR).join(format!("{name}.bin"))
}

/// The header: magic, version, the executable that made it, the hash of a
/// fixed probe (a different hash function would make every key
/// meaningless). None when the executable cannot be known: then no cache
/// is trusted.
pub(super) fn header() -> Option<Vec<u8>> {
    let mut out = MAGIC.to_vec();
    out.extend(env!("CARGO_PKG_VERSION").as_bytes());
    out.push(b'\n');
    out.extend(executable()?.as_bytes());
    out.push(b'\n');
    out.extend(keys::of("probe").to_le_bytes());
    Some(out)
}

/// The running executable's size and modification time.
fn executable() -> Option<String> {
    let meta = std::fs::metadata(std::env::current_exe().ok()?).ok()?;
    let modified = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    Some(format!("{} {}", meta.len(), modified.as_nanos()))
}

/// The cache under `root`, or an empty memo when there is none that
/// verifies. Outputs are reused only from `out` (the directory this build
/// writes), and only those the record shows untouched there.
pub fn load(root: &Path, out: Option<&Path>) -> Memo {
    // Both files carry the same header; no cache is trusted without one.
    let Some(header) = header() else {
        return Memo::default();
    };
    let (memo, search_memo) = rayon::join(
        || {
            let file = map(&path(root))?;
            let (mut memo, names) = read(file.strip_prefix(header.as_slice())?)?;
            // The site's record verified beside the review files' reading
            // (one asks the file system, the other reads the cache).
            let record = memo.written.take();
            let ((), written) = rayon::join(
                || read_buckets(root, &header, names, &mut memo),
                || {
                    record
                        .zip(out)
                        .and_then(|(record, out)| crate::write::verify(&record, out))
                },
            );
            match &written {
                Some(record) => memo
                    .outputs
                    .retain(|path, _| record.files.contains_key(path)),
                None => memo.outputs.clear(),
            }
            memo.written = written;
            Some(memo)
        },
        || read_search(root, &header),
    );
    let Some(mut memo) = memo else {
        return Memo::default();
    };
    (memo.search_memo, memo.search_files) = search_memo.unwrap_or_default();
    memo
}

/// The search memo: its head in `search.bin`, its analyses in the bucket
/// files the head names, read side by side; a bucket that fails only
/// costs its analyses (made again). Returns the memo and the names of
/// the buckets read whole.
fn read_search(
    root: &Path,
    header: &[u8],
) -> Option<(crate::search::SearchMemo, std::collections::HashSet<String>)> {
    let file = map(&search_path(root))?;
    let head = checked(file.strip_prefix(header)?)?;
    let (mut memo, names) = crate::search::SearchMemo::decode_head(head)?;
    let read: Vec<(String, Option<crate::search::ReadEntries>)> = names
        .into_par_iter()
        .map(|name| {
            let entries = map(&search_bucket_path(root, &name)).and_then(|file| {
                let payload = checked(file.strip_prefix(header)?)?;
                memo.decode_bucket(Some(&file), payload)
            });
            (name, entries)
        })
        .collect();
    let mut intact = std::collections::HashSet::new();
    for (name, entries) in read {
        if let Some(entries) = entries {
            memo.add_entries(entries);
            intact.insert(name);
        }
    }
    Some((memo, intact))
}

/// A cache file's bytes, mapped rather than read: reading tens of
/// megabytes into fresh memory costs more than decoding them (every page
/// zeroed, then copied into), while a mapping shares the pages the kernel
/// already holds. Its pages are mapped at once (`populate`): every byte
/// is read by the checksum anyway, and one call maps them for less than
/// the thousands of page faults that would map them one by one.
pub(super) fn map(file: &Path) -> Option<Mapped> {
    let file = std::fs::File::open(file).ok()?;
    // SAFETY: the mapping is only read, and the files under `.yomon-cache/`
    // are only ever replaced by renaming a new file over them (`replace`),
    // which leaves a mapped old file whole. Another program truncating the
    // file while it is mapped could still fault this process; the folder is
    // yomon's own.
    unsafe { memmap2::MmapOptions::new().populate().map(&file) }
        .ok()
        .map(Arc::new)
}

/// `build.bin` after its header, and the names of the review files it
/// lists; None (the whole cache dropped) when its checksum fails.
fn read(rest: &[u8]) -> Option<(Memo, Vec<String>)> {
    let payload = checked(rest)?;
    let mut reader = Reader { bytes: payload };
    let mut memo = Memo::default();
    for _ in 0..reader.u64()? {
        let path = reader.string()?;
        let key = reader.u64()?;
        memo.outputs.insert(path, (key, None));
    }
    for _ in 0..reader.u64()? {
        let slug = reader.string()?;
        let related = (0..reader.u64()?)
            .map(|_| reader.string())
            .collect::<Option<_>>()?;
        memo.related.insert(slug, related);
    }
    memo.related_key = reader.u64()?;
    if reader.u64()? == 1 {
        memo.related_found = Some(Arc::new(read_found(&mut reader)?));
    }
    if reader.u64()? == 1 {
        let dir = PathBuf::from(reader.string()?);
        let files = (0..reader.u64()?)
            .map(|_| {
                let path = reader.string()?;
                let stamp = crate::write::Stamp {
                    hash: reader.u64()?,
                    len: reader.u64()?,
                    modified: reader.u64()?,
                };
                Some((path, stamp))
            })
            .collect::<Option<_>>()?;
        memo.written = Some(crate::write::Record {
            dir,
            files,
            found: None,
        });
    }
    let names = (0..reader.u64()?)
        .map(|_| reader.string())
        .collect::<Option<Vec<_>>>()?;
    reader.bytes.is_empty().then_some((memo, names))
}

/// What related lists were found from (`write_found`).
fn read_found(reader: &mut Reader) -> Option<related::Found> {
    let count = usize::try_from(reader.u64()?).ok()?;
    let lists = (0..count)
        .map(|_| {
            (0..reader.u64()?)
                .map(|_| usize::try_from(reader.u64()?).ok().filter(|&i| i < count))
                .collect::<Option<Vec<usize>>>()
        })
        .collect::<Option<Vec<_>>>()?;
    let keys = (0..count)
        .map(|_| reader.u64())
        .collect::<Option<Vec<u64>>>()?;
    let vectors = (0..count)
        .map(|_| {
            (0..reader.u64()?)
                .map(|_| Some((reader.u64()?, f32::from_bits(reader.u32()?))))
                .collect::<Option<Vec<_>>>()
        })
        .collect::<Option<Vec<_>>>()?;
    let words = usize::try_from(reader.u64()?).ok()?;
    let mut df = rustc_hash::FxHashMap::with_capacity_and_hasher(
        words.min(reader.bytes.len() / 12),
        Default::default(),
    );
    for _ in 0..words {
        df.insert(reader.u64()?, reader.u32()?);
    }
    let shape = reader.u64()?;
    Some(related::Found {
        lists,
        keys,
        vectors,
        df,
        shape,
    })
}

fn write_found(payload: &mut Writer<impl Write>, found: &related::Found) {
    payload.u64(found.lists.len() as u64);
    for list in &found.lists {
        payload.u64(list.len() as u64);
        list.iter().for_each(|&i| payload.u64(i as u64));
    }
    found.keys.iter().for_each(|&key| payload.u64(key));
    for vector in &found.vectors {
        payload.u64(vector.len() as u64);
        for &(word, weight) in vector {
            payload.u64(word);
            payload.u32(weight.to_bits());
        }
    }
    payload.u64(found.df.len() as u64);
    for (&word, &df) in &found.df {
        payload.u64(word);
        payload.u32(df);
    }
    payload.u64(found.shape);
}

/// The payload of a cache file after its header, if its checksum holds.
pub(super) fn checked(rest: &[u8]) -> Option<&[u8]> {
    let (payload, sum) = rest.split_last_chunk::<8>()?;
    (checksum(payload) == u64::from_le_bytes(*sum)).then_some(payload)
}

/// The review files `names` into `memo`, side by side; each one that
/// verifies is noted in `memo.cache_files` (a save keeps it).
fn read_buckets(root: &Path, header: &[u8], names: Vec<String>, memo: &mut Memo) {
    let read: Vec<(String, Vec<KeptEntry>)> = names
        .into_par_iter()
        .filter_map(|name| {
            let file = map(&bucket_path(root, &name))?;
            let entries = read_bucket(&file, file.strip_prefix(header)?)?;
            Some((name, entries))
        })
        .collect();
    for (name, entries) in read {
        for (key, entry, words, summary) in entries {
            if let Some((summary, summary_key)) = summary {
                memo.summaries.insert(key, (Arc::new(summary), summary_key));
            }
            if let Some(entry) = entry {
                let body = crate::render::BodyCell::with_entry(entry);
                memo.bodies.insert(key, Arc::new(body));
            }
            if let Some(words) = words {
                memo.related_words.insert(key, Arc::new(words));
            }
        }
        memo.cache_files.insert(name);
    }
}

/// One review version as a review file holds it: its key, its feed entry,
/// its words and its summary with the summary's key (each kept once made).
type KeptEntry = (
    u64,
    Option<crate::render::feeds::EntryXml>,
    Option<crate::render::related::Words>,
    Option<(Summary, u64)>,
);

/// A review file after its header. Feed entries stay in the mapped file.
fn read_bucket(file: &Mapped, rest: &[u8]) -> Option<Vec<KeptEntry>> {
    let mut reader = Reader {
        bytes: checked(rest)?,
    };
    let entries = (0..reader.u64()?)
        .map(|_| {
            let key = reader.u64()?;
            let entry = match reader.u64()? {
                0 => None,
                _ => {
                    let root_at = usize::try_from(reader.u64()?).ok()?;
                    let text = Text::mapped(file, reader.bytes()?)?;
                    text.is_char_boundary(root_at).then_some(())?;
                    Some(crate::render::feeds::EntryXml { text, root_at })
                }
            };
            let words = match reader.u64()? {
                0 => None,
                _ => {
                    let len = usize::try_from(reader.u64()?).ok()?;
                    let bytes = reader.take(len.checked_mul(Words::BYTES)?)?;
                    Some(Words::from_bytes(Bytes::mapped(file, bytes)?)?)
                }
            };
            let summary = match reader.u64()? {
                0 => None,
                _ => Some((read_summary(&mut reader)?, reader.u64()?)),
            };
            Some((key, entry, words, summary))
        })
        .collect::<Option<Vec<_>>>()?;
    reader.bytes.is_empty().then_some(entries)
}

/// Write the cache for `memo`, replacing the old one whole (a crash midway
/// leaves a temporary file, never a half-written cache): all of it but the
/// search memo, which `save_search` writes (`build` does so while it
/// writes the site, once the memo is final).
pub fn save(root: &Path, memo: &Memo) -> anyhow::Result<()> {
    // A cache no run could verify is not worth writing.
    let Some(header) = header() else {
        return Ok(());
    };
    let dir = root.join(DIR);
    // The review files first, then build.bin that lists them: a build.bin
    // newer than the rest only costs entries (their keys will not match).
    let buckets = buckets(memo);
    std::fs::create_dir_all(dir.join(REVIEWS_DIR))
        .with_context(|| format!("cannot create `{}`", dir.display()))?;
    buckets
        .par_iter()
        .filter(|(name, _)| !memo.cache_files.contains(name) || !bucket_path(root, name).is_file())
        .try_for_each(|(name, kept)| {
            replace(&bucket_path(root, name), &header, |payload| {
                write_bucket(payload, kept)
            })
        })
        .with_context(|| format!("cannot write the build cache in `{}`", dir.display()))?;
    let names: Vec<&str> = buckets.iter().map(|(name, _)| name.as_str()).collect();
    replace(&path(root), &header, |payload| {
        write_payload(payload, memo, &names)
    })
    .with_context(|| format!("cannot write the build cache in `{}`", dir.display()))?;
    remove_unlisted(&dir.join(REVIEWS_DIR), &names);
    Ok(())
}

/// Write the search memo into the cache: the analyses in `SEARCH_BUCKETS`
/// files by key, each named by what it holds, writing only those not
/// already there whole (`on_disk`: an edit rewrites one of them, not the
/// 24 MB of every review's analysis at 10x), then the head that names
/// them. It may be written before or after the rest: a search memo newer
/// or older than `build.bin` and the site only costs the patching of the
/// index (the shards' hashes will not match the site's), never a wrong site.
pub fn save_search(
    root: &Path,
    memo: &crate::search::SearchMemo,
    on_disk: &std::collections::HashSet<String>,
) -> anyhow::Result<()> {
    let Some(header) = header() else {
        return Ok(());
    };
    let dir = root.join(DIR);
    let buckets = memo.buckets(SEARCH_BUCKETS);
    std::fs::create_dir_all(dir.join(SEARCH_DIR))
        .with_context(|| format!("cannot create `{}`", dir.display()))?;
    buckets
        .par_iter()
        .filter(|bucket| {
            !on_disk.contains(&bucket.name) || !search_bucket_path(root, &bucket.name).is_file()
        })
        .try_for_each(|bucket| {
            replace(
                &search_bucket_path(root, &bucket.name),
                &header,
                |payload| bucket.encode_to(&mut |bytes| payload.extend(bytes)),
            )
        })
        .with_context(|| format!("cannot write the build cache in `{}`", dir.display()))?;
    let names: Vec<&str> = buckets.iter().map(|bucket| bucket.name.as_str()).collect();
    replace(&search_path(root), &header, |payload| {
        memo.encode_head_to(&names, &mut |bytes| payload.extend(bytes))
    })
    .with_context(|| format!("cannot write the build cache in `{}`", dir.display()))?;
    remove_unlisted(&dir.join(SEARCH_DIR), &names);
    Ok(())
}

/// Remove the review files (and leftover temporary files) `build.bin` no
/// longer lists: the versions of reviews since edited. A file that cannot
/// be removed costs disk space, no more.
fn remove_unlisted(dir: &Path, names: &[&str]) {
    let Ok(listing) = std::fs::read_dir(dir) else {
        return;
    };
    for file in listing.flatten() {
        let path = file.path();
        let listed = path.extension().is_some_and(|e| e == "bin")
            && path
                .file_stem()
                .and_then(|s| s.to_str())
                .is_some_and(|stem| names.contains(&stem));
        if !listed {
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// Each review version's feed entry and words, by the top bits of its key,
/// sorted by key; each bucket named by its number and a hash of what it
/// holds (which keys, with an entry or words or both), so that a name
/// stands for exactly one content under one executable.
fn buckets(memo: &Memo) -> Vec<(String, Vec<Kept<'_>>)> {
    let mut keys: Vec<u64> = memo
        .bodies
        .iter()
        .filter(|(_, body)| body.made_entry().is_some())
        .map(|(key, _)| *key)
        .chain(memo.related_words.keys().copied())
        .chain(memo.summaries.keys().copied())
        .collect();
    keys.sort_unstable();
    keys.dedup();
    let mut buckets: Vec<Vec<Kept>> = (0..BUCKETS).map(|_| Vec::new()).collect();
    for key in keys {
        buckets[bucket_of(key)].push(Kept {
            key,
            entry: memo.bodies.get(&key).and_then(|b| b.made_entry()),
            words: memo.related_words.get(&key).map(|w| &**w),
            summary: memo.summaries.get(&key).map(|(s, k)| (&**s, *k)),
        });
    }
    buckets
        .into_iter()
        .enumerate()
        .filter(|(_, kept)| !kept.is_empty())
        .map(|(index, kept)| {
            let what: Vec<(u64, bool, bool, bool)> = kept
                .iter()
                .map(|k| {
                    (
                        k.key,
                        k.entry.is_some(),
                        k.words.is_some(),
                        k.summary.is_some(),
                    )
                })
                .collect();
            (format!("{index:02x}-{:016x}", keys::of(&what)), kept)
        })
        .collect()
}

/// Keys are hashes: their top bits spread reviews evenly.
fn bucket_of(key: u64) -> usize {
    (key >> (64 - BUCKETS.trailing_zeros())) as usize
}

/// What a review file keeps of one review version.
struct Kept<'a> {
    key: u64,
    entry: Option<&'a crate::render::feeds::EntryXml>,
    words: Option<&'a crate::render::related::Words>,
    summary: Option<(&'a Summary, u64)>,
}

fn write_bucket(payload: &mut Writer<impl Write>, kept: &[Kept]) {
    payload.u64(kept.len() as u64);
    for k in kept {
        payload.u64(k.key);
        match k.entry {
            Some(entry) => {
                payload.u64(1);
                payload.u64(entry.root_at as u64);
                payload.string(&entry.text);
            }
            None => payload.u64(0),
        }
        match k.words {
            Some(words) => {
                payload.u64(1);
                payload.u64(words.len() as u64);
                payload.extend(words.as_bytes());
            }
            None => payload.u64(0),
        }
        match k.summary {
            Some((summary, summary_key)) => {
                payload.u64(1);
                write_summary(payload, summary);
                payload.u64(summary_key);
            }
            None => payload.u64(0),
        }
    }
}

/// A review's summary, field by field (`read_summary`).
fn write_summary(payload: &mut Writer<impl Write>, summary: &Summary) {
    let optional = |payload: &mut Writer<_>, text: &Option<String>| match text {
        Some(text) => {
            payload.u64(1);
            payload.string(text);
        }
        None => payload.u64(0),
    };
    payload.string(&summary.url);
    payload.string(&summary.title);
    payload.u64(u64::from(summary.title_lang == "en"));
    payload.string(&summary.title_html);
    optional(payload, &summary.headline);
    optional(payload, &summary.headline_html);
    payload.string(&summary.date);
    payload.string(&summary.date_he);
    payload.string(&summary.day_he);
    payload.string(&summary.date_html);
    payload.u64(u64::from(summary.date_estimated));
    payload.u64(summary.number.map_or(0, |n| u64::from(n) + 1));
    payload.u64(summary.tags.len() as u64);
    for tag in &summary.tags {
        for text in [&tag.slug, &tag.he, &tag.en, &tag.url, &tag.scope_html] {
            payload.string(text);
        }
    }
    payload.string(&summary.teaser);
}

fn read_summary(reader: &mut Reader) -> Option<Summary> {
    let optional = |reader: &mut Reader| match reader.u64()? {
        0 => Some(None),
        _ => Some(Some(reader.string()?)),
    };
    Some(Summary {
        url: reader.string()?,
        title: reader.string()?,
        title_lang: if reader.u64()? == 1 { "en" } else { "he" },
        title_html: reader.string()?,
        headline: optional(reader)?,
        headline_html: optional(reader)?,
        date: reader.string()?,
        date_he: reader.string()?,
        day_he: reader.string()?,
        date_html: reader.string()?,
        date_estimated: reader.u64()? == 1,
        number: match reader.u64()? {
            0 => None,
            n => Some(u32::try_from(n - 1).ok()?),
        },
        tags: (0..reader.u64()?)
            .map(|_| {
                Some(TagRef {
                    slug: reader.string()?,
                    he: reader.string()?,
                    en: reader.string()?,
                    url: reader.string()?,
                    scope_html: reader.string()?,
                })
            })
            .collect::<Option<Vec<_>>>()?,
        teaser: reader.string()?,
    })
}

/// Write the cache file `file`: `header`, then the payload `encode` writes
/// and its checksum; through a temporary name, renamed into place once whole.
pub(super) fn replace(
    file: &Path,
    header: &[u8],
    encode: impl FnOnce(&mut Writer<&mut std::io::BufWriter<std::fs::File>>),
) -> std::io::Result<()> {
    let temporary = file.with_extension(format!("{}", std::process::id()));
    let mut out = std::io::BufWriter::new(std::fs::File::create(&temporary)?);
    out.write_all(header)?;
    let mut payload = Writer::new(&mut out);
    encode(&mut payload);
    payload.finish()?;
    out.flush()?;
    drop(out);
    std::fs::rename(&temporary, file)
}

fn write_payload(payload: &mut Writer<impl Write>, memo: &Memo, buckets: &[&str]) {
    // Maps in no particular order: they are read back into maps, and
    // sorting the site's 15,000 paths at 10x took a few milliseconds at
    // the very end of every build.
    payload.u64(memo.outputs.len() as u64);
    for (path, (key, _)) in &memo.outputs {
        payload.string(path);
        payload.u64(*key);
    }
    payload.u64(memo.related.len() as u64);
    for (slug, list) in &memo.related {
        payload.string(slug);
        payload.u64(list.len() as u64);
        list.iter().for_each(|s| payload.string(s));
    }
    payload.u64(memo.related_key);
    match &memo.related_found {
        Some(found) => {
            payload.u64(1);
            write_found(payload, found);
        }
        None => payload.u64(0),
    }
    match &memo.written {
        Some(record) => {
            payload.u64(1);
            payload.string(&record.dir.to_string_lossy());
            payload.u64(record.files.len() as u64);
            for (path, stamp) in &record.files {
                payload.string(path);
                payload.u64(stamp.hash);
                payload.u64(stamp.len);
                payload.u64(stamp.modified);
            }
        }
        None => payload.u64(0),
    }
    payload.u64(buckets.len() as u64);
    buckets.iter().for_each(|name| payload.string(name));
}

/// Fx hashing (word at a time) of each `BLOCK` of the payload, then of
/// those hashes: it finds a damaged or cut-short file at a small fraction
/// of SipHash's cost over tens of megabytes; no one chooses the bytes of a
/// local cache to fool it.
fn checksum(payload: &[u8]) -> u64 {
    let mut sum = Checksum::default();
    payload.chunks(BLOCK).for_each(|block| sum.add(block));
    sum.finish()
}

#[derive(Default)]
struct Checksum {
    blocks: rustc_hash::FxHasher,
}

impl Checksum {
    fn add(&mut self, block: &[u8]) {
        let mut hasher = rustc_hash::FxHasher::default();
        hasher.write(block);
        self.blocks.write_u64(hasher.finish());
    }
    fn finish(&self) -> u64 {
        self.blocks.finish()
    }
}

/// The payload's encoder: it hands each full block to `out` as it goes, and
/// ends with the checksum. The first write error is kept and returned by
/// `finish` (the temporary file is then never renamed into place).
pub(super) struct Writer<W: Write> {
    out: W,
    block: Vec<u8>,
    sum: Checksum,
    error: Option<std::io::Error>,
}

impl<W: Write> Writer<W> {
    fn new(out: W) -> Writer<W> {
        Writer {
            out,
            block: Vec::with_capacity(2 * BLOCK),
            sum: Checksum::default(),
            error: None,
        }
    }
    pub(super) fn u64(&mut self, n: u64) {
        self.extend(&n.to_le_bytes());
    }
    pub(super) fn u32(&mut self, n: u32) {
        self.extend(&n.to_le_bytes());
    }
    pub(super) fn bytes(&mut self, bytes: &[u8]) {
        self.u64(bytes.len() as u64);
        self.extend(bytes);
    }
    pub(super) fn string(&mut self, text: &str) {
        self.bytes(text.as_bytes());
    }
    fn extend(&mut self, bytes: &[u8]) {
        self.block.extend_from_slice(bytes);
        if self.block.len() >= BLOCK {
            let full = self.block.len() / BLOCK * BLOCK;
            self.spill(full);
        }
    }
    /// Hash and write the first `len` bytes held.
    fn spill(&mut self, len: usize) {
        self.block[..len]
            .chunks(BLOCK)
            .for_each(|b| self.sum.add(b));
        if self.error.is_none() {
            self.error = self.out.write_all(&self.block[..len]).err();
        }
        self.block.drain(..len);
    }
    fn finish(mut self) -> std::io::Result<()> {
        self.spill(self.block.len());
        match self.error.take() {
            Some(err) => Err(err),
            None => self.out.write_all(&self.sum.finish().to_le_bytes()),
        }
    }
}

pub(super) struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    pub(super) fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes }
    }
    pub(super) fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
    pub(super) fn u64(&mut self) -> Option<u64> {
        let (n, rest) = self.bytes.split_first_chunk::<8>()?;
        self.bytes = rest;
        Some(u64::from_le_bytes(*n))
    }
    pub(super) fn u32(&mut self) -> Option<u32> {
        let (n, rest) = self.bytes.split_first_chunk::<4>()?;
        self.bytes = rest;
        Some(u32::from_le_bytes(*n))
    }
    pub(super) fn bytes(&mut self) -> Option<&'a [u8]> {
        let len = usize::try_from(self.u64()?).ok()?;
        self.take(len)
    }
    fn take(&mut self, len: usize) -> Option<&'a [u8]> {
        if len > self.bytes.len() {
            return None;
        }
        let (bytes, rest) = self.bytes.split_at(len);
        self.bytes = rest;
        Some(bytes)
    }
    pub(super) fn string(&mut self) -> Option<String> {
        crate::text::utf8(self.bytes()?).map(str::to_owned)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::{Record, Stamp, MARKER};

    /// A memo as a build into `out` leaves it, `out` holding index.html.
    fn memo(out: &Path) -> Memo {
        std::fs::create_dir_all(out).unwrap();
        std::fs::write(out.join(MARKER), "").unwrap();
        std::fs::write(out.join("index.html"), "<p>x</p>").unwrap();
        let meta = std::fs::metadata(out.join("index.html")).unwrap();
        let modified = meta
            .modified()
            .unwrap()
            .duration_since(std::time::UNIX_EPOCH);
        let stamp = Stamp {
            hash: crate::write::hash(b"<p>x</p>"),
            len: meta.len(),
            modified: modified.unwrap().as_nanos() as u64,
        };
        let mut memo = Memo::default();
        memo.outputs.insert("index.html".into(), (7, None));
        memo.outputs.insert("gone.html".into(), (8, None));
        let entry = crate::render::feeds::EntryXml {
            text: "<entry>..</entry>".to_string().into(),
            root_at: 7,
        };
        memo.bodies
            .insert(5, Arc::new(crate::render::BodyCell::with_entry(entry)));
        memo.related.insert("a".into(), vec!["b".into()]);
        memo.related_words
            .insert(3, Arc::new([(11, 2), (12, 1)].into_iter().collect()));
        memo.written = Some(Record {
            dir: out.canonicalize().unwrap(),
            files: [("index.html".to_string(), stamp)].into_iter().collect(),
            found: None,
        });
        memo
    }

    #[test]
    fn a_saved_cache_loads_back_and_a_damaged_one_is_ignored() {
        let root = std::env::temp_dir().join(format!("yomon-cache-{}", std::process::id()));
        let out = root.join("site");
        save(&root, &memo(&out)).unwrap();
        let loaded = load(&root, Some(&out));
        assert_eq!(loaded.outputs["index.html"].0, 7);
        assert!(
            !loaded.outputs.contains_key("gone.html"),
            "an output the record does not vouch for is not reused"
        );
        let entry = loaded.bodies[&5].made_entry().unwrap();
        assert_eq!(
            (entry.text.as_str(), entry.root_at),
            ("<entry>..</entry>", 7)
        );
        assert_eq!(loaded.related["a"], vec!["b".to_string()]);
        assert_eq!(
            loaded.related_words[&3].iter().collect::<Vec<_>>(),
            [(11, 2), (12, 1)]
        );
        assert!(
            load(&root, Some(&root)).outputs.is_empty(),
            "outputs are reused only in the directory they were written to"
        );
        assert!(load(&root, None).outputs.is_empty());
        std::fs::write(out.join("index.html"), "<p>changed by hand</p>").unwrap();
        assert!(
            load(&root, Some(&out)).outputs.is_empty(),
            "a file changed since it was written is made again"
        );

        let file = path(&root);
        let mut bytes = std::fs::read(&file).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        std::fs::write(&file, &bytes).unwrap();
        assert!(
            load(&root, None).related.is_empty(),
            "a changed byte fails the checksum"
        );
        std::fs::write(&file, &bytes[..bytes.len() / 2]).unwrap();
        assert!(
            load(&root, None).related.is_empty(),
            "a truncated cache is ignored"
        );
        std::fs::write(&file, b"yomon build cache 3\n0.0.1\n").unwrap();
        assert!(
            load(&root, None).related.is_empty(),
            "another version's cache is ignored"
        );
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn a_cache_of_several_blocks_loads_back_whole() {
        let root = std::env::temp_dir().join(format!("yomon-cache-blocks-{}", std::process::id()));
        let out = root.join("site");
        let mut memo = memo(&out);
        // Two and a half blocks in one entry, so blocks end mid-string.
        let text: String = (0..BLOCK * 5 / 2)
            .map(|i| (b'a' + (i % 26) as u8) as char)
            .collect();
        let entry = crate::render::feeds::EntryXml {
            text: text.clone().into(),
            root_at: 3,
        };
        memo.bodies
            .insert(9, Arc::new(crate::render::BodyCell::with_entry(entry)));
        save(&root, &memo).unwrap();
        let loaded = load(&root, Some(&out));
        assert_eq!(loaded.bodies[&9].made_entry().unwrap().text.as_str(), text);
        assert_eq!(loaded.related["a"], vec!["b".to_string()]);
        // A byte changed in the middle block fails its review file's
        // checksum: its entries are lost, nothing else.
        drop(loaded);
        let file = bucket_file(&root, 9);
        let mut bytes = std::fs::read(&file).unwrap();
        let middle = bytes.len() / 2;
        bytes[middle] ^= 1;
        std::fs::write(&file, &bytes).unwrap();
        let loaded = load(&root, None);
        assert!(!loaded.bodies.contains_key(&9));
        assert_eq!(loaded.related["a"], vec!["b".to_string()]);
        std::fs::remove_dir_all(&root).unwrap();
    }

    /// The review file that holds `key`'s entries.
    fn bucket_file(root: &Path, key: u64) -> PathBuf {
        let prefix = format!("{:02x}-", bucket_of(key));
        std::fs::read_dir(root.join(DIR).join(REVIEWS_DIR))
            .unwrap()
            .map(|f| f.unwrap().path())
            .find(|p| {
                p.file_name()
                    .unwrap()
                    .to_str()
                    .unwrap()
                    .starts_with(&prefix)
            })
            .unwrap()
    }

    #[test]
    fn a_save_writes_only_the_review_files_whose_entries_changed() {
        let root = std::env::temp_dir().join(format!("yomon-cache-edit-{}", std::process::id()));
        let out = root.join("site");
        let mut memo = memo(&out);
        // Keys in two buckets: 5 (with 3) in the first, one in the last.
        let last_bucket = u64::MAX - 1;
        memo.related_words
            .insert(last_bucket, Arc::new([(1, 1)].into_iter().collect()));
        save(&root, &memo).unwrap();
        let kept = bucket_file(&root, last_bucket);
        let edited = bucket_file(&root, 5);
        let stamp = |p: &Path| std::fs::metadata(p).unwrap().modified().unwrap();
        let kept_stamp = stamp(&kept);

        // The review of key 3 is edited: key 4 takes its place.
        let mut memo = load(&root, Some(&out));
        let words = memo.related_words.remove(&3).unwrap();
        memo.related_words.insert(4, words);
        std::thread::sleep(std::time::Duration::from_millis(20));
        save(&root, &memo).unwrap();
        assert_eq!(stamp(&kept), kept_stamp, "an unchanged review file is kept");
        assert!(!edited.exists(), "the edited review's old file is removed");
        let files = std::fs::read_dir(root.join(DIR).join(REVIEWS_DIR))
            .unwrap()
            .count();
        assert_eq!(files, 2, "one file per bucket in use, no leftovers");
        let loaded = load(&root, Some(&out));
        assert!(loaded.related_words.contains_key(&4) && !loaded.related_words.contains_key(&3));
        assert_eq!(
            loaded.related_words[&last_bucket]
                .iter()
                .collect::<Vec<_>>(),
            [(1, 1)]
        );
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn the_search_memo_is_kept_in_buckets_written_only_when_changed() {
        let root = std::env::temp_dir().join(format!("yomon-cache-search-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        // Reviews as `load` reads them from their files.
        let mut reviews: Vec<crate::model::Review> = (0..40)
            .map(|i| {
                let text = format!(
                    "+++\ntitle = \"Review {i}\"\ndate = 2024-06-01\n+++\ndiffusion {i} מודל{i} attention"
                );
                crate::load::parse_review("r.md", format!("r{i}"), &text).unwrap()
            })
            .collect();
        let keys = |reviews: &[crate::model::Review]| -> Vec<u64> {
            reviews
                .iter()
                .map(|r| keys::of(&(&r.slug, &r.body)))
                .collect()
        };
        let url = |r: &crate::model::Review| format!("reviews/{}.html", r.slug);
        let taxonomy = crate::taxonomy::Taxonomy::default();
        let mut search = crate::search::SearchMemo::default();
        crate::search::index_files_cached(&reviews, &keys(&reviews), &taxonomy, &url, &mut search);
        let names = |memo: &crate::search::SearchMemo| -> Vec<String> {
            memo.buckets(SEARCH_BUCKETS)
                .into_iter()
                .map(|b| b.name)
                .collect()
        };
        // 40 reviews leave some of the buckets empty: those have no file.
        let filled = names(&search).len();
        assert!((20..SEARCH_BUCKETS).contains(&filled), "{filled} buckets");
        save_search(&root, &search, &Default::default()).unwrap();
        let header = header().unwrap();
        let (mut read, intact) = read_search(&root, &header).unwrap();
        assert_eq!(names(&read), names(&search));
        assert_eq!(intact.len(), filled);

        // Saved again after one edit: one or two buckets written, the rest
        // left as they were, and the old file of a renamed bucket removed.
        let dir = root.join(DIR).join(SEARCH_DIR);
        let stamps = || -> std::collections::BTreeMap<String, std::time::SystemTime> {
            std::fs::read_dir(&dir)
                .unwrap()
                .map(|e| {
                    let e = e.unwrap();
                    (
                        e.file_name().to_string_lossy().into_owned(),
                        e.metadata().unwrap().modified().unwrap(),
                    )
                })
                .collect()
        };
        let before = stamps();
        std::thread::sleep(std::time::Duration::from_millis(20));
        reviews[7].body.push_str(" edited");
        crate::search::index_files_cached(&reviews, &keys(&reviews), &taxonomy, &url, &mut read);
        save_search(&root, &read, &intact).unwrap();
        let after = stamps();
        // The edited review's new key may fall into a bucket that was empty.
        let filled_now = names(&read).len();
        assert_eq!(after.len(), filled_now, "one file per bucket, no leftovers");
        let kept = after
            .iter()
            .filter(|(name, time)| before.get(*name) == Some(time))
            .count();
        assert!((filled - 2..filled).contains(&kept), "{kept} kept");
        let (again, _) = read_search(&root, &header).unwrap();
        assert_eq!(names(&again), names(&read));

        // A damaged bucket costs only its own analyses.
        let victim = dir.join(after.keys().next().unwrap());
        let mut bytes = std::fs::read(&victim).unwrap();
        let middle = bytes.len() / 2;
        bytes[middle] ^= 1;
        std::fs::write(&victim, bytes).unwrap();
        let (_, intact) = read_search(&root, &header).unwrap();
        assert_eq!(intact.len(), filled_now - 1);

        // Without search, the memo is empty and so is its folder.
        save_search(&root, &crate::search::SearchMemo::default(), &intact).unwrap();
        assert_eq!(stamps().len(), 0);
        let (empty, _) = read_search(&root, &header).unwrap();
        assert!(names(&empty).is_empty());
        std::fs::remove_dir_all(&root).unwrap();
    }
}
