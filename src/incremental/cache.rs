//! The build cache: what the last `yomon build` made, in `.yomon-cache/`
//! in the project directory, so the next build renders and writes only what
//! changed. Two files, read side by side:
//! - `build.bin`: each output's key, each review's feed entry, the related
//!   lists and each review's words, and the record of the files the build
//!   wrote;
//! - `search.bin`: each review's analysis for the search index (the
//!   largest part, with its own format and checksum: `search::SearchMemo`).
//!
//! Output bytes are not kept: an unchanged output is left where the last
//! build wrote it, if the record shows it untouched there (`write::verify`).
//! Both files are written as they are encoded (a large cache is never held
//! whole in memory), to a temporary name then renamed.
//!
//! Owned by yomon, git-ignored, safe to delete. Trusted only when it
//! verifies: the same yomon version and the same executable (its size and
//! modification time: a rebuilt or reinstalled yomon of the same version
//! may render otherwise), the same hash function (a probe value), and a
//! checksum over everything after the header. Anything else
//! (missing, truncated, older, edited) is ignored, never half-read. Each
//! entry is keyed by everything its output is made from, settings and
//! templates included (`keys`), so an entry from other settings (or a
//! `search.bin` from another build) is simply never used.

use super::{keys, Memo};
use anyhow::Context;
use std::hash::Hasher;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub const DIR: &str = ".yomon-cache";
const FILE: &str = "build.bin";
const SEARCH_FILE: &str = "search.bin";
const MAGIC: &[u8] = b"yomon build cache 3\n";
/// The checksum is taken a block at a time, so a writer can hash and write
/// each block as soon as it is full.
const BLOCK: usize = 1 << 20;

fn path(root: &Path) -> PathBuf {
    root.join(DIR).join(FILE)
}

fn search_path(root: &Path) -> PathBuf {
    root.join(DIR).join(SEARCH_FILE)
}

/// The header: magic, version, the executable that made it, the hash of a
/// fixed probe (a different hash function would make every key
/// meaningless). None when the executable cannot be known: then no cache
/// is trusted.
fn header() -> Option<Vec<u8>> {
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
            let bytes = std::fs::read(path(root)).ok()?;
            read(bytes.strip_prefix(header.as_slice())?)
        },
        || {
            let bytes = std::fs::read(search_path(root)).ok()?;
            crate::search::SearchMemo::decode(bytes.strip_prefix(header.as_slice())?)
        },
    );
    let Some(mut memo) = memo else {
        return Memo::default();
    };
    memo.search_memo = search_memo.unwrap_or_default();
    let written = memo
        .written
        .take()
        .zip(out)
        .and_then(|(record, out)| crate::write::verify(&record, out));
    match &written {
        Some(record) => memo
            .outputs
            .retain(|path, _| record.files.contains_key(path)),
        None => memo.outputs.clear(),
    }
    memo.written = written;
    memo
}

/// `build.bin` after its header.
fn read(rest: &[u8]) -> Option<Memo> {
    let (payload, sum) = rest.split_last_chunk::<8>()?;
    if checksum(payload) != u64::from_le_bytes(*sum) {
        return None;
    }
    let mut reader = Reader { bytes: payload };
    let mut memo = Memo::default();
    for _ in 0..reader.u64()? {
        let path = reader.string()?;
        let key = reader.u64()?;
        memo.outputs.insert(path, (key, None));
    }
    for _ in 0..reader.u64()? {
        let key = reader.u64()?;
        let root_at = usize::try_from(reader.u64()?).ok()?;
        let text = reader.string()?;
        text.is_char_boundary(root_at).then_some(())?;
        let entry = crate::render::feeds::EntryXml { text, root_at };
        memo.bodies
            .insert(key, Arc::new(crate::render::BodyCell::with_entry(entry)));
    }
    for _ in 0..reader.u64()? {
        let slug = reader.string()?;
        let related = (0..reader.u64()?)
            .map(|_| reader.string())
            .collect::<Option<_>>()?;
        memo.related.insert(slug, related);
    }
    memo.related_key = reader.u64()?;
    for _ in 0..reader.u64()? {
        let key = reader.u64()?;
        let words = (0..reader.u64()?)
            .map(|_| Some((reader.u64()?, reader.u32()?)))
            .collect::<Option<_>>()?;
        memo.related_words.insert(key, Arc::new(words));
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
        memo.written = Some(crate::write::Record { dir, files });
    }
    reader.bytes.is_empty().then_some(memo)
}

/// Write the cache for `memo`, replacing the old one whole (a crash midway
/// leaves a temporary file, never a half-written cache).
pub fn save(root: &Path, memo: &Memo) -> anyhow::Result<()> {
    // A cache no run could verify is not worth writing.
    let Some(header) = header() else {
        return Ok(());
    };
    let dir = root.join(DIR);
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    // The search memo first: a build.bin newer than its search.bin only
    // costs analyses (their keys will not match), never a wrong index.
    replace(&search_path(root), |file| {
        file.write_all(&header)?;
        file.write_all(&memo.search_memo.encode())
    })
    .and_then(|()| {
        replace(&path(root), |file| {
            file.write_all(&header)?;
            let mut payload = Writer::new(file);
            write_payload(&mut payload, memo);
            payload.finish()
        })
    })
    .with_context(|| format!("cannot write the build cache in `{}`", dir.display()))
}

