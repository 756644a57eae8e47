//! Build script: parses and validates the content, and embeds it as statics.
//!
//! The content is authored in TOML for people. Here it is parsed with serde
//! into the core's raw types, so syntax errors and unknown fields fail the
//! build with the file and line, and then validated by the core itself (the
//! whole pure core is compiled into this script), so content errors fail the
//! build too, all listed at once. Both the raw content and the validated
//! `Catalogue` are written out as Rust constant expressions
//! (`build/const_emit.rs`) that `src/shipped.rs` embeds as statics: the app
//! carries no content parser, no validation and no code to build content at
//! start-up, which keeps the WebAssembly small and the start fast.

use std::{env, fs, path::Path};

#[path = "src/core/mod.rs"]
#[allow(dead_code, unused_imports)]
mod core;

#[path = "build/const_emit.rs"]
mod const_emit;

use crate::core::catalogue::{raw, Catalogue};

fn main() {
    let out_dir = env::var("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    let all = raw::RawCatalogue {
        principles: embed(&out_dir, "principles"),
        world: embed(&out_dir, "world"),
        lines: embed(&out_dir, "lines"),
        responses: embed(&out_dir, "responses"),
        replies: embed(&out_dir, "replies"),
        drills: embed(&out_dir, "drills"),
    };
    let mut catalogue = Catalogue::from_raw(all)
        .unwrap_or_else(|errors| panic!("content/ is not valid:\n{errors}"));
    // The drill cards go in a static of their own (`Catalogue::cards`), so
    // the start bundle, which never shows a card, does not carry their text.
    let cards = std::mem::take(&mut catalogue.drills);
    write(&out_dir, "drill_cards", &cards);
    // The principles' texts are statics of their own, shared by two
    // catalogues: the whole one, and the reading one (`Catalogue::reading`,
    // no simulator content) that the principles screens use, so the start
    // bundle, which shows principles but no call, carries no simulator text.
    write_slice(&out_dir, "sources", &catalogue.sources);
    write_slice(&out_dir, "groups", &catalogue.groups);
    write_slice(&out_dir, "principle_list", &catalogue.principles);
    write_slice(&out_dir, "disagreements", &catalogue.disagreements);
    write(&out_dir, "sim", &catalogue.sim);
    write(&out_dir, "no_sim", &catalogue.sim.emptied());
    println!("cargo:rerun-if-changed=src/core");
    println!("cargo:rerun-if-changed=build/const_emit.rs");
}

/// Parses `content/{name}.toml`, writes it out as `raw_{name}.rs`, returns it.
fn embed<T: serde::de::DeserializeOwned + serde::Serialize>(out_dir: &str, name: &str) -> T {
    let source = format!("content/{name}.toml");
    println!("cargo:rerun-if-changed={source}");
    let text = fs::read_to_string(&source).unwrap_or_else(|e| panic!("cannot read {source}: {e}"));
    let parsed: T =
        toml::from_str(&text).unwrap_or_else(|e| panic!("{source} is not valid content:\n{e}"));
    write(out_dir, &format!("raw_{name}"), &parsed);
    parsed
}

/// Writes a list as a slice expression (`&[…]`), for a static that two
/// catalogues borrow.
fn write_slice<T: serde::Serialize + Clone>(out_dir: &str, name: &str, list: &raw::List<T>) {
    let code = const_emit::to_string(list).unwrap_or_else(|e| panic!("cannot embed {name}: {e}"));
    let slice = code
        .strip_prefix("::std::borrow::Cow::Borrowed(")
        .and_then(|c| c.strip_suffix(')'))
        .unwrap_or_else(|| panic!("{name}: a list is emitted as Cow::Borrowed(&[…])"));
    fs::write(Path::new(out_dir).join(format!("{name}.rs")), slice)
        .unwrap_or_else(|e| panic!("cannot write {name}.rs: {e}"));
}

fn write<T: serde::Serialize>(out_dir: &str, name: &str, value: &T) {
    let code = const_emit::to_string(value).unwrap_or_else(|e| panic!("cannot embed {name}: {e}"));
    fs::write(Path::new(out_dir).join(format!("{name}.rs")), code)
        .unwrap_or_else(|e| panic!("cannot write {name}.rs: {e}"));
}
