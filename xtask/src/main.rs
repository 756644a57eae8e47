//! `cargo xtask`: sets up the tools, serves the app, runs every test, benchmarks.
//!
//! Each command first makes sure the pinned tools are installed (see
//! `setup.rs`), so a fresh machine needs nothing but this repository, Rust,
//! and access to the package registries.

mod bench;
mod build;
mod cmd;
mod setup;
mod sizes;
mod test;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  setup               install the pinned tools that are missing (idempotent)
  serve [--port N]    build the release app and serve it on http://127.0.0.1:8080
  test                run every test (native, browser, end-to-end, budgets)
  bench               everything below, plus sizes and first-render time
  bench storage       save and load of 10,000 attempts in Chromium
  bench drills        today's drill queue from 5,000 cards' histories in Chromium
  bench sizes         only the release build and its sizes (raw, gzip, brotli)
  bench start [DIST]  first paint and app-live time, unthrottled and on a phone profile
  bench lighthouse    Lighthouse scores and timings, mobile and desktop
  bench sim           simulated calls per second and the exhaustive walk
  bench policies      the policy table: mean decision score per player
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("setup") => setup::run().map(|_| ()),
        Some("serve") => parse_port(&args[1..]).and_then(build::serve),
        Some("test") => test::run(),
        Some("bench") => match args.get(1).map(String::as_str) {
            None => bench::run(),
            Some("policies") => bench::release_sim("policies"),
            Some("storage") => setup::run().and_then(|_| bench::storage()),
            Some("drills") => setup::run().and_then(|_| bench::drills()),
            Some("sim") => bench::release_sim("sim"),
            Some("start") => setup::run()
                .and_then(|_| bench::start(args.get(2).map(std::path::PathBuf::from))),
            Some("lighthouse") => setup::run().and_then(|_| bench::lighthouse()),
            Some("sizes") => setup::run()
                .and_then(|_| build::release())
                .and_then(|_| sizes::report(&build::dist()))
                .map(|_| ()),
            // Internal: the simulator benchmarks, run in a release build.
            Some("--in-release") => bench::sim(args.get(2).map(String::as_str).unwrap_or("sim")),
            Some(other) => Err(format!(
                "unknown bench `{other}`: use `bench`, `bench storage`, `bench drills`, `bench sizes`, `bench start`, `bench lighthouse`, `bench sim` or `bench policies`"
            )),
        },
        Some("help") | Some("--help") | Some("-h") => {
            print!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command `{other}`\n\n{USAGE}")),
        None => Err(USAGE.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// `--port N` or `--port=N`; 8080 by default.
fn parse_port(args: &[String]) -> Result<u16, String> {
    let mut port = 8080;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let value = if arg == "--port" {
            rest.next().ok_or("--port needs a number")?.as_str()
        } else if let Some(v) = arg.strip_prefix("--port=") {
            v
        } else {
            return Err(format!("unknown option `{arg}` for serve"));
        };
        port = value
            .parse()
            .map_err(|_| format!("--port takes a number from 1 to 65535, not `{value}`"))?;
        if port == 0 {
            return Err("--port takes a number from 1 to 65535".to_string());
        }
    }
    Ok(port)
}

#[cfg(test)]
mod tests {
    use super::parse_port;

    fn strings(args: &[&str]) -> Vec<String> {
        args.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn port_defaults_and_parses() {
        assert_eq!(parse_port(&[]), Ok(8080));
        assert_eq!(parse_port(&strings(&["--port", "9000"])), Ok(9000));
        assert_eq!(parse_port(&strings(&["--port=9001"])), Ok(9001));
        assert!(parse_port(&strings(&["--port", "0"])).is_err());
        assert!(parse_port(&strings(&["--port", "x"])).is_err());
        assert!(parse_port(&strings(&["--port"])).is_err());
        assert!(parse_port(&strings(&["--verbose"])).is_err());
    }
}
