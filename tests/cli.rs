//! The command-line contract: exit codes (0 ok, 1 failure, 2 bad usage),
//! stdout kept for data, errors on stderr.

mod cli_util;
use cli_util::{run_anywhere, Project};

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
