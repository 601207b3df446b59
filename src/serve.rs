//! Serve: build, serve site/ on 127.0.0.1, rebuild and reload on change.

use crate::ui::Ui;
use std::path::Path;

pub fn run(_root: &Path, _port: u16, _ui: &Ui) -> anyhow::Result<bool> {
    anyhow::bail!("serve is not implemented yet")
}
