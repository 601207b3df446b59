//! The one project builder of the integration tests: a throw-away project
//! directory (with the repository's templates and static files, and the
//! fixture content when asked), and a way to run the real `yomon` in it.
#![allow(dead_code)] // not every helper is used by every test

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

pub const YOMON: &str = env!("CARGO_BIN_EXE_yomon");

/// A project directory under target/, removed when the test passes (kept
/// when it fails, to look at).
pub struct Project {
    pub root: PathBuf,
}

impl Project {
    pub fn new(name: &str) -> Self {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let unique = format!(
            "{name}-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        let root = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join("yomon-tests")
            .join(unique);
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).unwrap();
        Project { root }
    }

    /// A project with the repository's templates and static files and the
    /// given reviews, so a build produces the real site.
    pub fn with_site(name: &str) -> Self {
        let project = Project::new(name);
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        for dir in ["templates", "static"] {
            copy_dir(&repo.join(dir), &project.root.join(dir));
        }
        project.write("content/tags.toml", TAGS);
        project
    }

    /// `with_site` plus the fixture content of tests/fixtures/site, so a
    /// test changes one thing about a known, complete site.
    pub fn with_fixture_content(name: &str) -> Self {
        let project = Project::with_site(name);
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/site");
        copy_dir(&fixture.join("content"), &project.root.join("content"));
        project
    }

    pub fn write(&self, relative: &str, text: &str) -> &Self {
        let path = self.root.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    pub fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.root.join(relative)).unwrap()
    }

    pub fn exists(&self, relative: &str) -> bool {
        self.root.join(relative).exists()
    }

    /// `yomon -C ROOT ARGS...`
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(YOMON);
        command.arg("-C").arg(&self.root).args(args);
        command
    }

    pub fn run(&self, args: &[&str]) -> Run {
        Run::from(self.command(args).output().unwrap())
    }

    /// Every file under the project, relative, sorted: to show nothing was written.
    pub fn files(&self) -> Vec<String> {
        let mut files: Vec<String> = walk(&self.root)
            .into_iter()
            .map(|p| {
                p.strip_prefix(&self.root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        files.sort();
        files
    }
}

impl Drop for Project {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.root);
        }
    }
}

/// The outcome of one run of the binary.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(output: Output) -> Self {
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8(output.stdout).unwrap(),
            stderr: String::from_utf8(output.stderr).unwrap(),
        }
    }
}

pub fn run_anywhere(args: &[&str]) -> Run {
    Run::from(Command::new(YOMON).args(args).output().unwrap())
}

/// A small taxonomy for the tests.
pub const TAGS: &str = r#"[[topic]]
slug = "diffusion"
he = "מודלי דיפוזיה"
en = "Diffusion models"
match = ["diffusion", "דיפוזיה"]

[[topic]]
slug = "rl"
he = "למידת חיזוק"
en = "Reinforcement learning"
match = ["reinforcement learning", "למידת חיזוק"]
"#;

/// A review page with the given title, date and body.
pub fn review(title: &str, date: &str, tags: &[&str], body: &str) -> String {
    let tags: Vec<String> = tags.iter().map(|t| format!("\"{t}\"")).collect();
    format!(
        "+++\ntitle = \"{title}\"\ndate = {date}\ntags = [{}]\n+++\n\n{body}\n",
        tags.join(", ")
    )
}

fn copy_dir(from: &Path, to: &Path) {
    for path in walk(from) {
        let target = to.join(path.strip_prefix(from).unwrap());
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&path, &target).unwrap();
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return files;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}
