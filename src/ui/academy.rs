//! Academy sessions in the browser: the trainer makes a session
//! (`/academy`), the class plays it from the link (`/class?…`), and the
//! trainer adds the class's result codes to the scoreboard
//! (`/academy/board?…`). No server: the link carries the session, the
//! result codes carry the choices, and every score is rebuilt by replay.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::lrs::{self, LrsPanel};
use super::practice::Practice;
use super::review::ReviewView;
use super::router::{absolute_url, Link, Route};
use super::{files, storage, use_title};
use crate::core::academy::records::{call_record, class_ref, results_from_statements};
use crate::core::academy::result::{ClassResult, MAX_NAME};
use crate::core::academy::scoreboard::{board, csv, Board};
use crate::core::academy::xapi::{self, Actor};
use crate::core::academy::{ClassSession, MAX_CALLS, MAX_TITLE};
use crate::core::catalogue::Catalogue;
use crate::core::json::Json;
use crate::core::progress::{Attempt, CALIBRATION_BUCKETS};
use crate::core::saved::{decode_choices, encode_choices};
use crate::core::sim::{Difficulty, Phase, Session, Settings, Truth};

/// Calls a trainer's screen draws are below a million: short codes.
const DRAWN_BELOW: f64 = 1_000_000.0;

fn input_value(e: &Event) -> String {
    e.target()
        .and_then(|t| {
            t.clone()
                .dyn_into::<web_sys::HtmlInputElement>()
                .map(|i| i.value())
                .or_else(|_| {
                    t.dyn_into::<web_sys::HtmlTextAreaElement>()
                        .map(|a| a.value())
                })
                .ok()
        })
        .unwrap_or_default()
}

fn level_name(level: Difficulty) -> &'static str {
    match level {
        Difficulty::Easy => "Easy",
        Difficulty::Normal => "Normal",
        Difficulty::Hard => "Hard",
    }
}

/// Copies `text`, then says whether the browser really did.
fn copy_button(text: String, label: &'static str, copied: &UseStateHandle<Option<bool>>) -> Html {
    let copied_handle = copied.clone();
    let onclick = Callback::from(move |_| {
        let Some(w) = web_sys::window() else { return };
        let promise = w.navigator().clipboard().write_text(&text);
        let copied = copied_handle.clone();
        wasm_bindgen_futures::spawn_local(async move {
            copied.set(Some(
                wasm_bindgen_futures::JsFuture::from(promise).await.is_ok(),
            ));
        });
    });
    html! {
        <>
            <button type="button" class="button secondary small" {onclick}>{ label }</button>
            <span role="status" class="copy-status">{ match **copied {
                Some(true) => "Copied.",
                Some(false) => "The browser would not copy it; select it and copy by hand.",
                None => "",
            } }</span>
        </>
    }
}

/// The link as a QR code (SVG drawn here, no network), for a room.
fn qr(link: &str) -> Html {
    match qrcode::QrCode::new(link.as_bytes()) {
        Ok(code) => {
            let svg = code
                .render::<qrcode::render::svg::Color<'_>>()
                .min_dimensions(200, 200)
                .quiet_zone(true)
                .build();
            // Our own drawing (paths and a size), no script or style.
            let svg = svg.split_once("<svg").map_or(svg.clone(), |(_, rest)| {
                format!("<svg role=\"img\" aria-label=\"QR code of the class link\"{rest}")
            });
            html! { <div class="qr">{ Html::from_html_unchecked(svg.into()) }</div> }
        }
        Err(_) => {
            html! { <p>{ "The link is too long for a QR code; share the link or the code." }</p> }
        }
    }
}

// --- The trainer makes a session ---------------------------------------

