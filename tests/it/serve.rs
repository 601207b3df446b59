//! `yomon serve` for real: the binary on a free port, files changed on disk,
//! the served pages polled until they follow.

use crate::cli_util::{review, Project};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const SLUG: &str = "2024-05-30-two-stage-backprop";
const PAGE: &str = "/reviews/2024-05-30-two-stage-backprop.html";
/// Long enough for a loaded CI machine; the usual wait is well under a second.
const PATIENCE: Duration = Duration::from_secs(30);

/// A running `yomon serve`, killed (by its pid) when dropped.
struct Server {
    child: Child,
    port: u16,
    stderr: mpsc::Receiver<String>,
}

impl Server {
    fn start(project: &Project) -> Server {
        Server::start_with(project, &[])
    }

    fn start_with(project: &Project, flags: &[&str]) -> Server {
        let args: Vec<&str> = flags
            .iter()
            .copied()
            .chain(["serve", "--port", "0"])
            .collect();
        let mut child = project
            .command(&args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (sender, stderr) = mpsc::channel();
        let pipe = BufReader::new(child.stderr.take().unwrap());
        std::thread::spawn(move || {
            for line in pipe.lines().map_while(Result::ok) {
                let _ = sender.send(line);
            }
        });
        let mut server = Server {
            child,
            port: 0,
            stderr,
        };
        let line = server.wait_for_line("serve    http://127.0.0.1:");
        let port = line
            .trim_start_matches("serve    http://127.0.0.1:")
            .split('/')
            .next()
            .unwrap();
        server.port = port.parse().unwrap();
        server
    }

    /// Wait for a stderr line starting with `prefix`; returns it.
    fn wait_for_line(&self, prefix: &str) -> String {
        let deadline = Instant::now() + PATIENCE;
        let mut seen = Vec::new();
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.stderr.recv_timeout(left) {
                Ok(line) if line.starts_with(prefix) => return line,
                Ok(line) => seen.push(line),
                Err(_) => break,
            }
        }
        panic!("no stderr line starting with {prefix:?}; saw {seen:#?}");
    }

    fn get(&self, path: &str) -> Response {
        get(self.port, path)
    }

