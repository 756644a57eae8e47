//! End-to-end tests: the built `dist/` served on loopback, driven in headless
//! Chromium through WebDriver, by roles, names and visible text.
//!
//! Run by `cargo xtask test` after the release build. Every test starts its
//! own server, chromedriver and browser profile, so tests share nothing.

mod academy;
mod drills;
mod kept;
mod lrs;
mod offline;
mod practice;
mod prerender;
mod progress;

use std::path::PathBuf;

use callback_dojo::core::catalogue::Catalogue;
pub use dojo_e2e::Viewport;
use dojo_e2e::{dist_dir, BoxError, Browser, Chromedriver, StaticServer};

/// A server for `dist/`, a chromedriver, and one browser session.
pub struct Rig {
    pub browser: Browser,
    _driver: Chromedriver,
    server: Option<StaticServer>,
}

impl Rig {
    /// Stops the static server (the network is gone for the app) and
    /// returns the address it served on.
    pub fn stop_server(&mut self) -> String {
        let url = self
            .server
            .as_ref()
            .map(StaticServer::url)
            .unwrap_or_default();
        self.server = None;
        url
    }

    /// The origin the app is served from.
    pub fn url(&self) -> String {
        self.server
            .as_ref()
            .map(StaticServer::url)
            .unwrap_or_default()
    }

    /// Ends the browser session; the driver and server stop when dropped.
    pub async fn close(self) -> Result<(), BoxError> {
        self.browser.close().await
    }
}

pub async fn rig(viewport: Viewport) -> Result<Rig, BoxError> {
    rig_at(&dist_dir(), viewport).await
}

/// A rig serving another copy of the build (a test that changes it).
pub async fn rig_at(dist: &std::path::Path, viewport: Viewport) -> Result<Rig, BoxError> {
    let server = StaticServer::start(dist, 0)?;
    let driver = Chromedriver::start()?;
    let browser = Browser::open(&driver, &server.url(), viewport).await?;
    Ok(Rig {
        browser,
        _driver: driver,
        server: Some(server),
    })
}

/// WebDriver keys.
pub const TAB: &str = "\u{E004}";
pub const ENTER: &str = "\u{E007}";

/// A script's value as text ("" when it is not a string).
pub async fn text(browser: &Browser, script: &str) -> Result<String, BoxError> {
    Ok(browser
        .eval(script)
        .await?
        .as_str()
        .unwrap_or("")
        .to_string())
}

/// Fails with the screen's name if axe-core finds a serious or critical
/// violation.
pub async fn assert_accessible(browser: &Browser, screen: &str) -> Result<(), BoxError> {
    let found = browser.axe_serious().await?;
    assert!(found.is_empty(), "{screen}: {found:?}");
    Ok(())
}

/// Clicks "Reset progress" on the progress screen, then confirms it.
pub async fn reset_progress(browser: &Browser) -> Result<(), BoxError> {
    for action in ["reset", "confirm-reset"] {
        browser
            .wait_css(&format!("button[data-action={action}]"))
            .await?
            .click()
            .await?;
    }
    Ok(())
}

/// Presses Tab until the focused element matches `css` (at most 60 times).
pub async fn tab_to(browser: &Browser, css: &str) -> Result<(), BoxError> {
    for _ in 0..60 {
        let here = browser
            .eval(&format!(
                "document.activeElement && document.activeElement.matches({})",
                serde_json::json!(css)
            ))
            .await?;
        if here == serde_json::Value::Bool(true) {
            return Ok(());
        }
        browser.press(TAB).await?;
    }
    Err(format!("Tab never reached {css}").into())
}

pub fn title_of(key: &str) -> String {
    let catalogue = Catalogue::shipped();
    let id = catalogue.principle_by_key(key).expect("principle exists");
    catalogue.principle(id).title.to_string()
}

pub fn screenshot_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots")
}

async fn count(browser: &Browser, css: &str) -> Result<u64, BoxError> {
    let script = format!(
        "return document.querySelectorAll({}).length;",
        serde_json::json!(css)
    );
    Ok(browser
        .client()
        .execute(&script, vec![])
        .await?
        .as_u64()
        .unwrap_or(0))
}

