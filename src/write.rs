//! Write a built `Site` to disk.
//!
//! The first build into a directory (or one whose last state is not known)
//! writes everything into a fresh sibling directory, then replaces the
//! output directory in two renames: a failed build never leaves a
//! half-written site. When the build cache holds a `Record` of what the
//! last build wrote there, and the files still match it (size and time of
//! last change), the site is brought up to date in place instead: only
//! files whose bytes changed are written (each to a temporary name, then
//! renamed over the old one), and files no longer built are removed. Files
//! a build did not even render (`kept`: their inputs did not change and the
//! record vouches for them on disk) are left alone. Either way the
//! directory ends holding exactly the built files.
//!
//! yomon deletes an existing output directory only if it created it (its
//! marker file is inside) or it is empty: `--out ~/Documents` must never
//! wipe the user's files.

use crate::site::site_path;
use anyhow::{bail, Context};
use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::fs;
use std::hash::Hasher;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

/// What a build wrote into its output directory, for the next build to
/// write only what changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Record {
    /// The output directory, canonical.
    pub dir: PathBuf,
    /// Site path -> the file as written.
    pub files: HashMap<String, Stamp>,
    /// What else `verify` found in the directory (files the record does
    /// not vouch for, and every folder), for `finish` to remove what the
    /// build did not put; None when the directory was not looked through.
    pub found: Option<Found>,
}

/// Files and folders found in an output directory besides the record's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Found {
    pub others: Vec<String>,
    pub folders: Vec<PathBuf>,
}

/// One written file: its bytes' hash, and what the file system says of it
/// (a file changed since, by anyone, no longer matches).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub hash: u64,
    pub len: u64,
    /// Time of last modification, in nanoseconds since the epoch.
    pub modified: u64,
}

/// The hash a `Stamp` holds: Fx, fast over the tens of megabytes of a large
/// site; a local build's bytes are not chosen to collide. Taken a block of
/// `HASH_BLOCK` bytes at a time, so that a file streamed through a buffer
/// of that size (`Writer::put_streamed`) hashes as its bytes put whole.
pub fn hash(bytes: &[u8]) -> u64 {
    let mut hash = FileHash::default();
    bytes.chunks(HASH_BLOCK).for_each(|block| hash.block(block));
    hash.finish()
}

const HASH_BLOCK: usize = 1 << 16;

#[derive(Default)]
struct FileHash {
    hash: u64,
    len: u64,
}

impl FileHash {
    fn block(&mut self, block: &[u8]) {
        let mut hasher = rustc_hash::FxHasher::default();
        hasher.write_u64(self.hash);
        hasher.write(block);
        self.hash = hasher.finish();
        self.len += block.len() as u64;
    }

    fn finish(&self) -> u64 {
        let mut hasher = rustc_hash::FxHasher::default();
        hasher.write_u64(self.hash);
        hasher.write_u64(self.len);
        hasher.finish()
    }
}

/// A file too large to be worth holding whole (a feed: 18 MB at 10x, most
/// of it entries that lie in the build cache's mapping): it writes itself,
/// in as many pieces as it likes.
pub trait Streamed {
    fn write_to(&self, out: &mut dyn Write) -> std::io::Result<()>;
}

