//! Check: the build pipeline in memory, plus internal link validation.
//! Writes nothing; reports every problem at once, sorted, and fails on errors.

mod pages;

use crate::diag::Diagnostic;
use crate::links::BrokenLink;
use crate::site::Site;
use crate::ui::Ui;
use std::path::Path;
use std::time::Instant;

pub fn run(root: &Path, ui: &Ui) -> anyhow::Result<bool> {
    let started = Instant::now();
    // The build's own stage lines are detail here: check reports problems.
    let build_ui = ui.nested();
    let built = crate::build::build_in_memory(root, &build_ui)?;
    let content_dir = root.join("content");
    let mut diagnostics = built.diagnostics;
    diagnostics.extend(pages::validate(
        &content_dir,
        read_taxonomy(&content_dir).as_ref(),
    ));
    diagnostics.extend(
        crate::links::broken_links(&built.site)
            .iter()
            .map(|link| link_diagnostic(root, &built.site, link)),
    );
    diagnostics.extend(
        crate::links::unreachable_pages(&built.site)
            .into_iter()
            .map(|page| {
                let file = root.join("site").join(page).display().to_string();
                Diagnostic::warning(file, 1, "no link leads here from the home page")
            }),
    );
    let mut diagnostics = without_repeats(diagnostics);
    crate::diag::sort(&mut diagnostics);
    diagnostics.dedup();
    ui.diagnostics(&diagnostics);

    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let pages = built
        .site
        .files
        .iter()
        .filter(|f| f.path.extension().is_some_and(|e| e == "html"))
        .count();
    let summary = format!(
        "check    {pages} pages: {} and {} in {:.2} s",
        count(errors, "error"),
        count(warnings, "warning"),
        started.elapsed().as_secs_f64()
    );
    if errors > 0 {
        // The verdict is shown even with -q: it explains the exit code.
        eprintln!("{summary}");
    } else {
        ui.stage(summary);
    }
    Ok(errors == 0)
}

fn read_taxonomy(content_dir: &Path) -> Option<crate::taxonomy::Taxonomy> {
    match std::fs::read_to_string(content_dir.join("tags.toml")) {
        Ok(text) => toml::from_str(&text).ok(),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            Some(crate::taxonomy::Taxonomy { topics: Vec::new() })
        }
        Err(_) => None,
    }
}

/// The build reports some of what check reports more strictly (a build only
/// warns about an unknown topic; check calls it an error): a warning at the
/// same place as an error, naming the same `thing`, is the same problem.
fn without_repeats(mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let errors: Vec<Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.is_error())
        .cloned()
        .collect();
    diagnostics.retain(|warning| {
        warning.is_error()
            || !errors.iter().any(|error| {
                error.file == warning.file
                    && error.line == warning.line
                    && first_quoted(&error.message)
                        .is_some_and(|name| first_quoted(&warning.message) == Some(name))
            })
    });
    diagnostics
}

/// The first `backquoted` name in a message.
fn first_quoted(message: &str) -> Option<&str> {
    let (_, rest) = message.split_once('`')?;
    rest.split_once('`').map(|(name, _)| name)
}

fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// A broken link as a diagnostic at its most useful place: the line of the
/// review's markdown that holds it when it came from there, else the line of
/// the built page (where `yomon build` would write it).
fn link_diagnostic(root: &Path, site: &Site, link: &BrokenLink) -> Diagnostic {
    let message = format!("broken link `{}`: {}", link.href, link.reason);
    if let Some(located) = locate_in_source(root, link, &message) {
        return located;
    }
    let built = site
        .files
        .iter()
        .find(|f| f.path == Path::new(&link.page))
        .map(|f| String::from_utf8_lossy(&f.bytes).into_owned())
        .unwrap_or_default();
    let file = root.join("site").join(&link.page).display().to_string();
    locate(&file, &built, &link.href, &message)
        .unwrap_or_else(|| Diagnostic::error(file, 1, message))
}

fn locate_in_source(root: &Path, link: &BrokenLink, message: &str) -> Option<Diagnostic> {
    let slug = link.page.strip_prefix("reviews/")?.strip_suffix(".html")?;
    let path = root.join("content/reviews").join(format!("{slug}.md"));
    let text = std::fs::read_to_string(&path).ok()?;
    let file = path.display().to_string();
    locate(&file, &text, &link.href, message)
}

/// The first line of `text` holding `needle`, with a caret under it.
fn locate(file: &str, text: &str, needle: &str, message: &str) -> Option<Diagnostic> {
    if needle.is_empty() {
        return None;
    }
    text.lines().enumerate().find_map(|(index, line)| {
        let at = line.find(needle)?;
        let column = line[..at].chars().count() + 1;
        Some(Diagnostic::error(file, index + 1, message).with_source(line, column))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_puts_the_caret_under_the_text() {
        let d = locate(
            "a.html",
            "<p>\n  <a href=\"x.html\">x</a>\n",
            "x.html",
            "broken link `x.html`: no such page",
        )
        .unwrap();
        assert_eq!(
            d.to_string(),
            "a.html:2: error: broken link `x.html`: no such page\n  |   <a href=\"x.html\">x</a>\n  |            ^"
        );
    }
}
