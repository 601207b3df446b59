//! The page shown instead of the site while the last build failed.

/// A self-contained page (no stylesheet from the failed site) with the
/// error text escaped: the text quotes user content, which is data.
pub fn page(failure: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\">\n<head>\n<meta charset=\"utf-8\">\n\
<title>yomon: build failed</title>\n\
<style>body{{margin:0;font:16px/1.5 system-ui,sans-serif;background:#2b0d0d;color:#fde8e8}}\
main{{padding:1.5rem;max-width:70rem;margin-inline:auto}}h1{{font-size:1.3rem;color:#ff9b9b}}\
pre{{white-space:pre-wrap;unicode-bidi:plaintext;background:#1a0606;padding:1rem;border-radius:6px}}</style>\n\
</head>\n<body>\n<main id=\"yomon-error\">\n<h1>The build failed</h1>\n\
<p>Fix the problem and save: this page reloads with the site.</p>\n<pre>{}</pre>\n</main>\n</body>\n</html>\n",
        crate::render::escape::html(failure)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_text_is_escaped() {
        let html = page("a.md:1: error: bad <script>alert(1)</script> & \"x\"");
        assert!(
            html.contains("bad &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;"),
            "{html}"
        );
        assert!(!html.contains("<script>alert"), "{html}");
    }
}
