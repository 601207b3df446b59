//! HTML escaping for every string yomon puts into a page: tera's escape
//! function (set in `load_templates`) and the HTML yomon builds itself.
//!
//! Tera's default also turns `/` into `&#x2F;`, which makes every relative
//! URL unreadable in the source; these five are what HTML needs. This runs
//! over every byte of every page, so it copies unescaped runs whole.

/// Text safe in element content and in double- or single-quoted attributes.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    push_html(&mut out, text);
    out
}

pub fn push_html(out: &mut String, text: &str) {
    push_replacing(out, text, &HTML);
}

/// What each byte is replaced by, if it is: a table per escaping, made
/// at compile time, so the scan asks one question per byte.
pub type Replacements = [Option<&'static str>; 256];

const HTML: Replacements = {
    let mut table: Replacements = [None; 256];
    table[b'&' as usize] = Some("&amp;");
    table[b'<' as usize] = Some("&lt;");
    table[b'>' as usize] = Some("&gt;");
    table[b'"' as usize] = Some("&quot;");
    table[b'\'' as usize] = Some("&#39;");
    table
};

/// Push `text`, each byte `replacements` names replaced by what it gives,
/// copying the runs between them whole. The one escaping loop: HTML here,
/// XML in the feeds (`feeds::esc`). Only ASCII bytes may be named, so
/// every cut falls on a character boundary.
pub fn push_replacing(out: &mut String, text: &str, replacements: &Replacements) {
    let mut last = 0;
    for (i, byte) in text.bytes().enumerate() {
        let Some(entity) = replacements[usize::from(byte)] else {
            continue;
        };
        debug_assert!(byte.is_ascii(), "only ASCII is replaced");
        out.push_str(&text[last..i]);
        out.push_str(entity);
        last = i + 1;
    }
    out.push_str(&text[last..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_the_five_and_keeps_slashes() {
        assert_eq!(
            html(r#"<a href="../x">'ב' & ג</a>"#),
            "&lt;a href=&quot;../x&quot;&gt;&#39;ב&#39; &amp; ג&lt;/a&gt;"
        );
        assert_eq!(html("שלום"), "שלום");
    }
}
