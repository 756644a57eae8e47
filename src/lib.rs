//! Callback Dojo: a practice trainer for the moment a prospect says "call me later".
//!
//! `core` is the pure functional core (content, simulator, scoring,
//! progress and saved formats); it compiles and is tested natively.
//! `dashboard` renders the progress figures and charts as markup text, also
//! pure. `ui` is the Yew shell that renders the core and does all I/O; it
//! only exists in the browser build.

pub mod core;
pub mod dashboard;
pub mod shipped;

#[cfg(target_arch = "wasm32")]
pub mod ui;