#[function_component(AcademyMaker)]
pub fn academy_maker() -> Html {
    use_title("Academy".to_string());
    let catalogue = Catalogue::shipped();
    let title = use_state(String::new);
    let level = use_state(|| Difficulty::Normal);
    let count = use_state(|| 3usize);
    let seeds_text = use_state(String::new);
    let hold = use_state(|| true);
    let focus = use_state(Vec::<String>::new);
    let lrs = use_state(String::new);
    let made = use_state(|| None::<ClassSession>);
    let error = use_state(String::new);
    let copied = use_state(|| None::<bool>);

    let on_make = {
        let (title, level, count, seeds_text, hold, focus, lrs, made, error, copied) = (
            title.clone(),
            level.clone(),
            count.clone(),
            seeds_text.clone(),
            hold.clone(),
            focus.clone(),
            lrs.clone(),
            made.clone(),
            error.clone(),
            copied.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let typed: Vec<&str> = seeds_text
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter(|s| !s.is_empty())
                .collect();
            let seeds: Result<Vec<u64>, String> = if typed.is_empty() {
                Ok((0..*count)
                    .map(|_| (js_sys::Math::random() * DRAWN_BELOW) as u64)
                    .collect())
            } else {
                typed
                    .iter()
                    .map(|t| {
                        t.parse::<u64>().map_err(|_| {
                            format!("\u{201c}{t}\u{201d} is not a call number (a whole number from 0 up).")
                        })
                    })
                    .collect()
            };
            let seeds = match seeds {
                Ok(s) if (1..=MAX_CALLS).contains(&s.len()) => s,
                Ok(s) => {
                    error.set(format!(
                        "A session has 1 to {MAX_CALLS} calls; {} were given.",
                        s.len()
                    ));
                    return;
                }
                Err(why) => {
                    error.set(why);
                    return;
                }
            };
            let endpoint = lrs.trim().to_string();
            if !endpoint.is_empty()
                && !endpoint.starts_with("https://")
                && !endpoint.starts_with("http://")
            {
                error.set(
                    "The learning record store must be a web address (https://…).".to_string(),
                );
                return;
            }
            error.set(String::new());
            copied.set(None);
            let session = ClassSession {
                title: title.trim().chars().take(MAX_TITLE).collect(),
                level: *level,
                seeds,
                hold_feedback: *hold,
                focus: (*focus).clone(),
                lrs: (!endpoint.is_empty()).then_some(endpoint),
            };
            let link = session.link(Catalogue::shipped());
            if let Some((_, query)) = link.split_once('?') {
                if let Err(e) = storage::remember_session(query) {
                    error.set(format!("The session is made, but not kept in this browser's list ({e}): copy its link."));
                }
            }
            made.set(Some(session));
        })
    };

    let result = (*made).as_ref().map(|s| {
        let path = s.link(catalogue);
        let query = path.split_once('?').map(|(_, q)| q.to_string()).unwrap_or_default();
        let link = absolute_url(&Route::Class { query: query.clone() });
        html! {
            <section class="class-made" aria-labelledby="made-heading">
                <h2 id="made-heading" tabindex="-1">{ s.shown_title(catalogue) }</h2>
                <p>{ format!("{} call{} at {} level; feedback {}.", s.seeds.len(), if s.seeds.len() == 1 { "" } else { "s" },
                    level_name(s.level).to_lowercase(), if s.hold_feedback { "held until the end" } else { "shown after each choice" }) }</p>
                <p><strong>{ "Class link: " }</strong><a href={path.clone()} class="class-link" data-link={link.clone()}>{ link.clone() }</a></p>
                <p>{ copy_button(link.clone(), "Copy the link", &copied) }</p>
                <p><strong>{ "Code to read out: " }</strong><code class="class-code">{ s.code(catalogue) }</code>
                    { " (trainees type it at " }<Link to={Route::Class { query: String::new() }}>{ "/class" }</Link>{ ")" }</p>
                { qr(&link) }
                <p class="actions">
                    <Link to={Route::Board { query: query.clone() }} classes="button">{ "Open the scoreboard" }</Link>
                    <a href={Route::Class { query }.to_path()} class="button secondary" target="_blank" rel="noopener">{ "Try it as a trainee (new tab)" }</a>
                </p>
            </section>
        }
    });

    // The made session takes focus, so it is seen and read at once.
    use_effect_with((*made).clone(), |made| {
        if made.is_some() {
            if let Some(el) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id("made-heading"))
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = el.focus();
            }
        }
    });
    let text_input = |handle: &UseStateHandle<String>| {
        let handle = handle.clone();
        Callback::from(move |e: InputEvent| handle.set(input_value(&e)))
    };
    html! {
        <main id="main" class="screen academy" data-screen="academy" tabindex="-1">
            <h1>{ "Academy" }</h1>
            <p class="lede">{ "Run a class on the same calls: make a session, share its link or code, then add the class\u{2019}s result codes to the scoreboard. No server and no accounts: everything travels in the link and the codes." }</p>
            <form class="class-form" onsubmit={on_make}>
                <label for="class-title">{ "Title" }</label>
                <input id="class-title" type="text" maxlength={MAX_TITLE.to_string()} value={(*title).clone()} oninput={text_input(&title)} placeholder="Monday cohort: call me later" />
                <fieldset>
                    <legend>{ "Level" }</legend>
                    { for Difficulty::ALL.iter().map(|&l| {
                        let level = level.clone();
                        html! {
                            <label class="inline"><input type="radio" name="class-level" checked={*level == l}
                                onchange={move |_| level.set(l)} />{ format!(" {} ", level_name(l)) }</label>
                        }
                    }) }
                </fieldset>
                <label for="class-count">{ "Number of new calls to draw" }</label>
                <select id="class-count" onchange={{
                    let count = count.clone();
                    Callback::from(move |e: Event| {
                        if let Some(n) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok()).and_then(|s| s.value().parse().ok()) {
                            count.set(n);
                        }
                    })
                }}>
                    { for (1..=MAX_CALLS).map(|n| html! { <option value={n.to_string()} selected={*count == n}>{ n }</option> }) }
                </select>
                <label for="class-seeds">{ "Or reuse known calls instead (call numbers, separated by commas)" }</label>
                <input id="class-seeds" type="text" inputmode="numeric" value={(*seeds_text).clone()} oninput={text_input(&seeds_text)} placeholder="Leave empty to draw new calls" />
                <label class="inline"><input type="checkbox" checked={*hold} onchange={{ let hold = hold.clone(); move |_| hold.set(!*hold) }} />
                    { " Hold feedback until the end of each call (test conditions)" }</label>
                <details class="focus-picker">
                    <summary>{ format!("Principles in focus ({})", focus.len()) }</summary>
                    { for catalogue.principles().map(|(_, p)| {
                        let key = p.key.to_string();
                        let on = focus.contains(&key);
                        let focus = focus.clone();
                        html! {
                            <label class="inline focus-item"><input type="checkbox" checked={on} onchange={move |_| {
                                let mut next = (*focus).clone();
                                if let Some(i) = next.iter().position(|k| *k == key) { next.remove(i); } else { next.push(key.clone()); }
                                focus.set(next);
                            }} />{ format!(" {}", p.title) }</label>
                        }
                    }) }
                </details>
                <label for="class-lrs">{ "Learning record store to put in the link (optional)" }</label>
                <input id="class-lrs" type="url" value={(*lrs).clone()} oninput={text_input(&lrs)} placeholder="https://lrs.example.org/xAPI/" />
                <button type="submit" class="button">{ "Make the session" }</button>
                if !error.is_empty() {
                    <p class="status error" role="alert">{ (*error).clone() }</p>
                }
            </form>
            { result.unwrap_or_default() }
            { sessions_list(catalogue) }
        </main>
    }
}

