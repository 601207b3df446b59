//! Write a built `Site` to disk, so that a failed build never leaves a
//! half-written site: everything goes into a fresh sibling directory first,
//! then replaces the output directory in two renames.
//!
//! yomon deletes an existing output directory only if it created it (its
//! marker file is inside) or it is empty: `--out ~/Documents` must never
//! wipe the user's files.

use crate::site::Site;
use anyhow::{bail, Context};
use std::fs;
use std::path::{Path, PathBuf};

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
