//! The content shipped with the app: validated at build time by `build.rs`
//! and embedded as statics, so nothing is parsed or checked at start-up.

use crate::core::catalogue::drills::Card;
use crate::core::catalogue::raw::{
    RawCatalogue, RawContent, RawDrills, RawLines, RawReplies, RawResponses, RawWorld,
};
use crate::core::catalogue::Catalogue;

/// The generated code names the content types directly.
#[allow(unused_imports)]
mod embedded {
    use crate::core::catalogue::drills::*;
    use crate::core::catalogue::raw::*;
    use crate::core::catalogue::sim::*;
    use crate::core::catalogue::*;
    use crate::core::sim::model::*;

    use std::borrow::Cow;

    static SOURCES: &[Source] = include!(concat!(env!("OUT_DIR"), "/sources.rs"));
    static GROUPS: &[Group] = include!(concat!(env!("OUT_DIR"), "/groups.rs"));
    static PRINCIPLE_LIST: &[Principle] = include!(concat!(env!("OUT_DIR"), "/principle_list.rs"));
    static DISAGREEMENTS: &[Disagreement] = include!(concat!(env!("OUT_DIR"), "/disagreements.rs"));

    pub static CATALOGUE: Catalogue = Catalogue {
        sources: Cow::Borrowed(SOURCES),
        groups: Cow::Borrowed(GROUPS),
        principles: Cow::Borrowed(PRINCIPLE_LIST),
        disagreements: Cow::Borrowed(DISAGREEMENTS),
        sim: include!(concat!(env!("OUT_DIR"), "/sim.rs")),
        drills: Cow::Borrowed(&[]),
    };
    /// The same principles, sources and disagreements (the very same
    /// statics), with no simulator content.
    pub static READING: Catalogue = Catalogue {
        sources: Cow::Borrowed(SOURCES),
        groups: Cow::Borrowed(GROUPS),
        principles: Cow::Borrowed(PRINCIPLE_LIST),
        disagreements: Cow::Borrowed(DISAGREEMENTS),
        sim: include!(concat!(env!("OUT_DIR"), "/no_sim.rs")),
        drills: Cow::Borrowed(&[]),
    };
    pub static PRINCIPLES: RawContent = include!(concat!(env!("OUT_DIR"), "/raw_principles.rs"));
    pub static WORLD: RawWorld = include!(concat!(env!("OUT_DIR"), "/raw_world.rs"));
    pub static LINES: RawLines = include!(concat!(env!("OUT_DIR"), "/raw_lines.rs"));
    pub static RESPONSES: RawResponses = include!(concat!(env!("OUT_DIR"), "/raw_responses.rs"));
    pub static REPLIES: RawReplies = include!(concat!(env!("OUT_DIR"), "/raw_replies.rs"));
    pub static DRILLS: RawDrills = include!(concat!(env!("OUT_DIR"), "/raw_drills.rs"));
    pub static CARDS: List<Card> = include!(concat!(env!("OUT_DIR"), "/drill_cards.rs"));
}

impl Catalogue {
    /// The drill cards. The shipped catalogue keeps them in a static of
    /// their own, referenced only from here, so a bundle that never shows a
    /// card does not carry their text; a catalogue validated at run time
    /// (tests) holds its own.
    pub fn cards(&self) -> &[Card] {
        if self.drills.is_empty() && std::ptr::eq(self, Catalogue::shipped()) {
            &embedded::CARDS
        } else {
            &self.drills
        }
    }

    /// The content that ships with the app. The build fails if it is not
    /// valid, so this cannot fail.
    pub fn shipped() -> &'static Catalogue {
        &embedded::CATALOGUE
    }

    /// The shipped principles, their sources, groups and disagreements,
    /// with no simulator content: what the reading screens (the
    /// principles, their pages) need, so a bundle without calls does not
    /// carry the simulator's text.
    pub fn reading() -> &'static Catalogue {
        &embedded::READING
    }

    /// The shipped content before validation. Tests alter it to check that
    /// validation catches each kind of mistake, and check that validating it
    /// at run time gives exactly the embedded catalogue.
    pub fn shipped_raw() -> RawCatalogue {
        // Clones of borrowed data: pointer copies, no allocation.
        RawCatalogue {
            principles: RawContent::clone(&embedded::PRINCIPLES),
            world: RawWorld::clone(&embedded::WORLD),
            lines: RawLines::clone(&embedded::LINES),
            responses: RawResponses::clone(&embedded::RESPONSES),
            replies: RawReplies::clone(&embedded::REPLIES),
            drills: RawDrills::clone(&embedded::DRILLS),
        }
    }
}