/// The sessions made in this browser, newest first, each with its
/// scoreboard and its class link: a trainer comes back to them.
fn sessions_list(catalogue: &Catalogue) -> Html {
    let sessions: Vec<(String, ClassSession)> = storage::made_sessions()
        .into_iter()
        .filter_map(|q| ClassSession::from_query(&q, catalogue).ok().map(|s| (q, s)))
        .collect();
    if sessions.is_empty() {
        return html! {};
    }
    html! {
        <section class="made-sessions" aria-labelledby="sessions-heading">
            <h2 id="sessions-heading">{ "Your sessions" }</h2>
            <ul>
                { for sessions.into_iter().map(|(query, s)| html! {
                    <li>
                        <strong>{ s.shown_title(catalogue) }</strong>
                        { format!(" \u{b7} {} call{} \u{b7} {} \u{b7} ", s.seeds.len(), if s.seeds.len() == 1 { "" } else { "s" }, s.code(catalogue)) }
                        <Link to={Route::Board { query: query.clone() }}>{ "Scoreboard" }</Link>
                        { " \u{b7} " }
                        <a href={Route::Class { query }.to_path()}>{ "Class link" }</a>
                    </li>
                }) }
            </ul>
        </section>
    }
}

// --- The trainee plays it ----------------------------------------------

#[derive(Properties, PartialEq)]
pub struct ClassProps {
    pub query: AttrValue,
    /// A finished call, for the trainee's own progress.
    pub on_finished: Callback<Attempt>,
}

/// The calls finished so far, as kept: only those that replay cleanly in
/// order (anything else starts the session over rather than mislead).
fn finished_calls(session: &ClassSession, id: &str) -> Vec<String> {
    let catalogue = Catalogue::shipped();
    let mut out = Vec::new();
    for (text, &seed) in storage::class_calls(id).into_iter().zip(&session.seeds) {
        let ok = decode_choices(&text).is_some_and(|choices| {
            Session::replay(
                catalogue,
                Settings {
                    seed,
                    difficulty: session.level,
                },
                &choices,
            )
            .is_ok_and(|s| s.is_finished())
        });
        if !ok {
            break;
        }
        out.push(text);
    }
    out
}

