//! `cargo xtask test`: every layer of tests, then one summary line.
//!
//! Layers: native tests of the core and the tools; the offline release build
//! and the size budget; browser tests (wasm-bindgen-test in headless
//! Chromium); end-to-end tests against the built `dist/`. A failing layer does
//! not stop the others, so one run shows everything that is wrong. The last
//! line reads `xtask: N passed, M failed` and the exit code is non-zero on
//! any failure.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::build::{self, Offline};
use crate::cmd::{self, command};
use crate::{setup, sizes};

/// Counts from one layer.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Counts {
    passed: u32,
    failed: u32,
}

struct Layer {
    name: &'static str,
    counts: Counts,
    secs: f64,
    note: String,
}

/// `cargo test` of the browser tests (wasm-bindgen-test in headless
/// Chromium); `bench storage` adds its own flags.
pub fn browser_tests() -> std::process::Command {
    let mut cargo = command("cargo");
    cargo
        .args([
            "test",
            "-p",
            "callback-dojo",
            "--target",
            setup::TARGET,
            "--test",
            "browser",
            "--test",
            "crash",
        ])
        .env("CHROMEDRIVER", "chromedriver")
        .env("WASM_BINDGEN_TEST_TIMEOUT", "300");
    cargo
}

pub fn run() -> Result<(), String> {
    let start = Instant::now();
    cmd::timed("set-up", setup::run)?;
    let mut layers = Vec::new();

    layers.push(test_layer(
        "native (core, content, tools)",
        command("cargo").args([
            "test",
            "-p",
            "callback-dojo",
            "-p",
            "xtask",
            "-p",
            "dojo-e2e",
            "--lib",
            "--bins",
        ]),
    ));
    layers.push(test_layer(
        "native (integration)",
        command("cargo").args(["test", "-p", "callback-dojo", "--test", "native"]),
    ));

    let build_start = Instant::now();
    let built = build::release();
    let (offline_counts, offline_note) = match &built {
        Ok(Offline::Proven) => (
            Counts {
                passed: 1,
                failed: 0,
            },
            "built with networking cut off".to_string(),
        ),
        Ok(Offline::Skipped(reason)) => (
            Counts::default(),
            format!("offline proof skipped: {reason}"),
        ),
        Err(e) => (
            Counts {
                passed: 0,
                failed: 1,
            },
            e.clone(),
        ),
    };
    layers.push(Layer {
        name: "release build (offline)",
        counts: offline_counts,
        secs: build_start.elapsed().as_secs_f64(),
        note: offline_note,
    });

    if built.is_ok() {
        layers.push(check_layer("size budget", || {
            sizes::check_budget(&build::dist())
        }));
    }

    layers.push(test_layer(
        "browser (wasm-bindgen-test, Chromium)",
        &mut browser_tests(),
    ));

    if built.is_ok() {
        layers.push(test_layer(
            "end-to-end (WebDriver, Chromium)",
            command("cargo")
                .args(["test", "-p", "dojo-e2e", "--test", "e2e"])
                .env("DOJO_DIST", build::dist())
                .env("CHROMEDRIVER", "chromedriver"),
        ));
    } else {
        layers.push(Layer {
            name: "end-to-end (WebDriver, Chromium)",
            counts: Counts {
                passed: 0,
                failed: 1,
            },
            secs: 0.0,
            note: "not run: the release build failed".to_string(),
        });
    }

    println!(
        "\n{:<40} {:>7} {:>7} {:>8}",
        "layer", "passed", "failed", "seconds"
    );
    let mut total = Counts::default();
    for layer in &layers {
        println!(
            "{:<40} {:>7} {:>7} {:>8.1}  {}",
            layer.name, layer.counts.passed, layer.counts.failed, layer.secs, layer.note
        );
        total.passed += layer.counts.passed;
        total.failed += layer.counts.failed;
    }
    println!("total time {:.1} s", start.elapsed().as_secs_f64());
    println!("xtask: {} passed, {} failed", total.passed, total.failed);
    if total.failed == 0 {
        Ok(())
    } else {
        Err(format!("{} failed", total.failed))
    }
}

/// Runs a pass/fail check as a layer of one.
fn check_layer(name: &'static str, check: impl FnOnce() -> Result<(), String>) -> Layer {
    let start = Instant::now();
    let (counts, note) = match check() {
        Ok(()) => (
            Counts {
                passed: 1,
                failed: 0,
            },
            String::new(),
        ),
        Err(e) => {
            println!("[xtask] {name}: {e}");
            (
                Counts {
                    passed: 0,
                    failed: 1,
                },
                e,
            )
        }
    };
    Layer {
        name,
        counts,
        secs: start.elapsed().as_secs_f64(),
        note,
    }
}

/// Runs a libtest-style command, echoing its output and adding up its
/// `test result:` lines. A run that fails without reporting a failed test
/// (a compile error, a crashed runner) counts as one failure.
fn test_layer(name: &'static str, command: &mut Command) -> Layer {
    let start = Instant::now();
    println!("\n[xtask] {name}: {}", cmd::describe(command));
    let mut counts = Counts::default();
    let mut note = String::new();
    match command.stdout(Stdio::piped()).spawn() {
        Ok(mut child) => {
            if let Some(stdout) = child.stdout.take() {
                for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                    println!("{line}");
                    if let Some(c) = parse_result(&line) {
                        counts.passed += c.passed;
                        counts.failed += c.failed;
                    }
                }
            }
            match child.wait() {
                Ok(status) if status.success() => {}
                Ok(status) => {
                    if counts.failed == 0 {
                        counts.failed = 1;
                    }
                    note = format!("exited with {status}");
                }
                Err(e) => {
                    counts.failed += 1;
                    note = format!("could not wait: {e}");
                }
            }
        }
        Err(e) => {
            counts.failed = 1;
            note = format!("could not start: {e}");
        }
    }
    Layer {
        name,
        counts,
        secs: start.elapsed().as_secs_f64(),
        note,
    }
}

/// Reads `test result: ok. 12 passed; 0 failed; ...`.
fn parse_result(line: &str) -> Option<Counts> {
    let rest = line.trim().strip_prefix("test result: ")?;
    let mut counts = Counts::default();
    for part in rest.split(';') {
        let mut words = part.split_whitespace().rev();
        let label = words.next()?;
        let number = words.next().and_then(|n| n.parse::<u32>().ok());
        match (label, number) {
            ("passed", Some(n)) => counts.passed = n,
            ("failed", Some(n)) => counts.failed = n,
            _ => {}
        }
    }
    Some(counts)
}

#[cfg(test)]
mod tests {
    use super::{parse_result, Counts};

    #[test]
    fn reads_libtest_summaries() {
        let ok = "test result: ok. 12 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s";
        assert_eq!(
            parse_result(ok),
            Some(Counts {
                passed: 12,
                failed: 0
            })
        );
        let bad = "test result: FAILED. 3 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out";
        assert_eq!(
            parse_result(bad),
            Some(Counts {
                passed: 3,
                failed: 2
            })
        );
        assert_eq!(parse_result("running 3 tests"), None);
    }
}