/// What a file put in the site holds.
pub enum Contents<'a> {
    Bytes(&'a [u8]),
    Streamed(&'a dyn Streamed),
}

/// Writes a streamed file a block at a time, hashing each block.
struct BlockWriter {
    file: fs::File,
    block: Vec<u8>,
    hash: FileHash,
}

impl BlockWriter {
    fn new(file: fs::File) -> BlockWriter {
        BlockWriter {
            file,
            block: Vec::with_capacity(HASH_BLOCK),
            hash: FileHash::default(),
        }
    }

    fn write_block(&mut self) -> std::io::Result<()> {
        if !self.block.is_empty() {
            self.hash.block(&self.block);
            self.file.write_all(&self.block)?;
            self.block.clear();
        }
        Ok(())
    }

    /// The file, its hash and its length, once all is written.
    fn finish(mut self) -> std::io::Result<(fs::File, u64, u64)> {
        self.write_block()?;
        Ok((self.file, self.hash.finish(), self.hash.len))
    }
}

impl Write for BlockWriter {
    fn write(&mut self, mut bytes: &[u8]) -> std::io::Result<usize> {
        let len = bytes.len();
        while !bytes.is_empty() {
            let room = HASH_BLOCK - self.block.len();
            let (now, rest) = bytes.split_at(room.min(bytes.len()));
            self.block.extend_from_slice(now);
            bytes = rest;
            if self.block.len() == HASH_BLOCK {
                self.write_block()?;
            }
        }
        Ok(len)
    }

    /// Blocks are written when full: a partial one waits for `finish`, so
    /// that the hash sees the same blocks as `hash` would.
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn stamp_from(meta: &fs::Metadata, hash: u64) -> Option<Stamp> {
    let modified = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
    Some(Stamp {
        hash,
        len: meta.len(),
        modified: u64::try_from(modified.as_nanos()).ok()?,
    })
}

/// The part of `record` still true of `out` (same directory, yomon's
/// marker in it, each file unchanged since written); None when `out` is
/// another directory or not yomon's.
pub fn verify(record: &Record, out: &Path) -> Option<Record> {
    let dir = out.canonicalize().ok()?;
    if dir != record.dir || !dir.join(MARKER).is_file() {
        return None;
    }
    // The directory read through once, each file's state asked of its
    // folder (cheaper than looking every path up from the root), folders
    // side by side; what the record does not vouch for is noted for
    // `finish` to remove, so it need not read the directory again.
    let mut found = Found::default();
    let listed = list_folder(&dir, "", &mut found.folders).ok()?;
    let mut files = HashMap::with_capacity_and_hasher(record.files.len(), Default::default());
    for (path, meta) in listed {
        let vouched = record
            .files
            .get(&path)
            .filter(|stamp| stamp_from(&meta, stamp.hash).as_ref() == Some(*stamp));
        match vouched {
            Some(stamp) => {
                files.insert(path, *stamp);
            }
            None if path != MARKER => found.others.push(path),
            None => {}
        }
    }
    Some(Record {
        dir,
        files,
        found: Some(found),
    })
}

/// Files by site path, with what the file system says of each.
type Listed = Vec<(String, fs::Metadata)>;

/// Every file under `folder` (site paths, after `prefix`) with what the
/// file system says of it; its folders (deepest after their parents) into
/// `folders`. Subfolders are read side by side.
fn list_folder(folder: &Path, prefix: &str, folders: &mut Vec<PathBuf>) -> std::io::Result<Listed> {
    let mut files = Vec::new();
    let mut subfolders = Vec::new();
    for entry in fs::read_dir(folder)? {
        let entry = entry?;
        let name = entry.file_name();
        let mut path = String::with_capacity(prefix.len() + name.len());
        path.push_str(prefix);
        path.push_str(&name.to_string_lossy());
        if entry.file_type()?.is_dir() {
            subfolders.push((entry.path(), format!("{path}/")));
        } else {
            files.push((path, entry));
        }
    }
    let mut listed: Listed = files
        .into_par_iter()
        .map(|(path, entry)| Ok((path, entry.metadata()?)))
        .collect::<std::io::Result<_>>()?;
    // Each subfolder with the folders below it, its own first.
    let below: Vec<(Vec<PathBuf>, Listed)> = subfolders
        .into_par_iter()
        .map(|(sub, prefix)| {
            let mut deeper = vec![sub.clone()];
            let listed = list_folder(&sub, &prefix, &mut deeper)?;
            Ok((deeper, listed))
        })
        .collect::<std::io::Result<_>>()?;
    for (deeper, sub_listed) in below {
        folders.extend(deeper);
        listed.extend(sub_listed);
    }
    Ok(listed)
}

/// Puts a build's files into its output directory as they are made, so a
/// large site is never held in memory whole: into a fresh sibling
/// directory that replaces `out` at `finish` (a first build), or, when the
/// verified `Record` of the last build there is given, next to the files
/// they replace, under temporary names renamed over them at `finish`
/// (files whose bytes did not change are not written at all). A build
/// that stops before `finish` leaves `out` as it was.
pub struct Writer {
    out: PathBuf,
    target: Target,
    /// Site path -> the stamp of what was put there, and its temporary
    /// name until `finish` (in place only).
    put: std::sync::Mutex<HashMap<String, (Stamp, Option<PathBuf>)>>,
    /// Folders made (or found) for the files put: each is made once, not
    /// asked for again with every file it holds.
    folders: std::sync::Mutex<HashSet<PathBuf>>,
    finished: bool,
}

enum Target {
    Staging(PathBuf),
    InPlace(Record),
}

impl Writer {
    /// Start writing to `out`, in place when `record` (verified with
    /// `verify`) describes it.
    pub fn begin(out: &Path, record: Option<&Record>) -> anyhow::Result<Writer> {
        check_replaceable(out)?;
        let in_place = record.filter(|record| {
            out.canonicalize().ok().as_ref() == Some(&record.dir) && out.join(MARKER).is_file()
        });
        let target = match in_place {
            Some(record) => Target::InPlace(record.clone()),
            None => {
                let staging = sibling(out, "new")?;
                fs::create_dir_all(&staging)
                    .with_context(|| format!("cannot create `{}`", staging.display()))?;
                fs::write(staging.join(MARKER), MARKER_TEXT)
                    .with_context(|| format!("cannot write in `{}`", staging.display()))?;
                Target::Staging(staging)
            }
        };
        Ok(Writer {
            out: out.to_path_buf(),
            target,
            put: std::sync::Mutex::default(),
            folders: std::sync::Mutex::default(),
            finished: false,
        })
    }

    /// Whether files the record vouches for may be left as they are.
    pub fn in_place(&self) -> bool {
        matches!(self.target, Target::InPlace(_))
    }

    /// Put one file of the site, whole or streamed.
    pub fn put_contents(&self, path: &str, contents: Contents) -> anyhow::Result<()> {
        match contents {
            Contents::Bytes(bytes) => self.put(path, bytes),
            Contents::Streamed(source) => self.put_streamed(path, source),
        }
    }

    /// Put one file of the site (`path` relative to its root, `/`-separated).
    pub fn put(&self, path: &str, bytes: &[u8]) -> anyhow::Result<()> {
        check_path(Path::new(path))?;
        let hash = hash(bytes);
        if self.unchanged(path, hash, bytes.len() as u64) {
            return Ok(());
        }
        let (target, written) = self.place(path)?;
        let file = fs::File::create(&written)
            .and_then(|mut file| file.write_all(bytes).map(|()| file))
            .or_else(|err| taken_back(&written, err))
            .with_context(|| format!("cannot write `{}`", target.display()))?;
        self.note(path, &file, hash, written)
    }

    /// Put one file that writes itself (`Streamed`), a block at a time:
    /// the file is never held whole. Its hash is known only once it is
    /// written, so a file whose bytes did not change is written and then
    /// taken back (rare: it is streamed because its inputs changed).
    pub fn put_streamed(&self, path: &str, source: &dyn Streamed) -> anyhow::Result<()> {
        check_path(Path::new(path))?;
        let (target, written) = self.place(path)?;
        let (file, hash, len) = fs::File::create(&written)
            .and_then(|file| {
                let mut out = BlockWriter::new(file);
                source.write_to(&mut out)?;
                out.finish()
            })
            .or_else(|err| taken_back(&written, err))
            .with_context(|| format!("cannot write `{}`", target.display()))?;
        if self.unchanged(path, hash, len) {
            drop(file);
            return fs::remove_file(&written)
                .with_context(|| format!("cannot remove `{}`", written.display()));
        }
        self.note(path, &file, hash, written)
    }

    /// Whether the record vouches for `path` holding these bytes already:
    /// then it is noted as put, as it is.
    fn unchanged(&self, path: &str, hash: u64, len: u64) -> bool {
        let Target::InPlace(record) = &self.target else {
            return false;
        };
        match record.files.get(path) {
            Some(stamp) if stamp.hash == hash && stamp.len == len => {
                self.lock().insert(path.to_string(), (*stamp, None));
                true
            }
            _ => false,
        }
    }

    /// Where `path` is written, its folder made: the file itself (a first
    /// build, in the staging directory) or a temporary name beside it,
    /// renamed over it at `finish` (in place). Returns both.
    fn place(&self, path: &str) -> anyhow::Result<(PathBuf, PathBuf)> {
        let dir = match &self.target {
            Target::Staging(dir) => dir,
            Target::InPlace(record) => &record.dir,
        };
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            self.make_folder(parent)?;
        }
        let written = match &self.target {
            Target::InPlace(_) => target.with_file_name(format!(
                ".{}.yomon-{}",
                target.file_name().unwrap_or_default().to_string_lossy(),
                std::process::id()
            )),
            Target::Staging(_) => target.clone(),
        };
        Ok((target, written))
    }

    /// Record a file just written to `written` as `path`'s.
    fn note(&self, path: &str, file: &fs::File, hash: u64, written: PathBuf) -> anyhow::Result<()> {
        // From the open file: the path is not looked up again.
        let stamp = file
            .metadata()
            .ok()
            .and_then(|meta| stamp_from(&meta, hash))
            .with_context(|| format!("cannot read `{}`", written.display()))?;
        let temporary = self.in_place().then_some(written);
        self.lock().insert(path.to_string(), (stamp, temporary));
        Ok(())
    }

    /// The site is complete: it holds what was put and `kept` (files the
    /// record vouches for that were not put again). Returns its record.
    pub fn finish(mut self, kept: &[String]) -> anyhow::Result<Record> {
        self.finished = true;
        let put = std::mem::take(&mut *self.lock());
        match &self.target {
            Target::Staging(staging) => {
                if !kept.is_empty() {
                    bail!(
                        "a first build into `{}` has no files to keep",
                        self.out.display()
                    );
                }
                swap(staging, &self.out)?;
                let dir = self
                    .out
                    .canonicalize()
                    .with_context(|| format!("cannot read `{}`", self.out.display()))?;
                let files = put
                    .into_iter()
                    .map(|(path, (stamp, _))| (path, stamp))
                    .collect();
                Ok(Record {
                    dir,
                    files,
                    found: None,
                })
            }
            Target::InPlace(record) => {
                let mut files =
                    HashMap::with_capacity_and_hasher(put.len() + kept.len(), Default::default());
                for (path, (stamp, temporary)) in put {
                    if let Some(temporary) = temporary {
                        let target = record.dir.join(&path);
                        fs::rename(&temporary, &target)
                            .with_context(|| format!("cannot write `{}`", target.display()))?;
                    }
                    files.insert(path, stamp);
                }
                for path in kept {
                    let stamp = record.files.get(path).with_context(|| {
                        format!("`{path}` is not in `{}`", record.dir.display())
                    })?;
                    files.insert(path.clone(), *stamp);
                }
                match &record.found {
                    Some(found) => remove_found(record, found, &files)?,
                    None => remove_others(&record.dir, &files)?,
                }
                Ok(Record {
                    dir: record.dir.clone(),
                    files,
                    found: None,
                })
            }
        }
    }

    fn make_folder(&self, folder: &Path) -> anyhow::Result<()> {
        let folders = || {
            self.folders
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
        };
        if folders().contains(folder) {
            return Ok(());
        }
        fs::create_dir_all(folder)
            .with_context(|| format!("cannot create `{}`", folder.display()))?;
        folders().insert(folder.to_path_buf());
        Ok(())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, (Stamp, Option<PathBuf>)>> {
        self.put
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Drop for Writer {
    /// A build that stopped: take back what it wrote.
    fn drop(&mut self) {
        if self.finished {
            return;
        }
        match &self.target {
            Target::Staging(staging) => {
                let _ = fs::remove_dir_all(staging);
            }
            Target::InPlace(record) => {
                for (_, temporary) in self.lock().values() {
                    let Some(temporary) = temporary else { continue };
                    let _ = fs::remove_file(temporary);
                    // And the folders made for it, if nothing else is in them.
                    let mut folder = temporary.parent();
                    while let Some(dir) = folder.filter(|d| *d != record.dir) {
                        if fs::remove_dir(dir).is_err() {
                            break;
                        }
                        folder = dir.parent();
                    }
                }
            }
        }
    }
}

/// A file that could not be written whole is removed (the writer has not
/// noted it, so nothing else would take it back); the error stands.
fn taken_back<T>(written: &Path, err: std::io::Error) -> std::io::Result<T> {
    let _ = fs::remove_file(written);
    Err(err)
}

/// Remove every file under `dir` that is not in `files` (nor the marker),
/// then the folders left empty.
fn remove_others(dir: &Path, files: &HashMap<String, Stamp>) -> anyhow::Result<()> {
    let mut folders = Vec::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1) {
        let entry = entry.with_context(|| format!("cannot read `{}`", dir.display()))?;
        let relative = site_path(entry.path().strip_prefix(dir).unwrap_or(entry.path()));
        if entry.file_type().is_dir() {
            folders.push(entry.into_path());
        } else if relative != MARKER && !files.contains_key(&relative) {
            fs::remove_file(entry.path())
                .with_context(|| format!("cannot remove `{}`", entry.path().display()))?;
        }
    }
    // Deepest first; a folder that still holds something stays.
    for folder in folders.iter().rev() {
        let _ = fs::remove_dir(folder);
    }
    Ok(())
}

/// `remove_others`, from what `verify` found instead of reading the
/// directory again: the files the last record held or the directory had
/// besides that this build did not put, then the folders left empty.
fn remove_found(
    record: &Record,
    found: &Found,
    files: &HashMap<String, Stamp>,
) -> anyhow::Result<()> {
    let gone = record.files.keys().chain(&found.others);
    for path in gone.filter(|path| !files.contains_key(*path)) {
        let file = record.dir.join(path);
        match fs::remove_file(&file) {
            Err(err) if err.kind() != std::io::ErrorKind::NotFound => {
                return Err(err).with_context(|| format!("cannot remove `{}`", file.display()));
            }
            _ => {}
        }
    }
    // Deepest first; a folder that still holds something stays.
    for folder in found.folders.iter().rev() {
        let _ = fs::remove_dir(folder);
    }
    Ok(())
}

/// Refuse any path that would land outside the output directory.
fn check_path(path: &Path) -> anyhow::Result<()> {
    if path.is_absolute()
        || path
            .components()
            .any(|c| matches!(c, std::path::Component::ParentDir))
    {
        bail!(
            "refusing to write `{}` outside the output directory",
            path.display()
        );
    }
    Ok(())
}

/// The file that says "yomon made this directory".
pub const MARKER: &str = ".yomon-site";
const MARKER_TEXT: &str = "This directory is built by yomon and replaced on every build.\n";

/// Refuse to replace a directory yomon did not create.
fn check_replaceable(out: &Path) -> anyhow::Result<()> {
    if !out.exists() {
        return Ok(());
    }
    if !out.is_dir() {
        bail!(
            "output `{}` exists and is not a directory; not replacing it",
            out.display()
        );
    }
    let empty = fs::read_dir(out)
        .with_context(|| format!("cannot read `{}`", out.display()))?
        .next()
        .is_none();
    if !empty && !out.join(MARKER).is_file() {
        bail!(
            "output directory `{}` was not created by yomon (no `{MARKER}` file in it); \
             not deleting it. Remove it yourself or choose another --out",
            out.display()
        );
    }
    Ok(())
}

/// `.NAME.yomon-TAG-PID` next to `out`: same file system, so renames are cheap.
fn sibling(out: &Path, tag: &str) -> anyhow::Result<PathBuf> {
    let name = out
        .file_name()
        .with_context(|| format!("output `{}` has no directory name", out.display()))?;
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let path = parent.join(format!(
        ".{}.yomon-{tag}-{}",
        name.to_string_lossy(),
        std::process::id()
    ));
    if path.exists() {
        fs::remove_dir_all(&path)
            .with_context(|| format!("cannot remove stale `{}`", path.display()))?;
    }
    Ok(path)
}

fn swap(staging: &Path, out: &Path) -> anyhow::Result<()> {
    if out.exists() {
        let old = sibling(out, "old")?;
        fs::rename(out, &old).with_context(|| format!("cannot move `{}` aside", out.display()))?;
        if let Err(e) = fs::rename(staging, out) {
            // Put the previous site back: a failed build leaves it intact.
            let _ = fs::rename(&old, out);
            return Err(e)
                .with_context(|| format!("cannot move the new site to `{}`", out.display()));
        }
        fs::remove_dir_all(&old)
            .with_context(|| format!("cannot remove the previous site `{}`", old.display()))?;
    } else {
        if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent)
                .with_context(|| format!("cannot create `{}`", parent.display()))?;
        }
        fs::rename(staging, out)
            .with_context(|| format!("cannot move the new site to `{}`", out.display()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::Site;

    /// Write `site` at once, as `build` does file by file.
    fn write_site(
        site: &Site,
        kept: &[String],
        out: &Path,
        record: Option<&Record>,
    ) -> anyhow::Result<Record> {
        let writer = Writer::begin(out, record)?;
        for file in &site.files {
            writer.put(&site_path(&file.path), &file.bytes)?;
        }
        writer.finish(kept)
    }

    fn modified(path: &Path) -> std::time::SystemTime {
        fs::metadata(path).unwrap().modified().unwrap()
    }

    #[test]
    fn a_known_site_is_updated_in_place_and_ends_equal_to_the_build() {
        let root = std::env::temp_dir().join(format!("yomon-write-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        let out = root.join("site");
        let first = Site::of(&[
            ("index.html", "home"),
            ("reviews/a.html", "a"),
            ("reviews/b.html", "b"),
            ("tags/x.html", "x"),
        ]);
        let record = write_site(&first, &[], &out, None).unwrap();
        assert_eq!(record.files.len(), 4);
        fs::write(out.join("stray.txt"), "not built").unwrap();
        let untouched = modified(&out.join("index.html"));
        std::thread::sleep(std::time::Duration::from_millis(20));

        // index.html rendered again with the same bytes, reviews/a.html not
        // rendered at all (kept), b changed, tags/x.html gone, c new.
        let second = Site::of(&[
            ("index.html", "home"),
            ("reviews/b.html", "b, edited"),
            ("reviews/c.html", "c"),
        ]);
        let kept = ["reviews/a.html".to_string()];
        let verified = verify(&record, &out).unwrap();
        let record = write_site(&second, &kept, &out, Some(&verified)).unwrap();
        let read = |path: &str| fs::read_to_string(out.join(path)).ok();
        assert_eq!(read("reviews/a.html").as_deref(), Some("a"));
        assert_eq!(read("reviews/b.html").as_deref(), Some("b, edited"));
        assert_eq!(read("reviews/c.html").as_deref(), Some("c"));
        assert_eq!(read("tags/x.html"), None);
        assert_eq!(read("stray.txt"), None, "only built files remain");
        assert!(!out.join("tags").exists(), "an emptied folder goes");
        assert_eq!(
            modified(&out.join("index.html")),
            untouched,
            "unchanged bytes are not written again"
        );
        assert_eq!(record.files.len(), 4);
        let again = verify(&record, &out).unwrap();
        assert_eq!(again.files, record.files);
        assert_eq!(again.found.unwrap().others, Vec::<String>::new());

        // A file changed by hand no longer verifies; another directory never.
        fs::write(out.join("reviews/c.html"), "edited by hand").unwrap();
        let verified = verify(&record, &out).unwrap();
        assert!(!verified.files.contains_key("reviews/c.html"));
        assert_eq!(verified.files.len(), 3);
        assert!(verify(&record, &root).is_none());
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn a_build_that_stops_before_finishing_leaves_the_site_as_it_was() {
        let root = std::env::temp_dir().join(format!("yomon-write-stop-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        let out = root.join("site");
        let record = write_site(&Site::of(&[("index.html", "home")]), &[], &out, None).unwrap();
        let listing = || {
            let mut names: Vec<String> = walkdir::WalkDir::new(&root)
                .into_iter()
                .map(|e| e.unwrap().path().display().to_string())
                .collect();
            names.sort();
            names
        };
        let before = listing();
        for record in [None, Some(&record)] {
            let writer = Writer::begin(&out, record).unwrap();
            assert_eq!(writer.in_place(), record.is_some());
            writer.put("index.html", b"home, edited").unwrap();
            writer.put("reviews/new.html", b"new").unwrap();
            drop(writer);
            assert_eq!(listing(), before, "in place: {}", record.is_some());
            assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "home");
        }
        fs::remove_dir_all(&root).unwrap();
    }

    /// Bytes written in pieces of any size, for `put_streamed`.
    struct Pieces(Vec<Vec<u8>>);

    impl Streamed for Pieces {
        fn write_to(&self, out: &mut dyn Write) -> std::io::Result<()> {
            self.0.iter().try_for_each(|piece| out.write_all(piece))
        }
    }

    #[test]
    fn a_streamed_file_is_written_and_hashed_as_its_bytes_put_whole() {
        let root = std::env::temp_dir().join(format!("yomon-write-stream-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        let out = root.join("site");
        // Pieces that straddle the hash's blocks, and one that fills one.
        let bytes: Vec<u8> = (0..3 * HASH_BLOCK + 17)
            .map(|i| (i * 7 % 251) as u8)
            .collect();
        let cuts = [
            0,
            5,
            HASH_BLOCK - 1,
            HASH_BLOCK + 3,
            2 * HASH_BLOCK + 3,
            bytes.len(),
        ];
        let pieces = Pieces(
            cuts.windows(2)
                .map(|w| bytes[w[0]..w[1]].to_vec())
                .collect(),
        );

        let writer = Writer::begin(&out, None).unwrap();
        writer.put_streamed("feed.xml", &pieces).unwrap();
        writer.put("whole.xml", &bytes).unwrap();
        let record = writer.finish(&[]).unwrap();
        assert_eq!(fs::read(out.join("feed.xml")).unwrap(), bytes);
        assert_eq!(record.files["feed.xml"].hash, hash(&bytes));
        assert_eq!(
            record.files["feed.xml"].hash,
            record.files["whole.xml"].hash
        );
        assert_ne!(hash(&bytes[1..]), hash(&bytes));

        // In place: the same bytes streamed again leave the file as it was
        // (and no temporary file behind); other bytes replace it.
        let untouched = modified(&out.join("feed.xml"));
        std::thread::sleep(std::time::Duration::from_millis(20));
        let verified = verify(&record, &out).unwrap();
        let writer = Writer::begin(&out, Some(&verified)).unwrap();
        writer.put_streamed("feed.xml", &pieces).unwrap();
        writer
            .put_streamed("whole.xml", &Pieces(vec![b"edited".to_vec()]))
            .unwrap();
        let record = writer.finish(&[]).unwrap();
        assert_eq!(modified(&out.join("feed.xml")), untouched);
        assert_eq!(fs::read(out.join("whole.xml")).unwrap(), b"edited");
        assert_eq!(record.files["whole.xml"].hash, hash(b"edited"));
        let mut names: Vec<String> = fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, [MARKER, "feed.xml", "whole.xml"]);

        // A file that fails halfway leaves nothing behind, and the old one.
        struct Failing;
        impl Streamed for Failing {
            fn write_to(&self, out: &mut dyn Write) -> std::io::Result<()> {
                out.write_all(&[b'x'; 3 * HASH_BLOCK])?;
                Err(std::io::Error::other("the entries ran out"))
            }
        }
        let verified = verify(&record, &out).unwrap();
        let writer = Writer::begin(&out, Some(&verified)).unwrap();
        let err = writer.put_streamed("feed.xml", &Failing).unwrap_err();
        assert!(
            format!("{err:#}").contains("the entries ran out"),
            "{err:#}"
        );
        drop(writer);
        assert_eq!(fs::read(out.join("feed.xml")).unwrap(), bytes);
        assert_eq!(
            fs::read_dir(&out).unwrap().count(),
            3,
            "no temporary file left"
        );
        fs::remove_dir_all(&root).unwrap();
    }
}
