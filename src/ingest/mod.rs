//! Ingest: archive export -> one review page per dated review under content/.

use crate::ui::Ui;
use std::path::PathBuf;

pub struct Options {
    pub archive: PathBuf,
    pub content: PathBuf,
    pub dry_run: bool,
    pub json: bool,
    pub force: bool,
}

/// Returns Ok(false) when the input had errors (exit code 1).
pub fn run(_options: &Options, _ui: &Ui) -> anyhow::Result<bool> {
    anyhow::bail!("ingest is not implemented yet")
}
