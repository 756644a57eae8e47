//! The pure core: no web crate, no clock, no OS randomness.
//!
//! Everything here is deterministic and runs natively, so the bulk of the
//! tests run in milliseconds without a browser. A native test
//! (`tests/native/purity.rs`) fails if a web crate is named in this folder.

pub mod academy;
pub mod calendar;
pub mod catalogue;
pub mod drill;
pub mod json;
pub mod merge;
pub mod progress;
pub mod saved;
pub mod sim;
pub mod study;
