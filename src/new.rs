//! New: start today's review page with correct front matter.
//!
//! `yomon new --title "..."` writes `content/reviews/DATE-SLUG.md` and prints
//! its path on stdout, so `$EDITOR "$(yomon new --title ...)"` works.

use crate::model::FrontMatter;
use crate::taxonomy::Taxonomy;
use crate::ui::Ui;
use anyhow::{bail, Context};
use chrono::NaiveDate;
use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Slugs are cut at a word boundary at about this many characters (DESIGN.md).
const SLUG_MAX: usize = 60;

pub struct Options<'a> {
    pub title: &'a str,
    pub date: NaiveDate,
    /// Empty: suggest topics from the match rules of content/tags.toml.
    pub tags: &'a [String],
}

pub fn run(root: &Path, options: &Options, ui: &Ui) -> anyhow::Result<bool> {
    let title = options.title.trim();
    let reviews = root.join("content/reviews");
    let slug = format!("{}-{}", options.date, slugify(title));
    let relative = format!("content/reviews/{slug}.md");
    // Refuse a duplicate before anything else is said or decided.
    refuse_same_title(&reviews, title, options.date)?;
    if root.join(&relative).exists() {
        return Err(already_exists(&relative));
    }

    let taxonomy = read_taxonomy(root)?;
    let tags = if options.tags.is_empty() {
        let suggested = suggest_tags(title, &taxonomy);
        if !suggested.is_empty() {
            ui.stage(format!(
                "tags     suggested from the title: {}",
                suggested.join(", ")
            ));
        }
        suggested
    } else {
        known_tags(options.tags, &taxonomy)?
    };

    let front = FrontMatter {
        title: title.to_owned(),
        date: options.date,
        date_estimated: false,
        headline: None,
        authors: Vec::new(),
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
    std::fs::create_dir_all(&reviews)
        .with_context(|| format!("cannot create `{}`", reviews.display()))?;
    write_new(&root.join(&relative), &relative, &page)?;

    ui.stage(format!("new      {relative}"));
    println!("{}", display_path(root, &relative).display());
    Ok(true)
}

/// Create the file only if it does not exist: never overwrite a review.
fn write_new(path: &Path, relative: &str, page: &str) -> anyhow::Result<()> {
    let mut file = match OpenOptions::new().write(true).create_new(true).open(path) {
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

fn read_taxonomy(root: &Path) -> anyhow::Result<Taxonomy> {
    let path = root.join("content/tags.toml");
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Taxonomy { topics: Vec::new() })
        }
        Err(err) => return Err(err).with_context(|| format!("cannot read `{}`", path.display())),
    };
    toml::from_str(&text).map_err(|err| anyhow::anyhow!("content/tags.toml: {}", err.message()))
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

/// Topics whose match rules appear in the title, in taxonomy order. A rule
/// matches at the start of a word, case-insensitively ("transformer" finds
/// "Transformers", but "gan" does not find "organ").
fn suggest_tags(title: &str, taxonomy: &Taxonomy) -> Vec<String> {
    let title = title.to_lowercase();
    taxonomy
        .topics
        .iter()
        .filter(|topic| {
            topic
                .rules
                .iter()
                .any(|rule| starts_a_word(&title, &rule.to_lowercase()))
        })
        .map(|topic| topic.slug.clone())
        .collect()
}

fn starts_a_word(text: &str, rule: &str) -> bool {
    !rule.is_empty()
        && text.match_indices(rule).any(|(at, _)| {
            text[..at]
                .chars()
                .next_back()
                .map_or(true, |before| !before.is_alphanumeric())
        })
}

/// The ASCII slug of a title: lowercase words joined by `-`, cut at a word
/// boundary near `SLUG_MAX`. A title with no ASCII word gets "review".
pub fn slugify(title: &str) -> String {
    let cleaned: String = title.chars().filter(|c| !matches!(c, '\'' | '’')).collect();
    let mut slug = String::new();
    for word in cleaned
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let word = word.to_ascii_lowercase();
        if slug.is_empty() {
            slug = word.chars().take(SLUG_MAX).collect();
        } else if slug.len() + 1 + word.len() <= SLUG_MAX {
            slug.push('-');
            slug.push_str(&word);
        } else {
            break;
        }
    }
    if slug.is_empty() {
        slug.push_str("review");
    }
    slug
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
    let rest = page.strip_prefix("+++")?.trim_start_matches(['\r', '\n']);
    let end = rest.find("\n+++")?;
    toml::from_str::<TitleOnly>(&rest[..end])
        .ok()
        .map(|t| t.title)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slug_is_lowercase_ascii_words() {
        assert_eq!(
            slugify("2BP: 2-Stage Backpropagation"),
            "2bp-2-stage-backpropagation"
        );
        assert_eq!(slugify("Don't Stop Pretraining!"), "dont-stop-pretraining");
        assert_eq!(slugify("מודל שפה"), "review");
    }

    #[test]
    fn slug_is_cut_at_a_word_boundary() {
        let title = "Scaling Laws for Neural Language Models and Their Surprisingly Long Titles";
        let slug = slugify(title);
        assert_eq!(slug, "scaling-laws-for-neural-language-models-and-their");
        assert!(slug.len() <= SLUG_MAX);
    }

    #[test]
    fn rules_match_at_word_starts_only() {
        assert!(starts_a_word("vision transformers at scale", "transformer"));
        assert!(!starts_a_word("an organ model", "gan"));
        assert!(starts_a_word("gan inversion", "gan"));
    }
}
