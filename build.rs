//! Build script: parses the TOML content files and embeds them as Rust code.
//!
//! The content is authored in TOML for people. Here it is parsed with serde
//! into the very same raw types the core uses (`src/core/catalogue/raw.rs`),
//! so syntax errors and unknown fields fail the build with the TOML file and
//! line. The parsed value is then written out as a Rust expression (with
//! `uneval`) that the core `include!`s: the app carries no content parser at
//! all, which keeps the WebAssembly small, and validation into a typed
//! catalogue still runs on the raw values at start-up and in the tests.

use std::{env, fs, path::Path};

#[path = "src/core/catalogue/raw.rs"]
#[allow(dead_code)]
mod raw;

fn main() {
    let out_dir = env::var("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    embed::<raw::RawContent>(&out_dir, "principles");
    embed::<raw::RawWorld>(&out_dir, "world");
    embed::<raw::RawLines>(&out_dir, "lines");
    embed::<raw::RawResponses>(&out_dir, "responses");
    embed::<raw::RawReplies>(&out_dir, "replies");
    println!("cargo:rerun-if-changed=src/core/catalogue/raw.rs");
}

/// Parses `content/{name}.toml` as `T` and writes it out as `{name}.rs`.
fn embed<T: serde::de::DeserializeOwned + serde::Serialize>(out_dir: &str, name: &str) {
    let source = format!("content/{name}.toml");
    println!("cargo:rerun-if-changed={source}");
    let text = fs::read_to_string(&source).unwrap_or_else(|e| panic!("cannot read {source}: {e}"));
    let parsed: T =
        toml::from_str(&text).unwrap_or_else(|e| panic!("{source} is not valid content:\n{e}"));
    let code = uneval::to_string(&parsed).unwrap_or_else(|e| panic!("cannot embed {source}: {e}"));
    fs::write(Path::new(out_dir).join(format!("{name}.rs")), code)
        .unwrap_or_else(|e| panic!("cannot write {name}.rs: {e}"));
}
