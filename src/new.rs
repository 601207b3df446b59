//! New: start today's review page with correct front matter.
//!
//! `yomon new --title "..."` writes `content/reviews/DATE-SLUG.md` and prints
//! its path on stdout, so `$EDITOR "$(yomon new --title ...)"` works.

use crate::config::Config;
use crate::model::FrontMatter;
use crate::taxonomy::Taxonomy;
use crate::ui::Ui;
use anyhow::{bail, Context};
use chrono::NaiveDate;
use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

pub struct Options<'a> {
    pub title: &'a str,
    pub date: NaiveDate,
    /// Empty: suggest topics from the match rules of content/tags.toml.
    pub tags: &'a [String],
}

pub fn run(root: &Path, options: &Options, ui: &Ui) -> anyhow::Result<bool> {
    let title = options.title.trim();
    // The same rule as ingest, so a page started by hand looks like the rest.
    let slug = crate::ingest::slug::base(options.date, Some(title), &[]);
    let relative = format!("content/reviews/{slug}.md");
    refuse_duplicate(root, &relative, title, options.date)?;
    let Some((config, taxonomy)) = read_settings(root, ui)? else {
        return Ok(false);
    };
    let tags = choose_tags(title, options.tags, &taxonomy, ui)?;
    let front = FrontMatter {
        title: title.to_owned(),
        date: options.date,
        date_estimated: false,
        headline: None,
        // The review's author is the site's, as in every ingested page.
        authors: vec![config.author],
        number: None,
        arxiv: Vec::new(),
        links: Vec::new(),
        tags,
        source: None,
    };
    let page = format!(
        "+++\n{}+++\n\n",
        toml::to_string(&front).context("cannot write the front matter")?
    );
    write_new(root, &relative, &page)?;
    ui.stage(format!("new      {relative}"));
    println!("{}", display_path(root, &relative).display());
    Ok(true)
}

/// Refuse a review that exists, before anything else is said or decided.
fn refuse_duplicate(
    root: &Path,
    relative: &str,
    title: &str,
    date: NaiveDate,
) -> anyhow::Result<()> {
    refuse_same_title(&root.join("content/reviews"), title, date)?;
    if root.join(relative).exists() {
        return Err(already_exists(relative));
    }
    Ok(())
}

/// yomon.toml and content/tags.toml; None (after printing the diagnostic,
/// with its file and line) when either is wrong.
fn read_settings(root: &Path, ui: &Ui) -> anyhow::Result<Option<(Config, Taxonomy)>> {
    let taxonomy = read_taxonomy(root)?;
    let config_path = root.join("yomon.toml");
    let settings = crate::config::Config::load(&config_path)
        .map_err(|mut problem| {
            problem.file = crate::diag::file_name(root, &config_path);
            problem
        })
        .and_then(|config| Ok((config, taxonomy?)));
    match settings {
        Ok(settings) => Ok(Some(settings)),
        Err(diagnostic) => {
            ui.diagnostics(&[diagnostic]);
            Ok(None)
        }
    }
}

/// The given tags, checked; or, when none are given, the topics ingest's
/// own rules find in the title (there is no body yet).
fn choose_tags(
    title: &str,
    given: &[String],
    taxonomy: &Taxonomy,
    ui: &Ui,
) -> anyhow::Result<Vec<String>> {
    if !given.is_empty() {
        return known_tags(given, taxonomy);
    }
    let suggested = taxonomy.matcher().assign(&crate::taxonomy::Fields {
        title,
        ..Default::default()
    });
    if !suggested.is_empty() {
        ui.stage(format!(
            "tags     suggested from the title: {}",
            suggested.join(", ")
        ));
    }
    Ok(suggested)
}

/// Create the file only if it does not exist: never overwrite a review.
fn write_new(root: &Path, relative: &str, page: &str) -> anyhow::Result<()> {
    let path = root.join(relative);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create `{}`", dir.display()))?;
    }
    let mut file = match OpenOptions::new().write(true).create_new(true).open(&path) {
        Ok(file) => file,
        Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(already_exists(relative))
        }
        Err(err) => return Err(err).with_context(|| format!("cannot create `{}`", path.display())),
    };
    file.write_all(page.as_bytes())
        .with_context(|| format!("cannot write `{}`", path.display()))
}

fn already_exists(relative: &str) -> anyhow::Error {
    anyhow::anyhow!("{relative} already exists; edit it, or choose another --title or --date")
}

/// The path as the user can open it from where they ran yomon.
fn display_path(root: &Path, relative: &str) -> PathBuf {
    if root == Path::new(".") || root.as_os_str().is_empty() {
        PathBuf::from(relative)
    } else {
        root.join(relative)
    }
}

/// The taxonomy, or the diagnostic saying why content/tags.toml is wrong.
fn read_taxonomy(root: &Path) -> anyhow::Result<Result<Taxonomy, crate::diag::Diagnostic>> {
    let path = root.join("content/tags.toml");
    let name = crate::diag::file_name(root, &path);
    Ok(crate::load::taxonomy::read(&path, &name).map(|found| found.unwrap_or(Taxonomy::default())))
}

fn known_tags(wanted: &[String], taxonomy: &Taxonomy) -> anyhow::Result<Vec<String>> {
    let mut tags: Vec<String> = Vec::new();
    for tag in wanted.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
        if taxonomy.topic(tag).is_none() {
            let known: Vec<&str> = taxonomy.topics.iter().map(|t| t.slug.as_str()).collect();
            if known.is_empty() {
                bail!("unknown tag `{tag}`: content/tags.toml defines no topics");
            }
            bail!(
                "unknown tag `{tag}`; the topics in content/tags.toml are: {}",
                known.join(", ")
            );
        }
        if !tags.iter().any(|t| t == tag) {
            tags.push(tag.to_owned());
        }
    }
    Ok(tags)
}

/// A second review of the same title on the same day is almost surely the
/// same review started twice, even if its slug was edited.
fn refuse_same_title(reviews: &Path, title: &str, date: NaiveDate) -> anyhow::Result<()> {
    let Ok(entries) = std::fs::read_dir(reviews) else {
        return Ok(());
    };
    let prefix = format!("{date}-");
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with(&prefix) || !name.ends_with(".md") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        if front_matter_title(&text).is_some_and(|t| t.trim().eq_ignore_ascii_case(title)) {
            bail!(
                "a review titled \"{title}\" dated {date} already exists: content/reviews/{name}"
            );
        }
    }
    Ok(())
}

/// The `title` of a page's front matter, read leniently: a page with other
/// problems is `check`'s business, not a reason to fail here.
fn front_matter_title(page: &str) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct TitleOnly {
        title: String,
    }
    crate::front::read::<TitleOnly>(page).map(|t| t.title)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_title_is_read_leniently() {
        let page = "+++\ntitle = \"A\"\ndate = 2024-13-01\n+++\nbody\n";
        assert_eq!(
            front_matter_title(page),
            None,
            "the date does not parse, so neither does the page"
        );
        let page = "+++\ntitle = \"A\"\ncolour = 1\n+++\nbody\n";
        assert_eq!(front_matter_title(page).as_deref(), Some("A"));
    }
}
