//! Validation reports every problem at once, each naming its entry.

use callback_dojo::core::catalogue::raw::{
    RawCatalogue, RawContent, RawDisagreement, RawGroup, RawPrinciple, RawSource, Text,
};
use callback_dojo::core::catalogue::{Catalogue, Problem};

fn source(id: &'static str) -> RawSource {
    RawSource {
        id: id.into(),
        file: format!("{id}_x.txt").into(),
        title: "T".into(),
        stance: "S".into(),
    }
}

fn principle(id: &'static str, group: &'static str, sources: &[&'static str]) -> RawPrinciple {
    RawPrinciple {
        id: id.into(),
        group: group.into(),
        title: "Title".into(),
        explanation: "Explanation".into(),
        say: "Say".into(),
        avoid: "Avoid".into(),
        sources: sources
            .iter()
            .map(|s| Text::from(*s))
            .collect::<Vec<_>>()
            .into(),
    }
}

fn valid() -> RawContent {
    RawContent {
        source: vec![source("000"), source("001")].into(),
        group: vec![RawGroup {
            id: "g".into(),
            title: "Group".into(),
        }]
        .into(),
        principle: vec![
            principle("a", "g", &["000"]),
            principle("b", "g", &["001", "000"]),
        ]
        .into(),
        disagreement: vec![RawDisagreement {
            id: "d".into(),
            title: "D".into(),
            principles: vec!["a".into(), "b".into()].into(),
            phases: vec!["respond".into()].into(),
            view_a: "A".into(),
            view_b: "B".into(),
            resolution: "R".into(),
        }]
        .into(),
    }
}

/// Validates principles content beside the shipped simulator content and
/// returns the problems found in the principles file. (The simulator's moves
/// refer to the shipped principle ids, which these small examples lack.)
fn problems(raw: RawContent) -> Vec<(String, Problem)> {
    // Without the drill cards, which name the shipped principles too.
    let all = RawCatalogue {
        principles: raw,
        drills: Default::default(),
        ..Catalogue::shipped_raw()
    };
    match Catalogue::from_raw(all) {
        Ok(_) => Vec::new(),
        Err(errors) => errors
            .errors()
            .iter()
            .filter(|e| !e.entry.starts_with("move '"))
            .map(|e| (e.entry.clone(), e.problem.clone()))
            .collect(),
    }
}

#[test]
fn synthetic_principles_validate_apart_from_the_simulator() {
    // The example principles are fine; the only problems are the shipped
    // moves naming principles the example does not have.
    let errors = Catalogue::from_raw(RawCatalogue {
        principles: valid(),
        drills: Default::default(),
        ..Catalogue::shipped_raw()
    })
    .expect_err("the shipped moves name principles this example lacks");
    assert!(
        errors
            .errors()
            .iter()
            .all(|e| e.entry.starts_with("move '")),
        "{errors}"
    );
    assert!(problems(valid()).is_empty());
    // References resolve in the shipped catalogue.
    let catalogue = Catalogue::shipped();
    let id = catalogue.principle_by_key("book-it-now").expect("exists");
    let keys: Vec<_> = catalogue
        .principle(id)
        .sources
        .iter()
        .map(|&s| catalogue.source(s).key.as_ref())
        .collect();
    assert_eq!(keys, ["001"]);
    // Calendar now vs no assumptive close, and book now vs ask why then.
    assert_eq!(catalogue.disagreements_about(id).count(), 2);
}

#[test]
fn all_problems_are_reported_together() {
    let mut raw = valid();
    raw.principle.to_mut()[0].title = "  ".into();
    raw.principle.to_mut()[0].sources = vec!["999".into()].into();
    raw.principle.to_mut()[1].group = "nope".into();
    raw.principle.to_mut().push(principle("a", "g", &["000"]));
    raw.principle
        .to_mut()
        .push(principle("Bad Id", "g", &["000", "000"]));
    raw.disagreement.to_mut()[0].principles = vec!["a".into()].into();
    raw.disagreement.to_mut()[0].phases = vec!["lunch".into()].into();
    raw.source.to_mut()[1].stance = "".into();
    let found = problems(raw);
    let expect = |entry: &str, problem: Problem| {
        assert!(
            found.contains(&(entry.to_string(), problem.clone())),
            "missing {entry}: {problem:?} in {found:#?}"
        );
    };
    expect("principle 'a'", Problem::MissingField("title"));
    expect(
        "principle 'a'",
        Problem::UnknownReference {
            field: "sources",
            target: "999".into(),
        },
    );
    expect(
        "principle 'b'",
        Problem::UnknownReference {
            field: "group",
            target: "nope".into(),
        },
    );
    expect("principle 'a'", Problem::DuplicateId("a".into()));
    expect("principle 'Bad Id'", Problem::BadId("Bad Id".into()));
    expect(
        "principle 'Bad Id'",
        Problem::RepeatedReference {
            field: "sources",
            target: "000".into(),
        },
    );
    expect(
        "disagreement 'd'",
        Problem::TooFew {
            field: "principles",
            needed: 2,
        },
    );
    expect(
        "disagreement 'd'",
        Problem::UnknownReference {
            field: "phases",
            target: "lunch".into(),
        },
    );
    expect("source '001'", Problem::MissingField("stance"));
    assert_eq!(found.len(), 9, "{found:#?}");
}

#[test]
fn entries_without_an_id_are_named_by_position() {
    let mut raw = valid();
    raw.principle.to_mut()[1].id = "".into();
    raw.principle.to_mut()[1].say = "".into();
    let found = problems(raw);
    assert!(
        found.contains(&("principle #2".to_string(), Problem::MissingField("id"))),
        "{found:?}"
    );
    assert!(
        found.contains(&("principle #2".to_string(), Problem::MissingField("say"))),
        "{found:?}"
    );
}

#[test]
fn empty_content_is_rejected() {
    let found = problems(RawContent::default());
    assert_eq!(found.len(), 3, "{found:?}");
}

#[test]
fn unknown_fields_are_refused_and_missing_ones_defaulted() {
    // The raw types are what build.rs parses the TOML into.
    let err = serde_json::from_str::<RawContent>(r#"{"principle":[{"id":"a","titel":"typo"}]}"#)
        .expect_err("a misspelt field must not be ignored");
    assert!(err.to_string().contains("titel"), "{err}");
    let raw: RawContent = serde_json::from_str(r#"{"principle":[{"id":"a"}]}"#).expect("defaults");
    assert!(problems(raw).contains(&("principle 'a'".to_string(), Problem::MissingField("title"))));
}
