//! End-to-end drills: a session typed and rated with the keyboard only, the
//! right cards due on later days (the page's clock moved forward through
//! the DevTools protocol), the cue-reading drill, and axe-core on every
//! drill screen. Every session's browser log is read at its end.

use callback_dojo::core::catalogue::Catalogue;
use callback_dojo::core::drill::fsrs::{Memory, Rating};
use dojo_e2e::{BoxError, Browser};
use serde_json::{json, Value};

use crate::{assert_accessible, rig, screenshot_dir, tab_to, text, Viewport, ENTER};

const CONTROL: &str = "\u{E009}";
/// Releases held modifier keys.
const RELEASE: &str = "\u{E000}";
const SPACE: &str = " ";

async fn card(browser: &Browser) -> Result<(String, String), BoxError> {
    let key = text(
        browser,
        "document.querySelector('article.drill-card').dataset.card",
    )
    .await?;
    let stage = text(
        browser,
        "document.querySelector('article.drill-card').dataset.stage",
    )
    .await?;
    Ok((key, stage))
}

/// Answers the card on screen with the keyboard: type, Ctrl+Enter, tick
/// the first check with Space, rate with the key of `rating`.
async fn answer_with_keys(browser: &Browser, rating: Rating) -> Result<String, BoxError> {
    let (key, _) = card(browser).await?;
    tab_to(browser, "#drill-answer").await?;
    browser
        .press("Sorry, sounds like I caught you at a bad moment. I'll call you Thursday at 10.")
        .await?;
    browser.press(&format!("{CONTROL}{ENTER}{RELEASE}")).await?;
    browser
        .wait_css("article.drill-card[data-stage=reveal]")
        .await?;
    tab_to(browser, ".rubric input[type=checkbox]").await?;
    browser.press(SPACE).await?;
    browser
        .wait_css(".rubric input[type=checkbox]:checked")
        .await?;
    browser.press(&rating.number().to_string()).await?;
    browser
        .wait_js(&format!(
            "!document.querySelector('article.drill-card') || document.querySelector('article.drill-card').dataset.card !== {}",
            json!(key)
        ))
        .await?;
    Ok(key)
}

/// From the next page load on, the page's clock runs `days` ahead.
async fn clock_ahead(browser: &Browser, days: u64) -> Result<(), BoxError> {
    let shift = days * 86_400_000;
    let source = format!(
        "(() => {{ const Real = Date; const shift = {shift};\
          class Shifted extends Real {{ constructor(...a) {{ if (a.length === 0) {{ super(Real.now() + shift); }} else {{ super(...a); }} }}\
            static now() {{ return Real.now() + shift; }} }}\
          window.Date = Shifted; }})()"
    );
    browser
        .cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": source }),
        )
        .await?;
    Ok(())
}

