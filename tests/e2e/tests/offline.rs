//! Offline: after one visit, the app opens, plays a whole call and keeps it
//! with the static server stopped (the service worker serves the build),
//! and the browser log stays clean throughout.

use dojo_e2e::BoxError;
use serde_json::json;

use crate::practice::play_with_keys;
use crate::{rig, Viewport};

#[tokio::test(flavor = "current_thread")]
async fn after_one_visit_the_app_works_with_the_server_stopped() -> Result<(), BoxError> {
    let mut rig = rig(Viewport::default()).await?;
    rig.browser.goto("/").await?;
    rig.browser.wait_css("main[data-screen=home]").await?;
    // The worker has installed the build and controls the page.
    rig.browser
        .wait_js("navigator.serviceWorker.controller !== null")
        .await?;
    let url = rig.stop_server();
    // Really gone: nothing answers on its port any more.
    let address = url.trim_start_matches("http://").trim_end_matches('/');
    assert!(
        std::net::TcpStream::connect(address).is_err(),
        "the server still answers at {address}"
    );
    // A reload, then a deep link to a call: both from the worker's cache.
    rig.browser.reload().await?;
    rig.browser.wait_css("main[data-screen=home]").await?;
    rig.browser.goto("/practice?seed=7&level=normal").await?;
    rig.browser.wait_css("main[data-screen=practice]").await?;
    play_with_keys(&rig.browser).await?;
    rig.browser.wait_css("main[data-screen=review]").await?;
    let kept = rig
        .browser
        .eval("JSON.parse(localStorage.getItem('callback-dojo.progress')).attempts.length")
        .await?;
    assert_eq!(kept, json!(1));
    rig.browser.goto("/progress").await?;
    rig.browser.wait_css("tr.attempt").await?;
    rig.close().await
}

