//! `cargo xtask bench`: measured figures for the release build.
//!
//! Sizes (raw, gzip, brotli) and the time from navigation to the first
//! rendered screen in headless Chromium, over several cold loads (a fresh
//! browser profile each time). The app marks the moment with
//! `performance.mark("dojo-rendered")` once its first screen is in the DOM.
//! Times are reported, never asserted: they depend on the machine.

use dojo_e2e::{Browser, Chromedriver, StaticServer, Viewport};

use crate::{build, setup, sizes};

/// Cold loads measured for the first-render figure.
const LOADS: usize = 9;

pub fn run() -> Result<(), String> {
    setup::run()?;
    build::release()?;
    let dist = build::dist();
    println!("\n== sizes of the release build (bytes) ==");
    let brotli = sizes::report(&dist)?;
    println!(
        "budget: {brotli} / {} B brotli (wasm + js)",
        sizes::BUDGET_BROTLI
    );

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
