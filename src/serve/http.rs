//! Answer one HTTP request from the current snapshot.

use super::livereload::{self, EVENTS_PATH};
use super::overlay;
use super::snapshot::{Shared, State};
use crate::ui::Ui;
use tiny_http::{Header, Method, Request, Response, StatusCode};

type Reply = Response<std::io::Cursor<Vec<u8>>>;

pub fn respond(request: Request, shared: &Shared, ui: &Ui) {
    let url = request.url().to_owned();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    let reply = match request.method() {
        Method::Get | Method::Head if path == EVENTS_PATH => text(
            200,
            "text/plain; charset=utf-8",
            livereload::wait(query, shared, files_of).into_bytes(),
        ),
        Method::Get | Method::Head => page(path, &shared.current()),
        _ => text(
            405,
            "text/plain; charset=utf-8",
            b"method not allowed\n".to_vec(),
        ),
    };
    ui.detail(format!(
        "{} {url} {}",
        request.method(),
        reply.status_code().0
    ));
    // The browser may have gone away (a reload cancels its poll): not our problem.
    let _ = request.respond(reply);
}

/// The site files a URL path may be served from: the file, the folder's
/// index, and the not-found page.
fn files_of(url_path: &str) -> Vec<String> {
    let wanted = site_path(url_path);
    let index = format!("{wanted}/index.html");
    vec![wanted, index, "404.html".to_string()]
}

fn page(url_path: &str, state: &State) -> Reply {
    let wanted = site_path(url_path);
    let found = [wanted.clone(), format!("{wanted}/index.html")]
        .into_iter()
        .find_map(|path| state.file(&path).map(|bytes| (path, bytes)));
    let is_page = found
        .as_ref()
        .is_none_or(|(path, _)| path.ends_with(".html"));
    if let (Some(failure), true) = (&state.failure, is_page) {
        let html = livereload::inject(overlay::page(failure).as_bytes(), state.generation);
        return text(500, "text/html; charset=utf-8", html);
    }
    match found {
        Some((path, bytes)) if path.ends_with(".html") => text(
            200,
            "text/html; charset=utf-8",
            livereload::inject(bytes, state.generation),
        ),
        Some((path, bytes)) => text(200, content_type(&path), bytes.to_vec()),
        None => match state.file("404.html") {
            Some(bytes) => text(
                404,
                "text/html; charset=utf-8",
                livereload::inject(bytes, state.generation),
            ),
            None => text(404, "text/plain; charset=utf-8", b"not found\n".to_vec()),
        },
    }
}

/// "/reviews/a%20b.html" -> "reviews/a b.html"; "/" and "/tags/" -> their index.html.
fn site_path(url_path: &str) -> String {
    let decoded = percent_decode(url_path.trim_start_matches('/'));
    if decoded.is_empty() || decoded.ends_with('/') {
        format!("{decoded}index.html")
    } else {
        decoded
    }
}

pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit_once('.').map_or("", |(_, ext)| ext);
    match extension {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

fn text(status: u16, content_type: &str, body: Vec<u8>) -> Reply {
    Response::from_data(body)
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", content_type))
        // A preview must never show a cached page from before the last save.
        .with_header(header("Cache-Control", "no-store"))
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes())
        .expect("header names and values here are ASCII")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_paths_map_to_site_files() {
        assert_eq!(site_path("/"), "index.html");
        assert_eq!(site_path("/tags/"), "tags/index.html");
        assert_eq!(site_path("/reviews/a%20b.html"), "reviews/a b.html");
        assert_eq!(site_path("/%D7%90.html"), "א.html");
        assert_eq!(site_path("/100%.html"), "100%.html");
    }
}
