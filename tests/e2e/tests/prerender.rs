//! The prerendered first views: really in the served HTML (read with the
//! page's JavaScript off), and taken over by the app without a layout shift
//! (the Layout Instability API, in the page).

use dojo_e2e::{dist_dir, BoxError, Browser, Chromedriver, StaticServer};
use fantoccini::Locator;

use crate::{rig, title_of, Viewport};

#[tokio::test(flavor = "current_thread")]
async fn prerendered_routes_show_their_heading_without_javascript() -> Result<(), BoxError> {
    let server = StaticServer::start(&dist_dir(), 0)?;
    let driver = Chromedriver::start()?;
    let browser = Browser::open_with(&driver, &server.url(), Viewport::default(), false).await?;
    for (path, heading) in [
        ("/principles/oomph", title_of("oomph")),
        ("/principles/book-it-now", title_of("book-it-now")),
        ("/principles", "Principles".to_string()),
        ("/", "call me later".to_string()),
    ] {
        browser.goto(path).await?;
        let h1 = browser
            .client()
            .find(Locator::Css("h1"))
            .await?
            .text()
            .await?;
        assert!(h1.contains(&heading), "{path}: {h1}");
        let main = browser
            .client()
            .find(Locator::Css("main"))
            .await?
            .text()
            .await?;
        assert!(main.len() > 80, "{path}: little text in the HTML: {main}");
    }
    // With JavaScript off nothing of the app runs, and the page says why
    // the calls need it (the noscript note).
    browser.close_allowing(&[]).await
}

#[tokio::test(flavor = "current_thread")]
async fn the_app_takes_over_without_a_layout_shift() -> Result<(), BoxError> {
    let rig = rig(Viewport::default()).await?;
    let browser = &rig.browser;
    for path in ["/principles/oomph", "/principles", "/"] {
        browser.goto(path).await?;
        // The app has rendered and replaced the prerendered markup.
        browser
            .wait_js("performance.getEntriesByName('dojo-rendered').length > 0")
            .await?;
        let shift = browser
            .eval(
                "(() => { const o = new PerformanceObserver(() => {}); \
                 o.observe({ type: 'layout-shift', buffered: true }); \
                 const total = o.takeRecords().reduce((s, e) => s + e.value, 0); \
                 o.disconnect(); return total; })()",
            )
            .await?;
        assert_eq!(shift.as_f64(), Some(0.0), "{path}: layout shift {shift}");
        assert_eq!(
            browser
                .eval("document.querySelectorAll('#app, main').length")
                .await?,
            serde_json::json!(2),
            "{path}: one app, one screen"
        );
    }
    // The app on the page is live: a link navigates in place (no page
    // load, so a mark left on `window` survives) and the screen changes.
    browser.eval("(window.sameDocument = true)").await?;
    browser.click_link("Principles").await?;
    browser.wait_heading("Principles").await?;
    assert_eq!(
        browser.eval("window.sameDocument === true").await?,
        serde_json::json!(true)
    );
    rig.close().await
}