#[function_component(ClassPlay)]
pub fn class_play(props: &ClassProps) -> Html {
    use_title("Class session".to_string());
    let navigate = super::router::use_navigation().navigate;
    let catalogue = Catalogue::shipped();
    let parsed = ClassSession::from_query(&props.query, catalogue);
    let name = use_state(storage::academy_name);
    let name_text = use_state(|| name.as_deref().unwrap_or("").to_string());
    let code_text = use_state(String::new);
    let playing = use_state(|| false);
    let id = parsed.as_ref().map(|s| s.id(catalogue)).unwrap_or_default();
    let finished = {
        let parsed = parsed.clone();
        let id = id.clone();
        use_state(move || parsed.map(|s| finished_calls(&s, &id)).unwrap_or_default())
    };
    let copied = use_state(|| None::<bool>);
    let status = use_state(String::new);
    let started_at = use_state(|| 0u64);
    // The call just finished, shown in its review before the next one.
    let reviewing = use_state(|| None::<usize>);

    let session = match parsed {
        Ok(s) => s,
        Err(e) => {
            // No code, or one that does not check out: a form to type it.
            let on_code = {
                let code_text = code_text.clone();
                Callback::from(move |e: InputEvent| code_text.set(input_value(&e)))
            };
            let target = format!("code={}", code_text.replace(['-', ' '], ""));
            let typed_error = (!props.query.is_empty()).then(|| e.to_string());
            return html! {
                <main id="main" class="screen class" data-screen="class" tabindex="-1">
                    <h1>{ "Join a class session" }</h1>
                    if let Some(why) = typed_error {
                        <p class="status error" role="alert">{ format!("This class code or link cannot be used: {why}.") }</p>
                    }
                    <form class="class-join" onsubmit={{
                        let (navigate, target) = (navigate.clone(), target.clone());
                        Callback::from(move |e: SubmitEvent| {
                            e.prevent_default();
                            navigate.emit(Route::Class { query: target.clone() });
                        })
                    }}>
                        <label for="class-code">{ "Class code, as your trainer read it out" }</label>
                        <input id="class-code" type="text" autocapitalize="characters" value={(*code_text).clone()} oninput={on_code} placeholder="1A4F-K9Q2-\u{2026}" />
                        <button type="submit" class="button">{ "Join" }</button>
                    </form>
                </main>
            };
        }
    };

    let title = session.shown_title(catalogue);
    let n = session.seeds.len();
    let Some(trainee) = (*name).clone() else {
        let on_input = {
            let name_text = name_text.clone();
            Callback::from(move |e: InputEvent| name_text.set(input_value(&e)))
        };
        let on_name = {
            let (name, name_text, status) = (name.clone(), name_text.clone(), status.clone());
            Callback::from(move |e: SubmitEvent| {
                e.prevent_default();
                let typed: String = name_text.trim().chars().take(MAX_NAME).collect();
                if typed.is_empty() {
                    status.set("Type the name your trainer will see.".to_string());
                    return;
                }
                match storage::set_academy_name(&typed) {
                    Ok(()) => status.set(String::new()),
                    Err(e) => status.set(format!("Your name is kept for this visit only ({e}).")),
                }
                name.set(Some(typed));
            })
        };
        return html! {
            <main id="main" class="screen class" data-screen="class" tabindex="-1">
                <h1>{ title }</h1>
                <form class="class-name" onsubmit={on_name}>
                    <label for="trainee-name">{ "Your name, as your trainer will see it" }</label>
                    <input id="trainee-name" type="text" maxlength={MAX_NAME.to_string()} value={(*name_text).clone()} oninput={on_input} autocomplete="name" />
                    <button type="submit" class="button">{ "Continue" }</button>
                    <p role="status">{ (*status).clone() }</p>
                </form>
            </main>
        };
    };

    let done = finished.len();
    if *playing && done < n {
        let on_finished = {
            let (finished, playing, parent, id, status) = (
                finished.clone(),
                playing.clone(),
                props.on_finished.clone(),
                id.clone(),
                status.clone(),
            );
            let (session, trainee, started_at) = (session.clone(), trainee.clone(), *started_at);
            let reviewing = reviewing.clone();
            Callback::from(move |attempt: Attempt| {
                queue_statements(&session, &trainee, done, started_at, &attempt, &status);
                let mut next = (*finished).clone();
                next.push(encode_choices(&attempt.choices));
                if let Err(e) = storage::set_class_calls(&id, &next) {
                    status.set(format!("This call is kept in this tab only ({e}); do not close it before you copy your result code."));
                }
                finished.set(next);
                playing.set(false);
                reviewing.set(Some(done));
                parent.emit(attempt);
            })
        };
        let label = format!("Call {} of {n} \u{b7} {title}", done + 1);
        return html! {
            <Practice key={format!("{id}-{done}")} seed={session.seeds[done]} level={session.level}
                on_replay={Callback::noop()} {on_finished} class={Some((AttrValue::from(label), session.hold_feedback))} />
        };
    }

    // The review of the call just finished (feedback held during a call
    // comes here), with the one way on.
    if let Some(i) = *reviewing {
        let call = finished
            .get(i)
            .and_then(|text| decode_choices(text))
            .and_then(|choices| {
                Session::replay(
                    catalogue,
                    Settings {
                        seed: session.seeds[i],
                        difficulty: session.level,
                    },
                    &choices,
                )
                .ok()
            });
        if let Some(call) = call {
            let label = if i + 1 < n {
                format!("On to call {} of {n}", i + 2)
            } else {
                "See your result code".to_string()
            };
            let on_next = {
                let reviewing = reviewing.clone();
                Callback::from(move |()| reviewing.set(None))
            };
            return html! {
                <ReviewView key={format!("{id}-review-{i}")} session={std::rc::Rc::new(call)} on_replay={Callback::noop()}
                    next={Some((AttrValue::from(label), on_next))} />
            };
        }
    }

    let focus = (!session.focus.is_empty()).then(|| {
        html! {
            <p class="class-focus">{ "In focus: " }
                { for session.focus.iter().enumerate().filter_map(|(i, k)| {
                    let id = catalogue.principle_by_key(k)?;
                    let p = catalogue.principle(id);
                    Some(html! { <>{ if i > 0 { ", " } else { "" } }<Link to={Route::Principle { key: k.clone() }}>{ p.title.as_ref() }</Link></> })
                }) }
            </p>
        }
    });
    let calls_done = html! {
        <ol class="class-calls">
            { for finished.iter().enumerate().filter_map(|(i, text)| {
                let choices = decode_choices(text)?;
                let s = Session::replay(catalogue, Settings { seed: session.seeds[i], difficulty: session.level }, &choices).ok()?;
                Some(html! {
                    <li>{ format!("Call {}: {} \u{2014} decision score {} of 100. ", i + 1, s.persona().name, s.score()) }
                        <Link to={Route::Past { seed: session.seeds[i], level: session.level, choices: text.clone() }}>{ "Review" }</Link>
                    </li>
                })
            }) }
        </ol>
    };
    let body = if done < n {
        let start = {
            let (playing, started_at) = (playing.clone(), started_at.clone());
            Callback::from(move |_| {
                started_at.set(super::now().0);
                playing.set(true);
            })
        };
        html! {
            <section class="class-next" aria-labelledby="next-heading">
                <h2 id="next-heading" tabindex="-1">{ if done == 0 { format!("{n} call{} to play", if n == 1 { "" } else { "s" }) } else { format!("Call {} of {n} next", done + 1) } }</h2>
                <p>{ format!("{} level; feedback {}.", level_name(session.level), if session.hold_feedback { "held until the end of each call" } else { "after each choice" }) }</p>
                { calls_done }
                <button type="button" class="button" onclick={start}>{ format!("Start call {}", done + 1) }</button>
            </section>
        }
    } else {
        let result = ClassResult {
            name: trainee.clone(),
            calls: finished.iter().filter_map(|t| decode_choices(t)).collect(),
        };
        let code = result.code(&session, catalogue);
        let file = format!(
            "callback-dojo-{}-{}.txt",
            id,
            trainee.replace(|c: char| !c.is_alphanumeric(), "-")
        );
        let download = {
            let (code, status) = (code.clone(), status.clone());
            Callback::from(move |_| {
                if let Err(e) = files::download_typed(&file, &code, "text/plain") {
                    status.set(format!("The file could not be made: {e}."));
                }
            })
        };
        html! {
            <section class="class-done" aria-labelledby="done-heading">
                <h2 id="done-heading" tabindex="-1">{ "Session complete" }</h2>
                { calls_done }
                <label for="result-code"><strong>{ "Your result code" }</strong>{ " \u{2014} send it to your trainer" }</label>
                <textarea id="result-code" class="result-code" readonly=true rows="3" value={code.clone()} />
                <p class="actions">
                    { copy_button(code, "Copy", &copied) }
                    <button type="button" class="button secondary small" onclick={download}>{ "Download as a file" }</button>
                </p>
                <p class="hint-note">{ "The code holds your name and your choices; your trainer\u{2019}s scoreboard replays them to the same scores. These calls also count in your own progress." }</p>
            </section>
        }
    };
    let rename = {
        let name = name.clone();
        Callback::from(move |_| name.set(None))
    };
    html! {
        <main id="main" class="screen class" data-screen="class" data-session={id.clone()} tabindex="-1">
            <h1>{ title }</h1>
            <p class="lede">{ format!("Playing as {trainee}. ") }<button type="button" class="link-button" onclick={rename}>{ "Change name" }</button></p>
            { focus.unwrap_or_default() }
            { body }
            <p role="status">{ (*status).clone() }</p>
            <LrsPanel suggested={session.lrs.clone().map(AttrValue::from)} />
        </main>
    }
}

