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

use crate::site::Site;
use anyhow::{bail, Context};
use rayon::prelude::*;
use std::collections::HashMap;
use std::fs;
use std::hash::Hasher;
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
/// site; a local build's bytes are not chosen to collide.
pub fn hash(bytes: &[u8]) -> u64 {
    let mut hasher = rustc_hash::FxHasher::default();
    hasher.write(bytes);
    hasher.write_usize(bytes.len());
    hasher.finish()
}

fn stamp_of(path: &Path, hash: u64) -> Option<Stamp> {
    let meta = fs::metadata(path).ok()?;
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
    let files = record
        .files
        .par_iter()
        .filter(|(path, stamp)| stamp_of(&dir.join(path), stamp.hash).as_ref() == Some(*stamp))
        .map(|(path, stamp)| (path.clone(), *stamp))
        .collect();
    Some(Record { dir, files })
}

/// Write `site` to `out`; `kept` are files of the site that were not
/// rendered because `record` (verified) says they are on disk already.
/// Returns the record of what `out` now holds.
pub fn write_site(
    site: &Site,
    kept: &[String],
    out: &Path,
    record: Option<&Record>,
) -> anyhow::Result<Record> {
    check_paths(site)?;
    let in_place = record.filter(|record| {
        out.canonicalize().ok().as_ref() == Some(&record.dir)
            && out.join(MARKER).is_file()
            && kept.iter().all(|path| record.files.contains_key(path))
    });
    match in_place {
        Some(record) => update(site, kept, record),
        None if kept.is_empty() => {
            write(site, out)?;
            let dir = out
                .canonicalize()
                .with_context(|| format!("cannot read `{}`", out.display()))?;
            let files = site
                .files
                .par_iter()
                .map(|file| {
                    let path = site_path(&file.path);
                    let stamp = stamp_of(&dir.join(&path), hash(&file.bytes))
                        .with_context(|| format!("cannot read `{}`", file.path.display()))?;
                    Ok((path, stamp))
                })
                .collect::<anyhow::Result<_>>()?;
            Ok(Record { dir, files })
        }
        None => bail!(
            "`{}` changed while the site was built; build again",
            out.display()
        ),
    }
}

/// Bring the directory `record` describes level with `site`, in place.
fn update(site: &Site, kept: &[String], record: &Record) -> anyhow::Result<Record> {
    let dir = &record.dir;
    let written: Vec<(String, Stamp)> = site
        .files
        .par_iter()
        .map(|file| {
            let path = site_path(&file.path);
            let hash = hash(&file.bytes);
            if let Some(stamp) = record.files.get(&path) {
                if stamp.hash == hash && stamp.len == file.bytes.len() as u64 {
                    return Ok((path, *stamp));
                }
            }
            let target = dir.join(&file.path);
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent)
                    .with_context(|| format!("cannot create `{}`", parent.display()))?;
            }
            // A reader (or a crash) never sees half a file.
            let temporary = target.with_file_name(format!(
                ".{}.yomon-{}",
                target.file_name().unwrap_or_default().to_string_lossy(),
                std::process::id()
            ));
            fs::write(&temporary, &file.bytes)
                .and_then(|()| fs::rename(&temporary, &target))
                .with_context(|| format!("cannot write `{}`", target.display()))?;
            let stamp = stamp_of(&target, hash)
                .with_context(|| format!("cannot read `{}`", target.display()))?;
            Ok((path, stamp))
        })
        .collect::<anyhow::Result<_>>()?;
    let mut files: HashMap<String, Stamp> = written.into_iter().collect();
    files.extend(
        kept.iter()
            .filter_map(|path| Some((path.clone(), *record.files.get(path)?))),
    );
    remove_others(dir, &files)?;
    Ok(Record {
        dir: dir.clone(),
        files,
    })
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

/// "reviews/x.html", with `/` on every platform.
fn site_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Refuse any path that would land outside the output directory.
fn check_paths(site: &Site) -> anyhow::Result<()> {
    for file in &site.files {
        if file.path.is_absolute()
            || file
                .path
                .components()
                .any(|c| matches!(c, std::path::Component::ParentDir))
        {
            bail!(
                "refusing to write `{}` outside the output directory",
                file.path.display()
            );
        }
    }
    Ok(())
}

/// The file that says "yomon made this directory".
pub const MARKER: &str = ".yomon-site";
const MARKER_TEXT: &str = "This directory is built by yomon and replaced on every build.\n";

pub fn write(site: &Site, out: &Path) -> anyhow::Result<()> {
    check_replaceable(out)?;
    let staging = sibling(out, "new")?;
    let result = write_all(site, &staging).and_then(|()| swap(&staging, out));
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    result
}

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

fn write_all(site: &Site, dir: &Path) -> anyhow::Result<()> {
    fs::create_dir_all(dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    fs::write(dir.join(MARKER), MARKER_TEXT)
        .with_context(|| format!("cannot write in `{}`", dir.display()))?;
    let mut made = std::collections::HashSet::new();
    check_paths(site)?;
    for file in &site.files {
        let path = dir.join(&file.path);
        if let Some(parent) = path.parent() {
            if made.insert(parent.to_path_buf()) {
                fs::create_dir_all(parent)
                    .with_context(|| format!("cannot create `{}`", parent.display()))?;
            }
        }
        fs::write(&path, &file.bytes)
            .with_context(|| format!("cannot write `{}`", path.display()))?;
    }
    Ok(())
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
    use crate::site::OutputFile;

    fn site(files: &[(&str, &str)]) -> Site {
        Site {
            files: files
                .iter()
                .map(|(path, text)| OutputFile::new(*path, text.as_bytes()))
                .collect(),
        }
    }

    fn modified(path: &Path) -> std::time::SystemTime {
        fs::metadata(path).unwrap().modified().unwrap()
    }

    #[test]
    fn a_known_site_is_updated_in_place_and_ends_equal_to_the_build() {
        let root = std::env::temp_dir().join(format!("yomon-write-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        let out = root.join("site");
        let first = site(&[
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
        let second = site(&[
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
        assert_eq!(verify(&record, &out).unwrap(), record);

        // A file changed by hand no longer verifies; another directory never.
        fs::write(out.join("reviews/c.html"), "edited by hand").unwrap();
        let verified = verify(&record, &out).unwrap();
        assert!(!verified.files.contains_key("reviews/c.html"));
        assert_eq!(verified.files.len(), 3);
        assert!(verify(&record, &root).is_none());
        fs::remove_dir_all(&root).unwrap();
    }
}