#[tokio::test(flavor = "current_thread")]
async fn home_leads_to_the_principles_library() -> Result<(), BoxError> {
    let rig = rig(Viewport::default()).await?;
    let browser = &rig.browser;
    browser.goto("/").await?;
    let heading = browser.heading().await?;
    assert!(heading.contains("call me later"), "home heading: {heading}");
    browser
        .screenshot(&screenshot_dir().join("home-1280.png"))
        .await?;

    browser.click_link("Browse the principles").await?;
    browser.wait_heading("Principles").await?;
    let catalogue = Catalogue::shipped();
    assert_eq!(
        count(browser, "li.principle-item").await?,
        catalogue.principles().len() as u64
    );
    assert_eq!(count(browser, "h1").await?, 1);
    // The link pressed went away with the home screen: the keyboard's
    // place is the new screen, and the navigation says where you are.
    assert_eq!(
        browser
            .eval("document.activeElement && document.activeElement.id")
            .await?,
        serde_json::json!("main")
    );
    assert_eq!(
        browser
            .eval("[...document.querySelectorAll('nav a[aria-current=page]')].map(a => a.textContent)")
            .await?,
        serde_json::json!(["Principles"])
    );
    browser
        .screenshot(&screenshot_dir().join("principles-1280.png"))
        .await?;
    rig.close().await
}

#[tokio::test(flavor = "current_thread")]
async fn a_principle_opens_by_deep_link_and_survives_reload() -> Result<(), BoxError> {
    let rig = rig(Viewport {
        width: 375,
        height: 812,
    })
    .await?;
    let browser = &rig.browser;
    let title = title_of("oomph");
    browser.goto("/principles/oomph").await?;
    browser.wait_heading(&title).await?;
    browser.reload().await?;
    browser.wait_heading(&title).await?;
    let key = browser
        .wait_css("main[data-principle]")
        .await?
        .attr("data-principle")
        .await?;
    assert_eq!(key.as_deref(), Some("oomph"));
    let doc_title = browser.client().title().await?;
    assert!(doc_title.starts_with(&title), "document title: {doc_title}");
    browser
        .screenshot(&screenshot_dir().join("principle-375.png"))
        .await?;

    // The pager moves to the next principle in content order.
    let next = title_of("persona-signal");
    browser.click_link(&format!("{next} \u{2192}")).await?;
    browser.wait_heading(&next).await?;
    // The back button returns to the previous principle without a reload.
    browser.client().back().await?;
    browser.wait_heading(&title).await?;
    rig.close().await
}

#[tokio::test(flavor = "current_thread")]
async fn opened_principles_stay_marked_after_reload() -> Result<(), BoxError> {
    let rig = rig(Viewport::default()).await?;
    let browser = &rig.browser;
    browser.goto("/principles/ask-why-then").await?;
    browser.wait_heading(&title_of("ask-why-then")).await?;
    browser.click_link("Principles").await?;
    browser.wait_heading("Principles").await?;
    browser.wait_css("li#ask-why-then.is-read").await?;
    browser.reload().await?;
    browser.wait_heading("Principles").await?;
    browser.wait_css("li#ask-why-then.is-read").await?;
    assert_eq!(count(browser, "li.principle-item.is-read").await?, 1);
    let summary = browser.wait_css(".study-count").await?.text().await?;
    assert!(summary.contains("1 of 24"), "{summary}");
    rig.close().await
}

#[tokio::test(flavor = "current_thread")]
async fn an_unknown_address_shows_a_way_back() -> Result<(), BoxError> {
    let rig = rig(Viewport::default()).await?;
    let browser = &rig.browser;
    browser.goto("/no/such/page").await?;
    browser.wait_heading("Page not found").await?;
    browser.click_link("Go to the home screen").await?;
    let heading = browser.heading().await?;
    assert!(heading.contains("call me later"), "{heading}");
    rig.close().await
}

/// The page's Content-Security-Policy is in force and the app works under
/// it: an injected inline script does not run, no inline script or inline
/// handler is in the page, and the browser log stays clean.
#[tokio::test(flavor = "current_thread")]
async fn the_content_security_policy_is_in_force() -> Result<(), BoxError> {
    let rig = rig(Viewport::default()).await?;
    let browser = &rig.browser;
    browser.goto("/").await?;
    browser.wait_css("main[data-screen=home]").await?;
    let csp = browser
        .eval("document.querySelector('meta[http-equiv=Content-Security-Policy]').content")
        .await?;
    let csp = csp.as_str().unwrap_or_default().to_string();
    assert!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval'"),
        "{csp}"
    );
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    let inline = browser
        .eval(
            "[...document.scripts].filter(s => !s.src).length \
             + [...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length",
        )
        .await?;
    assert_eq!(inline, serde_json::json!(0), "inline scripts or handlers");
    browser
        .eval(
            "document.head.appendChild(Object.assign(document.createElement('script'), { textContent: 'window.injected = true' })) && true",
        )
        .await?;
    let ran = browser.eval("window.injected === true").await?;
    assert_eq!(ran, serde_json::json!(false), "an inline script ran");
    // The browser reported the refusal in its own log (which is how every
    // end-to-end test's clean-log check can see such things).
    let log = browser.browser_log().await?;
    assert!(
        log.iter()
            .any(|(level, m)| level == "SEVERE" && m.contains("Content Security Policy")),
        "{log:?}"
    );
    rig.browser.close().await
}
