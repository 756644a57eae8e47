//! The prerendered first views: really in the served HTML (read with the
//! page's JavaScript off), and adopted by the app (the same elements, no
//! layout shift by the Layout Instability API, in the page).

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

/// The page's cumulative layout shift so far (the Layout Instability API).
async fn layout_shift(browser: &Browser) -> Result<serde_json::Value, BoxError> {
    browser
        .eval(
            "(() => { const o = new PerformanceObserver(() => {}); \
             o.observe({ type: 'layout-shift', buffered: true }); \
             const total = o.takeRecords().reduce((s, e) => s + e.value, 0); \
             o.disconnect(); return total; })()",
        )
        .await
}

/// Compares the `#app` of the page as served (fetched again and parsed)
/// with the live one the app rendered: every element's tag, attributes and
/// text, in order. `checked` is left out: the app sets it as a property
/// (the served page carries it as an attribute, so a radio shows checked
/// with JavaScript off). Answers "same" or the first difference.
const SAME_MARKUP: &str = r#"
const done = arguments[arguments.length - 1];
const walk = (live) => {
  // Adjacent text nodes (the app's, one per text in the view) as the
  // parser reads them: one.
  const root = live.cloneNode(true);
  root.normalize();
  const out = [];
  const visit = (n) => {
    if (n.nodeType === Node.TEXT_NODE) { if (n.data.trim()) out.push('#' + n.data); return; }
    if (n.nodeType !== Node.ELEMENT_NODE) return;
    const attrs = [...n.attributes].filter(a => a.name !== 'checked')
      .map(a => a.name + '=' + a.value).sort().join(' ');
    out.push('<' + n.tagName.toLowerCase() + ' ' + attrs);
    n.childNodes.forEach(visit);
    out.push('>');
  };
  root.childNodes.forEach(visit);
  return out;
};
fetch(arguments[0]).then(r => r.text()).then(text => {
  const served = new DOMParser().parseFromString(text, 'text/html').getElementById('app');
  const a = walk(served), b = walk(document.getElementById('app'));
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) { done('served ' + a[i] + ' / app ' + b[i] + ' at ' + i); return; }
  }
  done(a.length > 20 ? 'same' : 'too little markup: ' + a.length);
}).catch(e => done(String(e)));
"#;

#[tokio::test(flavor = "current_thread")]
async fn the_app_takes_over_without_a_layout_shift() -> Result<(), BoxError> {
    let rig = rig(Viewport::default()).await?;
    let browser = &rig.browser;
    // The screen's element as served, kept once the page is parsed and
    // before any script of the app has run.
    browser
        .cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            serde_json::json!({ "source": "document.addEventListener('readystatechange', () => { if (document.readyState === 'interactive') { window.servedMain = document.querySelector('#app main'); } });" }),
        )
        .await?;
    // The library last again, with a principle read: the app's list then
    // differs from the served one (it marks what was read), without a shift.
    let mut seen = Vec::new();
    for path in [
        "/principles",
        "/principles/oomph",
        "/",
        // What static hosts serve at an unknown address.
        "/404.html",
        "/principles",
    ] {
        browser.goto(path).await?;
        // The app has rendered and replaced the prerendered markup.
        browser
            .wait_js("performance.getEntriesByName('dojo-rendered').length > 0")
            .await?;
        let shift = layout_shift(browser).await?;
        assert_eq!(shift.as_f64(), Some(0.0), "{path}: layout shift {shift}");
        // Adopted, not replaced: the screen on the page is the very element
        // the browser parsed from the served HTML (hydration), so nothing
        // was painted twice.
        assert_eq!(
            browser
                .eval("window.servedMain !== null && document.querySelector('#app main') === window.servedMain")
                .await?,
            serde_json::json!(true),
            "{path}: the served screen was replaced"
        );
        // The served markup is the app's own first render, element for
        // element: the server renderer ran the same components.
        if !seen.contains(&path) {
            seen.push(path);
            let compared = browser
                .client()
                .execute_async(SAME_MARKUP, vec![serde_json::json!(path)])
                .await?;
            assert_eq!(compared, serde_json::json!("same"), "{path}");
        }
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

/// The screens that need saved data are served as the frame with a loading
/// screen and fill in when the app starts: nothing in view moves then.
#[tokio::test(flavor = "current_thread")]
async fn screens_that_fill_in_move_nothing() -> Result<(), BoxError> {
    // A phone, where a short loading screen leaves the footer in view.
    let rig = rig(Viewport {
        width: 390,
        height: 844,
    })
    .await?;
    let browser = &rig.browser;
    // A slow network, so the served loading screen is painted before the
    // app has arrived to fill it in.
    browser.slow_network().await?;
    for (path, ready) in [
        (
            "/practice?seed=7&level=normal",
            "main[data-screen=practice] .options button",
        ),
        ("/progress", "main[data-screen=progress]"),
        ("/drills", "main[data-screen=drills]"),
    ] {
        browser.goto(path).await?;
        browser
            .wait_js(&format!("document.querySelector('{ready}') !== null"))
            .await?;
        let shift = layout_shift(browser).await?;
        assert_eq!(shift.as_f64(), Some(0.0), "{path}: layout shift {shift}");
    }
    rig.close().await
}