/// A class call's statements into the queue for the store, when one is
/// set (made whether or not it is reachable now: the queue keeps them).
fn queue_statements(
    session: &ClassSession,
    trainee: &str,
    index: usize,
    started_at: u64,
    attempt: &Attempt,
    status: &UseStateHandle<String>,
) {
    let Some(settings) = storage::lrs_settings() else {
        return;
    };
    let catalogue = Catalogue::shipped();
    let Ok(call) = attempt.replay(catalogue) else {
        return;
    };
    let email = settings.email.trim();
    let actor = Actor {
        name: trainee.to_string(),
        mbox: (!email.is_empty()).then(|| format!("mailto:{email}")),
        account: None,
    };
    let record = call_record(
        &call,
        Some(class_ref(session, catalogue)),
        index as u8 + 1,
        started_at.min(attempt.finished_at),
        attempt.finished_at,
    );
    match storage::enqueue_statements(&xapi::statements(&actor, &record)) {
        Ok(_) => lrs::flush(),
        Err(e) => status.set(format!("The statements for the store could not be kept ({e}); your result code still holds the call.")),
    }
}

// --- The trainer's scoreboard ------------------------------------------

#[derive(Properties, PartialEq)]
pub struct BoardProps {
    pub query: AttrValue,
}

/// What became of one pasted code.
#[derive(Clone, PartialEq)]
enum Added {
    Yes(String),
    Again(String),
    Refused(String, String),
}

