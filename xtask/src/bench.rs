//! `cargo xtask bench`: measured figures for the release build.
//!
//! Sizes (raw, gzip, brotli) and the time from navigation to the first
//! rendered screen in headless Chromium, over several cold loads (a fresh
//! browser profile each time). The app marks the moment with
//! `performance.mark("dojo-rendered")` once its first screen is in the DOM.
//! Then save and load of 10,000 attempts in Chromium's local storage, and
//! the simulator. Times are reported, never asserted: they depend on the
//! machine.

use std::time::Instant;

use callback_dojo::core::catalogue::Catalogue;
use callback_dojo::core::sim::explore::explore;
use callback_dojo::core::sim::model::Outcome;
use callback_dojo::core::sim::policy::{evaluate, Policy};
use callback_dojo::core::sim::{Difficulty, Session, Settings};
use dojo_e2e::{Browser, Chromedriver, StaticServer, Viewport};

use crate::cmd::{self, command};
use crate::{build, setup, sizes};

/// Cold loads measured for the first-render figure.
const LOADS: usize = 9;

pub fn run() -> Result<(), String> {
    setup::run()?;
    build::release()?;
    let dist = build::dist();
    println!("\n== sizes of the release build (bytes) ==");
    let brotli = sizes::report(&dist)?;
    for ((page, _, budget), b) in sizes::BUNDLES.iter().zip(brotli) {
        println!("budget: {page} {b} / {budget} B brotli (wasm + js)");
    }

    println!(
        "\n== navigation to first rendered screen, {LOADS} cold loads in headless Chromium =="
    );
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))?;
    let times = runtime
        .block_on(first_render_times(&dist))
        .map_err(|e| e.to_string())?;
    print_stats("first render (ms)", &times);

    println!("\n== click to next screen rendered, scripted calls in headless Chromium ==");
    let clicks = runtime
        .block_on(click_times(&dist))
        .map_err(|e| e.to_string())?;
    print_stats("click -> DOM updated (ms)", &clicks);
    storage()?;
    drills()?;
    release_sim("all")
}

/// Cold loads per profile in `bench start`.
const START_LOADS: usize = 7;

/// `cargo xtask bench start [DIST]`: over cold loads of the home page in
/// headless Chromium (fresh profile each, served with brotli as a host
/// would), the first contentful paint, the moment the app is live (its
/// first render: the start button then works), and the time from pressing
/// start to the call's first options; then the same on a later visit, with
/// the service worker serving. Unthrottled and on a slow phone profile (CPU
/// 4× slower, 1.6 Mbps down, 150 ms latency, set through the DevTools
/// protocol). DIST defaults to this build's `dist/`; another build's folder
/// gives the "before" figures.
pub fn start(dist: Option<std::path::PathBuf>) -> Result<(), String> {
    // Another build (the "before") may log what this one must not; only
    // this build's console is held to being clean.
    let strict = dist.is_none();
    let dist = match dist {
        Some(d) => d,
        None => {
            build::release()?;
            build::dist()
        }
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))?;
    for throttled in [false, true] {
        let t = runtime
            .block_on(start_times(&dist, throttled, strict))
            .map_err(|e| e.to_string())?;
        let profile = if throttled {
            "phone profile (CPU 4x, 1.6 Mbps, 150 ms)"
        } else {
            "unthrottled"
        };
        println!(
            "\n== start of {}, {profile}, {START_LOADS} cold loads ==",
            dist.display()
        );
        print_stats("first contentful paint (ms)", &t.fcp);
        print_stats("app live, start button works (ms)", &t.live);
        print_stats(
            "start pressed to the call's first options, first visit (ms)",
            &t.call,
        );
        print_stats("later visit: app live (ms)", &t.live_again);
        print_stats(
            "later visit: start pressed to the call's first options (ms)",
            &t.call_again,
        );
    }
    Ok(())
}

/// What `bench start` measures per profile, one sample per cold load.
#[derive(Default)]
struct StartTimes {
    fcp: Vec<f64>,
    live: Vec<f64>,
    /// Start pressed to the call's first options, nothing cached.
    call: Vec<f64>,
    /// The same two on a later visit, the service worker serving.
    live_again: Vec<f64>,
    call_again: Vec<f64>,
}

/// Slows the page's network and CPU to the phone profile.
async fn throttle(browser: &Browser) -> Result<(), dojo_e2e::BoxError> {
    browser.slow_network().await?;
    browser
        .cdp(
            "Emulation.setCPUThrottlingRate",
            serde_json::json!({ "rate": 4 }),
        )
        .await?;
    Ok(())
}

