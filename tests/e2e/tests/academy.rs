//! End-to-end academy session: a trainer makes a session, two trainees in
//! separate browser profiles play it from the link with the keyboard and
//! copy their result codes, the trainer pastes them and the scoreboard
//! counts what each chose; axe-core on every academy screen; the print
//! view as a screenshot. Every session's browser log is read at its end.

use dojo_e2e::{BoxError, Browser};
use serde_json::{json, Value};

use crate::{rig, screenshot_dir, Viewport};

const TAB: &str = "\u{E004}";
const ENTER: &str = "\u{E007}";

async fn text(browser: &Browser, script: &str) -> Result<String, BoxError> {
    Ok(browser
        .eval(script)
        .await?
        .as_str()
        .unwrap_or("")
        .to_string())
}

async fn assert_accessible(browser: &Browser, screen: &str) -> Result<(), BoxError> {
    let found = browser.axe_serious().await?;
    assert!(found.is_empty(), "{screen}: {found:?}");
    Ok(())
}

async fn tab_to(browser: &Browser, css: &str) -> Result<(), BoxError> {
    for _ in 0..60 {
        let here = browser
            .eval(&format!(
                "document.activeElement && document.activeElement.matches({})",
                json!(css)
            ))
            .await?;
        if here == Value::Bool(true) {
            return Ok(());
        }
        browser.press(TAB).await?;
    }
    Err(format!("Tab never reached {css}").into())
}

/// Plays every call of the class with the keyboard: `key` at each choice
/// (or 1 when fewer options are offered), the same key's truth at the
/// diagnosis; returns the key pressed at the first decision of each call.
async fn play_class(browser: &Browser, key: u8, calls: usize) -> Result<Vec<u8>, BoxError> {
    let mut firsts = Vec::new();
    for call in 0..calls {
        browser.wait_css("section.class-next button.button").await?;
        tab_to(browser, "section.class-next button.button").await?;
        browser.press(ENTER).await?;
        browser.wait_css("main[data-screen=practice]").await?;
        for step in 0..30 {
            let state = browser
                .eval("(() => { const m = document.querySelector('main[data-screen=practice]'); return m ? [m.dataset.phase, m.dataset.step, document.querySelectorAll('button.option').length] : null; })()")
                .await?;
            let Some(state) = state.as_array() else { break };
            let phase = state[0].as_str().unwrap_or("");
            let step_now = state[1].as_str().unwrap_or("0").to_string();
            let options = state[2].as_u64().unwrap_or(0);
            if phase == "diagnosis" {
                browser.press(&key.min(3).to_string()).await?;
                browser.wait_css("button.truth.selected").await?;
                browser.press(ENTER).await?;
            } else {
                let k = if u64::from(key) <= options { key } else { 1 };
                if step == 0 {
                    firsts.push(k);
                }
                browser.press(&k.to_string()).await?;
            }
            browser
                .wait_js(&format!(
                    "!document.querySelector('main[data-screen=practice]') || document.querySelector('main[data-screen=practice]').dataset.step !== {}",
                    json!(step_now)
                ))
                .await?;
        }
        assert!(
            browser
                .eval("!document.querySelector('main[data-screen=practice]')")
                .await?
                == Value::Bool(true),
            "call {call} did not end"
        );
    }
    Ok(firsts)
}

async fn trainee(path: &str, name: &str, key: u8) -> Result<(String, Vec<u8>), BoxError> {
    let rig = rig(Viewport {
        width: 390,
        height: 844,
    })
    .await?;
    let browser = &rig.browser;
    browser.goto(path).await?;
    browser.wait_css("#trainee-name").await?;
    assert_accessible(browser, "class name").await?;
    tab_to(browser, "#trainee-name").await?;
    browser.press(name).await?;
    browser.press(ENTER).await?;
    let firsts = play_class(browser, key, 2).await?;
    browser.wait_css("#result-code").await?;
    assert_accessible(browser, "class done").await?;
    browser
        .screenshot(&screenshot_dir().join(format!("class-done-{name}-390.png")))
        .await?;
    let code = text(browser, "document.querySelector('#result-code').value").await?;
    assert!(code.starts_with("CD1."), "{code}");
    // The calls count in the trainee's own progress too.
    let stored = text(browser, "localStorage.getItem('callback-dojo.progress')").await?;
    let progress =
        callback_dojo::core::saved::decode_progress(&stored).map_err(|e| e.to_string())?;
    assert_eq!(progress.attempts.len(), 2);
    rig.close().await?;
    Ok((code, firsts))
}

