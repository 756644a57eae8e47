//! The content catalogue: validated principles, sources and disagreements.
//!
//! Content arrives as raw serde types (`raw.rs`), is checked as a whole by
//! `validate.rs`, and only then becomes a [`Catalogue`] whose cross-references
//! are typed ids that cannot dangle. The rest of the program never sees raw
//! content.

mod check;
pub mod drills;
pub mod raw;
pub mod sim;
mod validate;

use serde::Serialize;

pub use check::{CatalogueError, CatalogueErrors, Problem};
pub use raw::{List, Text};

/// Index of a principle in its [`Catalogue`]. Only the catalogue hands these
/// out, so one always refers to an existing principle of that catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct PrincipleId(pub(crate) u16);

/// Index of a source article in its [`Catalogue`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct SourceId(pub(crate) u16);

/// Index of a group (a section of PRINCIPLES.md) in its [`Catalogue`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct GroupId(pub(crate) u16);

/// A source article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    /// Short id, the article's number ("004").
    pub key: Text,
    /// File name under `shared/seeds`.
    pub file: Text,
    pub title: Text,
    /// The article's position in one sentence, in our words.
    pub stance: Text,
}

/// A section of the principles, in display order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Group {
    pub key: Text,
    pub title: Text,
}

/// One principle the trainer teaches and scores against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Principle {
    /// Stable slug used in links, content files and saved progress.
    pub key: Text,
    pub group: GroupId,
    pub title: Text,
    pub explanation: Text,
    /// What to say or do to follow it.
    pub say: Text,
    /// The move that breaks it.
    pub avoid: Text,
    /// Source articles, the main one first; never empty.
    pub sources: List<SourceId>,
}

/// Where two or more sources disagree, with both views and our resolution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Disagreement {
    pub key: Text,
    pub title: Text,
    pub principles: List<PrincipleId>,
    /// The phases of a call (their keys) where the views meet.
    pub phases: List<Text>,
    pub view_a: Text,
    pub view_b: Text,
    pub resolution: Text,
}

/// All validated content. Built once at start-up and shared read-only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Catalogue {
    pub(crate) sources: List<Source>,
    pub(crate) groups: List<Group>,
    pub(crate) principles: List<Principle>,
    pub(crate) disagreements: List<Disagreement>,
    /// The simulator's content: seller, personas, lines, moves, replies.
    pub sim: sim::SimContent,
    /// Drill cards, in content order.
    pub drills: List<drills::Card>,
}

impl Catalogue {
    /// Validates raw content, reporting every problem found, not just the first.
    pub fn from_raw(raw: raw::RawCatalogue) -> Result<Catalogue, CatalogueErrors> {
        validate::validate(raw)
    }

    pub fn principles(&self) -> impl ExactSizeIterator<Item = (PrincipleId, &Principle)> {
        self.principles
            .iter()
            .enumerate()
            .map(|(i, p)| (PrincipleId(i as u16), p))
    }

    pub fn principle(&self, id: PrincipleId) -> &Principle {
        &self.principles[usize::from(id.0)]
    }

    /// The principle at a saved index, if this catalogue has one there.
    pub fn principle_at(&self, index: u16) -> Option<PrincipleId> {
        (usize::from(index) < self.principles.len()).then_some(PrincipleId(index))
    }

    /// Looks a principle up by its slug, as found in a URL or a content file.
    pub fn principle_by_key(&self, key: &str) -> Option<PrincipleId> {
        self.principles
            .iter()
            .position(|p| p.key == key)
            .map(|i| PrincipleId(i as u16))
    }

    pub fn groups(&self) -> impl ExactSizeIterator<Item = (GroupId, &Group)> {
        self.groups
            .iter()
            .enumerate()
            .map(|(i, g)| (GroupId(i as u16), g))
    }

    pub fn group(&self, id: GroupId) -> &Group {
        &self.groups[usize::from(id.0)]
    }

    /// The principles of one group, in content order.
    pub fn principles_in(&self, group: GroupId) -> impl Iterator<Item = (PrincipleId, &Principle)> {
        self.principles().filter(move |(_, p)| p.group == group)
    }

    pub fn sources(&self) -> impl ExactSizeIterator<Item = (SourceId, &Source)> {
        self.sources
            .iter()
            .enumerate()
            .map(|(i, s)| (SourceId(i as u16), s))
    }

    pub fn source(&self, id: SourceId) -> &Source {
        &self.sources[usize::from(id.0)]
    }

    /// The drill card with a slug, as found in a link or the drill log.
    pub fn card_by_key(&self, key: &str) -> Option<&drills::Card> {
        self.drills.iter().find(|c| c.key == key)
    }

    pub fn disagreements(&self) -> &[Disagreement] {
        &self.disagreements
    }

    /// The disagreements that involve a principle, for its feedback and page.
    pub fn disagreements_about(&self, id: PrincipleId) -> impl Iterator<Item = &Disagreement> {
        self.disagreements
            .iter()
            .filter(move |d| d.principles.contains(&id))
    }

    /// The disagreements about a principle that meet at a phase of a call
    /// (its key): what a decision at that phase involves.
    pub fn disagreements_at<'a>(
        &'a self,
        id: PrincipleId,
        phase: &'a str,
    ) -> impl Iterator<Item = &'a Disagreement> {
        self.disagreements_about(id)
            .filter(move |d| d.phases.iter().any(|p| p.as_ref() == phase))
    }
}

impl PrincipleId {
    /// Position in the catalogue's principle list (stable for one catalogue).
    pub fn index(self) -> u16 {
        self.0
    }
}