/// Write `file` through a temporary name, renamed into place once whole.
fn replace(
    file: &Path,
    write: impl FnOnce(&mut std::io::BufWriter<std::fs::File>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let temporary = file.with_extension(format!("{}", std::process::id()));
    let mut out = std::io::BufWriter::new(std::fs::File::create(&temporary)?);
    write(&mut out)?;
    out.flush()?;
    drop(out);
    std::fs::rename(&temporary, file)
}

fn write_payload(payload: &mut Writer<impl Write>, memo: &Memo) {
    payload.u64(memo.outputs.len() as u64);
    let mut outputs: Vec<_> = memo.outputs.iter().collect();
    outputs.sort_by(|a, b| a.0.cmp(b.0));
    for (path, (key, _)) in outputs {
        payload.string(path);
        payload.u64(*key);
    }
    let mut entries: Vec<(u64, &crate::render::feeds::EntryXml)> = memo
        .bodies
        .iter()
        .filter_map(|(key, body)| Some((*key, body.made_entry()?)))
        .collect();
    entries.sort_unstable_by_key(|(key, _)| *key);
    payload.u64(entries.len() as u64);
    for (key, entry) in entries {
        payload.u64(key);
        payload.u64(entry.root_at as u64);
        payload.string(&entry.text);
    }
    let mut related: Vec<_> = memo.related.iter().collect();
    related.sort();
    payload.u64(related.len() as u64);
    for (slug, list) in related {
        payload.string(slug);
        payload.u64(list.len() as u64);
        list.iter().for_each(|s| payload.string(s));
    }
    payload.u64(memo.related_key);
    let mut words: Vec<_> = memo.related_words.iter().collect();
    words.sort_unstable_by_key(|(key, _)| **key);
    payload.u64(words.len() as u64);
    for (key, list) in words {
        payload.u64(*key);
        payload.u64(list.len() as u64);
        for &(word, count) in list.iter() {
            payload.u64(word);
            payload.u32(count);
        }
    }
    match &memo.written {
        Some(record) => {
            payload.u64(1);
            payload.string(&record.dir.to_string_lossy());
            let mut files: Vec<_> = record.files.iter().collect();
            files.sort_by(|a, b| a.0.cmp(b.0));
            payload.u64(files.len() as u64);
            for (path, stamp) in files {
                payload.string(path);
                payload.u64(stamp.hash);
                payload.u64(stamp.len);
                payload.u64(stamp.modified);
            }
        }
        None => payload.u64(0),
    }
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
struct Writer<W: Write> {
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
    fn u64(&mut self, n: u64) {
        self.extend(&n.to_le_bytes());
    }
    fn u32(&mut self, n: u32) {
        self.extend(&n.to_le_bytes());
    }
    fn bytes(&mut self, bytes: &[u8]) {
        self.u64(bytes.len() as u64);
        self.extend(bytes);
    }
    fn string(&mut self, text: &str) {
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

struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn u64(&mut self) -> Option<u64> {
        let (n, rest) = self.bytes.split_first_chunk::<8>()?;
        self.bytes = rest;
        Some(u64::from_le_bytes(*n))
    }
    fn u32(&mut self) -> Option<u32> {
        let (n, rest) = self.bytes.split_first_chunk::<4>()?;
        self.bytes = rest;
        Some(u32::from_le_bytes(*n))
    }
    fn bytes(&mut self) -> Option<&'a [u8]> {
        let len = usize::try_from(self.u64()?).ok()?;
        if len > self.bytes.len() {
            return None;
        }
        let (bytes, rest) = self.bytes.split_at(len);
        self.bytes = rest;
        Some(bytes)
    }
    fn string(&mut self) -> Option<String> {
        String::from_utf8(self.bytes()?.to_vec()).ok()
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
            text: "<entry>..</entry>".into(),
            root_at: 7,
        };
        memo.bodies
            .insert(5, Arc::new(crate::render::BodyCell::with_entry(entry)));
        memo.related.insert("a".into(), vec!["b".into()]);
        memo.related_words
            .insert(3, Arc::new(vec![(11, 2), (12, 1)]));
        memo.written = Some(Record {
            dir: out.canonicalize().unwrap(),
            files: [("index.html".to_string(), stamp)].into(),
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
        assert_eq!(*loaded.related_words[&3], vec![(11, 2), (12, 1)]);
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
            text: text.clone(),
            root_at: 3,
        };
        memo.bodies
            .insert(9, Arc::new(crate::render::BodyCell::with_entry(entry)));
        save(&root, &memo).unwrap();
        let loaded = load(&root, Some(&out));
        assert_eq!(loaded.bodies[&9].made_entry().unwrap().text, text);
        assert_eq!(loaded.related["a"], vec!["b".to_string()]);
        // A byte changed in the middle block fails its checksum.
        let file = path(&root);
        let mut bytes = std::fs::read(&file).unwrap();
        let middle = bytes.len() / 2;
        bytes[middle] ^= 1;
        std::fs::write(&file, &bytes).unwrap();
        assert!(load(&root, None).bodies.is_empty());
        std::fs::remove_dir_all(&root).unwrap();
    }
}
