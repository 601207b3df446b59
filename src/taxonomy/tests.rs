//! One fixture per rule kind: place weights, plural and prefix forms,
//! required and excluded neighbours, excluded phrases, per-rule weights,
//! and a review that reaches no topic.

use super::*;

fn taxonomy(toml: &str) -> Taxonomy {
    Taxonomy::parse("tags.toml", toml).expect("fixture parses")
}

fn topic(rules: &str, extra: &str) -> Taxonomy {
    taxonomy(&format!(
        "[[topic]]\nslug = \"t\"\nhe = \"ט\"\nen = \"T\"\nmin_score = 1\nmatch = [{rules}]\n{extra}"
    ))
}

fn score(t: &Taxonomy, title: &str, headline: &str, body: &str) -> u32 {
    t.matcher().scores(&Fields {
        title,
        headline,
        body,
    })[0]
        .score
}

#[test]
fn place_weights_title_headline_body() {
    let t = topic("\"graph*\"", "");
    assert_eq!(score(&t, "Graph models", "", ""), 3);
    assert_eq!(score(&t, "", "", "graphs and graph"), 2);
    let weighted = taxonomy(
        "[scoring]\ntitle = 5\nheadline = 4\nbody = 2\n\
         [[topic]]\nslug = \"t\"\nhe = \"ט\"\nen = \"T\"\nmatch = [\"רשת\"]\n",
    );
    assert_eq!(score(&weighted, "", "על רשתות", "ברשת"), 4 + 2);
}

#[test]
fn a_rule_can_weigh_its_places_itself() {
    let t = topic("{ words = \"llm*\", title = 6 }", "");
    assert_eq!(score(&t, "LLMs at work", "", "an LLM"), 6 + 1);
}

#[test]
fn required_neighbour_must_stand_close() {
    let t = topic("{ words = \"משפט\", near = [\"הוכחה\", \"מתמטי*\"] }", "");
    assert_eq!(score(&t, "", "", "המשפט המתמטי הזה"), 1);
    assert_eq!(score(&t, "", "", "המשפט הזה מכיל מילים רבות"), 0);
    let far = format!("משפט {} הוכחה", "מילה ".repeat(20));
    assert_eq!(score(&t, "", "", &far), 0);
}

#[test]
fn excluded_neighbour_cancels_a_match() {
    let t = topic("{ words = \"זיכרון\", not_near = [\"gpu\"] }", "");
    assert_eq!(score(&t, "", "", "זיכרון ארוך של המודל"), 1);
    assert_eq!(score(&t, "", "", "זיכרון ה-GPU מוגבל"), 0);
}

#[test]
fn excluded_phrase_is_not_the_topic() {
    let t = topic(
        "\"optimization\"",
        "exclude = [\"preference optimization\", \"policy optimization\"]\n",
    );
    assert_eq!(score(&t, "Direct Preference Optimization", "", ""), 0);
    assert_eq!(score(&t, "", "", "Group Relative Policy Optimization"), 0);
    assert_eq!(score(&t, "", "", "optimization of the loss"), 1);
    let hits = &t.matcher().scores(&Fields {
        title: "Preference Optimization",
        ..Fields::default()
    })[0]
        .hits;
    assert_eq!(
        hits[0].ignored,
        Some(Ignored::Excluded("preference optimization".into()))
    );
}

#[test]
fn a_review_reaching_no_threshold_gets_no_topic() {
    let t = taxonomy(
        "[[topic]]\nslug = \"a\"\nhe = \"א\"\nen = \"A\"\nmin_score = 4\nmatch = [\"graph\"]\n\
         [[topic]]\nslug = \"b\"\nhe = \"ב\"\nen = \"B\"\nmin_score = 4\nmatch = [\"agent\"]\n",
    );
    let m = t.matcher();
    let fields = Fields {
        body: "a graph and an agent",
        ..Fields::default()
    };
    assert_eq!(m.assign(&fields), Vec::<String>::new());
    let fields = Fields {
        title: "Graph agents",
        body: "graph",
        ..Fields::default()
    };
    assert_eq!(m.assign(&fields), vec!["a"]);
}

#[test]
fn one_word_counts_once_per_topic() {
    let t = topic("\"diffusion\", \"diffus*\", \"diffusion models\"", "");
    assert_eq!(score(&t, "", "", "diffusion models"), 1);
}

#[test]
fn parse_errors_name_the_line() {
    let err = Taxonomy::parse(
        "tags.toml",
        "[[topic]]\nslug = \"a\"\nhe = \"א\"\nen = \"A\"\ncolour = 1\n",
    )
    .unwrap_err();
    assert_eq!(err.line, 5, "{err}");
    let dup = "[[topic]]\nslug = \"a\"\nhe = \"א\"\nen = \"A\"\n[[topic]]\nslug = \"a\"\nhe = \"א\"\nen = \"A\"\n";
    assert!(Taxonomy::parse("tags.toml", dup)
        .unwrap_err()
        .message
        .contains("twice"));
    let bad_rule =
        "[[topic]]\nslug = \"a\"\nhe = \"א\"\nen = \"A\"\nmatch = [\n  { word = \"x\" },\n]\n";
    let err = Taxonomy::parse("tags.toml", bad_rule).unwrap_err();
    assert!(err.message.contains("a rule is a string"), "{err}");
    let empty = "[[topic]]\nslug = \"a\"\nhe = \"א\"\nen = \"A\"\nexclude = [\" - \"]\n";
    assert!(Taxonomy::parse("tags.toml", empty)
        .unwrap_err()
        .message
        .contains("no words"));
}
