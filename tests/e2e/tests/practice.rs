//! End-to-end practice calls: keyboard only, mouse only, reload, review.

use callback_dojo::core::catalogue::Catalogue;
use callback_dojo::core::sim::{Choice, Difficulty, Phase, Session, Settings, Truth};
use dojo_e2e::{BoxError, Browser};
use serde_json::Value;

use crate::{rig, screenshot_dir, Viewport};

const SEED: u64 = 7;

/// The same call played natively: always the first option, and "true at
/// 75 %" at the diagnosis. Returns (score, truth key).
fn expected() -> (u64, &'static str) {
    expected_at(75)
}

/// The same, with the diagnosis at `confidence`.
fn expected_at(confidence: u8) -> (u64, &'static str) {
    let mut session = Session::new(
        Catalogue::shipped(),
        Settings {
            seed: SEED,
            difficulty: Difficulty::Normal,
        },
    );
    while !session.is_finished() {
        let choice = if session.phase() == Phase::Diagnosis {
            Choice::Diagnose {
                truth: Truth::True,
                confidence,
            }
        } else {
            Choice::Option(0)
        };
        session.choose(choice).expect("valid");
    }
    (u64::from(session.score()), session.truth().key())
}

async fn step(browser: &Browser) -> Result<Option<u64>, BoxError> {
    let v = browser.eval("document.querySelector('main[data-step]') && document.querySelector('main[data-step]').dataset.step").await?;
    Ok(v.as_str().and_then(|s| s.parse().ok()))
}

async fn phase(browser: &Browser) -> Result<String, BoxError> {
    let v = browser.eval("document.querySelector('main[data-phase]') ? document.querySelector('main[data-phase]').dataset.phase : 'review'").await?;
    Ok(v.as_str().unwrap_or("").to_string())
}

/// Waits until the call moved past step `n` (or ended in the review).
async fn wait_past(browser: &Browser, n: u64) -> Result<(), BoxError> {
    browser
        .wait_js(&format!(
            "document.querySelector('main[data-screen=review]') || Number(document.querySelector('main[data-step]').dataset.step) > {n}"
        ))
        .await?;
    Ok(())
}

async fn review_result(browser: &Browser) -> Result<(u64, String), BoxError> {
    browser.wait_css("main[data-screen=review]").await?;
    let score = browser
        .eval("document.querySelector('[data-score]').dataset.score")
        .await?;
    let truth = browser
        .eval("document.querySelector('[data-truth]').dataset.truth")
        .await?;
    let score = score
        .as_str()
        .and_then(|s| s.parse().ok())
        .unwrap_or(u64::MAX);
    Ok((score, truth.as_str().unwrap_or("").to_string()))
}

/// Plays the open call to its end with the keyboard: always the first
/// option, "true" at 75 % at the diagnosis (set with the arrow keys).
pub async fn play_with_keys(browser: &Browser) -> Result<(), BoxError> {
    for _ in 0..20 {
        let Some(n) = step(browser).await? else { break };
        if phase(browser).await? == "diagnosis" {
            browser.read_with_keys("1", 75).await?;
        } else {
            browser.press("1").await?;
        }
        wait_past(browser, n).await?;
    }
    browser.wait_css("main[data-screen=review]").await?;
    Ok(())
}

async fn open_call(browser: &Browser) -> Result<(), BoxError> {
    browser
        .goto(&format!("/practice?seed={SEED}&level=normal"))
        .await?;
    browser.wait_css("main[data-screen=practice]").await?;
    Ok(())
}

#[tokio::test(flavor = "current_thread")]
async fn a_whole_call_with_the_keyboard_only() -> Result<(), BoxError> {
    let rig = rig(Viewport::default()).await?;
    let browser = &rig.browser;
    open_call(browser).await?;
    browser
        .screenshot(&screenshot_dir().join("call-1280.png"))
        .await?;
    play_with_keys(browser).await?;
    let (score, truth) = review_result(browser).await?;
    let (want_score, want_truth) = expected();
    assert_eq!((score, truth.as_str()), (want_score, want_truth));
    assert_eq!(
        browser
            .eval("document.querySelectorAll('h1').length")
            .await?,
        Value::from(1)
    );
    assert_marks_follow_the_figures(browser).await?;
    browser
        .screenshot(&screenshot_dir().join("review-1280.png"))
        .await?;
    rig.close().await
}

