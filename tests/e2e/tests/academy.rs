//! End-to-end academy session: a trainer makes a session, two trainees in
//! separate browser profiles play it from the link with the keyboard and
//! copy their result codes, the trainer pastes them and the scoreboard
//! counts what each chose; axe-core on every academy screen; the print
//! view as a screenshot. Every session's browser log is read at its end.

use dojo_e2e::{BoxError, Browser};
use serde_json::{json, Value};

use crate::{assert_accessible, rig, screenshot_dir, tab_to, text, Viewport, ENTER};

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
                browser.read_with_keys(&key.min(3).to_string(), 75).await?;
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
        // The call's review (feedback held during the call comes here),
        // then on with its one button.
        browser
            .wait_css("main[data-screen=review] section.actions button.button")
            .await?;
        tab_to(
            browser,
            "main[data-screen=review] section.actions button.button",
        )
        .await?;
        browser.press(ENTER).await?;
        browser
            .wait_js("!document.querySelector('main[data-screen=review]')")
            .await?;
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
    // A dropped file: Ada's code again is already on the board.
    browser
        .eval(&format!(
            "(() => {{ const dt = new DataTransfer(); dt.items.add(new File([{}], 'ada.txt', {{ type: 'text/plain' }})); document.querySelector('.board-add').dispatchEvent(new DragEvent('drop', {{ dataTransfer: dt, bubbles: true, cancelable: true }})); return true; }})()",
            json!(code_a)
        ))
        .await?;
    browser
        .wait_js("document.querySelector('.board-report') && document.querySelector('.board-report').textContent.includes('Ada is already on the board')")
        .await?;
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

/// A copy of the build whose pages may connect to any loopback port: what
/// `DOJO_LRS_ORIGINS` does at build time for an academy's store, here for
/// Ralph's port, which is only known when it starts.
fn build_allowing_loopback() -> Result<std::path::PathBuf, BoxError> {
    let dist = std::env::temp_dir().join(format!("dojo-e2e-lrs-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dist);
    crate::offline::copy_dir(&dojo_e2e::dist_dir(), &dist)?;
    let mut stack = vec![dist.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "html") {
                let text = std::fs::read_to_string(&path)?;
                std::fs::write(
                    &path,
                    text.replace(
                        "connect-src 'self';",
                        "connect-src 'self' http://127.0.0.1:*;",
                    ),
                )?;
            }
        }
    }
    Ok(dist)
}

/// The trainee side with a store: name, the store's key and secret in the
/// panel (the endpoint comes from the link), then the calls. With
/// `outage`, Ralph is stopped after the first call and restarted after the
/// last: the statements wait in the queue and go when it is back.
async fn trainee_with_store(
    browser: &Browser,
    path: &str,
    name: &str,
    key: u8,
    ralph: &mut dojo_e2e::lrs::Ralph,
    outage: bool,
) -> Result<String, BoxError> {
    browser.goto(path).await?;
    browser.wait_css("#trainee-name").await?;
    tab_to(browser, "#trainee-name").await?;
    browser.press(name).await?;
    browser.press(ENTER).await?;
    browser.wait_css("#lrs-key").await?;
    let (user, secret) = ralph.basic_auth();
    tab_to(browser, "#lrs-key").await?;
    browser.press(&user).await?;
    tab_to(browser, "#lrs-secret").await?;
    browser.press(&secret).await?;
    browser.press(ENTER).await?;
    browser
        .wait_js("localStorage.getItem('callback-dojo.lrs') !== null")
        .await?;
    if outage {
        play_class(browser, key, 1).await?;
        browser.wait_css(".lrs-status[data-queued='0']").await?;
        ralph.stop();
        play_class(browser, key, 1).await?;
        browser
            .wait_js("Number(document.querySelector('.lrs-status').dataset.queued) > 0")
            .await?;
        let status = text(browser, "document.querySelector('.lrs-status').textContent").await?;
        assert!(status.contains("Not sent"), "{status}");
        ralph.restart()?;
        let started = std::time::Instant::now();
        browser
            .eval("[...document.querySelectorAll('.lrs-panel button')].find(b => b.textContent === 'Send now').click()")
            .await?;
        browser.wait_css(".lrs-status[data-queued='0']").await?;
        println!(
            "LRS: the queue of the call made while the store was down sent {} ms after \"Send now\"",
            started.elapsed().as_millis()
        );
    } else {
        play_class(browser, key, 2).await?;
        browser.wait_css(".lrs-status[data-queued='0']").await?;
    }
    assert_accessible(browser, "class with a store").await?;
    text(browser, "document.querySelector('#result-code').value").await
}

