//! Architecture invariants that a grep can enforce.

use crate::{files_under, root};

/// Names that would bring the browser, a clock or OS randomness into the core.
const FORBIDDEN_IN_CORE: [&str; 11] = [
    "yew",
    "web_sys",
    "gloo",
    "js_sys",
    "wasm_bindgen",
    "SystemTime",
    "Instant",
    "thread_rng",
    "getrandom",
    "StdRng",
    "SmallRng",
];

/// True if `word` appears in `line` as a whole identifier.
fn mentions(line: &str, word: &str) -> bool {
    line.match_indices(word).any(|(at, _)| {
        let before = line[..at].chars().next_back();
        let after = line[at + word.len()..].chars().next();
        let is_ident = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        !is_ident(before) && !is_ident(after)
    })
}

#[test]
fn the_core_names_no_web_crate_clock_or_os_randomness() {
    let files = files_under(&root().join("src/core"), &[".rs"]);
    assert!(files.len() >= 4, "src/core should hold the core's modules");
    let mut hits = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("readable");
        for (n, line) in text.lines().enumerate() {
            // Doc and line comments may explain the rule; code may not break it.
            let code = line.split("//").next().unwrap_or("");
            for word in FORBIDDEN_IN_CORE {
                if mentions(code, word) {
                    hits.push(format!("{}:{}: {word}", file.display(), n + 1));
                }
            }
        }
    }
    assert!(
        hits.is_empty(),
        "the pure core must not use these:\n{}",
        hits.join("\n")
    );
}

#[test]
fn the_checker_sees_a_forbidden_name() {
    assert!(mentions("use yew::prelude::*;", "yew"));
    assert!(mentions("let t = Instant::now();", "Instant"));
    assert!(!mentions("let yewish = 1;", "yew"));
    assert!(!mentions("// yew is not allowed", "gloo"));
}

#[test]
fn only_the_storage_module_touches_local_storage() {
    let mut offenders = Vec::new();
    for file in files_under(&root().join("src"), &[".rs"]) {
        if file.ends_with("ui/storage.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("readable");
        if [
            "LocalStorage",
            "local_storage",
            "gloo_storage",
            "SessionStorage",
        ]
        .iter()
        .any(|w| text.contains(w))
        {
            offenders.push(file.display().to_string());
        }
    }
    assert!(
        offenders.is_empty(),
        "storage is touched outside ui/storage.rs: {offenders:?}"
    );
}

#[test]
fn every_source_file_opens_with_a_doc_line() {
    let mut missing = Vec::new();
    for dir in ["src", "tests", "xtask/src", "build.rs", "build"] {
        let path = root().join(dir);
        let files = if path.is_file() {
            vec![path]
        } else {
            files_under(&path, &[".rs"])
        };
        for file in files {
            let text = std::fs::read_to_string(&file).expect("readable");
            if !text.trim_start().starts_with("//!") {
                missing.push(file.display().to_string());
            }
        }
    }
    assert!(
        missing.is_empty(),
        "files without an opening //! line: {missing:?}"
    );
}
