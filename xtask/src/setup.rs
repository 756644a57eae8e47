//! Installs the pinned tools that are missing, and only those.
//!
//! Every step asks the tool for its version first and skips the install when
//! it already matches, so a second run takes seconds. Each install prints
//! what it is doing and how long it took, because a cold set-up compiles
//! trunk and wasm-bindgen-cli from source and takes several minutes.

use std::path::PathBuf;
use std::time::Instant;

use crate::cmd::{self, command, output};

/// Trunk releases after 0.21.x need a newer rustc than this machine's 1.95.
pub const TRUNK_VERSION: &str = "0.21.14";
/// The npm package `binaryen` at this major version provides wasm-opt.
pub const WASM_OPT_VERSION: &str = "132";
pub const TARGET: &str = "wasm32-unknown-unknown";
/// Ralph (PyPI `ralph-malph`), the learning record store the academy tests
/// send xAPI statements to.
pub const RALPH_VERSION: &str = "5.1.0";
/// `ralph runserver` imports Ralph's OIDC module, which imports `requests`,
/// but neither the `cli` nor the `lrs` extra of 5.1.0 installs it.
pub const REQUESTS_VERSION: &str = "2.34.2";
/// The `lrs` extra pins sentry_sdk 2.14.0 while the `cli` extra asks for
/// `sentry-sdk[fastapi]>=1.9`; named up front, pip takes it at once instead
/// of fetching some eighty newer releases and backing off one by one.
const SENTRY_SDK_VERSION: &str = "2.14.0";

