//! The project paraphrases the source articles: no run of eight or more
//! words from an article may appear in any shipped or documented text.

use std::collections::HashSet;

use crate::{files_under, root, shared};

const RUN: usize = 8;

/// Lowercase words, with typographic quotes folded to plain ones.
fn words(text: &str) -> Vec<String> {
    let folded = text.replace(['\u{2019}', '\u{2018}'], "'");
    folded
        .to_lowercase()
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

fn runs(words: &[String]) -> impl Iterator<Item = &[String]> {
    words.windows(RUN)
}

#[test]
fn no_eight_word_run_is_copied_from_the_articles() {
    let Some(shared) = shared() else {
        eprintln!(
            "shared/seeds not found beside the repository; the copy check needs the articles"
        );
        return;
    };
    let mut grams: HashSet<Vec<String>> = HashSet::new();
    for seed in files_under(&shared.join("seeds"), &[".txt"]) {
        let text = std::fs::read_to_string(&seed).expect("readable");
        grams.extend(runs(&words(&text)).map(<[String]>::to_vec));
    }
    assert!(
        grams.len() > 1000,
        "the five articles should give thousands of runs"
    );

    let mut files = Vec::new();
    for dir in ["content", "src", "styles", "tests", "xtask"] {
        files.extend(files_under(
            &root().join(dir),
            &[".rs", ".toml", ".css", ".md", ".json"],
        ));
    }
    for top in ["README.md", "ARCHITECTURE.md", "index.html"] {
        files.push(root().join(top));
    }
    let mut copied = Vec::new();
    for file in files.iter().filter(|f| f.is_file()) {
        let text = std::fs::read_to_string(file).expect("readable");
        if let Some(run) = runs(&words(&text)).find(|r| grams.contains(*r)) {
            copied.push(format!("{}: \"{}\"", file.display(), run.join(" ")));
        }
    }
    assert!(
        copied.is_empty(),
        "text copied from the articles:\n{}",
        copied.join("\n")
    );
}

#[test]
fn the_check_finds_a_copied_run() {
    let article = words("One two three four five six seven eight nine ten.");
    let copy = words("Zero, two three four five six seven eight nine, eleven.");
    let grams: HashSet<Vec<String>> = runs(&article).map(<[String]>::to_vec).collect();
    assert!(runs(&copy).any(|r| grams.contains(r)));
}
