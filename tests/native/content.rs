//! Checks over the shipped principles content.

use std::collections::HashSet;

use callback_dojo::core::catalogue::Catalogue;

/// The 24 principle ids of shared/PRINCIPLES.md, in its order.
const PRINCIPLE_IDS: [&str; 24] = [
    "understand-first",
    "oomph",
    "persona-signal",
    "ask-why-then",
    "acknowledge-bad-timing",
    "note-the-detail",
    "no-steamroll",
    "no-premature-assumptive-close",
    "book-it-now",
    "persist-once-for-the-appointment",
    "disqualify",
    "mutual-benefit",
    "never-ask-good-time",
    "profile-fit",
    "plan-b-nurture",
    "specific-time",
    "avoid-maybeland",
    "voicemail-keeps-control",
    "as-promised",
    "disciplined-persistence",
    "callback-states-purpose",
    "no-are-you-interested",
    "restate-the-pitch",
    "reference-the-detail",
];

fn shipped() -> &'static Catalogue {
    Catalogue::shipped()
}

/// build.rs validates the content and embeds the result; validating the
/// embedded raw content again at run time must give exactly the same.
#[test]
fn shipped_content_validates_to_the_embedded_catalogue() {
    match Catalogue::from_raw(Catalogue::shipped_raw()) {
        Ok(mut catalogue) => {
            // The embedded drill cards are a static of their own.
            assert!(
                catalogue.drills.as_ref() == shipped().cards(),
                "build-time and run-time validation differ in the drill cards"
            );
            assert!(
                shipped().drills.is_empty(),
                "cards are not in the catalogue static"
            );
            catalogue.drills = Default::default();
            assert!(
                catalogue == *shipped(),
                "build-time and run-time validation differ"
            );
        }
        Err(errors) => panic!("the shipped content is invalid:\n{errors}"),
    }
}

/// The reading catalogue (the principles screens') holds the very same
/// principles, sources, groups and disagreements, and no simulator content.
#[test]
fn the_reading_catalogue_is_the_principles_alone() {
    let (reading, all) = (Catalogue::reading(), shipped());
    let keys = |c: &Catalogue| c.principles().map(|(_, p)| p.clone()).collect::<Vec<_>>();
    assert_eq!(keys(reading), keys(all));
    let sources = |c: &Catalogue| c.sources().map(|(_, s)| s.clone()).collect::<Vec<_>>();
    assert_eq!(sources(reading), sources(all));
    let groups = |c: &Catalogue| c.groups().map(|(_, g)| g.clone()).collect::<Vec<_>>();
    assert_eq!(groups(reading), groups(all));
    assert_eq!(reading.disagreements(), all.disagreements());
    assert_eq!(reading.sim, all.sim.emptied());
    assert!(reading.sim.lines.is_empty() && reading.sim.replies.is_empty());
    assert!(reading.cards().is_empty());
}

#[test]
fn all_24_principles_present_in_order_and_unique() {
    let catalogue = shipped();
    let keys: Vec<&str> = catalogue
        .principles()
        .map(|(_, p)| p.key.as_ref())
        .collect();
    assert_eq!(keys, PRINCIPLE_IDS);
    let unique: HashSet<&str> = keys.iter().copied().collect();
    assert_eq!(unique.len(), keys.len());
}

#[test]
fn every_field_is_filled() {
    let catalogue = shipped();
    for (_, p) in catalogue.principles() {
        for (field, value) in [
            ("title", &p.title),
            ("explanation", &p.explanation),
            ("say", &p.say),
            ("avoid", &p.avoid),
        ] {
            assert!(
                value.trim().len() >= 10,
                "principle '{}': `{field}` is too short: {value:?}",
                p.key
            );
        }
        assert!(!p.sources.is_empty(), "principle '{}' has no source", p.key);
    }
    for (_, s) in catalogue.sources() {
        assert!(
            s.file.ends_with(".txt") && s.file.starts_with(s.key.as_ref()),
            "source '{}' file {:?}",
            s.key,
            s.file
        );
    }
    assert_eq!(catalogue.sources().len(), 5);
    assert_eq!(
        catalogue.disagreements().len(),
        7,
        "PRINCIPLES.md section 5 lists seven disagreements"
    );
}

#[test]
fn lookups_by_key_round_trip() {
    let catalogue = shipped();
    for (id, p) in catalogue.principles() {
        assert_eq!(catalogue.principle_by_key(&p.key), Some(id));
    }
    assert_eq!(catalogue.principle_by_key("no-such-principle"), None);
    let oomph = catalogue.principle_by_key("oomph").expect("oomph exists");
    assert_eq!(
        catalogue.source(catalogue.principle(oomph).sources[0]).key,
        "004"
    );
}

