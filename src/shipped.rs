//! The content shipped with the app: validated at build time by `build.rs`
//! and embedded as statics, so nothing is parsed or checked at start-up.

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

    pub static CATALOGUE: Catalogue = include!(concat!(env!("OUT_DIR"), "/catalogue.rs"));
    pub static PRINCIPLES: RawContent = include!(concat!(env!("OUT_DIR"), "/raw_principles.rs"));
    pub static WORLD: RawWorld = include!(concat!(env!("OUT_DIR"), "/raw_world.rs"));
    pub static LINES: RawLines = include!(concat!(env!("OUT_DIR"), "/raw_lines.rs"));
    pub static RESPONSES: RawResponses = include!(concat!(env!("OUT_DIR"), "/raw_responses.rs"));
    pub static REPLIES: RawReplies = include!(concat!(env!("OUT_DIR"), "/raw_replies.rs"));
    pub static DRILLS: RawDrills = include!(concat!(env!("OUT_DIR"), "/raw_drills.rs"));
}

impl Catalogue {
    /// The content that ships with the app. The build fails if it is not
    /// valid, so this cannot fail.
    pub fn shipped() -> &'static Catalogue {
        &embedded::CATALOGUE
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