#[function_component(Scoreboard)]
pub fn scoreboard(props: &BoardProps) -> Html {
    use_title("Scoreboard".to_string());
    let catalogue = Catalogue::shipped();
    let parsed = ClassSession::from_query(&props.query, catalogue);
    let id = parsed.as_ref().map(|s| s.id(catalogue)).unwrap_or_default();
    let codes = {
        let id = id.clone();
        use_state(move || storage::board_codes(&id))
    };
    let pasted = use_state(String::new);
    let report = use_state(Vec::<Added>::new);
    let saved_error = use_state(String::new);
    let loading = use_state(|| false);
    let store_problems = use_state(Vec::<String>::new);
    // Every kept code replayed and the board added up: when the codes or
    // the session change, not on each keystroke in the paste box. (The
    // codes were verified when added; one that no longer verifies, from
    // another version of the content, is left off.)
    let counted = use_memo(((*codes).clone(), props.query.clone()), |(codes, query)| {
        let session = ClassSession::from_query(query, catalogue).ok()?;
        let results: Vec<ClassResult> = codes
            .iter()
            .filter_map(|c| ClassResult::verify(c, &session, catalogue).ok())
            .collect();
        let board = board(&session, &results, catalogue);
        Some((results, board))
    });

    let session = match parsed {
        Ok(s) => s,
        Err(e) => {
            return html! {
                <main id="main" class="screen board" data-screen="board" tabindex="-1">
                    <h1>{ "Scoreboard" }</h1>
                    <p class="status error" role="alert">{ format!("This scoreboard link cannot be used: {e}. Make the session again at ") }<Link to={Route::Academy}>{ "/academy" }</Link>{ "." }</p>
                </main>
            };
        }
    };

    let (results, b) = match counted.as_ref() {
        Some((results, board)) => (results.clone(), board.clone()),
        None => (Vec::new(), board(&session, &[], catalogue)),
    };

    let add = {
        let (codes, report, saved_error, session, id) = (
            codes.clone(),
            report.clone(),
            saved_error.clone(),
            session.clone(),
            id.clone(),
        );
        Callback::from(move |(text, mut out): (String, Vec<Added>)| {
            let mut next = (*codes).clone();
            for token in text
                .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
                .filter(|t| !t.is_empty())
            {
                match ClassResult::verify(token, &session, catalogue) {
                    Ok(r) if next.iter().any(|c| c == token) => out.push(Added::Again(r.name)),
                    Ok(r) => {
                        next.push(token.to_string());
                        out.push(Added::Yes(r.name));
                    }
                    Err(_) if token.starts_with("cd1.") => out.push(Added::Refused(
                        token.chars().take(24).collect(),
                        "result codes are case-sensitive: paste it exactly as it was copied"
                            .to_string(),
                    )),
                    Err(why) => {
                        let shown: String = token.chars().take(24).collect();
                        // (shown: the start of the code, so the trainer
                        // can tell whose it was.)
                        out.push(Added::Refused(shown, why.to_string()));
                    }
                }
            }
            if out.is_empty() {
                out.push(Added::Refused(
                    String::new(),
                    "nothing was pasted".to_string(),
                ));
            }
            let added: Vec<String> = next
                .iter()
                .filter(|c| !codes.contains(c))
                .cloned()
                .collect();
            let (all, saved) = storage::add_board_codes(&id, &added);
            match saved {
                Ok(()) => saved_error.set(String::new()),
                Err(e) => saved_error.set(format!(
                    "The codes are on the board but not saved in this browser ({e})."
                )),
            }
            // What is stored, with any codes another tab added; when the
            // save failed, this tab's codes stay on the board.
            let mut shown = all;
            for code in next {
                if !shown.contains(&code) {
                    shown.push(code);
                }
            }
            codes.set(shown);
            report.set(out);
        })
    };
    let on_paste_input = {
        let pasted = pasted.clone();
        Callback::from(move |e: InputEvent| pasted.set(input_value(&e)))
    };
    let on_add = {
        let (add, pasted) = (add.clone(), pasted.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            add.emit(((*pasted).clone(), Vec::new()));
            pasted.set(String::new());
        })
    };
    // Files picked or dropped: each read (up to 100 kB) and its codes
    // added; a file that cannot be read is named with the reason.
    let add_files = {
        let add = add.clone();
        Callback::from(move |list: web_sys::FileList| {
            let files: Vec<web_sys::File> =
                (0..list.length()).filter_map(|i| list.get(i)).collect();
            let add = add.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let mut all = String::new();
                let mut unread = Vec::new();
                for f in files {
                    let name = f.name();
                    match files::read_text(f, 100_000).await {
                        Ok(t) => {
                            all.push_str(&t);
                            all.push('\n');
                        }
                        Err(why) => unread.push(Added::Refused(name, why)),
                    }
                }
                add.emit((all, unread));
            });
        })
    };
    let on_files = {
        let add_files = add_files.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            else {
                return;
            };
            if let Some(list) = input.files() {
                add_files.emit(list);
            }
            // Picking the same file again must fire `change` again.
            input.set_value("");
        })
    };
    let on_drop = {
        let add_files = add_files.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if let Some(list) = e.data_transfer().and_then(|d| d.files()) {
                add_files.emit(list);
            }
        })
    };
    // Allows the drop (the browser's default would open the file).
    let on_drag_over = Callback::from(|e: DragEvent| e.prevent_default());
    let remove = |index: usize| {
        let (codes, id, saved_error) = (codes.clone(), id.clone(), saved_error.clone());
        Callback::from(move |_| {
            let Some(code) = codes.get(index).cloned() else {
                return;
            };
            match storage::remove_board_code(&id, &code) {
                Ok(all) => codes.set(all),
                Err(storage::StorageError::Framed) => {
                    saved_error.set(format!("Nothing was removed: {}.", storage::FRAMED));
                }
                // Not saved, but taken off the board on screen.
                Err(e) => {
                    saved_error.set(format!(
                        "The result is off the board but not saved in this browser ({e})."
                    ));
                    codes.set(codes.iter().filter(|c| **c != code).cloned().collect());
                }
            }
        })
    };
    let load = {
        let (add, report, session, loading, store_problems) = (
            add.clone(),
            report.clone(),
            session.clone(),
            loading.clone(),
            store_problems.clone(),
        );
        Callback::from(move |_| {
            let Some(settings) = storage::lrs_settings() else {
                report.set(vec![Added::Refused(
                    String::new(),
                    "no learning record store is set (open its settings below)".to_string(),
                )]);
                return;
            };
            let (add, report, session, loading, store_problems) = (
                add.clone(),
                report.clone(),
                session.clone(),
                loading.clone(),
                store_problems.clone(),
            );
            loading.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                let outcome = load_statements(&settings, &session).await;
                loading.set(false);
                match outcome {
                    Ok((codes, problems)) => {
                        store_problems.set(problems);
                        if codes.is_empty() {
                            report.set(vec![Added::Refused(
                                String::new(),
                                "the store holds no complete calls of this session yet".to_string(),
                            )]);
                        } else {
                            add.emit((codes.join("\n"), Vec::new()));
                        }
                    }
                    Err(why) => report.set(vec![Added::Refused(
                        String::new(),
                        format!("the store could not be read: {why}"),
                    )]),
                }
            });
        })
    };
    let export = {
        let (session, results, id) = (session.clone(), results.clone(), id.clone());
        Callback::from(move |_| {
            let _ = files::download_typed(
                &format!("callback-dojo-{id}-scoreboard.csv"),
                &csv(&session, &results, catalogue),
                "text/csv",
            );
        })
    };
    let print = Callback::from(|_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    });
    let title = session.shown_title(catalogue);
    let class_link = session.link(catalogue);

    html! {
        <main id="main" class="screen board" data-screen="board" data-session={id.clone()} data-trainees={b.trainees.len().to_string()} tabindex="-1">
            <h1>{ format!("Scoreboard: {title}") }</h1>
            <p class="lede">{ format!("Session {id} \u{b7} {} call{} \u{b7} {} level. ", session.seeds.len(), if session.seeds.len() == 1 { "" } else { "s" }, level_name(session.level).to_lowercase()) }
                <a href={class_link}>{ "Class link" }</a></p>
            <form class="board-add no-print" onsubmit={on_add} ondrop={on_drop} ondragover={on_drag_over}>
                <label for="codes">{ "Result codes (paste any number, one a line, or drop the files here)" }</label>
                <textarea id="codes" rows="4" value={(*pasted).clone()} oninput={on_paste_input} />
                <div class="actions">
                    <button type="submit" class="button">{ "Add to the board" }</button>
                    <label class="button secondary small file-pick">{ "Or add files\u{2026}" }
                        <input type="file" accept=".txt,text/plain" multiple=true onchange={on_files} class="visually-hidden" />
                    </label>
                    <button type="button" class="button secondary small" onclick={load} disabled={*loading}>
                        { if *loading { "Loading from the store\u{2026}" } else { "Load from the store" } }</button>
                </div>
            </form>
            <LrsPanel suggested={session.lrs.clone().map(AttrValue::from)} />
            if !report.is_empty() {
                <div class="board-report no-print" role="status"><ul>
                    { for report.iter().map(|a| match a {
                        Added::Yes(n) => html! { <li class="added">{ format!("Added {n}.") }</li> },
                        Added::Again(n) => html! { <li class="again">{ format!("{n} is already on the board.") }</li> },
                        Added::Refused(code, why) => html! { <li class="refused">{ format!("Not added{}: {why}.", if code.is_empty() { String::new() } else { format!(" ({code}\u{2026})") }) }</li> },
                    }) }
                </ul></div>
            }
            if !store_problems.is_empty() {
                <ul class="store-problems no-print">
                    { for store_problems.iter().map(|p| html! { <li>{ format!("Not on the board yet: {p}.") }</li> }) }
                </ul>
            }
            if !saved_error.is_empty() {
                <p class="status error" role="alert">{ (*saved_error).clone() }</p>
            }
            if b.trainees.is_empty() {
                <p>{ "No results yet. Share the class link; each trainee gets a result code at the end to paste here." }</p>
            } else {
                <p class="actions no-print">
                    <button type="button" class="button secondary small" onclick={print}>{ "Print" }</button>
                    <button type="button" class="button secondary small" onclick={export}>{ "Download CSV" }</button>
                </p>
                { trainee_table(&b, &session, &remove) }
                { discussion(&b, catalogue) }
                { principles_table(&b, catalogue) }
                { calibration(&b) }
            }
        </main>
    }
}