/// On the home page once the app is live: presses "Start a practice call"
/// and waits for the call's first options; the time between, in ms (a page
/// load when the call is in another bundle, in place when it is not).
async fn start_a_call(browser: &Browser) -> Result<f64, dojo_e2e::BoxError> {
    let pressed = browser
        .eval("(() => { const t = Date.now(); document.querySelector('#main a.button[href^=\"/practice\"]').click(); return t; })()")
        .await?;
    let ready = browser
        .wait_js("document.querySelector('main[data-screen=\"practice\"] .options button') !== null && Date.now()")
        .await?;
    Ok(ready.as_f64().unwrap_or(f64::NAN) - pressed.as_f64().unwrap_or(f64::NAN))
}

/// The moment the app was live on this page (its first render), in ms.
async fn live_at(browser: &Browser) -> Result<f64, dojo_e2e::BoxError> {
    Ok(browser
        .wait_js("performance.getEntriesByName('dojo-rendered').length > 0 && performance.getEntriesByName('dojo-rendered')[0].startTime")
        .await?
        .as_f64()
        .unwrap_or(f64::NAN))
}

async fn start_times(
    dist: &std::path::Path,
    throttled: bool,
    strict: bool,
) -> Result<StartTimes, dojo_e2e::BoxError> {
    let server = StaticServer::start_compressed(dist, 0)?;
    let driver = Chromedriver::start()?;
    let mut t = StartTimes::default();
    for _ in 0..START_LOADS {
        // A first visit, and a call started at once: the service worker is
        // kept from registering, so nothing is precached and every file of
        // the call comes over the (throttled) network. DevTools throttling
        // does not reach a worker's own fetches, which would otherwise
        // precache the call's bundle at full speed behind the page's back.
        let browser = Browser::open(&driver, &server.url(), Viewport::default()).await?;
        browser
            .cdp(
                "Page.addScriptToEvaluateOnNewDocument",
                serde_json::json!({ "source": "delete Navigator.prototype.serviceWorker" }),
            )
            .await?;
        if throttled {
            throttle(&browser).await?;
        }
        browser.goto("/").await?;
        t.live.push(live_at(&browser).await?);
        let paint = browser
            .wait_js("performance.getEntriesByName('first-contentful-paint').length > 0 && performance.getEntriesByName('first-contentful-paint')[0].startTime")
            .await?;
        t.fcp.push(paint.as_f64().unwrap_or(f64::NAN));
        t.call.push(start_a_call(&browser).await?);
        browser
            .close_allowing(if strict { &[] } else { &[""] })
            .await?;

        // A later visit: the worker installed on the first one serves
        // everything.
        let browser = Browser::open(&driver, &server.url(), Viewport::default()).await?;
        browser.goto("/").await?;
        browser
            .wait_js("navigator.serviceWorker.controller !== null")
            .await?;
        if throttled {
            throttle(&browser).await?;
        }
        browser.goto("/").await?;
        t.live_again.push(live_at(&browser).await?);
        t.call_again.push(start_a_call(&browser).await?);
        browser
            .close_allowing(if strict { &[] } else { &[""] })
            .await?;
    }
    Ok(t)
}

/// `cargo xtask bench lighthouse`: Lighthouse (npm, with Debian's Chromium)
/// against the served build, mobile and desktop: the category scores and
/// the main timings.
pub fn lighthouse() -> Result<(), String> {
    build::release()?;
    let server = StaticServer::start_compressed(&build::dist(), 0)
        .map_err(|e| format!("cannot serve dist/: {e}"))?;
    let bin = crate::cmd::root().join("node_modules/.bin/lighthouse");
    // Lighthouse's default throttling is simulated: it replays the page's
    // unthrottled trace through a model, which counts every request begun
    // before the largest paint (here the WebAssembly, fetched while the
    // served page paints) as holding that paint up. The DevTools-throttled
    // run measures the page under the slow profile instead; every run also
    // prints the largest paint observed in its trace.
    for (preset, file) in [
        ("mobile", "mobile"),
        ("mobile, DevTools throttling", "mobile-devtools"),
        ("desktop", "desktop"),
    ] {
        let out = std::env::temp_dir().join(format!("dojo-lighthouse-{file}.json"));
        let mut cmd = crate::cmd::command(bin.to_string_lossy().as_ref());
        cmd.arg(format!("{}/", server.url()))
            .arg("--chrome-flags=--headless=new --no-sandbox --disable-gpu")
            .arg("--only-categories=performance,accessibility,best-practices")
            .arg("--output=json")
            .arg(format!("--output-path={}", out.display()))
            .arg("--quiet")
            .env("CHROME_PATH", "/usr/bin/chromium");
        if preset == "desktop" {
            cmd.arg("--preset=desktop");
        }
        if file == "mobile-devtools" {
            cmd.arg("--throttling-method=devtools");
        }
        crate::cmd::run(&mut cmd)?;
        let report: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(&out).map_err(|e| format!("{}: {e}", out.display()))?,
        )
        .map_err(|e| format!("lighthouse report: {e}"))?;
        println!("\n== Lighthouse, {preset} ==");
        for (key, cat) in report["categories"].as_object().into_iter().flatten() {
            println!("{key:<16} {:.2}", cat["score"].as_f64().unwrap_or(f64::NAN));
        }
        for audit in [
            "first-contentful-paint",
            "largest-contentful-paint",
            "total-blocking-time",
            "cumulative-layout-shift",
            "speed-index",
            "interactive",
        ] {
            println!(
                "{audit:<26} {}",
                report["audits"][audit]["displayValue"]
                    .as_str()
                    .unwrap_or("?")
            );
        }
        let observed = &report["audits"]["metrics"]["details"]["items"][0];
        println!(
            "observed in the trace: first contentful paint {} ms, largest contentful paint {} ms",
            observed["observedFirstContentfulPaint"], observed["observedLargestContentfulPaint"]
        );
    }
    Ok(())
}

