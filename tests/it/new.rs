//! `yomon new`: the real binary, in a throw-away project.

use crate::cli_util::{review, Project, TAGS};

const PAGE: &str = "content/reviews/2024-05-30-denoising-diffusion-models-a-survey.md";

fn project() -> Project {
    let project = Project::new("new");
    project.write("content/tags.toml", TAGS);
    project
}

#[test]
fn new_writes_front_matter_and_prints_the_path() {
    let project = project();
    let run = project.run(&[
        "new",
        "--title",
        "Denoising Diffusion Models: A Survey",
        "--date",
        "2024-05-30",
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        run.stdout,
        format!("{}\n", project.root.join(PAGE).display())
    );
    assert_eq!(
        project.read(PAGE),
        "+++\ntitle = \"Denoising Diffusion Models: A Survey\"\ndate = 2024-05-30\nauthors = [\"מיק\"]\narxiv = []\nlinks = []\ntags = [\"diffusion\"]\n+++\n\n"
    );
    assert_eq!(
        run.stderr,
        format!("tags     suggested from the title: diffusion\nnew      {PAGE}\n")
    );
}

#[test]
fn new_page_is_valid_front_matter() {
    let project = project();
    let title = "Quotes \"and\" backslashes \\ in: a title";
    let run = project.run(&[
        "new",
        "--title",
        title,
        "--date",
        "2023-01-02",
        "--tags",
        "rl",
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    let page = project.read("content/reviews/2023-01-02-quotes-and-backslashes-in-a-title.md");
    let front = page
        .strip_prefix("+++\n")
        .unwrap()
        .split("+++\n")
        .next()
        .unwrap();
    let front: yomon::model::FrontMatter = toml::from_str(front).unwrap();
    assert_eq!(front.title, title);
    assert_eq!(front.date.to_string(), "2023-01-02");
    assert_eq!(front.tags, vec!["rl".to_owned()]);
}

#[test]
fn new_takes_given_tags_without_suggesting() {
    let project = project();
    let run = project.run(&[
        "new",
        "--title",
        "Diffusion for Control",
        "--date",
        "2024-05-30",
        "--tags",
        "rl,rl",
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(project
        .read("content/reviews/2024-05-30-diffusion-for-control.md")
        .contains("tags = [\"rl\"]\n"));
    assert!(!run.stderr.contains("suggested"), "{}", run.stderr);
}

#[test]
fn new_rejects_an_unknown_tag_and_writes_nothing() {
    let project = project();
    let run = project.run(&[
        "new",
        "--title",
        "X",
        "--date",
        "2024-05-30",
        "--tags",
        "diffusion,nope",
    ]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error: unknown tag `nope`; the topics in content/tags.toml are: diffusion, rl\n"
    );
    assert_eq!(run.stdout, "");
    assert_eq!(project.files(), vec!["content/tags.toml"]);
}

#[test]
fn new_refuses_the_same_title_on_the_same_day() {
    let project = project();
    let original = review(
        "Denoising Diffusion Models: A Survey",
        "2024-05-30",
        &[],
        "Written by hand.",
    );
    // Renamed by hand: the slug differs, the review is the same.
    project.write("content/reviews/2024-05-30-ddm-survey.md", &original);
    let run = project.run(&[
        "new",
        "--title",
        "Denoising Diffusion Models: A Survey",
        "--date",
        "2024-05-30",
    ]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error: a review titled \"Denoising Diffusion Models: A Survey\" dated 2024-05-30 already exists: content/reviews/2024-05-30-ddm-survey.md\n"
    );
    assert_eq!(
        project.read("content/reviews/2024-05-30-ddm-survey.md"),
        original
    );
    assert!(!project.exists(PAGE));
}

#[test]
fn new_never_overwrites_a_page_with_the_same_slug() {
    let project = project();
    project.write(PAGE, "hand-written\n");
    let run = project.run(&[
        "new",
        "--title",
        "Denoising diffusion models, a survey",
        "--date",
        "2024-05-30",
    ]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        format!("error: {PAGE} already exists; edit it, or choose another --title or --date\n")
    );
    assert_eq!(project.read(PAGE), "hand-written\n");
}

#[test]
fn new_same_title_another_day_is_fine() {
    let project = project();
    project.write(
        "content/reviews/2024-05-29-x.md",
        &review(
            "Denoising Diffusion Models: A Survey",
            "2024-05-29",
            &[],
            "x",
        ),
    );
    let run = project.run(&[
        "-q",
        "new",
        "--title",
        "Denoising Diffusion Models: A Survey",
        "--date",
        "2024-05-30",
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stderr, "", "-q keeps stderr quiet");
    assert!(project.exists(PAGE));
}

#[test]
fn new_rejects_an_impossible_date_as_bad_usage() {
    let project = project();
    let run = project.run(&["new", "--title", "X", "--date", "2024-02-30"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.starts_with(
            "error: invalid value '2024-02-30' for '--date <DATE>': expected an existing date as YYYY-MM-DD, like 2024-05-30\n"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(project.files(), vec!["content/tags.toml"]);
}

#[test]
fn new_rejects_an_empty_title_as_bad_usage() {
    let project = project();
    let run = project.run(&["new", "--title", "  ", "--date", "2024-05-30"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("error: invalid value '  ' for '--title <TITLE>': must not be empty\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn new_without_a_taxonomy_rejects_any_tag() {
    let project = Project::new("new-no-tags");
    let run = project.run(&[
        "new",
        "--title",
        "X",
        "--date",
        "2024-05-30",
        "--tags",
        "rl",
    ]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error: unknown tag `rl`: content/tags.toml defines no topics\n"
    );
}

#[test]
fn new_defaults_to_today() {
    let project = project();
    let run = project.run(&["new", "--title", "Today"]);
    assert_eq!(run.code, 0, "{run:?}");
    let today = chrono::Local::now().date_naive();
    assert!(
        run.stdout
            .ends_with(&format!("content/reviews/{today}-today.md\n")),
        "{}",
        run.stdout
    );
}

#[test]
fn new_takes_the_author_from_the_config() {
    let project = project();
    project.write("yomon.toml", "author = \"Someone Else\"\n");
    let run = project.run(&["new", "--title", "X", "--date", "2024-05-30", "--tags", ""]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(project
        .read("content/reviews/2024-05-30-x.md")
        .contains("\nauthors = [\"Someone Else\"]\n"));
}

#[test]
fn new_names_the_line_of_a_broken_taxonomy_and_writes_nothing() {
    let project = Project::new("new-bad-tags");
    project.write(
        "content/tags.toml",
        "[[topic]]\nslug = \"Two Words\"\nhe = \"x\"\nen = \"y\"\n",
    );
    let run = project.run(&["new", "--title", "X", "--date", "2024-05-30"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "content/tags.toml:2: error: topic slug \"Two Words\" must be lowercase ASCII letters, digits and hyphens\n"
    );
    assert_eq!(project.files(), vec!["content/tags.toml"]);
}

#[test]
fn new_names_the_line_of_an_unknown_config_key() {
    let project = project();
    project.write("yomon.toml", "title = \"x\"\nautor = \"typo\"\n");
    let run = project.run(&["new", "--title", "X", "--date", "2024-05-30"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .starts_with("yomon.toml:2: error: unknown field `autor`"),
        "{}",
        run.stderr
    );
    assert!(!project.exists("content/reviews"));
}