fn truth_word(t: Truth) -> &'static str {
    match t {
        Truth::True => "true",
        Truth::Sincere => "sincere",
        Truth::BrushOff => "brush-off",
    }
}

fn trainee_table(
    b: &Board,
    session: &ClassSession,
    remove: &dyn Fn(usize) -> Callback<MouseEvent>,
) -> Html {
    html! {
        <section aria-labelledby="trainees-heading">
            <h2 id="trainees-heading">{ format!("{} trainee{}", b.trainees.len(), if b.trainees.len() == 1 { "" } else { "s" }) }</h2>
            <table class="board-table trainees">
                <thead><tr>
                    <th scope="col">{ "Trainee" }</th>
                    { for (1..=session.seeds.len()).map(|i| html! { <th scope="col">{ format!("Call {i} (of 100)") }</th> }) }
                    <th scope="col">{ "Mean" }</th>
                    <th scope="col" class="no-print"><span class="visually-hidden">{ "Remove" }</span></th>
                </tr></thead>
                <tbody>
                    { for b.trainees.iter().enumerate().map(|(i, t)| html! {
                        <tr>
                            <th scope="row">{ t.name.clone() }</th>
                            { for t.calls.iter().map(|c| html! {
                                <td>{ c.score }
                                    <span class="reading">{ match c.diagnosis {
                                        Some((g, conf)) => format!(" \u{b7} read {} {conf} %{}", truth_word(g), if g == c.truth { " \u{2713}" } else { " \u{2717}" }),
                                        None => String::new(),
                                    } }</span>
                                </td>
                            }) }
                            <td><strong>{ t.mean }</strong></td>
                            <td class="no-print"><button type="button" class="link-button" onclick={remove(i)} aria-label={format!("Remove {}", t.name)}>{ "Remove" }</button></td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </section>
    }
}

fn discussion(b: &Board, catalogue: &Catalogue) -> Html {
    html! {
        <section class="discussion" aria-labelledby="discussion-heading">
            <h2 id="discussion-heading">{ "Decision by decision" }</h2>
            { for b.points.iter().map(|p| {
                let principle = p.best_principle.map(|id| catalogue.principle(id));
                html! {
                    <article class="decision-point" data-call={p.call.to_string()} data-step={p.step.to_string()}>
                        <h3>{ format!("Call {}, decision {} \u{b7} {} of {} reached it", p.call + 1, p.step + 1, p.reached, b.trainees.len()) }</h3>
                        if !p.prompt.is_empty() {
                            <p class="prompt"><span class="who">{ "Prospect: " }</span>{ p.prompt.clone() }</p>
                        }
                        if p.phase == Phase::Diagnosis {
                            <p>{ format!("Read it as true {}, sincere {}, brush-off {}; mean confidence {} %. The cues supported true {} %, sincere {} %, brush-off {} %; it was {}.",
                                p.readings[0], p.readings[1], p.readings[2],
                                p.confidence_sum.checked_div(p.reached).unwrap_or(0),
                                (p.supported[0] * 100.0).round() as u32, (p.supported[1] * 100.0).round() as u32,
                                (p.supported[2] * 100.0).round() as u32, truth_word(p.truth)) }</p>
                        } else {
                            <ul class="option-counts">
                                { for p.options.iter().map(|o| html! {
                                    <li class={classes!(o.best.then_some("best"))} data-count={o.chosen_by.len().to_string()}>
                                        <strong>{ format!("{} of {}", o.chosen_by.len(), p.reached) }</strong>{ " \u{2014} " }{ o.text.clone() }
                                        if o.best { <span class="best-mark">{ " (best)" }</span> }
                                    </li>
                                }) }
                            </ul>
                            if let Some(pr) = principle {
                                <p class="why-best">{ format!("{} of {} did not take the best option, which follows ", p.missed_best(), p.reached) }
                                    <Link to={Route::Principle { key: pr.key.to_string() }}>{ pr.title.as_ref() }</Link>{ "." }</p>
                            }
                        }
                    </article>
                }
            }) }
        </section>
    }
}

fn principles_table(b: &Board, catalogue: &Catalogue) -> Html {
    html! {
        <section aria-labelledby="principles-heading">
            <h2 id="principles-heading">{ "Principles the class broke most" }</h2>
            <table class="board-table">
                <thead><tr><th scope="col">{ "Principle" }</th><th scope="col">{ "Broken" }</th><th scope="col">{ "Followed" }</th></tr></thead>
                <tbody>
                    { for b.principles.iter().filter(|t| t.broken > 0).take(8).map(|t| {
                        let p = catalogue.principle(t.principle);
                        html! { <tr><th scope="row"><Link to={Route::Principle { key: p.key.to_string() }}>{ p.title.as_ref() }</Link></th><td>{ t.broken }</td><td>{ t.followed }</td></tr> }
                    }) }
                </tbody>
            </table>
        </section>
    }
}

fn calibration(b: &Board) -> Html {
    let c = b.calibration;
    html! {
        <section aria-labelledby="calibration-heading">
            <h2 id="calibration-heading">{ "How well the class read the calls" }</h2>
            if c.diagnosed == 0 {
                <p>{ "No call reached a diagnosis." }</p>
            } else {
                <p>{ format!("{} of {} readings right. Brier score {}.{:03} (0 is perfect; a third on each truth scores 0.667).", c.right, c.diagnosed, c.brier_milli / 1000, c.brier_milli % 1000) }</p>
                <table class="board-table">
                    <thead><tr><th scope="col">{ "Confidence" }</th><th scope="col">{ "Readings" }</th><th scope="col">{ "Right" }</th></tr></thead>
                    <tbody>
                        { for CALIBRATION_BUCKETS.iter().zip(c.buckets.iter()).filter(|(_, b)| b.1 > 0).map(|((lo, hi), (right, n))| html! {
                            <tr><th scope="row">{ format!("{lo}\u{2013}{hi} %") }</th><td>{ n }</td><td>{ format!("{right} ({} %)", right * 100 / n) }</td></tr>
                        }) }
                    </tbody>
                </table>
            }
        </section>
    }
}

/// The class's statements from the store (by registration, following
/// `more` pages), as result codes, and the trainees that could not be
/// rebuilt.
async fn load_statements(
    settings: &storage::LrsSettings,
    session: &ClassSession,
) -> Result<(Vec<String>, Vec<String>), String> {
    let catalogue = Catalogue::shipped();
    let registration = xapi::uuid_text(&session.registration(catalogue));
    let base = lrs::statements_url(&settings.endpoint);
    let origin: String = {
        let after = base.find("://").map_or(0, |i| i + 3);
        let end = base[after..].find('/').map_or(base.len(), |i| after + i);
        base[..end].to_string()
    };
    let mut url = format!("{base}?registration={registration}&limit=100");
    let mut all = Vec::new();
    for _ in 0..1000 {
        let (status, text) = lrs::request(settings, "GET", &url, None).await?;
        if status != 200 {
            return Err(format!("it answered {status}"));
        }
        let page = Json::parse(&text).map_err(|e| format!("its answer is not JSON ({e})"))?;
        if let Some(list) = page.get("statements").and_then(Json::as_array) {
            all.extend(list.iter().cloned());
        }
        match page
            .get("more")
            .and_then(Json::as_str)
            .filter(|m| !m.is_empty())
        {
            Some(more) if more.starts_with('/') => url = format!("{origin}{more}"),
            Some(more) => url = more.to_string(),
            None => break,
        }
    }
    let (results, problems) = results_from_statements(session, catalogue, &all);
    Ok((
        results.iter().map(|r| r.code(session, catalogue)).collect(),
        problems,
    ))
}
