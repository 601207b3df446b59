//! `yomon check`: every problem at once, sorted, verbatim; nothing written.

use crate::cli_util::{review, Project};

/// The summary's time varies; everything else is asserted verbatim.
fn without_time(stderr: &str) -> String {
    let (head, _) = stderr
        .rsplit_once(" in ")
        .expect("a summary line ending `in N.NN s`");
    assert!(stderr.ends_with(" s\n"), "{stderr}");
    format!("{head} in _ s\n")
}

#[test]
fn check_passes_a_good_project_and_writes_nothing() {
    let project = Project::with_site("check-good");
    project.write(
        "content/reviews/2024-05-30-a.md",
        &review("A Paper", "2024-05-30", &["diffusion"], "Body."),
    );
    let before = project.files();
    let run = project.run(&["check"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, "");
    assert!(run.stderr.starts_with("check    "), "{}", run.stderr);
    assert!(
        without_time(&run.stderr).ends_with(" pages: 0 errors and 0 warnings in _ s\n"),
        "{}",
        run.stderr
    );
    assert_eq!(project.files(), before, "check must write nothing");

    let quiet = project.run(&["-q", "check"]);
    assert_eq!((quiet.code, quiet.stderr.as_str()), (0, ""));
}

#[test]
fn check_reports_every_page_problem_sorted_with_carets() {
    let project = Project::with_site("check-pages");
    let reviews = "content/reviews";
    project.write(
        &format!("{reviews}/2024-01-01-empty.md"),
        &review("", "2024-01-01", &[], "x"),
    );
    project.write(
        &format!("{reviews}/2024-01-02-tagged.md"),
        &review("Tagged", "2024-01-02", &["diffusion", "nope"], "x"),
    );
    project.write(
        &format!("{reviews}/2024-01-03-Dup.md"),
        &review("Dup One", "2024-01-03", &[], "x"),
    );
    project.write(
        &format!("{reviews}/2024-01-03-dup.md"),
        &review("Dup Two", "2024-01-03", &[], "x"),
    );
    project.write(
        &format!("{reviews}/2024-01-04-same.md"),
        &review("Same Paper", "2024-01-04", &[], "x"),
    );
    project.write(
        &format!("{reviews}/2024-01-04-same-2.md"),
        &review("Same Paper", "2024-01-04", &[], "x"),
    );
    let before = project.files();

    // `-C ABSOLUTE_DIR` (as project.run passes it): files are still named
    // relative to the project, exactly as when run inside it.
    let run = project.run(&["check"]);
    assert_eq!(run.code, 1, "{run:?}");
    let dir = reviews;
    let (problems, summary) = run.stderr.split_at(run.stderr.rfind("check    ").unwrap());
    assert_eq!(
        problems,
        format!(
            "{dir}/2024-01-01-empty.md:2: error: empty title: every review needs one (its page and links show it)
  | title = \"\"
  |         ^
{dir}/2024-01-02-tagged.md:4: error: unknown topic `nope`: add it to content/tags.toml or remove it
  | tags = [\"diffusion\", \"nope\"]
  |                      ^
{dir}/2024-01-03-dup.md:1: error: slug `2024-01-03-dup` collides with `2024-01-03-Dup` ({dir}/2024-01-03-Dup.md): URLs must differ in more than case
{dir}/2024-01-04-same.md:2: error: duplicate review: {dir}/2024-01-04-same-2.md has the same title and date
  | title = \"Same Paper\"
  |         ^
"
        )
    );
    assert!(
        without_time(summary).ends_with(" pages: 4 errors and 0 warnings in _ s\n"),
        "{summary}"
    );
    assert_eq!(project.files(), before, "check must write nothing");

    let inside = std::process::Command::new(crate::cli_util::YOMON)
        .arg("check")
        .current_dir(&project.root)
        .output()
        .unwrap();
    let inside = String::from_utf8(inside.stderr).unwrap();
    assert_eq!(
        inside.split_at(inside.rfind("check    ").unwrap()).0,
        problems
    );

    // -q keeps the problems and the verdict: they explain the exit code.
    let quiet = project.run(&["-q", "check"]);
    assert_eq!(quiet.code, 1);
    assert_eq!(
        quiet
            .stderr
            .split_at(quiet.stderr.rfind("check    ").unwrap())
            .0,
        problems
    );
}

#[test]
fn a_page_started_by_new_passes_check() {
    let project = Project::with_site("check-new");
    let new = project.run(&[
        "new",
        "--title",
        "Denoising Diffusion Probabilistic Models",
        "--date",
        "2020-06-19",
    ]);
    assert_eq!(new.code, 0, "{new:?}");
    let run = project.run(&["check"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        without_time(&run.stderr).ends_with(" pages: 0 errors and 0 warnings in _ s\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn check_names_front_matter_errors_and_an_impossible_date_in_one_line() {
    let project = Project::with_site("check-front");
    project.write(
        "content/reviews/2024-02-01-b.md",
        "+++\ntitle = \"B\"\ndate = 2024-02-01\ncolour = \"red\"\n+++\n\nBody.\n",
    );
    project.write(
        "content/reviews/2024-02-30-a.md",
        "+++\ntitle = \"A\"\ndate = 2024-02-30\n+++\n\nBody.\n",
    );
    let run = project.run(&["check"]);
    assert_eq!(run.code, 1, "{run:?}");
    let dir = "content/reviews";
    let (problems, summary) = run.stderr.split_at(run.stderr.rfind("check    ").unwrap());
    assert_eq!(
        problems,
        format!(
            "{dir}/2024-02-01-b.md:4: error: unknown field `colour`, expected one of `title`, `title_estimated`, `date`, `date_estimated`, `headline`, `authors`, `number`, `arxiv`, `links`, `tags`, `source`
  | colour = \"red\"
  | ^
{dir}/2024-02-30-a.md:3: error: impossible date 2024-02-30 in `date`
  | date = 2024-02-30
  |        ^
"
        )
    );
    assert!(
        without_time(summary).ends_with(" pages: 2 errors and 0 warnings in _ s\n"),
        "{summary}"
    );
}

#[test]
fn check_points_a_broken_link_at_the_line_of_the_markdown() {
    let project = Project::with_site("check-links");
    project.write(
        "content/reviews/2024-02-01-b.md",
        &review("B", "2024-02-01", &[], "First line.\n\nSee [x](../tags/nope.html) and [y](#missing) and <https://arxiv.org/abs/1>."),
    );
    let run = project.run(&["check"]);
    assert_eq!(run.code, 1, "{run:?}");
    let file = "content/reviews/2024-02-01-b.md";
    let (problems, summary) = run.stderr.split_at(run.stderr.rfind("check    ").unwrap());
    assert_eq!(
        problems,
        format!(
            "{file}:9: error: broken link `../tags/nope.html`: `tags/nope.html` does not exist
  | See [x](../tags/nope.html) and [y](#missing) and <https://arxiv.org/abs/1>.
  |         ^
{file}:9: error: broken link `#missing`: no id `missing` in `reviews/2024-02-01-b.html`
  | See [x](../tags/nope.html) and [y](#missing) and <https://arxiv.org/abs/1>.
  |                                    ^
"
        )
    );
    assert!(
        without_time(summary).ends_with(" pages: 2 errors and 0 warnings in _ s\n"),
        "{summary}"
    );
}

#[test]
fn check_reports_a_bad_config_together_with_the_content_problems() {
    let project = Project::with_site("check-config");
    project.write("yomon.toml", "title = \"x\"\n  per_pgae = 3\n");
    project.write(
        "content/reviews/2024-02-01-b.md",
        "+++\ntitle = \"B\"\ndate = 2024-02-01\ncolour = \"red\"\n+++\n\nBody.\n",
    );
    project.write(
        "content/reviews/2024-02-30-a.md",
        "+++\ntitle = \"A\"\ndate = 2024-02-30\n+++\n\nBody.\n",
    );
    let before = project.files();
    let run = project.run(&["check"]);
    assert_eq!(run.code, 1, "{run:?}");
    let (problems, summary) = run.stderr.split_at(run.stderr.rfind("check    ").unwrap());
    assert_eq!(
        problems,
        "content/reviews/2024-02-01-b.md:4: error: unknown field `colour`, expected one of `title`, `title_estimated`, `date`, `date_estimated`, `headline`, `authors`, `number`, `arxiv`, `links`, `tags`, `source`
  | colour = \"red\"
  | ^
content/reviews/2024-02-30-a.md:3: error: impossible date 2024-02-30 in `date`
  | date = 2024-02-30
  |        ^
yomon.toml:2: error: unknown field `per_pgae`, expected one of `title`, `description`, `base_url`, `per_page`, `language`, `author`, `related`, `search`, `allowed_words`
  |   per_pgae = 3
  |   ^
"
    );
    assert!(
        without_time(summary).ends_with(" pages: 3 errors and 0 warnings in _ s\n"),
        "{summary}"
    );
    assert_eq!(project.files(), before, "check must write nothing");
}

#[test]
fn a_topic_slug_with_a_capital_is_reported_not_dropped() {
    let project = Project::with_site("check-capital-topic");
    project.write(
        "content/tags.toml",
        "[[topic]]\nslug = \"RL\"\nhe = \"למידת חיזוק\"\nen = \"RL\"\n",
    );
    project.write(
        "content/reviews/2024-05-30-a.md",
        &review("A Paper", "2024-05-30", &["RL"], "Body."),
    );
    for command in ["check", "build"] {
        let run = project.run(&[command]);
        assert_eq!(run.code, 1, "{command}: {run:?}");
        // build prints its stage lines first; check only problems.
        assert!(
            run.stderr.contains(
                "content/tags.toml:2: error: topic slug \"RL\" must be lowercase ASCII letters, digits and hyphens\n"
            ),
            "{command}: {}",
            run.stderr
        );
    }
}

#[test]
fn a_windows_saved_page_with_a_bom_reads_like_any_other() {
    let project = Project::with_site("check-crlf");
    let page = review("A Paper", "2024-05-30", &["nope"], "Body.").replace('\n', "\r\n");
    project.write(
        "content/reviews/2024-05-30-a.md",
        &format!("\u{feff}{page}"),
    );
    let run = project.run(&["check"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stderr.starts_with(
            "content/reviews/2024-05-30-a.md:4: error: unknown topic `nope`: add it to content/tags.toml or remove it\n  | tags = [\"nope\"]\n  |         ^\n"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn check_lists_an_ingested_review_that_reached_no_topic() {
    let project = Project::with_site("check-no-topic");
    project.write(
        "content/reviews/2024-05-30-a.md",
        "+++\ntitle = \"A Paper\"\ndate = 2024-05-30\ntags = []\n\n[source]\nfile = \"x.txt\"\nstart_line = 1\nend_line = 3\n+++\n\nBody.\n",
    );
    let run = project.run(&["check"]);
    assert_eq!(run.code, 0, "a warning, not an error: {run:?}");
    let expected = "content/reviews/2024-05-30-a.md:4: warning: no topic: no rule of \
content/tags.toml reached its min_score; add tags by hand (`yomon ingest ARCHIVE --explain \
2024-05-30-a` shows the scores)\n  | tags = []\n  |        ^\n";
    assert!(run.stderr.starts_with(expected), "{}", run.stderr);
    assert!(
        without_time(&run.stderr).ends_with(" pages: 0 errors and 1 warning in _ s\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn check_warns_about_every_damaged_word_not_allowed() {
    let project = Project::with_site("check-mixed-script");
    project.write("yomon.toml", "allowed_words = [\"מテקסט\"]\n");
    project.write(
        "content/reviews/2024-05-30-a.md",
        &review(
            "A Paper",
            "2024-05-30",
            &["diffusion"],
            "המודל לומד מテקסט.\n\nאנו רוצים להעшир את $\\alpha$ ו-LLMים, כλומר הרבה.\n\n\
             התהליך эта חוזרת, אך (то что для) הוא ציטוט.",
        ),
    );
    let run = project.run(&["check"]);
    assert_eq!(run.code, 0, "warnings do not fail check: {run:?}");
    let (problems, summary) = run.stderr.split_at(run.stderr.rfind("check    ").unwrap());
    assert_eq!(
        problems,
        "content/reviews/2024-05-30-a.md:9: warning: `להעшир` mixes Hebrew with letters of another script (export damage?); fix it, or list it in `allowed_words` in yomon.toml
  | אנו רוצים להעшир את $\\alpha$ ו-LLMים, כλומר הרבה.
  |           ^
content/reviews/2024-05-30-a.md:9: warning: `כλומר` mixes Hebrew with letters of another script (export damage?); fix it, or list it in `allowed_words` in yomon.toml
  | אנו רוצים להעшир את $\\alpha$ ו-LLMים, כλומר הרבה.
  |                                       ^
content/reviews/2024-05-30-a.md:11: warning: `эта` is a word of another script alone in a Hebrew sentence (export damage?); fix it, or list it in `allowed_words` in yomon.toml
  | התהליך эта חוזרת, אך (то что для) הוא ציטוט.
  |        ^
"
    );
    assert!(
        without_time(summary).ends_with(" pages: 0 errors and 3 warnings in _ s\n"),
        "{summary}"
    );
}