#[tokio::test(flavor = "current_thread")]
async fn a_class_of_two_on_the_trainers_scoreboard() -> Result<(), BoxError> {
    let trainer = rig(Viewport::default()).await?;
    let browser = &trainer.browser;
    browser.goto("/academy").await?;
    browser.wait_heading("Academy").await?;
    assert_accessible(browser, "academy form").await?;
    tab_to(browser, "#class-title").await?;
    browser.press("Tuesday cohort").await?;
    tab_to(browser, "#class-seeds").await?;
    browser.press("7, 11").await?;
    browser.press(ENTER).await?;
    browser.wait_css("a.class-link").await?;
    assert_accessible(browser, "academy session made").await?;
    browser
        .screenshot(&screenshot_dir().join("academy-made-1280.png"))
        .await?;
    let class_path = text(
        browser,
        "document.querySelector('a.class-link').getAttribute('href')",
    )
    .await?;
    assert!(class_path.starts_with("/class?code="), "{class_path}");
    let board_path = text(
        browser,
        "[...document.querySelectorAll('a.button')].find(a => a.textContent.includes('scoreboard')).getAttribute('href')",
    )
    .await?;

    // Two trainees, each in a browser profile of its own.
    let (code_a, firsts_a) = trainee(&class_path, "Ada", 1).await?;
    let (code_b, firsts_b) = trainee(&class_path, "Bo", 2).await?;
    assert_ne!(code_a, code_b);

    browser.goto(&board_path).await?;
    browser.wait_css("#codes").await?;
    tab_to(browser, "#codes").await?;
    browser
        .press(&format!("{code_a}\n{code_b}\nnot-a-code"))
        .await?;
    tab_to(browser, ".board-add button[type=submit]").await?;
    browser.press(ENTER).await?;
    browser.wait_css("main[data-trainees='2']").await?;
    let report = text(
        browser,
        "document.querySelector('.board-report').textContent",
    )
    .await?;
    assert!(
        report.contains("Added Ada") && report.contains("Added Bo"),
        "{report}"
    );
    assert!(
        report.contains("not a Callback Dojo result code"),
        "{report}"
    );
    // The first decision of each call: each trainee's option counted once.
    for call in 0..2 {
        let counts = browser
            .eval(&format!(
                "[...document.querySelectorAll(\"article.decision-point[data-call='{call}'][data-step='0'] li\")].map(li => Number(li.dataset.count))"
            ))
            .await?;
        let counts: Vec<u64> = counts
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_u64).collect())
            .unwrap_or_default();
        let mut expected = vec![0u64; counts.len()];
        expected[usize::from(firsts_a[call]) - 1] += 1;
        expected[usize::from(firsts_b[call]) - 1] += 1;
        assert_eq!(counts, expected, "call {call}");
    }
    assert_accessible(browser, "scoreboard").await?;
    browser
        .screenshot(&screenshot_dir().join("scoreboard-1280.png"))
        .await?;
    // The print view: no navigation or buttons.
    browser
        .cdp("Emulation.setEmulatedMedia", json!({ "media": "print" }))
        .await?;
    let hidden = browser
        .eval("getComputedStyle(document.querySelector('.site-header')).display === 'none' && getComputedStyle(document.querySelector('.board-add')).display === 'none'")
        .await?;
    assert_eq!(hidden, Value::Bool(true));
    browser
        .screenshot(&screenshot_dir().join("scoreboard-print.png"))
        .await?;
    browser
        .cdp("Emulation.setEmulatedMedia", json!({ "media": "" }))
        .await?;
    // After a reload the board keeps its codes.
    browser.reload().await?;
    browser.wait_css("main[data-trainees='2']").await?;
    trainer.close().await
}
