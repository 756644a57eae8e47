//! Issue 19, end to end: a call finished with storage full survives the
//! click into another bundle and is stored once there is room, and a page
//! framed by another page refuses to reset the real progress.

use callback_dojo::core::catalogue::Catalogue;
use callback_dojo::core::progress::{Attempt, Progress};
use callback_dojo::core::saved::encode_progress;
use callback_dojo::core::sim::policy::{play, Policy};
use callback_dojo::core::sim::{Difficulty, Settings};
use dojo_e2e::{dist_dir, BoxError, Browser, Chromedriver, StaticServer, Viewport};
use fantoccini::Locator;

use crate::practice::play_with_keys;
use crate::{count, rig};

/// Fills local storage with another key, to the byte; returns how many
/// filler keys it wrote.
const FILL: &str = "(() => {
    let n = 0;
    for (let size = 1 << 20; size >= 1; size = Math.floor(size / 2)) {
        const chunk = 'x'.repeat(size);
        for (;;) {
            try { localStorage.setItem('filler-' + n, chunk); n += 1; } catch (e) { break; }
        }
    }
    return n;
})()";

const FREE: &str = "(() => {
    for (const k of Object.keys(localStorage)) if (k.startsWith('filler-')) localStorage.removeItem(k);
    return true;
})()";

/// Case 4: "kept in this tab until you close it" was not true: with storage
/// full, a finished call was gone after a click on Progress (another
/// bundle, another page). Now the progress page shows it, says it is not
/// saved, and a later page stores it once there is room.
#[tokio::test(flavor = "current_thread")]
async fn a_call_made_with_storage_full_survives_the_click_into_progress() -> Result<(), BoxError> {
    let rig = rig(Viewport::default()).await?;
    let browser = &rig.browser;
    browser.goto("/practice?seed=5&level=easy").await?;
    browser.wait_css("main[data-screen=practice]").await?;
    let fillers = browser.eval(FILL).await?;
    assert!(fillers.as_u64().unwrap_or(0) > 0, "{fillers}");
    play_with_keys(browser).await?;
    // Not saved: the notice says this tab keeps it.
    let notice = browser
        .wait_js("[...document.querySelectorAll('.notice')].map(n => n.textContent).join(' ')")
        .await?;
    assert!(
        notice.as_str().unwrap_or_default().contains("not saved"),
        "{notice}"
    );
    browser.click_link("Progress").await?;
    browser.wait_css("main[data-screen=progress]").await?;
    browser.wait_css("tr.attempt").await?;
    assert_eq!(count(browser, "tr.attempt").await?, 1, "the call is there");
    let notice = browser
        .wait_js("[...document.querySelectorAll('.notice')].map(n => n.textContent).join(' ')")
        .await?;
    assert!(
        notice
            .as_str()
            .unwrap_or_default()
            .contains("still kept in this tab"),
        "{notice}"
    );
    // Room again: the next page stores it.
    browser.eval(FREE).await?;
    browser.reload().await?;
    browser.wait_css("tr.attempt").await?;
    browser
        .wait_js(
            "(localStorage.getItem('callback-dojo.progress') || '').includes('\"attempts\":[[')",
        )
        .await?;
    assert_eq!(
        browser
            .eval("sessionStorage.getItem('callback-dojo.unsaved')")
            .await?,
        serde_json::Value::Null,
        "nothing left unsaved"
    );
    rig.close().await
}

/// Case 9: a page on another port of the same host frames /progress (the
/// app served by a host that cannot send frame-ancestors). A click on Reset
/// there is refused, says why, and the real progress is untouched.
#[tokio::test(flavor = "current_thread")]
async fn a_framed_progress_page_refuses_reset() -> Result<(), BoxError> {
    let app = StaticServer::start_framable(&dist_dir(), 0)?;
    let host_dir = std::env::temp_dir().join(format!("dojo-e2e-framer-{}", std::process::id()));
    std::fs::create_dir_all(&host_dir)?;
    std::fs::write(
        host_dir.join("index.html"),
        format!(
            "<!doctype html><title>Another page</title><link rel=\"icon\" href=\"data:,\"><iframe src=\"{}/progress\" width=\"900\" height=\"700\"></iframe>",
            app.url()
        ),
    )?;
    let host = StaticServer::start(&host_dir, 0)?;
    let driver = Chromedriver::start()?;
    let browser = Browser::open(&driver, &app.url(), Viewport::default()).await?;
    // The trainee's real progress: one call.
    browser.goto("/").await?;
    browser.wait_css("main[data-screen=home]").await?;
    let mut progress = Progress::default();
    let session = play(
        Catalogue::shipped(),
        Policy::Principled,
        Settings {
            seed: 3,
            difficulty: Difficulty::Normal,
        },
    );
    progress.record(Attempt::of(&session, 1_800_000_000, 0));
    browser
        .eval(&format!(
            "localStorage.setItem('callback-dojo.progress', {})",
            serde_json::json!(encode_progress(&progress))
        ))
        .await?;
    browser.client().goto(&format!("{}/", host.url())).await?;
    browser
        .client()
        .wait()
        .for_element(Locator::Css("iframe"))
        .await?;
    browser.client().enter_frame(0).await?;
    browser.wait_css("tr.attempt").await?;
    crate::reset_progress(&browser).await?;
    let status = browser
        .wait_js("document.querySelector('.status.error') && document.querySelector('.status.error').textContent")
        .await?;
    let status = status.as_str().unwrap_or_default();
    assert!(
        status.contains("nothing was deleted") && status.contains("frame"),
        "{status}"
    );
    browser.client().enter_parent_frame().await?;
    browser.goto("/progress").await?;
    browser.wait_css("tr.attempt").await?;
    assert_eq!(count(&browser, "tr.attempt").await?, 1, "nothing was reset");
    let result = browser.close().await;
    let _ = std::fs::remove_dir_all(&host_dir);
    result
}
