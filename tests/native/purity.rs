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

/// The core's files that `file` names (`crate::core::…` or `super::…`
/// paths, in code, not comments), as paths relative to `src/core`.
fn core_imports(core: &std::path::Path, file: &std::path::Path) -> Vec<std::path::PathBuf> {
    let rel = file.strip_prefix(core).expect("under core");
    // The module a `super::` path starts from: the file's parent module.
    let mut here: Vec<String> = rel
        .with_extension("")
        .iter()
        .map(|s| s.to_string_lossy().into_owned())
        .collect();
    if here.last().is_some_and(|s| s == "mod") {
        here.pop();
    }
    here.pop();
    let text = std::fs::read_to_string(file).expect("readable");
    let mut out = Vec::new();
    // Unit tests at the end of a file (`#[cfg(test)] mod tests`) are not
    // the module's imports.
    for line in text.lines().take_while(|l| !l.starts_with("#[cfg(test)]")) {
        let code = line.split("//").next().unwrap_or("");
        for (prefix, base) in [("crate::core::", Vec::new()), ("super::", here.clone())] {
            for (at, _) in code.match_indices(prefix) {
                if prefix == "super::" && code[..at].ends_with("::") {
                    continue;
                }
                let mut path = base.clone();
                let mut rest = &code[at + prefix.len()..];
                while let Some(r) = rest.strip_prefix("super::") {
                    path.pop();
                    rest = r;
                }
                for seg in rest.split("::") {
                    let name: String = seg
                        .chars()
                        .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
                        .collect();
                    if name.is_empty() || name == "self" {
                        break;
                    }
                    path.push(name);
                    if !seg
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                    {
                        break;
                    }
                }
                // The longest prefix of the path that is a file.
                while !path.is_empty() {
                    let joined: std::path::PathBuf = path.iter().collect();
                    let as_file = joined.with_extension("rs");
                    let as_dir = joined.join("mod.rs");
                    if core.join(&as_file).is_file() {
                        out.push(as_file);
                        break;
                    }
                    if core.join(&as_dir).is_file() {
                        out.push(as_dir);
                        break;
                    }
                    path.pop();
                }
            }
        }
    }
    out.retain(|p| p != rel);
    out.sort();
    out.dedup();
    out
}

/// No two files of the core import each other, directly or round a longer
/// loop: merging helpers live in `core::merge`, which every kept kind
/// imports, so progress and the drill log do not need each other.
#[test]
fn the_core_has_no_import_circles() {
    let core = root().join("src/core");
    let files = files_under(&core, &[".rs"]);
    let graph: std::collections::BTreeMap<std::path::PathBuf, Vec<std::path::PathBuf>> = files
        .iter()
        .map(|f| {
            (
                f.strip_prefix(&core).expect("under").to_path_buf(),
                core_imports(&core, f),
            )
        })
        .collect();
    // Depth-first search for a back edge, reporting the loop.
    fn visit<'a>(
        node: &'a std::path::Path,
        graph: &'a std::collections::BTreeMap<std::path::PathBuf, Vec<std::path::PathBuf>>,
        stack: &mut Vec<&'a std::path::Path>,
        done: &mut std::collections::BTreeSet<&'a std::path::Path>,
        loops: &mut Vec<String>,
    ) {
        if done.contains(node) {
            return;
        }
        if let Some(i) = stack.iter().position(|n| *n == node) {
            let path: Vec<String> = stack[i..].iter().map(|p| p.display().to_string()).collect();
            loops.push(format!("{} -> {}", path.join(" -> "), node.display()));
            return;
        }
        stack.push(node);
        for next in graph.get(node).into_iter().flatten() {
            visit(next, graph, stack, done, loops);
        }
        stack.pop();
        done.insert(node);
    }
    let (mut stack, mut done, mut loops) = (Vec::new(), Default::default(), Vec::new());
    for node in graph.keys() {
        visit(node, &graph, &mut stack, &mut done, &mut loops);
    }
    assert!(loops.is_empty(), "import circles in the core: {loops:#?}");
    assert!(
        graph.len() > 20 && graph.values().map(Vec::len).sum::<usize>() > 40,
        "the scan sees the imports: {graph:?}"
    );
}