pub fn copy_dir(from: &std::path::Path, to: &std::path::Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

/// A new deploy is noticed and offered; taking it reloads into the new
/// version, whose cache is then the only one.
#[tokio::test(flavor = "current_thread")]
async fn a_new_version_is_offered_and_taken_whole() -> Result<(), BoxError> {
    let dist = build_copy("deploy")?;
    let rig = crate::rig_at(&dist, Viewport::default()).await?;
    let browser = &rig.browser;
    browser.goto("/").await?;
    browser.wait_css("main[data-screen=home]").await?;
    browser
        .wait_js("navigator.serviceWorker.controller !== null")
        .await?;
    let first = browser.eval("caches.keys().then(k => k.join(','))").await?;
    // The next deploy: any change to the build makes a new worker version.
    let sw = dist.join("sw.js");
    let version = sw_version(&sw)?;
    let text = std::fs::read_to_string(&sw)?;
    std::fs::write(&sw, text.replace(&version, "0000000000000001"))?;
    browser.reload().await?;
    browser.wait_css("main[data-screen=home]").await?;
    let offer = browser.wait_css(".notice.update button").await?;
    let text = browser
        .eval("document.querySelector('.notice.update').textContent")
        .await?;
    assert!(
        text.as_str().unwrap_or_default().contains("new version"),
        "{text}"
    );
    offer.click().await?;
    // Reloaded into the new version: the offer is gone and only the new
    // version's cache is left.
    browser
        .wait_js("document.querySelector('main[data-screen=home]') && !document.querySelector('.notice.update') && navigator.serviceWorker.controller !== null")
        .await?;
    browser
        .wait_js(
            "caches.keys().then(k => k.length === 1 && k[0] === 'callback-dojo-0000000000000001')",
        )
        .await?;
    assert_ne!(first, serde_json::json!("callback-dojo-0000000000000001"));
    let result = rig.close().await;
    let _ = std::fs::remove_dir_all(&dist);
    result
}

/// A copy of the build in a folder of its own, for a test that deploys
/// over it.
fn build_copy(name: &str) -> Result<std::path::PathBuf, BoxError> {
    let dist = std::env::temp_dir().join(format!("dojo-e2e-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dist);
    copy_dir(&dojo_e2e::dist_dir(), &dist)?;
    Ok(dist)
}

/// The version in a built `sw.js`.
fn sw_version(sw: &std::path::Path) -> Result<String, BoxError> {
    let text = std::fs::read_to_string(sw)?;
    Ok(text
        .split("const VERSION = \"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .ok_or("no version in sw.js")?
        .to_string())
}

/// The notice's text, once an update notice shows.
async fn update_notice(browser: &dojo_e2e::Browser) -> Result<String, BoxError> {
    browser.wait_css(".notice.update button").await?;
    let text = browser
        .eval("document.querySelector('.notice.update').textContent")
        .await?;
    Ok(text.as_str().unwrap_or_default().to_string())
}

/// Issue 19, case 8: a waiting version is offered on every later load and
/// in every new tab (the offer showed once, then never: the worker spoke
/// before the app listened); taking it in one tab tells the other, which
/// keeps working offline until its button reloads it into the new version
/// (the button did nothing).
#[tokio::test(flavor = "current_thread")]
async fn a_waiting_version_is_offered_on_every_load_and_in_every_tab() -> Result<(), BoxError> {
    let dist = build_copy("every")?;
    let mut rig = crate::rig_at(&dist, Viewport::default()).await?;
    let browser = &rig.browser;
    browser.goto("/").await?;
    browser.wait_css("main[data-screen=home]").await?;
    browser
        .wait_js("navigator.serviceWorker.controller !== null")
        .await?;
    let sw = dist.join("sw.js");
    let version = sw_version(&sw)?;
    let text = std::fs::read_to_string(&sw)?;
    std::fs::write(&sw, text.replace(&version, "0000000000000002"))?;
    // The deploy is found on the next load, and offered on each after it.
    for load in 0..3 {
        browser.reload().await?;
        browser.wait_css("main[data-screen=home]").await?;
        let text = update_notice(browser).await?;
        assert!(text.contains("is ready"), "load {load}: {text}");
    }
    // A new tab is offered it too.
    let first = browser.client().window().await?;
    let second = browser.client().new_window(true).await?.handle;
    browser.client().switch_to_window(second).await?;
    browser.goto("/principles").await?;
    browser.wait_css("main[data-screen=principles]").await?;
    assert!(update_notice(browser).await?.contains("is ready"));
    // Taken here: this tab reloads into the new version.
    browser
        .wait_css(".notice.update button")
        .await?
        .click()
        .await?;
    browser
        .wait_js("document.querySelector('main[data-screen=principles]') && !document.querySelector('.notice.update')")
        .await?;
    browser
        .wait_js(
            "caches.keys().then(k => k.length === 1 && k[0] === 'callback-dojo-0000000000000002')",
        )
        .await?;
    browser.client().close_window().await?;
    // The first tab is told, keeps working offline on its old version
    // until it reloads, and its button then reloads it (from the new
    // version's cache: the server is gone).
    browser.client().switch_to_window(first).await?;
    let text = update_notice(browser).await?;
    assert!(text.contains("taken in another tab"), "{text}");
    rig.stop_server();
    let browser = &rig.browser;
    browser.click_link("Principles").await?;
    browser.wait_css("main[data-screen=principles]").await?;
    browser
        .wait_css(".notice.update button")
        .await?
        .click()
        .await?;
    browser
        .wait_js("document.querySelector('main[data-screen=principles]') && !document.querySelector('.notice.update') && navigator.serviceWorker.controller !== null")
        .await?;
    let result = rig.close().await;
    let _ = std::fs::remove_dir_all(&dist);
    result
}

/// How the worker's install ends: "activated" or "redundant" (failed).
const INSTALL_OUTCOME: &str = "navigator.serviceWorker.register('/sw.js').then(r => {
    const w = r.installing || r.waiting || r.active;
    if (!w) return 'none';
    const done = () => w.state === 'activated' || w.state === 'redundant';
    if (done()) return w.state;
    return new Promise(res => w.addEventListener('statechange', () => { if (done()) res(w.state); }));
})";

/// Issue 19, case 8: a deploy during a first visit's worker install (a page
/// on the server is already the next version's) left a cache named for the
/// first version holding the next one's pages. Now the install fails and
/// keeps nothing; once the deploy is whole, the worker keeps exactly its
/// own version's files.
#[tokio::test(flavor = "current_thread")]
async fn a_deploy_during_the_first_install_mixes_no_cache() -> Result<(), BoxError> {
    let dist = build_copy("mixed")?;
    let page = dist.join("practice.html");
    let original = std::fs::read_to_string(&page)?;
    std::fs::write(&page, format!("{original}<!-- the next deploy -->"))?;
    let rig = crate::rig_at(&dist, Viewport::default()).await?;
    let browser = &rig.browser;
    browser.goto("/").await?;
    browser.wait_css("main[data-screen=home]").await?;
    let outcome = browser.eval(INSTALL_OUTCOME).await?;
    assert_eq!(outcome, json!("redundant"), "the mixed install failed");
    let caches = browser
        .eval("caches.keys().then(k => k.filter(n => n.startsWith('callback-dojo-')).length)")
        .await?;
    assert_eq!(caches, json!(0), "nothing kept of a mixed install");
    // The deploy is whole (here: the page is the worker's version again).
    std::fs::write(&page, &original)?;
    let outcome = browser.eval(INSTALL_OUTCOME).await?;
    assert_eq!(outcome, json!("activated"));
    let version = sw_version(&dist.join("sw.js"))?;
    let kept = browser
        .eval(&format!(
            "caches.open('callback-dojo-{version}').then(c => c.match('/practice.html')).then(r => r.text())"
        ))
        .await?;
    assert_eq!(kept, json!(original), "the cached page is the worker's own");
    let names = browser.eval("caches.keys()").await?;
    assert_eq!(names, json!([format!("callback-dojo-{version}")]));
    let result = rig
        .browser
        .close_allowing(&["is not of version", "sw.js"])
        .await;
    let _ = std::fs::remove_dir_all(&dist);
    result
}
