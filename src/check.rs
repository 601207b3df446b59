//! Check: the build pipeline in memory, plus internal link validation.
//! Writes nothing; reports every problem at once, sorted, and fails on errors.

mod estimated_titles;
mod formulas;
mod links;
mod mixed_script;
mod pages;

use crate::diag::Diagnostic;
use crate::ui::Ui;
use std::path::Path;
use std::time::Instant;

pub fn run(root: &Path, ui: &Ui) -> anyhow::Result<bool> {
    let started = Instant::now();
    // The build's own stage lines are detail here: check reports problems.
    let built = crate::build::build_in_memory(root, &ui.nested())?;
    let diagnostics = problems(root, built);
    ui.diagnostics(&diagnostics.list);

    let errors = diagnostics.list.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.list.len() - errors;
    let summary = format!(
        "check    {} pages: {} and {} in {:.2} s",
        diagnostics.pages,
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

/// Every problem found, sorted, and how many pages were looked at.
struct Problems {
    list: Vec<Diagnostic>,
    pages: usize,
}

fn problems(root: &Path, built: crate::build::Built) -> Problems {
    let content_dir = root.join("content");
    let mut list = built.diagnostics;
    list.extend(pages::validate(
        &content_dir,
        root,
        read_taxonomy(&content_dir).as_ref(),
    ));
    list.extend(links::problems(root, &built.site));
    let allowed = crate::config::Config::load(&root.join("yomon.toml"))
        .map(|c| c.allowed_words)
        .unwrap_or_default();
    list.extend(mixed_script::warnings(&content_dir, root, &allowed));
    list.extend(formulas::warnings(&content_dir, root));
    list.extend(estimated_titles::warnings(&content_dir, root));
    let mut list = without_repeats(list);
    crate::diag::sort(&mut list);
    list.dedup();
    let pages = built
        .site
        .files
        .iter()
        .filter(|f| f.path.extension().is_some_and(|e| e == "html"))
        .count();
    Problems { list, pages }
}

fn read_taxonomy(content_dir: &Path) -> Option<crate::taxonomy::Taxonomy> {
    match std::fs::read_to_string(content_dir.join("tags.toml")) {
        Ok(text) => crate::taxonomy::Taxonomy::parse("content/tags.toml", &text).ok(),
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
