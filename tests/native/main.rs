//! Native integration tests: shipped content, validation, and the rules the
//! architecture depends on. One binary (`autotests = false`) keeps linking fast.

#![cfg(not(target_arch = "wasm32"))]

mod academy;
mod casebook;
mod claims;
mod content;
mod dashboard;
mod drills;
mod hints;
mod kept;
mod paraphrase;
mod prerender;
mod progress;
mod purity;
mod sim;
mod stored;
mod story;
mod validation;
mod xapi;

use std::path::{Path, PathBuf};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `shared/` beside the repository, where PRINCIPLES.md and the source
/// articles live. CI always has it; a bare clone may not.
pub fn shared() -> Option<PathBuf> {
    let dir = std::env::var_os("DOJO_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("../shared"));
    dir.join("PRINCIPLES.md").is_file().then_some(dir)
}

/// Every file under `dir` (recursively) whose name ends with one of `exts`.
pub fn files_under(dir: &Path, exts: &[&str]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if exts.iter().any(|e| path.to_string_lossy().ends_with(e)) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}
