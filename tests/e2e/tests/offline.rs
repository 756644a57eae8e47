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
