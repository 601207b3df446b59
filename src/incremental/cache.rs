//! The build cache: `.yomon-cache/build.bin` in the project directory, what
//! the last `yomon build` made (each output's key and bytes, the related
//! lists, the search index), so the next build renders only what changed.
//!
//! Owned by yomon, git-ignored, safe to delete. Trusted only when it
//! verifies: the same yomon version and the same executable (its size and
//! modification time: a rebuilt or reinstalled yomon of the same version
//! may render otherwise), the same hash function (a probe value), and a
//! checksum over everything after the header. Anything else
//! (missing, truncated, older, edited) is ignored, never half-read. Each
//! entry is keyed by everything its output is made from, settings and
//! templates included (`keys`), so an entry from other settings is simply
//! never used.

use super::{keys, Memo};
use anyhow::Context;
use std::hash::Hasher;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub const DIR: &str = ".yomon-cache";
const FILE: &str = "build.bin";
const MAGIC: &[u8] = b"yomon build cache\n";

fn path(root: &Path) -> PathBuf {
    root.join(DIR).join(FILE)
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

/// The cache under `root`, or an empty memo when there is none that verifies.
pub fn load(root: &Path) -> Memo {
    let Ok(bytes) = std::fs::read(path(root)) else {
        return Memo::default();
    };
    read(&bytes).unwrap_or_default()
}

fn read(bytes: &[u8]) -> Option<Memo> {
    let rest = bytes.strip_prefix(header()?.as_slice())?;
    let (sum, payload) = rest.split_first_chunk::<8>()?;
    if checksum(payload) != u64::from_le_bytes(*sum) {
        return None;
    }
    let mut reader = Reader { bytes: payload };
    let mut memo = Memo::default();
    for _ in 0..reader.u64()? {
        let path = reader.string()?;
        let key = reader.u64()?;
        let bytes = reader.bytes()?;
        memo.outputs.insert(path, (key, Arc::new(bytes.to_vec())));
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
        let key = reader.u64()?;
        let files = (0..reader.u64()?)
            .map(|_| Some((reader.string()?, Arc::new(reader.bytes()?.to_vec()))))
            .collect::<Option<_>>()?;
        memo.search = Some((key, files));
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
    let mut payload = Writer::default();
    payload.u64(memo.outputs.len() as u64);
    let mut outputs: Vec<_> = memo.outputs.iter().collect();
    outputs.sort_by(|a, b| a.0.cmp(b.0));
    for (path, (key, bytes)) in outputs {
        payload.string(path);
        payload.u64(*key);
        payload.bytes(bytes);
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
    match &memo.search {
        Some((key, files)) => {
            payload.u64(1);
            payload.u64(*key);
            payload.u64(files.len() as u64);
            for (path, bytes) in files {
                payload.string(path);
                payload.bytes(bytes);
            }
        }
        None => payload.u64(0),
    }
    let temporary = dir.join(format!("{FILE}.{}", std::process::id()));
    let write = || -> std::io::Result<()> {
        let mut file = std::io::BufWriter::new(std::fs::File::create(&temporary)?);
        file.write_all(&header)?;
        file.write_all(&checksum(&payload.out).to_le_bytes())?;
        file.write_all(&payload.out)?;
        file.flush()
    };
    write()
        .and_then(|()| std::fs::rename(&temporary, path(root)))
        .with_context(|| format!("cannot write the build cache in `{}`", dir.display()))
}

/// Fx hashing (word at a time): it finds a damaged or cut-short file at a
/// small fraction of SipHash's cost over tens of megabytes; no one chooses
/// the bytes of a local cache to fool it.
fn checksum(payload: &[u8]) -> u64 {
    let mut hasher = rustc_hash::FxHasher::default();
    hasher.write(payload);
    hasher.finish()
}

#[derive(Default)]
struct Writer {
    out: Vec<u8>,
}

impl Writer {
    fn u64(&mut self, n: u64) {
        self.out.extend(n.to_le_bytes());
    }
    fn bytes(&mut self, bytes: &[u8]) {
        self.u64(bytes.len() as u64);
        self.out.extend(bytes);
    }
    fn string(&mut self, text: &str) {
        self.bytes(text.as_bytes());
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

    fn memo() -> Memo {
        let mut memo = Memo::default();
        memo.outputs
            .insert("index.html".into(), (7, Arc::new(b"<p>x</p>".to_vec())));
        memo.related.insert("a".into(), vec!["b".into()]);
        memo.search = Some((9, vec![("search/index.js".into(), Arc::new(b"x".to_vec()))]));
        memo
    }

    #[test]
    fn a_saved_cache_loads_back_and_a_damaged_one_is_ignored() {
        let root = std::env::temp_dir().join(format!("yomon-cache-{}", std::process::id()));
        save(&root, &memo()).unwrap();
        let loaded = load(&root);
        assert_eq!(loaded.outputs["index.html"].0, 7);
        assert_eq!(loaded.related["a"], vec!["b".to_string()]);
        assert_eq!(loaded.search.as_ref().map(|s| s.0), Some(9));

        let file = path(&root);
        let mut bytes = std::fs::read(&file).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        std::fs::write(&file, &bytes).unwrap();
        assert!(
            load(&root).outputs.is_empty(),
            "a changed byte fails the checksum"
        );
        std::fs::write(&file, &bytes[..bytes.len() / 2]).unwrap();
        assert!(
            load(&root).outputs.is_empty(),
            "a truncated cache is ignored"
        );
        std::fs::write(&file, b"yomon build cache\n0.0.1\n").unwrap();
        assert!(
            load(&root).outputs.is_empty(),
            "another version's cache is ignored"
        );
        std::fs::remove_dir_all(&root).unwrap();
    }
}
