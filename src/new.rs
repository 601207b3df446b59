//! New: start today's review page with correct front matter.

use crate::ui::Ui;
use std::path::Path;

pub fn run(
    _root: &Path,
    _title: &str,
    _date: Option<&str>,
    _tags: &[String],
    _ui: &Ui,
) -> anyhow::Result<bool> {
    anyhow::bail!("new is not implemented yet")
}