/// Everything the other commands need, in order.
pub fn run() -> Result<(), String> {
    let start = Instant::now();
    println!("[setup] checking the pinned tools (installs only what is missing)");
    let pins = Pins::read()?;
    wasm_target()?;
    cargo_tool("trunk", "trunk", TRUNK_VERSION, true)?;
    // `--locked` fails for wasm-bindgen-cli here; its own lock file pins a
    // yanked crate. Without it, the resolver picks compatible releases.
    cargo_tool(
        "wasm-bindgen",
        "wasm-bindgen-cli",
        &pins.wasm_bindgen,
        false,
    )?;
    wasm_opt()?;
    chromium()?;
    ralph()?;
    println!(
        "[setup] all tools ready in {:.1} s",
        start.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Tool versions pinned in the project's files, checked against each other.
pub struct Pins {
    pub wasm_bindgen: String,
}

impl Pins {
    pub fn read() -> Result<Pins, String> {
        let root = cmd::root();
        let cargo = read_toml(&root.join("Cargo.toml"))?;
        let pinned = cargo
            .get("dependencies")
            .and_then(|d| d.get("wasm-bindgen"))
            .and_then(|v| v.as_str())
            .ok_or(
                "Cargo.toml must pin wasm-bindgen in [dependencies] as a plain version string",
            )?;
        let version = pinned
            .strip_prefix('=')
            .ok_or_else(|| {
                format!("Cargo.toml pins wasm-bindgen as {pinned:?}: it must be exact, \"=X.Y.Z\"")
            })?
            .to_string();
        let trunk = read_toml(&root.join("Trunk.toml"))?;
        let tools = trunk
            .get("tools")
            .ok_or("Trunk.toml has no [tools] section")?;
        let trunk_pin = tools
            .get("wasm_bindgen")
            .and_then(|v| v.as_str())
            .unwrap_or("");
        if trunk_pin != version {
            return Err(format!(
                "Trunk.toml [tools] wasm_bindgen is {trunk_pin:?} but Cargo.toml pins {version:?}: make them equal"
            ));
        }
        let opt_pin = tools.get("wasm_opt").and_then(|v| v.as_str()).unwrap_or("");
        if opt_pin != format!("version_{WASM_OPT_VERSION}") {
            return Err(format!("Trunk.toml [tools] wasm_opt is {opt_pin:?}, expected \"version_{WASM_OPT_VERSION}\""));
        }
        Ok(Pins {
            wasm_bindgen: version,
        })
    }
}

fn read_toml(path: &std::path::Path) -> Result<toml::Table, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    text.parse::<toml::Table>()
        .map_err(|e| format!("{} is not valid TOML: {e}", path.display()))
}

fn is_root() -> bool {
    output(command("id").arg("-u")).as_deref() == Some("0")
}

/// Runs `install` unless `present` already holds, and reports either way.
fn ensure(
    label: &str,
    present: bool,
    install: impl FnOnce() -> Result<(), String>,
) -> Result<(), String> {
    if present {
        println!("[setup] {label}: already installed");
        return Ok(());
    }
    println!("[setup] {label}: installing (this can take a few minutes the first time)");
    cmd::timed(&format!("install {label}"), install)
}

fn wasm_target() -> Result<(), String> {
    let installed = output(command("rustup").args(["target", "list", "--installed"]))
        .is_some_and(|list| list.lines().any(|l| l.trim() == TARGET));
    ensure(&format!("rust target {TARGET}"), installed, || {
        cmd::run(command("rustup").args(["target", "add", TARGET]))
    })
}

/// `cargo install` of one crate at an exact version, unless `bin --version`
/// already reports it.
fn cargo_tool(bin: &str, krate: &str, version: &str, locked: bool) -> Result<(), String> {
    let reported = output(command(bin).arg("--version")).unwrap_or_default();
    let present = reported.split_whitespace().any(|word| word == version);
    ensure(&format!("{krate} {version}"), present, || {
        let mut install = command("cargo");
        install.args(["install", krate, "--version", version]);
        if locked {
            install.arg("--locked");
        }
        cmd::run(&mut install)
    })
}

fn wasm_opt() -> Result<(), String> {
    let wasm_opt = cmd::root().join("node_modules/.bin/wasm-opt");
    let version = output(command(&wasm_opt.to_string_lossy()).arg("--version")).unwrap_or_default();
    let present = version.contains(&format!("version {WASM_OPT_VERSION}"));
    ensure(
        &format!("wasm-opt {WASM_OPT_VERSION} (npm binaryen)"),
        present,
        || {
            if output(command("npm").arg("--version")).is_none() {
                return Err(apt_hint("npm", &["nodejs", "npm"]));
            }
            cmd::run(command("npm").args(["ci", "--no-audit", "--no-fund"]))
        },
    )
}

fn chromium() -> Result<(), String> {
    let browser = output(command("chromium").arg("--version")).is_some();
    let driver = output(command("chromedriver").arg("--version")).is_some();
    ensure(
        "chromium and chromium-driver (Debian)",
        browser && driver,
        || {
            if !is_root() {
                return Err(apt_hint("chromium", &["chromium", "chromium-driver"]));
            }
            cmd::run(command("apt-get").arg("update"))?;
            cmd::run(
                command("apt-get")
                    .args([
                        "install",
                        "-y",
                        "--no-install-recommends",
                        "chromium",
                        "chromium-driver",
                    ])
                    .env("DEBIAN_FRONTEND", "noninteractive"),
            )
        },
    )
}

/// Ralph's own virtual environment. It lives in `target/` so that a clean
/// clone has none and `cargo clean` removes it, like every other build output.
pub fn ralph_venv() -> PathBuf {
    cmd::root().join("target/ralph-venv")
}

/// The `ralph` command of that environment (`ralph auth`, `ralph runserver`).
pub fn ralph_bin() -> PathBuf {
    ralph_venv().join("bin/ralph")
}

/// Ralph and `requests` at their pins, in `target/ralph-venv`. Present when
/// `ralph --version` reports the pin and the environment's Python imports
/// the pinned `requests` (without it `ralph runserver` stops at start-up).
fn ralph() -> Result<(), String> {
    let venv = ralph_venv();
    let python = venv.join("bin/python");
    let reported =
        output(command(&ralph_bin().to_string_lossy()).arg("--version")).unwrap_or_default();
    let requests = output(
        command(&python.to_string_lossy())
            .args(["-c", "import requests; print(requests.__version__)"]),
    )
    .unwrap_or_default();
    let present = reported
        .split_whitespace()
        .any(|word| word == RALPH_VERSION)
        && requests == REQUESTS_VERSION;
    ensure(
        &format!("ralph-malph {RALPH_VERSION} and requests {REQUESTS_VERSION} (PyPI, into target/ralph-venv)"),
        present,
        || {
            if output(command("python3").arg("--version")).is_none() {
                return Err(apt_hint("python3", &["python3", "python3-venv"]));
            }
            // Debian splits venv's pip bootstrap (ensurepip) into python3-venv;
            // without it `python3 -m venv` fails half-way with a long message.
            if output(command("python3").args(["-c", "import ensurepip, venv"])).is_none() {
                return Err(apt_hint("python3-venv (Python's ensurepip)", &["python3-venv"]));
            }
            // `--clear` starts over from an environment of another version or
            // one a failed install left half-made.
            cmd::run(command("python3").args(["-m", "venv", "--clear"]).arg(&venv))?;
            cmd::run(
                command(&python.to_string_lossy())
                    .args([
                        "-m",
                        "pip",
                        "install",
                        "--disable-pip-version-check",
                        "--no-input",
                        "--progress-bar",
                        "off",
                    ])
                    .arg(format!("sentry-sdk[fastapi]=={SENTRY_SDK_VERSION}"))
                    .arg(format!("ralph-malph[cli,lrs]=={RALPH_VERSION}"))
                    .arg(format!("requests=={REQUESTS_VERSION}")),
            )
        },
    )
}

/// The exact command a non-root user needs to run once.
fn apt_hint(what: &str, packages: &[&str]) -> String {
    format!(
        "{what} is missing and installing it needs root. Run once:\n    sudo apt-get update && sudo apt-get install -y {}\nthen run this command again.",
        packages.join(" ")
    )
}