/// Save and load of 10,000 attempts in Chromium's real local storage: the
/// ignored browser test `bench_storage_of_ten_thousand_attempts`, built
/// optimised like the app (LTO off, to build faster), prints `BENCH` lines.
pub fn storage() -> Result<(), String> {
    browser_bench(
        "progress storage, 10,000 attempts, headless Chromium (medians of 9)",
        "bench_storage",
    )
}

/// Today's drill queue from 5,000 cards' histories, in headless Chromium.
pub fn drills() -> Result<(), String> {
    browser_bench(
        "drill queue, 5,000 cards' histories, headless Chromium (medians of 9)",
        "bench_queue",
    )
}

/// Runs the ignored browser test(s) named by `filter` in an optimised build
/// and prints their `BENCH` lines.
fn browser_bench(title: &str, filter: &str) -> Result<(), String> {
    println!("\n== {title} ==");
    let out = crate::test::browser_tests()
        .args([
            "--release",
            "--",
            "--include-ignored",
            "--nocapture",
            filter,
        ])
        .env("CARGO_PROFILE_RELEASE_LTO", "false")
        .output()
        .map_err(|e| format!("could not run the {filter} bench: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text.lines().filter(|l| l.contains("BENCH ")).collect();
    if !out.status.success() || lines.is_empty() {
        return Err(format!(
            "the {filter} bench failed:\n{text}\n{}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    for line in lines {
        println!("{}", line.trim().trim_start_matches("BENCH "));
    }
    Ok(())
}

/// Runs the simulator benchmarks in an optimised build of this tool.
pub fn release_sim(which: &str) -> Result<(), String> {
    cmd::run(command("cargo").args([
        "run",
        "--release",
        "--quiet",
        "-p",
        "xtask",
        "--",
        "bench",
        "--in-release",
        which,
    ]))
}

/// Simulator benchmarks: `sim` (throughput, exploration), `policies`, `all`.
pub fn sim(which: &str) -> Result<(), String> {
    let catalogue = Catalogue::shipped();
    if which != "policies" {
        println!("\n== simulator, one thread, optimised build ==");
        for policy in [Policy::Random, Policy::Principled] {
            let calls = 200_000u64;
            let start = Instant::now();
            let mut checksum = 0u64;
            for seed in 0..calls {
                let settings = Settings {
                    seed,
                    difficulty: Difficulty::Normal,
                };
                checksum += u64::from(
                    callback_dojo::core::sim::policy::play(catalogue, policy, settings).score(),
                );
            }
            let secs = start.elapsed().as_secs_f64();
            println!(
                "full calls, {} player: {:.0} calls/s ({calls} calls in {secs:.2} s; checksum {checksum})",
                policy.name(),
                calls as f64 / secs
            );
        }
        let start = Instant::now();
        let mut options = 0u64;
        for seed in 0..200_000u64 {
            options += Session::new(
                catalogue,
                Settings {
                    seed,
                    difficulty: Difficulty::Hard,
                },
            )
            .options()
            .len() as u64;
        }
        println!(
            "session set-up only: {:.0} /s (checksum {options})",
            200_000.0 / start.elapsed().as_secs_f64()
        );
        let start = Instant::now();
        let found = explore(catalogue);
        println!(
            "exhaustive walk: {} scenarios, {} states, longest {} decisions, {} problems, in {:.0} ms",
            found.scenarios,
            found.states,
            found.longest,
            found.problems.len(),
            start.elapsed().as_secs_f64() * 1000.0
        );
    }
    if which != "sim" {
        println!("\n== policy table: 1,000 seeded calls per player and difficulty ==");
        println!(
            "{:<36} {:<7} {:>6} {:>6} {:>5} {:>9} {:>6}  outcomes ({})",
            "player",
            "level",
            "mean",
            "sd",
            "min",
            "diag acc",
            "brier",
            Outcome::ALL.map(|o| o.key()).join(" / ")
        );
        for difficulty in Difficulty::ALL {
            for policy in Policy::ALL {
                let s = evaluate(catalogue, policy, difficulty, 1000);
                println!(
                    "{:<36} {:<7} {:>6.1} {:>6.1} {:>5} {:>8.0}% {:>6.3}  {}",
                    policy.name(),
                    difficulty.key(),
                    s.mean,
                    s.spread,
                    s.min,
                    s.diagnosis_accuracy * 100.0,
                    s.brier,
                    s.outcomes.map(|n| n.to_string()).join(" / ")
                );
            }
        }
    }
    Ok(())
}

async fn first_render_times(dist: &std::path::Path) -> Result<Vec<f64>, dojo_e2e::BoxError> {
    let server = StaticServer::start(dist, 0)?;
    let driver = Chromedriver::start()?;
    let mut times = Vec::with_capacity(LOADS);
    for _ in 0..LOADS {
        let browser = Browser::open(&driver, &server.url(), Viewport::default()).await?;
        browser.goto("/").await?;
        let value = browser
            .wait_js("performance.getEntriesByName('dojo-rendered').length > 0 && performance.getEntriesByName('dojo-rendered')[0].startTime")
            .await?;
        times.push(value.as_f64().unwrap_or(f64::NAN));
        browser.close().await?;
    }
    Ok(times)
}

/// Plays whole calls by clicking the first option (and "true" at the
/// diagnosis), timing each click until the next step is in the DOM, as seen
/// by a MutationObserver in the page.
async fn click_times(dist: &std::path::Path) -> Result<Vec<f64>, dojo_e2e::BoxError> {
    const TIMED_CLICK: &str = "const done = arguments[arguments.length - 1];\
        const step = document.querySelector('main[data-screen]').dataset.step;\
        const t0 = performance.now();\
        const obs = new MutationObserver(() => {\
          const m = document.querySelector('main[data-screen]');\
          if (m && (m.dataset.screen === 'review' || m.dataset.step !== step)) { obs.disconnect(); done(performance.now() - t0); }\
        });\
        obs.observe(document.body, { subtree: true, childList: true, attributes: true });\
        document.querySelector(arguments[0]).click();";
    let server = StaticServer::start(dist, 0)?;
    let driver = Chromedriver::start()?;
    let browser = Browser::open(&driver, &server.url(), Viewport::default()).await?;
    let mut times = Vec::new();
    for seed in 1..=6 {
        browser
            .goto(&format!("/practice?seed={seed}&level=normal"))
            .await?;
        browser.wait_css("main[data-screen=practice]").await?;
        for _ in 0..20 {
            let phase = browser.eval("document.querySelector('main[data-phase]') ? document.querySelector('main[data-phase]').dataset.phase : ''").await?;
            let selector = match phase.as_str() {
                Some("") | None => break,
                Some("diagnosis") => {
                    browser.wait_css("button.truth").await?.click().await?;
                    browser.wait_css("button.truth.selected").await?;
                    "button.continue"
                }
                Some(_) => "button.option",
            };
            let ms = browser
                .client()
                .execute_async(TIMED_CLICK, vec![selector.into()])
                .await?;
            times.push(ms.as_f64().unwrap_or(f64::NAN));
        }
    }
    browser.close().await?;
    Ok(times)
}

/// Prints median, min, max and interquartile range.
pub fn print_stats(label: &str, samples: &[f64]) {
    let mut sorted: Vec<f64> = samples.iter().copied().filter(|v| v.is_finite()).collect();
    sorted.sort_by(|a, b| a.total_cmp(b));
    if sorted.is_empty() {
        println!("{label}: no samples");
        return;
    }
    let at = |q: f64| sorted[((sorted.len() - 1) as f64 * q).round() as usize];
    println!(
        "{label}: median {:.1}, min {:.1}, max {:.1}, p25 {:.1}, p75 {:.1}, p95 {:.1} (n = {})",
        at(0.5),
        sorted[0],
        sorted[sorted.len() - 1],
        at(0.25),
        at(0.75),
        at(0.95),
        sorted.len()
    );
}
