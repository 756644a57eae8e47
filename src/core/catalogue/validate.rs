//! Turns raw content into a [`Catalogue`], collecting every problem at once.
//!
//! Authors fix content in batches, so validation never stops at the first
//! error: each check records a [`CatalogueError`] naming the entry and carries
//! on, and the catalogue is only built when the list is empty.

use super::check::{entry_name, CatalogueErrors, Checker, Problem};
use super::raw::RawCatalogue;
use super::{Catalogue, Disagreement, Group, GroupId, Principle, PrincipleId, Source, SourceId};

pub(super) fn validate(all: RawCatalogue) -> Result<Catalogue, CatalogueErrors> {
    let mut check = Checker::default();
    let raw = &all.principles;

    let source_ids = check.index("source", raw.source.iter().map(|s| s.id.as_ref()));
    let group_ids = check.index("group", raw.group.iter().map(|g| g.id.as_ref()));
    let principle_ids = check.index("principle", raw.principle.iter().map(|p| p.id.as_ref()));
    check.index(
        "disagreement",
        raw.disagreement.iter().map(|d| d.id.as_ref()),
    );

    for (kind, count) in [
        ("source", raw.source.len()),
        ("group", raw.group.len()),
        ("principle", raw.principle.len()),
    ] {
        if count == 0 {
            check.push(
                "content",
                Problem::TooFew {
                    field: kind,
                    needed: 1,
                },
            );
        }
    }

    let mut sources = Vec::with_capacity(raw.source.len());
    for (i, s) in raw.source.iter().enumerate() {
        let entry = entry_name("source", &s.id, i);
        check.require(&entry, "file", &s.file);
        check.require(&entry, "title", &s.title);
        check.require(&entry, "stance", &s.stance);
        sources.push(Source {
            key: s.id.clone(),
            file: s.file.clone(),
            title: s.title.clone(),
            stance: s.stance.clone(),
        });
    }

    let groups: Vec<Group> = raw
        .group
        .iter()
        .enumerate()
        .map(|(i, g)| {
            check.require(&entry_name("group", &g.id, i), "title", &g.title);
            Group {
                key: g.id.clone(),
                title: g.title.clone(),
            }
        })
        .collect();

    let mut principles = Vec::with_capacity(raw.principle.len());
    for (i, p) in raw.principle.iter().enumerate() {
        let entry = entry_name("principle", &p.id, i);
        check.require(&entry, "title", &p.title);
        check.require(&entry, "explanation", &p.explanation);
        check.require(&entry, "say", &p.say);
        check.require(&entry, "avoid", &p.avoid);
        let group = if p.group.trim().is_empty() {
            check.push(&entry, Problem::MissingField("group"));
            None
        } else {
            let found = check.resolve(
                &entry,
                "group",
                std::slice::from_ref(&p.group),
                &group_ids,
                GroupId,
            );
            found.into_iter().next()
        };
        if p.sources.is_empty() {
            check.push(
                &entry,
                Problem::TooFew {
                    field: "sources",
                    needed: 1,
                },
            );
        }
        let resolved = check.resolve(&entry, "sources", &p.sources, &source_ids, SourceId);
        if let Some(group) = group {
            principles.push(Principle {
                key: p.id.clone(),
                group,
                title: p.title.clone(),
                explanation: p.explanation.clone(),
                say: p.say.clone(),
                avoid: p.avoid.clone(),
                sources: resolved.into(),
            });
        }
    }

    for (i, g) in groups.iter().enumerate() {
        let id = GroupId(i as u16);
        if !principles.iter().any(|p| p.group == id)
            && group_ids.get(g.key.as_ref()) == Some(i as u16)
        {
            check.push(
                &entry_name("group", &g.key, i),
                Problem::TooFew {
                    field: "principles",
                    needed: 1,
                },
            );
        }
    }

    let mut disagreements = Vec::with_capacity(raw.disagreement.len());
    for (i, d) in raw.disagreement.iter().enumerate() {
        let entry = entry_name("disagreement", &d.id, i);
        check.require(&entry, "title", &d.title);
        check.require(&entry, "view_a", &d.view_a);
        check.require(&entry, "view_b", &d.view_b);
        check.require(&entry, "resolution", &d.resolution);
        if d.principles.len() < 2 {
            check.push(
                &entry,
                Problem::TooFew {
                    field: "principles",
                    needed: 2,
                },
            );
        }
        let involved = check.resolve(
            &entry,
            "principles",
            &d.principles,
            &principle_ids,
            PrincipleId,
        );
        if d.phases.is_empty() {
            check.push(
                &entry,
                Problem::TooFew {
                    field: "phases",
                    needed: 1,
                },
            );
        }
        for phase in d.phases.iter() {
            if crate::core::sim::model::Phase::from_key(phase).is_none() {
                check.push(
                    &entry,
                    Problem::UnknownReference {
                        field: "phases",
                        target: phase.to_string(),
                    },
                );
            }
        }
        disagreements.push(Disagreement {
            key: d.id.clone(),
            title: d.title.clone(),
            principles: involved.into(),
            phases: d.phases.clone(),
            view_a: d.view_a.clone(),
            view_b: d.view_b.clone(),
            resolution: d.resolution.clone(),
        });
    }

    let sim = super::sim::validate(
        &all.world,
        &all.lines,
        &all.responses,
        &all.replies,
        &principle_ids,
        &mut check,
    );

    let drills = super::drills::validate(&all.drills, &principle_ids, principles.len(), &mut check);

    check.finish().map(|()| Catalogue {
        sources: sources.into(),
        groups: groups.into(),
        principles: principles.into(),
        disagreements: disagreements.into(),
        sim,
        drills,
    })
}
