//! The command-line contract: exit codes (0 ok, 1 failure, 2 bad usage),
//! stdout kept for data, errors on stderr.

use crate::cli_util::{run_anywhere, Project};

#[test]
fn no_command_is_bad_usage() {
    let run = run_anywhere(&[]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("Static site generator for a Hebrew archive"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout, "");
}

#[test]
fn unknown_command_is_bad_usage() {
    let run = run_anywhere(&["publish"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("error: unrecognized subcommand 'publish'\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn quiet_and_verbose_together_is_bad_usage() {
    let run = run_anywhere(&["-q", "-v", "check"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("error: the argument '--quiet' cannot be used with '--verbose'\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_bad_port_is_bad_usage() {
    let run = run_anywhere(&["serve", "--port", "70000"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.starts_with(
            "error: invalid value '70000' for '--port <PORT>': 70000 is not in 0..=65535\n"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn help_and_version_succeed_on_stdout() {
    let run = run_anywhere(&["--version"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, concat!("yomon ", env!("CARGO_PKG_VERSION"), "\n"))
    );
    let run = run_anywhere(&["new", "--help"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("--title <TITLE>"), "{}", run.stdout);
}

#[test]
fn a_missing_project_directory_is_a_failure_naming_it() {
    let project = Project::new("cli-missing");
    let missing = project.root.join("nope");
    let run = run_anywhere(&["-C", missing.to_str().unwrap(), "serve", "--port", "0"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        format!(
            "error: cannot open project directory `{}`: No such file or directory (os error 2)\n",
            missing.display()
        )
    );
}

fn one_review_project(name: &str) -> Project {
    let project = Project::with_site(name);
    project.write(
        "content/reviews/2024-02-01-b.md",
        &crate::cli_util::review("B", "2024-02-01", &["rl"], "Hi."),
    );
    project
}

#[test]
fn build_prints_one_line_per_stage_and_a_summary_on_stderr_only() {
    let project = one_review_project("cli-stages");
    let run = project.run(&["build"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, "");
    let stages: Vec<&str> = run
        .stderr
        .lines()
        .map(|l| l.split(' ').next().unwrap())
        .collect();
    assert_eq!(stages.first(), Some(&"load"), "{}", run.stderr);
    assert!(
        stages.contains(&"render") && stages.contains(&"write"),
        "{}",
        run.stderr
    );
    let summary = run.stderr.lines().last().unwrap();
    assert!(
        summary.starts_with("built 1 reviews, 2 topics, "),
        "{summary}"
    );
    assert!(summary.ends_with(" ms"), "{summary}");
    assert!(project.exists("site/index.html"));
}

#[test]
fn build_without_search_says_so_and_writes_no_index() {
    let project = one_review_project("cli-search-off");
    project.write("yomon.toml", "search = false\n");
    let run = project.run(&["build"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stderr
            .lines()
            .any(|l| l == "search   off (search = false in yomon.toml)"),
        "{}",
        run.stderr
    );
    assert!(project.exists("site/index.html"));
    assert!(!project.exists("site/search.html") && !project.exists("site/search"));
}

#[test]
fn quiet_prints_nothing_and_verbose_prints_more() {
    let project = one_review_project("cli-verbosity");
    let quiet = project.run(&["-q", "build"]);
    assert_eq!(
        (quiet.code, quiet.stderr.as_str(), quiet.stdout.as_str()),
        (0, "", "")
    );
    let normal = project.run(&["build"]);
    let verbose = project.run(&["--verbose", "build"]);
    assert_eq!(verbose.code, 0);
    assert!(
        verbose.stderr.lines().count() > normal.stderr.lines().count(),
        "{}",
        verbose.stderr
    );
}

#[test]
fn a_content_error_fails_the_build_with_file_line_and_caret() {
    let project = one_review_project("cli-content-error");
    project.write(
        "content/reviews/2024-02-01-b.md",
        "+++\ntitle = \"B\"\ndate = 2024-02-01\ncolour = 1\n+++\n\nHi.\n",
    );
    let run = project.run(&["-q", "build"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        format!(
            "content/reviews/2024-02-01-b.md:4: error: unknown field `colour`, expected one of `title`, `title_estimated`, `date`, `date_estimated`, `headline`, `authors`, `number`, `arxiv`, `links`, `tags`, `source`\n  | colour = 1\n  | ^\nbuild failed: 1 error(s); site not written\n",
        )
    );
    assert!(!project.exists("site"));
}

#[test]
fn an_unknown_config_key_fails_with_its_file_line_and_caret() {
    let project = one_review_project("cli-config");
    project.write("yomon.toml", "title = \"x\"\n  per_pgae = 3\n");
    let expected = "yomon.toml:2: error: unknown field `per_pgae`, expected one of `title`, `description`, `base_url`, `per_page`, `language`, `author`, `related`, `search`, `allowed_words`\n  |   per_pgae = 3\n  |   ^\n";
    let build = project.run(&["-q", "build"]);
    assert_eq!(build.code, 1);
    assert_eq!(
        build.stderr,
        format!("{expected}build failed: 1 error(s); site not written\n")
    );
    assert!(!project.exists("site"));
    let check = project.run(&["-q", "check"]);
    assert_eq!(check.code, 1);
    assert!(check.stderr.starts_with(expected), "{}", check.stderr);
    assert!(
        check.stderr.contains(" pages: 1 error and 0 warnings in "),
        "{}",
        check.stderr
    );
    assert!(!project.exists("site"));
}
