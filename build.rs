//! Build script: checks the TOML content files and embeds them as JSON.
//!
//! The content is authored in TOML for people, but the app parses JSON at
//! start-up: `serde_json` is already in the WebAssembly binary (storage needs
//! it), while a TOML parser would add tens of kilobytes. Parsing the TOML here,
//! into the very same raw types the core uses, reports syntax errors and
//! unknown fields with the TOML file and line at build time.

use std::{env, fs, path::Path};

#[path = "src/core/catalogue/raw.rs"]
#[allow(dead_code)]
mod raw;

/// Content files under `content/`, without the `.toml` extension.
const CONTENT_FILES: &[&str] = &["principles"];

fn main() {
    let out_dir = env::var("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    for name in CONTENT_FILES {
        let source = format!("content/{name}.toml");
        println!("cargo:rerun-if-changed={source}");
        let text =
            fs::read_to_string(&source).unwrap_or_else(|e| panic!("cannot read {source}: {e}"));
        let parsed: raw::RawContent =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{source} is not valid content:\n{e}"));
        let json = serde_json::to_string(&parsed).expect("raw content always serialises");
        fs::write(Path::new(&out_dir).join(format!("{name}.json")), json)
            .unwrap_or_else(|e| panic!("cannot write {name}.json: {e}"));
    }
    println!("cargo:rerun-if-changed=src/core/catalogue/raw.rs");
}
