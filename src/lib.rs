//! Callback Dojo: a practice trainer for the moment a prospect says "call me later".
//!
//! `core` is the pure functional core (content, simulator, scoring,
//! progress and saved formats); it compiles and is tested natively.
//! `ui` is the Yew shell that renders the core and does all I/O; it also
//! compiles natively, where Yew's server renderer turns its views into text
//! for the build's prerendered pages and for native tests.

pub mod core;
pub mod shipped;

pub mod ui;
