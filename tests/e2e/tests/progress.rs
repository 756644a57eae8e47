//! End-to-end progress: finished calls are kept, survive a reload, show on
//! the progress screen, and reopen to the review shown when they ended;
//! import through the real file picker, good and bad.

use callback_dojo::core::catalogue::Catalogue;
use callback_dojo::core::progress::{Attempt, Progress};
use callback_dojo::core::saved::encode_progress;
use callback_dojo::core::sim::policy::{play, Policy};
use callback_dojo::core::sim::{Difficulty, Settings};
use dojo_e2e::{BoxError, Browser};
use fantoccini::Locator;

use crate::practice::play_with_keys;
use crate::{count, rig, screenshot_dir, Viewport};

/// What the review says, without its action buttons.
const REVIEW_TEXT: &str = "['.scores', '.truth-section', '.decisions'].map(s => document.querySelector(s).innerText).join('\\n')";

async fn play_call(browser: &Browser, seed: u64, level: &str) -> Result<String, BoxError> {
    browser
        .goto(&format!("/practice?seed={seed}&level={level}"))
        .await?;
    browser.wait_css("main[data-screen=practice]").await?;
    play_with_keys(browser).await?;
    let text = browser.eval(REVIEW_TEXT).await?;
    Ok(text.as_str().unwrap_or_default().to_string())
}

async fn figure(browser: &Browser, key: &str) -> Result<String, BoxError> {
    let v = browser
        .eval(&format!(
            "document.querySelector('[data-figure={key}] dd').textContent"
        ))
        .await?;
    Ok(v.as_str().unwrap_or_default().to_string())
}

#[tokio::test(flavor = "current_thread")]
async fn two_calls_are_kept_and_reopen_to_the_same_review() -> Result<(), BoxError> {
    let rig = rig(Viewport::default()).await?;
    let browser = &rig.browser;

    browser.goto("/progress").await?;
    browser.wait_css(".empty-state").await?;
    assert_eq!(browser.axe_serious().await?, Vec::<String>::new());

    let first = play_call(browser, 7, "normal").await?;
    assert!(first.contains("decision score"), "{first}");
    let second = play_call(browser, 12, "hard").await?;

    // A finished call's address is its review's: a reload shows the same
    // review again, and the finished calls are kept.
    let address = browser.eval("location.pathname + location.search").await?;
    assert!(
        address
            .as_str()
            .is_some_and(|a| a.starts_with("/review?seed=12&level=hard&choices=")),
        "{address}"
    );
    browser.reload().await?;
    browser
        .wait_css("main[data-screen=review] .decisions")
        .await?;
    let reloaded = browser.eval(REVIEW_TEXT).await?;
    assert_eq!(reloaded.as_str().unwrap_or_default(), second);
    browser.click_link("Progress").await?;
    browser
        .wait_css("main[data-screen=progress] tr.attempt")
        .await?;
    assert_eq!(count(browser, "tr.attempt").await?, 2);
    assert_eq!(figure(browser, "calls").await?, "2");
    assert_eq!(figure(browser, "days").await?, "1");
    assert_eq!(figure(browser, "streak").await?, "1 day");
    assert!(count(browser, "li.principle-mastery").await? > 3);
    assert_eq!(browser.axe_serious().await?, Vec::<String>::new());
    browser
        .screenshot(&screenshot_dir().join("progress-1280.png"))
        .await?;

    // Newest first: the hard call on top; each row reopens its own review.
    for (seed, want) in [(7, &first), (12, &second)] {
        browser
            .wait_css(&format!("tr.attempt a[href*='seed={seed}&']"))
            .await?
            .click()
            .await?;
        browser.wait_css("main[data-screen=review]").await?;
        let url = browser.client().current_url().await?;
        assert_eq!(url.path(), "/review");
        let text = browser.eval(REVIEW_TEXT).await?;
        assert_eq!(text.as_str(), Some(want.as_str()), "seed {seed}");
        browser.client().back().await?;
        browser
            .wait_css("main[data-screen=progress] tr.attempt")
            .await?;
    }

    // The streak can be switched off, and stays off after a reload.
    browser
        .wait_css("input[data-action=streak]")
        .await?
        .click()
        .await?;
    browser
        .wait_js("!document.querySelector('[data-figure=streak]')")
        .await?;
    browser.reload().await?;
    browser.wait_css("tr.attempt").await?;
    assert_eq!(count(browser, "[data-figure=streak]").await?, 0);
    rig.close().await
}

/// Chooses `file` in the import picker, as a user would.
async fn pick(browser: &Browser, file: &std::path::Path) -> Result<(), BoxError> {
    browser
        .client()
        .find(Locator::Css("input[data-action=import]"))
        .await?
        .send_keys(&file.to_string_lossy())
        .await?;
    Ok(())
}

#[tokio::test(flavor = "current_thread")]
async fn a_file_is_imported_through_the_picker_and_a_bad_one_changes_nothing(
) -> Result<(), BoxError> {
    let dir = std::env::temp_dir().join(format!("dojo-e2e-import-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let mut progress = Progress::default();
    for seed in 0..3 {
        let session = play(
            Catalogue::shipped(),
            Policy::Principled,
            Settings {
                seed,
                difficulty: Difficulty::Normal,
            },
        );
        progress.record(Attempt::of(&session, 1_760_000_000 + seed * 90_000, 0));
    }
    let good = dir.join("good.json");
    std::fs::write(&good, encode_progress(&progress))?;
    let bad = dir.join("bad.json");
    std::fs::write(&bad, "{\"v\":2,\"attempts\":[[1,2]]")?;

    let rig = rig(Viewport::default()).await?;
    let browser = &rig.browser;
    browser.goto("/progress").await?;
    browser.wait_css(".empty-state").await?;

    pick(browser, &good).await?;
    browser
        .wait_js("document.querySelector('.status') && document.querySelector('.status').textContent.startsWith('Imported')")
        .await?;
    assert_eq!(count(browser, "tr.attempt").await?, 3);
    assert_eq!(figure(browser, "days").await?, "3");

    // The same file again: nothing is counted twice.
    pick(browser, &good).await?;
    browser
        .wait_js("document.querySelector('.status').textContent.includes('0 new calls')")
        .await?;
    assert_eq!(count(browser, "tr.attempt").await?, 3);

    pick(browser, &bad).await?;
    let message = browser
        .wait_js("document.querySelector('.status.error') && document.querySelector('.status.error').textContent")
        .await?;
    let message = message.as_str().unwrap_or_default();
    assert!(
        message.contains("was not imported, and nothing changed"),
        "{message}"
    );
    assert_eq!(count(browser, "tr.attempt").await?, 3);

    // Reset asks first, then deletes.
    crate::reset_progress(browser).await?;
    browser.wait_css(".empty-state").await?;
    browser.reload().await?;
    browser.wait_css(".empty-state").await?;
    let _ = std::fs::remove_dir_all(&dir);
    rig.close().await
}
