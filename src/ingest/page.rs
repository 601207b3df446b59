//! One review page's bytes: TOML front matter between `+++` lines, a blank
//! line, the body, a final newline. Deterministic: same review, same bytes.

use crate::model::FrontMatter;

pub fn render(front: &FrontMatter, body: &str) -> Result<String, toml::ser::Error> {
    let toml = toml::to_string(front)?;
    Ok(format!("+++\n{toml}+++\n\n{body}\n"))
}

/// A 64-bit FNV-1a hash of a page's bytes, written to the manifest so that
/// ingest can tell a page it wrote from one edited by hand. Not security:
/// it only has to notice edits.
pub fn fingerprint(bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("fnv1a64:{hash:016x}")
}