/// The ids, groups and sources agree with shared/PRINCIPLES.md itself, so the
/// content cannot drift from the spec it restates.
#[test]
fn content_matches_principles_md() {
    let Some(shared) = crate::shared() else {
        eprintln!("shared/PRINCIPLES.md not found beside the repository; compared against the built-in list only");
        return;
    };
    let text =
        std::fs::read_to_string(shared.join("PRINCIPLES.md")).expect("PRINCIPLES.md is readable");
    let catalogue = shipped();
    // Lines such as "- **oomph** (004): ..." give id and sources; "## 2." starts a group.
    let mut group_index = None::<usize>;
    let mut seen = Vec::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("## ") {
            let number = rest
                .split('.')
                .next()
                .and_then(|n| n.trim().parse::<usize>().ok());
            group_index = number.filter(|n| (1..=4).contains(n)).map(|n| n - 1);
            continue;
        }
        let Some(rest) = line.strip_prefix("- **") else {
            continue;
        };
        let Some((id, after)) = rest.split_once("**") else {
            continue;
        };
        let Some(group) = group_index else { continue };
        let sources = after
            .trim_start()
            .strip_prefix('(')
            .and_then(|s| s.split_once(')'))
            .map(|(inside, _)| {
                inside
                    .split(',')
                    .map(|s| s.trim().to_string())
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        let pid = catalogue
            .principle_by_key(id)
            .unwrap_or_else(|| panic!("PRINCIPLES.md names '{id}', which the content lacks"));
        let p = catalogue.principle(pid);
        let groups: Vec<_> = catalogue.groups().map(|(g, _)| g).collect();
        assert_eq!(
            p.group, groups[group],
            "principle '{id}' is in the wrong group"
        );
        let ours: Vec<String> = p
            .sources
            .iter()
            .map(|&s| catalogue.source(s).key.to_string())
            .collect();
        assert_eq!(
            ours, sources,
            "principle '{id}' sources differ from PRINCIPLES.md"
        );
        seen.push(id.to_string());
    }
    assert_eq!(
        seen, PRINCIPLE_IDS,
        "PRINCIPLES.md and the content list different principles"
    );
}

/// Plain names: no text the trainee reads names an article by its number
/// or its file ("Article 004", "(002)", "000_b0b4…"); the articles are
/// named by their titles. Checked over every content file, which holds all
/// the text the app shows.
#[test]
fn no_shown_text_names_an_article_by_number_or_file() {
    let sources: Vec<(String, String)> = shipped()
        .sources()
        .map(|(_, s)| (s.key.to_string(), s.file.to_string()))
        .collect();
    let mut found = Vec::new();
    for file in crate::files_under(&crate::root().join("content"), &[".toml"]) {
        let text = std::fs::read_to_string(&file).expect("readable");
        for (n, line) in text.lines().enumerate() {
            let line = line.trim_start();
            // Comments, and the fields that are ids or file names.
            if line.starts_with('#')
                || line.starts_with("id =")
                || line.starts_with("file =")
                || line.starts_with("sources =")
            {
                continue;
            }
            for (key, name) in &sources {
                let named = [
                    format!("Article {key}"),
                    format!("Articles {key}"),
                    format!("article {key}"),
                    format!("({key})"),
                    format!(" {key} and"),
                    format!("and {key} "),
                    name.clone(),
                ];
                if named.iter().any(|n| line.contains(n.as_str())) {
                    found.push(format!("{}:{}: {line}", file.display(), n + 1));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "articles named by number or file: {found:#?}"
    );
}

/// "Sources differ" belongs under the decisions where the two views meet:
/// the callback question's disagreement is not shown under a first call's
/// opener, though the opener breaks the same principle.
#[test]
fn a_disagreement_shows_only_where_its_views_meet() {
    let c = shipped();
    let id = c
        .principle_by_key("never-ask-good-time")
        .expect("principle");
    assert_eq!(c.disagreements_at(id, "opener").count(), 0);
    let at_callback: Vec<&str> = c
        .disagreements_at(id, "callback")
        .map(|d| d.key.as_ref())
        .collect();
    assert_eq!(at_callback, ["better-time-on-callback"]);
    for d in c.disagreements() {
        assert!(!d.phases.is_empty(), "{}", d.key);
    }
}