#[tokio::test(flavor = "current_thread")]
async fn a_drill_session_with_the_keyboard_only_and_the_right_cards_later() -> Result<(), BoxError>
{
    let catalogue = Catalogue::shipped();
    let rig = rig(Viewport::default()).await?;
    let browser = &rig.browser;
    browser.goto("/drills").await?;
    browser.wait_heading("Drills").await?;
    assert_eq!(
        text(browser, "document.querySelector('[data-new]').dataset.new").await?,
        "8"
    );
    assert_accessible(browser, "drill start").await?;
    browser
        .screenshot(&screenshot_dir().join("drills-start-1280.png"))
        .await?;

    tab_to(browser, "button.button").await?;
    browser.press(ENTER).await?;
    browser
        .wait_css("article.drill-card[data-stage=answer]")
        .await?;
    assert_accessible(browser, "drill card").await?;
    browser
        .screenshot(&screenshot_dir().join("drills-card-1280.png"))
        .await?;

    // Three cards: Again, Good, Easy.
    let again = answer_with_keys(browser, Rating::Again).await?;
    let (_, stage) = card(browser).await?;
    assert_eq!(stage, "answer");
    // Check the reveal of the second card with axe before rating it.
    tab_to(browser, "#drill-answer").await?;
    browser.press("Is this a good time to talk?").await?;
    browser.press(&format!("{CONTROL}{ENTER}{RELEASE}")).await?;
    browser
        .wait_css("article.drill-card[data-stage=reveal]")
        .await?;
    assert!(
        browser
            .eval("!!document.querySelector('.hint.warning')")
            .await?
            == Value::Bool(true)
            || browser.eval("!!document.querySelector('.hints')").await? == Value::Bool(true)
    );
    assert_accessible(browser, "drill reveal").await?;
    browser
        .screenshot(&screenshot_dir().join("drills-reveal-1280.png"))
        .await?;
    let good = text(
        browser,
        "document.querySelector('article.drill-card').dataset.card",
    )
    .await?;
    browser.press("3").await?;
    browser
        .wait_js(&format!(
            "document.querySelector('article.drill-card').dataset.card !== {}",
            json!(good)
        ))
        .await?;
    let easy = answer_with_keys(browser, Rating::Easy).await?;
    assert_eq!(
        [again.as_str(), good.as_str(), easy.as_str()],
        {
            let order = callback_dojo::core::drill::study_order(catalogue.cards());
            [0, 1, 2].map(|k| catalogue.cards()[order[k]].key.as_ref())
        },
        "new cards come in study order"
    );

    // Kept in storage, in the current format, three reviews.
    let stored = text(browser, "localStorage.getItem('callback-dojo.progress')").await?;
    let version = callback_dojo::core::saved::PROGRESS_VERSION;
    assert!(
        stored.starts_with(&format!("{{\"v\":{version},")),
        "{stored}"
    );
    let progress =
        callback_dojo::core::saved::decode_progress(&stored).map_err(|e| e.to_string())?;
    assert_eq!(progress.drills.reviews.len(), 3);

    // Same day, after a reload: five new cards left, nothing due.
    browser.reload().await?;
    browser.wait_css("[data-new]").await?;
    assert_eq!(
        text(browser, "document.querySelector('[data-new]').dataset.new").await?,
        "5"
    );
    assert_eq!(
        text(browser, "document.querySelector('[data-due]').dataset.due").await?,
        "0"
    );

    // The days each card comes back, from the core's own schedule.
    let due_after = |r: Rating| Memory::first(r, 0).due();
    assert!(due_after(Rating::Again) < due_after(Rating::Good));
    // Tomorrow: only the card rated Again is due, and it comes first.
    clock_ahead(browser, due_after(Rating::Again)).await?;
    browser.reload().await?;
    browser.wait_css("[data-due]").await?;
    assert_eq!(
        text(browser, "document.querySelector('[data-due]').dataset.due").await?,
        "1"
    );
    tab_to(browser, "button.button").await?;
    browser.press(ENTER).await?;
    browser.wait_css("article.drill-card").await?;
    assert_eq!(card(browser).await?.0, again);
    rig.close().await
}

#[tokio::test(flavor = "current_thread")]
async fn ten_lines_read_in_the_cue_drill_count_in_calibration() -> Result<(), BoxError> {
    let rig = rig(Viewport {
        width: 375,
        height: 812,
    })
    .await?;
    let browser = &rig.browser;
    browser.goto("/drills/cues").await?;
    browser.wait_heading("Cue-reading drill").await?;
    assert_accessible(browser, "cue round").await?;
    browser
        .screenshot(&screenshot_dir().join("cue-round-375.png"))
        .await?;
    for round in 0..10 {
        browser
            .wait_css(&format!("section.cue-round[data-round='{round}']"))
            .await?;
        browser
            .read_with_keys(&((round % 3) + 1).to_string(), 75)
            .await?;
        browser.wait_css("#round-feedback").await?;
        if round == 0 {
            assert_accessible(browser, "cue feedback").await?;
            browser
                .screenshot(&screenshot_dir().join("cue-feedback-375.png"))
                .await?;
        }
        browser.press(ENTER).await?;
    }
    browser.wait_css("section.cue-done").await?;
    assert_accessible(browser, "cue summary").await?;
    let stored = text(browser, "localStorage.getItem('callback-dojo.progress')").await?;
    let progress =
        callback_dojo::core::saved::decode_progress(&stored).map_err(|e| e.to_string())?;
    assert_eq!(progress.drills.cues.len(), 10);
    assert_eq!(progress.totals().brier_milli.1, 10);
    // The progress screen shows the drills and the ten readings.
    browser.goto("/progress").await?;
    browser.wait_css(".drill-summary").await?;
    let summary = text(
        browser,
        "document.querySelector('.drill-summary').textContent",
    )
    .await?;
    assert!(summary.contains("10 lines read"), "{summary}");
    assert_accessible(browser, "progress with drills").await?;
    rig.close().await
}
