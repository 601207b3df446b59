//! Template errors that say where: tera's parse errors carry a line, but its
//! render errors ("Variable `x` not found ... while rendering 'y'") do not,
//! so we find the first line of the template that uses the variable.

use regex::Regex;
use std::path::Path;
use std::sync::LazyLock;

static MISSING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"Variable `([^`\[]+)[^`]*` (?:not found|.*?) .*?while rendering '([^']+)'")
        .expect("valid regex")
});

/// The full cause chain of a tera error, with the template's line added
/// when tera did not give one.
pub fn describe(
    template_dir: &Path,
    template: &str,
    page: &str,
    err: &tera::Error,
) -> anyhow::Error {
    let mut message = format!("template `templates/{template}` failed while rendering `{page}`");
    let mut source: Option<&dyn std::error::Error> = Some(err);
    while let Some(e) = source {
        message.push_str(&format!(": {e}"));
        source = e.source();
    }
    if let Some(place) = MISSING
        .captures(&message)
        .and_then(|c| locate(template_dir, &c[2], &c[1]))
    {
        message.push_str(&format!(" (at {place})"));
    }
    anyhow::anyhow!(message)
}

/// "templates/NAME line N" of the first line using `variable`.
fn locate(template_dir: &Path, template: &str, variable: &str) -> Option<String> {
    let source = std::fs::read_to_string(template_dir.join(template)).ok()?;
    let line = source.lines().position(|l| l.contains(variable))? + 1;
    Some(format!("templates/{template} line {line}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_line_of_a_missing_variable() {
        let dir = std::env::temp_dir().join(format!("yomon-errors-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("t.html"), "a\n{{ page.nope }}\n").unwrap();
        let mut tera = tera::Tera::default();
        tera.add_raw_template("t.html", "a\n{{ page.nope }}\n")
            .unwrap();
        let err = tera.render("t.html", &tera::Context::new()).unwrap_err();
        let message = describe(&dir, "t.html", "x.html", &err).to_string();
        assert!(message.contains("templates/t.html line 2"), "{message}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