    /// GET `path` until `ready` holds, or fail after PATIENCE.
    fn poll(&self, path: &str, ready: impl Fn(&Response) -> bool) -> Response {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let response = self.get(path);
            if ready(&response) {
                return response;
            }
            assert!(
                Instant::now() < deadline,
                "gave up waiting; last response: {response:?}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Debug)]
struct Response {
    status: u16,
    content_type: String,
    body: String,
}

/// A bare HTTP/1.0 GET: the server closes the connection after answering.
fn get(port: u16, path: &str) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let raw = String::from_utf8(raw).unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    let content_type = head
        .lines()
        .find_map(|l| l.strip_prefix("Content-Type: "))
        .unwrap_or("")
        .to_owned();
    Response {
        status,
        content_type,
        body: body.to_owned(),
    }
}

fn project(name: &str) -> Project {
    let project = Project::with_site(name);
    project.write(
        &format!("content/reviews/{SLUG}.md"),
        &review(
            "2BP: 2-Stage Backpropagation",
            "2024-05-30",
            &[],
            "First version of the review.",
        ),
    );
    project
}

/// Make every template a syntax error; returns the originals to restore.
fn break_templates(project: &Project) -> Vec<(String, String)> {
    let originals: Vec<(String, String)> = project
        .files()
        .into_iter()
        .filter(|f| f.starts_with("templates/"))
        .map(|f| {
            let text = project.read(&f);
            (f, text)
        })
        .collect();
    assert!(
        !originals.is_empty(),
        "the repository has no templates to copy"
    );
    for (file, text) in &originals {
        project.write(file, &format!("{text}\n{{% if %}}\n"));
    }
    originals
}

#[test]
fn serve_rebuilds_when_a_review_changes() {
    let project = project("serve-rebuild");
    let server = Server::start(&project);
    let first = server.get(PAGE);
    assert_eq!(first.status, 200, "{first:?}");
    assert!(
        first.body.contains("First version of the review."),
        "{}",
        first.body
    );

    project.write(
        &format!("content/reviews/{SLUG}.md"),
        &review(
            "2BP: 2-Stage Backpropagation",
            "2024-05-30",
            &[],
            "Second version, saved while serving.",
        ),
    );
    let second = server.poll(PAGE, |r| {
        r.body.contains("Second version, saved while serving.")
    });
    assert_eq!(second.status, 200);
    assert!(!second.body.contains("First version"), "{}", second.body);
    server.wait_for_line("rebuild  ");
}

#[test]
fn serve_adds_the_reload_script_to_pages_only_and_writes_nothing() {
    let project = project("serve-inject");
    let server = Server::start(&project);
    let page = server.get(PAGE);
    assert_eq!(page.content_type, "text/html; charset=utf-8");
    assert_eq!(
        page.body.matches("/__yomon/events").count(),
        1,
        "{}",
        page.body
    );
    let script_at = page.body.find("<script>/* yomon serve").unwrap();
    assert!(
        script_at < page.body.rfind("</body>").unwrap(),
        "script goes inside <body>"
    );

    // The stylesheet the home page links to (links are relative to "/").
    let home = server.get("/");
    let css = home
        .body
        .split("href=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap())
        .find(|href| href.ends_with(".css"));
    let css = css
        .expect("the home page links a stylesheet")
        .trim_start_matches("./");
    let served = server.get(&format!("/{css}"));
    assert_eq!(served.status, 200, "{css}: {served:?}");
    assert_eq!(served.content_type, "text/css; charset=utf-8");
    assert!(
        !served.body.contains("__yomon"),
        "only pages get the script: {}",
        served.body
    );
    assert_eq!(server.get("/no-such-page.html").status, 404);
    // Served from memory: the project has no site/ and nothing new at all.
    assert!(
        project.files().iter().all(|f| f.starts_with("content/")
            || f.starts_with("templates/")
            || f.starts_with("static/")),
        "{:?}",
        project.files()
    );
}

#[test]
fn serve_long_poll_answers_when_a_build_lands() {
    let project = project("serve-poll");
    let server = Server::start(&project);
    let page = server.get(PAGE);
    let since: u64 = page
        .body
        .split("var since=")
        .nth(1)
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .parse()
        .unwrap();

    let port = server.port;
    let waiting = std::thread::spawn(move || get(port, &format!("/__yomon/events?since={since}")));
    std::thread::sleep(Duration::from_millis(300));
    assert!(!waiting.is_finished(), "the poll must wait for a change");
    project.write(
        &format!("content/reviews/{SLUG}.md"),
        &review(
            "2BP: 2-Stage Backpropagation",
            "2024-05-30",
            &[],
            "Changed.",
        ),
    );
    let answer = waiting.join().unwrap();
    assert_eq!(answer.status, 200);
    assert_ne!(
        answer.body.trim().parse::<u64>().unwrap(),
        since,
        "{answer:?}"
    );
}

#[test]
fn serve_shows_a_broken_template_in_the_page_and_recovers() {
    let project = project("serve-template");
    let server = Server::start(&project);
    assert_eq!(server.get(PAGE).status, 200);

    let originals = break_templates(&project);
    let broken = server.poll(PAGE, |r| r.status == 500);
    assert!(
        broken.body.contains("<h1>The build failed</h1>"),
        "{}",
        broken.body
    );
    assert!(
        broken.body.contains("/__yomon/events"),
        "the error page reloads itself when fixed"
    );
    server.wait_for_line("rebuild  failed");

    for (file, text) in &originals {
        project.write(file, text);
    }
    let fixed = server.poll(PAGE, |r| r.status == 200);
    assert!(
        fixed.body.contains("First version of the review."),
        "{}",
        fixed.body
    );
}

#[test]
fn serve_shows_broken_front_matter_escaped_and_recovers() {
    let project = project("serve-front");
    let server = Server::start(&project);
    assert_eq!(server.get(PAGE).status, 200);

    let file = format!("content/reviews/{SLUG}.md");
    project.write(
        &file,
        "+++\ntitle = \"x\"\ndate = 2024-05-30\n<b>bold</b> = 1\n+++\n\nBody.\n",
    );
    let broken = server.poll("/", |r| r.status == 500);
    assert!(
        broken.body.contains(&format!("{SLUG}.md:4: error:")),
        "{}",
        broken.body
    );
    assert!(
        broken.body.contains("&lt;b&gt;bold&lt;/b&gt; = 1"),
        "{}",
        broken.body
    );
    assert!(!broken.body.contains("<b>bold"), "{}", broken.body);
    server.wait_for_line(&format!("{file}:4: error:"));

    project.write(
        &file,
        &review("Fixed Title", "2024-05-30", &[], "Fixed body."),
    );
    let fixed = server.poll(PAGE, |r| r.status == 200);
    assert!(fixed.body.contains("Fixed body."), "{}", fixed.body);
}

#[test]
fn serve_starts_even_when_the_first_build_fails() {
    let project = project("serve-broken-start");
    project.write(
        &format!("content/reviews/{SLUG}.md"),
        "+++\ntitle = \"x\"\n",
    );
    let server = Server::start(&project);
    let page = server.get("/");
    assert_eq!(page.status, 500);
    assert!(page.body.contains("The build failed"), "{}", page.body);
}

#[test]
fn serve_stops_on_interrupt() {
    let project = project("serve-interrupt");
    let mut server = Server::start(&project);
    let port = server.port;
    let status = std::process::Command::new("kill")
        .args(["-INT", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + PATIENCE;
    while server.child.try_wait().unwrap().is_none() {
        assert!(Instant::now() < deadline, "serve did not stop on SIGINT");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(
        std::net::TcpListener::bind(("127.0.0.1", port)).is_ok(),
        "the port is free again"
    );
}

/// A real browser: the page's script must notice the rebuild and reload,
/// which the server sees as a second request for the page (-v logs requests).
#[test]
fn serve_reloads_the_open_page_in_chromium() {
    let project = project("serve-browser");
    let server = Server::start_with(&project, &["-v"]);
    let profile = project.root.with_extension("chromium-profile");
    let browser = std::process::Command::new("/usr/bin/chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("http://127.0.0.1:{}{PAGE}", server.port))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("Debian chromium at /usr/bin/chromium (scripts/setup-test-deps installs it)");
    struct Kill(Child);
    impl Drop for Kill {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let _browser = Kill(browser);

    server.wait_for_line(&format!("GET {PAGE} 200"));
    project.write(
        &format!("content/reviews/{SLUG}.md"),
        &review(
            "2BP: 2-Stage Backpropagation",
            "2024-05-30",
            &[],
            "Reloaded.",
        ),
    );
    server.wait_for_line("rebuild  ");
    server.wait_for_line(&format!("GET {PAGE} 200"));

    // A broken build: the page reloads into the error page, and that page
    // reloads into the site again once the template is fixed.
    let originals = break_templates(&project);
    server.wait_for_line(&format!("GET {PAGE} 500"));
    for (file, text) in &originals {
        project.write(file, text);
    }
    server.wait_for_line(&format!("GET {PAGE} 200"));
    drop(_browser);
    let _ = std::fs::remove_dir_all(profile);
}

#[test]
fn serve_rebuilds_when_the_config_changes() {
    let project = project("serve-config");
    let server = Server::start(&project);
    assert_eq!(server.get("/").status, 200);

    project.write("yomon.toml", "title = \"Config Title From The Test\"\n");
    let page = server.poll("/", |r| r.body.contains("Config Title From The Test"));
    assert_eq!(page.status, 200);

    project.write("yomon.toml", "titel = \"misspelt\"\n");
    let broken = server.poll("/", |r| r.status == 500);
    assert!(
        broken
            .body
            .contains("yomon.toml:1: error: unknown field `titel`"),
        "{}",
        broken.body
    );
}

/// `git checkout` or `git stash` can replace a whole folder: the new one is
/// watched too.
#[test]
fn serve_follows_a_folder_that_was_replaced() {
    let project = project("serve-replaced");
    let server = Server::start(&project);
    let home = server.get("/");
    let css = home
        .body
        .split("href=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap())
        .find(|href| href.ends_with(".css") || href.contains(".css?"))
        .expect("the home page links a stylesheet")
        .to_owned();
    let css_url = format!("/{}", css.trim_start_matches("./"));
    let css_file = format!(
        "static/{}",
        css.split('?')
            .next()
            .unwrap()
            .trim_start_matches("./")
            .trim_start_matches("static/")
    );
    assert!(project.exists(&css_file), "{css_file}");

    std::fs::rename(
        project.root.join("static"),
        project.root.join("static-away"),
    )
    .unwrap();
    server.wait_for_line("rebuild  ");
    std::fs::rename(
        project.root.join("static-away"),
        project.root.join("static"),
    )
    .unwrap();
    server.wait_for_line("rebuild  ");

    let text = project.read(&css_file);
    project.write(
        &css_file,
        &format!("{text}\n/* saved after the folder came back */\n"),
    );
    let served = server.poll(&css_url, |r| {
        r.body.contains("saved after the folder came back")
    });
    assert_eq!(served.status, 200);
}
