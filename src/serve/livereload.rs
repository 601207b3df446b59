//! Live reload: a script added to served HTML pages that long-polls
//! `/__yomon/events` and reloads the page when a new build is in.

use super::snapshot::Shared;
use std::time::Duration;

/// The path the script polls; nothing in a built site can clash with it.
pub const EVENTS_PATH: &str = "/__yomon/events";

/// How long a poll waits for a build before answering "nothing new"; short
/// enough that no proxy or browser gives up on the request first.
const POLL_TIMEOUT: Duration = Duration::from_secs(25);

/// Add the reload script to a served page, just before `</body>` (or at the
/// end if there is none). Done on the response, never on the built file.
pub fn inject(html: &[u8], generation: u64) -> Vec<u8> {
    let script = script(generation);
    let at = find_last(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + script.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(script.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn script(generation: u64) -> String {
    // `since` is the build this page came from: when the page changes in a
    // later one, it is stale (the server knows which page asks from `page`).
    // A failed poll (server restarting) retries after a second rather than
    // hammering.
    format!(
        "<script>/* yomon serve: live reload */(function(){{var since={generation};\
function poll(){{fetch(\"{EVENTS_PATH}?since=\"+since+\"&page=\"+encodeURIComponent(location.pathname),{{cache:\"no-store\"}})\
.then(function(r){{return r.text()}})\
.then(function(t){{if(Number(t)!==since){{location.reload()}}else{{poll()}}}})\
.catch(function(){{setTimeout(poll,1000)}})}}poll()}})();</script>"
    )
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .rposition(|window| window.eq_ignore_ascii_case(needle))
}

/// Answer a poll: the current generation, as soon as the asking page
/// (`page`, its URL path) changed after the client's `since`, or any build
/// landed when no page is named; `since` itself after the timeout.
/// `files_of` names the site files a URL path may be served from.
pub fn wait(query: &str, shared: &Shared, files_of: impl Fn(&str) -> Vec<String>) -> String {
    let param = |name: &str| {
        query
            .split('&')
            .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
    };
    let since = param("since")
        .and_then(|value| value.parse::<u64>().ok())
        .unwrap_or(0);
    let paths = param("page").map(|page| files_of(&super::http::percent_decode(page)));
    shared
        .wait_for_change(since, paths.as_deref(), POLL_TIMEOUT)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_goes_before_the_last_body_close() {
        let page = b"<html><body><p>x</p></body></html>";
        let out = String::from_utf8(inject(page, 7)).unwrap();
        assert!(out.starts_with("<html><body><p>x</p><script>"), "{out}");
        assert!(out.ends_with("</script></body></html>"), "{out}");
        assert!(out.contains("var since=7;"), "{out}");
    }

    #[test]
    fn script_is_appended_when_there_is_no_body_close() {
        let out = String::from_utf8(inject(b"<p>x</p>", 1)).unwrap();
        assert!(out.starts_with("<p>x</p><script>"), "{out}");
    }
}