/// Each decision of the review carries a mark, as a word: "Full points"
/// where its figure ("x of y points") earned all, "Points lost" where it
/// earned nothing or less, "Some points lost" between; read from what the
/// trainee sees.
async fn assert_marks_follow_the_figures(browser: &Browser) -> Result<(), BoxError> {
    let rows = browser
        .eval("[...document.querySelectorAll('li.decision')].map(li => [li.querySelector('.mark').textContent, li.querySelector('.percent').textContent])")
        .await?;
    let rows = rows.as_array().ok_or("no decisions")?;
    assert!(!rows.is_empty());
    for row in rows {
        let word = row[0].as_str().unwrap_or_default();
        let figure = row[1].as_str().unwrap_or_default().replace('\u{2212}', "-");
        let mut numbers = figure.split(" of ").map(|n| {
            n.trim_end_matches(" points")
                .trim_start_matches('+')
                .parse::<f64>()
        });
        let (Some(Ok(got)), Some(Ok(stake))) = (numbers.next(), numbers.next()) else {
            return Err(format!("unreadable figure {figure:?}").into());
        };
        let want = if got >= stake - 1e-9 {
            "Full points"
        } else if got > 0.0 {
            "Some points lost"
        } else {
            "Points lost"
        };
        assert_eq!(word, want, "{figure}");
    }
    Ok(())
}

#[tokio::test(flavor = "current_thread")]
async fn the_same_call_with_clicks_gives_the_same_review() -> Result<(), BoxError> {
    let rig = rig(Viewport {
        width: 375,
        height: 812,
    })
    .await?;
    let browser = &rig.browser;
    open_call(browser).await?;
    browser
        .screenshot(&screenshot_dir().join("call-375.png"))
        .await?;
    // The confidence a click on the slider sets (its middle), read back.
    let mut confidence = 0u8;
    for _ in 0..20 {
        let Some(n) = step(browser).await? else { break };
        if phase(browser).await? == "diagnosis" {
            browser.wait_css("button.truth").await?.click().await?;
            browser.wait_css("button.truth.selected").await?;
            // Continue waits for a confidence: nothing is chosen for the rep.
            assert_eq!(
                browser
                    .eval("document.querySelector('button.continue').disabled")
                    .await?,
                Value::from(true)
            );
            browser.wait_css("#confidence").await?.click().await?;
            browser
                .wait_js("!document.querySelector('label.confidence.unset')")
                .await?;
            confidence = browser
                .eval("Number(document.getElementById('confidence').value)")
                .await?
                .as_u64()
                .unwrap_or(0) as u8;
            browser.wait_css("button.continue").await?.click().await?;
        } else {
            browser.wait_css("button.option").await?.click().await?;
        }
        wait_past(browser, n).await?;
    }
    let (score, truth) = review_result(browser).await?;
    let (want_score, want_truth) = expected_at(confidence);
    assert_eq!((score, truth.as_str()), (want_score, want_truth));
    browser
        .screenshot(&screenshot_dir().join("review-375.png"))
        .await?;
    rig.close().await
}

/// A reload mid-call starts the same call again from its seed (choices are
/// not kept mid-call): same prospect, back at the first step.
#[tokio::test(flavor = "current_thread")]
async fn a_reload_mid_call_starts_the_same_call_again() -> Result<(), BoxError> {
    let rig = rig(Viewport::default()).await?;
    let browser = &rig.browser;
    open_call(browser).await?;
    let heading = browser.heading().await?;
    browser.press("1").await?;
    wait_past(browser, 0).await?;
    assert_eq!(step(browser).await?, Some(1));
    browser.reload().await?;
    browser.wait_css("main[data-step='0']").await?;
    assert_eq!(browser.heading().await?, heading);
    rig.close().await
}

#[tokio::test(flavor = "current_thread")]
async fn home_starts_a_call_with_a_fresh_seed_in_the_url() -> Result<(), BoxError> {
    let rig = rig(Viewport::default()).await?;
    let browser = &rig.browser;
    browser.goto("/").await?;
    browser.wait_css("input[value=hard]").await?.click().await?;
    browser.click_link("Start a practice call").await?;
    browser.wait_css("main[data-screen=practice]").await?;
    let url = browser.client().current_url().await?;
    assert!(
        url.query()
            .is_some_and(|q| q.contains("seed=") && q.contains("level=hard")),
        "{url}"
    );
    // The seed completed the URL in place: Back leaves the call for home
    // instead of drawing another call (issue 10).
    let seeded = url.to_string();
    browser.client().back().await?;
    browser.wait_css("main[data-screen=home]").await?;
    let back = browser.client().current_url().await?;
    assert_eq!(back.path(), "/", "{back}");
    // Forward returns to the very same call.
    browser.client().forward().await?;
    browser.wait_css("main[data-screen=practice]").await?;
    assert_eq!(browser.client().current_url().await?.to_string(), seeded);
    rig.close().await
}

/// The accessibility check can fail: a planted image without text is caught.
#[tokio::test(flavor = "current_thread")]
async fn the_accessibility_check_catches_a_planted_violation() -> Result<(), BoxError> {
    let rig = rig(Viewport::default()).await?;
    let browser = &rig.browser;
    browser.goto("/").await?;
    browser.heading().await?;
    browser
        .eval("document.body.appendChild(document.createElement('img'))")
        .await?;
    let found = browser.axe_serious().await?;
    assert!(
        found.iter().any(|v| v.starts_with("image-alt")),
        "{found:?}"
    );
    rig.close().await
}
