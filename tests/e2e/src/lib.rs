//! End-to-end harness: a static server for `dist/`, chromedriver, and helpers
//! to drive headless Chromium by roles and names, waiting on conditions.
//!
//! Shared by the end-to-end tests (`tests/`) and by `cargo xtask bench` and
//! `cargo xtask serve`, so the app is always served and driven the same way.

mod driver;
pub mod lrs;
mod server;

pub use driver::{BoxError, Browser, Chromedriver, Viewport};
pub use lrs::Ralph;
pub use server::StaticServer;

use std::path::PathBuf;

/// The built app: `$DOJO_DIST`, or `dist/` at the workspace root.
pub fn dist_dir() -> PathBuf {
    match std::env::var_os("DOJO_DIST") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../dist"),
    }
}