#[tokio::test(flavor = "current_thread")]
async fn a_class_through_a_learning_record_store() -> Result<(), BoxError> {
    use callback_dojo::core::academy::result::ClassResult;
    use callback_dojo::core::academy::xapi::uuid_text;
    use callback_dojo::core::academy::ClassSession;
    use callback_dojo::core::catalogue::Catalogue;
    let dist = build_allowing_loopback()?;
    let trainer = crate::rig_at(&dist, Viewport::default()).await?;
    let first = crate::rig_at(
        &dist,
        Viewport {
            width: 390,
            height: 844,
        },
    )
    .await?;
    let second = crate::rig_at(
        &dist,
        Viewport {
            width: 390,
            height: 844,
        },
    )
    .await?;
    let origins = format!("{} {} {}", trainer.url(), first.url(), second.url());
    let mut ralph = dojo_e2e::lrs::Ralph::start(Some(&origins))?;

    // The trainer puts the store's endpoint in the class link.
    let t = &trainer.browser;
    t.goto("/academy").await?;
    t.wait_heading("Academy").await?;
    tab_to(t, "#class-title").await?;
    t.press("Store cohort").await?;
    tab_to(t, "#class-seeds").await?;
    t.press("5, 6").await?;
    tab_to(t, "#class-lrs").await?;
    t.press(&ralph.statements_endpoint()).await?;
    t.press(ENTER).await?;
    t.wait_css("a.class-link").await?;
    let class_path = text(
        t,
        "document.querySelector('a.class-link').getAttribute('href')",
    )
    .await?;
    assert!(class_path.contains("&lrs="), "{class_path}");
    let board_path = text(
        t,
        "[...document.querySelectorAll('a.button')].find(a => a.textContent.includes('scoreboard')).getAttribute('href')",
    )
    .await?;

    let code_a =
        trainee_with_store(&first.browser, &class_path, "Ada", 1, &mut ralph, false).await?;
    let code_b =
        trainee_with_store(&second.browser, &class_path, "Bo", 2, &mut ralph, true).await?;

    // Read back from Ralph by registration: every statement once, each
    // valid under Ralph's own strict xAPI model.
    let catalogue = Catalogue::shipped();
    let query = class_path.split_once('?').map(|(_, q)| q).unwrap_or("");
    let session = ClassSession::from_query(query, catalogue).map_err(|e| e.to_string())?;
    let registration = uuid_text(&session.registration(catalogue));
    let response = ralph.request(
        "GET",
        &format!("/xAPI/statements?registration={registration}&limit=1000"),
        None,
    )?;
    assert_eq!(response.status, 200, "{}", response.body);
    let body = response.json()?;
    let statements = body["statements"].as_array().cloned().unwrap_or_default();
    let mut ids: Vec<&str> = statements.iter().filter_map(|s| s["id"].as_str()).collect();
    ids.sort_unstable();
    let all = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), all, "a statement stored twice");
    let expected: usize = [&code_a, &code_b]
        .iter()
        .map(|code| {
            ClassResult::verify(code, &session, catalogue)
                .map(|r| r.calls.iter().map(|c| c.len() + 2).sum::<usize>())
                .unwrap_or(0)
        })
        .sum();
    assert_eq!(
        all, expected,
        "statements per call: one per decision, attempted and completed"
    );
    println!(
        "LRS: {all} statements for 2 trainees x 2 calls ({} per call on average)",
        all / 4
    );
    let invalid = dojo_e2e::lrs::validate_xapi(&serde_json::Value::Array(statements).to_string())?;
    assert!(invalid.is_empty(), "{invalid:?}");

    // A queue of 100 statements (made natively for other calls), sent by
    // the app with "Send now": the time until the queue is empty.
    let mut hundred: Vec<String> = Vec::new();
    let actor = callback_dojo::core::academy::xapi::Actor {
        name: "Queue".into(),
        mbox: None,
        account: None,
    };
    let mut seed = 900;
    while hundred.len() < 100 {
        let call = callback_dojo::core::sim::policy::play(
            catalogue,
            callback_dojo::core::sim::policy::Policy::Random,
            callback_dojo::core::sim::Settings {
                seed,
                difficulty: session.level,
            },
        );
        let record = callback_dojo::core::academy::records::call_record(
            &call,
            None,
            1,
            1_800_000_000 + seed,
            1_800_000_100 + seed,
        );
        hundred.extend(callback_dojo::core::academy::xapi::statements(
            &actor, &record,
        ));
        seed += 1;
    }
    hundred.truncate(100);
    let f = &first.browser;
    // Queued with no store set (nothing is sent), then the store saved in
    // the panel, which sends: the time until the queue is empty.
    let (user, secret) = ralph.basic_auth();
    f.eval(&format!(
        "localStorage.removeItem('callback-dojo.lrs') || localStorage.setItem('callback-dojo.lrs.queue', {}) || true",
        json!(format!("1\n{}", hundred.join("\n")))
    ))
    .await?;
    f.reload().await?;
    f.wait_css(".lrs-status[data-queued='100']").await?;
    f.eval("document.querySelector('#lrs-key').focus()").await?;
    f.press(&user).await?;
    f.eval("document.querySelector('#lrs-secret').focus()")
        .await?;
    f.press(&secret).await?;
    let started = std::time::Instant::now();
    f.press(ENTER).await?;
    f.wait_css(".lrs-status[data-queued='0']").await?;
    println!(
        "LRS: a queue of 100 statements sent in {} ms from Save (batches of 50)",
        started.elapsed().as_millis()
    );

    // The trainer's scoreboard, loaded from the store instead of codes.
    t.goto(&board_path).await?;
    t.wait_css("#lrs-key").await?;
    let (user, secret) = ralph.basic_auth();
    // Focused directly: Tab on this page passes the file picker, to which
    // WebDriver sends keys as a file name.
    t.eval("document.querySelector('#lrs-key').focus()").await?;
    t.press(&user).await?;
    t.eval("document.querySelector('#lrs-secret').focus()")
        .await?;
    t.press(&secret).await?;
    t.press(ENTER).await?;
    t.wait_js("localStorage.getItem('callback-dojo.lrs') !== null")
        .await?;
    t.eval("[...document.querySelectorAll('button')].find(b => b.textContent === 'Load from the store').click()")
        .await?;
    t.wait_css("main[data-trainees='2']").await?;
    // The same codes as the trainees copied: the store rebuilt the calls.
    let codes = text(t, "localStorage.getItem('callback-dojo.academy.board.' + document.querySelector('main').dataset.session)").await?;
    assert!(
        codes.contains(&code_a) && codes.contains(&code_b),
        "{codes}"
    );
    assert_accessible(t, "scoreboard from the store").await?;
    first.close().await?;
    // The sends refused while the store was down, and only those.
    second
        .browser
        .close_allowing(&[
            "/xAPI/statements - Failed to load resource: net::ERR_CONNECTION_REFUSED",
        ])
        .await?;
    trainer.close().await?;
    let _ = std::fs::remove_dir_all(&dist);
    Ok(())
}
