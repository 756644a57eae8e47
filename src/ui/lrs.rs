//! Sending statements to a learning record store, and the settings panel.
//!
//! Statements are made when a class call ends and go into a queue in local
//! storage first (`storage::enqueue_statements`); `flush` sends the queue in
//! batches whenever a store is configured and reachable. A batch leaves the
//! queue only once the store has taken it: 200 (stored), 204 (all already
//! held) and, sent one by one, 409 for a statement the store holds with
//! other content, which sending again cannot change. Anything else (no
//! network, the store down, a 5xx) keeps the batch and tries again after 2,
//! 4, 8 … up to 300 seconds, and at once when the browser is back online.
//! Statement ids are fixed when a statement is made, so a batch sent twice
//! (a reply lost on the way back) is stored once.

use std::cell::{Cell, RefCell};

use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use super::storage::{self, LrsSettings};

/// Statements in one request.
const BATCH: usize = 50;
/// The longest wait between tries, in seconds.
const MAX_BACKOFF: u32 = 300;
/// The window event that tells panels the queue or its status changed.
pub const CHANGED: &str = "dojo-lrs";

thread_local! {
    static SENDING: Cell<bool> = const { Cell::new(false) };
    static FAILURES: Cell<u32> = const { Cell::new(0) };
    static RETRY: RefCell<Option<Timeout>> = const { RefCell::new(None) };
    static STATUS: RefCell<String> = const { RefCell::new(String::new()) };
}

/// What the last send did, for the panel.
pub fn status() -> String {
    STATUS.with(|s| s.borrow().clone())
}

fn set_status(text: String) {
    STATUS.with(|s| *s.borrow_mut() = text);
    if let Some(w) = web_sys::window() {
        if let Ok(event) = web_sys::Event::new(CHANGED) {
            let _ = w.dispatch_event(&event);
        }
    }
}

/// Standard base64 with padding, for HTTP basic authentication.
fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(A[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The statements resource of an endpoint ("…/xAPI/" or "…/xAPI").
pub fn statements_url(endpoint: &str) -> String {
    format!("{}/statements", endpoint.trim_end_matches('/'))
}

/// The origin of a URL ("https://lrs.example.org:8443").
fn origin_of(url: &str) -> &str {
    let after = url.find("://").map_or(0, |i| i + 3);
    let end = url[after..].find('/').map_or(url.len(), |i| after + i);
    &url[..end]
}

/// Whether the page's Content-Security-Policy lets it connect to `url`:
/// the app's own origin, or an origin the build allowed
/// (`DOJO_LRS_ORIGINS`; `scheme://host:*` allows any port). Checked before
/// a request, so a store the build does not allow is explained instead of
/// failing as if the network were down.
pub fn allowed(url: &str) -> bool {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return false;
    };
    let own = document
        .location()
        .and_then(|l| l.origin().ok())
        .unwrap_or_default();
    let target = origin_of(url);
    if target == own {
        return true;
    }
    let policy = document
        .query_selector("meta[http-equiv=\"Content-Security-Policy\"]")
        .ok()
        .flatten()
        .and_then(|m| m.get_attribute("content"))
        .unwrap_or_default();
    let Some(sources) = policy
        .split(';')
        .map(str::trim)
        .find_map(|d| d.strip_prefix("connect-src "))
    else {
        // No connect-src: default-src governs, and it is 'self'.
        return false;
    };
    sources.split_whitespace().any(|s| {
        s == target
            || s.strip_suffix(":*").is_some_and(|base| {
                target.strip_prefix(base).is_some_and(|port| {
                    port.starts_with(':') && port[1..].bytes().all(|b| b.is_ascii_digit())
                })
            })
    })
}

/// Why this build cannot reach a store, in words for the trainer.
pub fn not_allowed(url: &str) -> String {
    format!(
        "this copy of the app may only connect to its own address; whoever hosts it can allow {} by building it with DOJO_LRS_ORIGINS=\"{}\"",
        origin_of(url),
        origin_of(url)
    )
}

/// One request to the store: (status, body), or why it could not be made.
pub async fn request(
    settings: &LrsSettings,
    method: &str,
    url: &str,
    body: Option<&str>,
) -> Result<(u16, String), String> {
    if !allowed(url) {
        return Err(not_allowed(url));
    }
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    init.set_mode(web_sys::RequestMode::Cors);
    if let Some(body) = body {
        init.set_body(&JsValue::from_str(body));
    }
    let headers = web_sys::Headers::new().map_err(|_| "no headers".to_string())?;
    let auth = base64(format!("{}:{}", settings.key, settings.secret).as_bytes());
    let _ = headers.set("Authorization", &format!("Basic {auth}"));
    let _ = headers.set("X-Experience-API-Version", "1.0.3");
    if body.is_some() {
        let _ = headers.set("Content-Type", "application/json");
    }
    init.set_headers(&headers);
    let request = web_sys::Request::new_with_str_and_init(url, &init)
        .map_err(|_| "the store's address is not a web address".to_string())?;
    let window = web_sys::window().ok_or("no window")?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(|_| "the store could not be reached".to_string())?
        .dyn_into()
        .map_err(|_| "no response".to_string())?;
    let text = match response.text() {
        Ok(p) => JsFuture::from(p)
            .await
            .ok()
            .and_then(|t| t.as_string())
            .unwrap_or_default(),
        Err(_) => String::new(),
    };
    Ok((response.status(), text))
}

/// Sends what is queued, if a store is set and no send is under way.
pub fn flush() {
    if SENDING.with(|s| s.replace(true)) {
        return;
    }
    RETRY.with(|r| r.borrow_mut().take());
    wasm_bindgen_futures::spawn_local(async {
        let outcome = send_queue().await;
        SENDING.with(|s| s.set(false));
        match outcome {
            Ok(0) => {}
            Ok(sent) => {
                FAILURES.with(|f| f.set(0));
                set_status(format!(
                    "Sent {sent} statement{} to the store.",
                    if sent == 1 { "" } else { "s" }
                ));
            }
            Err(why) => {
                let failures = FAILURES.with(|f| {
                    f.set(f.get().saturating_add(1));
                    f.get()
                });
                let wait = 2u32.saturating_pow(failures.min(9)).min(MAX_BACKOFF);
                set_status(format!(
                    "Not sent: {why}. Kept in this browser; trying again in {wait} s."
                ));
                RETRY.with(|r| *r.borrow_mut() = Some(Timeout::new(wait * 1000, flush)));
            }
        }
    });
}

/// Sends the queue batch by batch; the number of statements the store took.
async fn send_queue() -> Result<usize, String> {
    let Some(settings) = storage::lrs_settings() else {
        return Ok(0);
    };
    let url = statements_url(&settings.endpoint);
    let mut sent = 0;
    loop {
        let queue = storage::lrs_queue();
        if queue.is_empty() {
            return Ok(sent);
        }
        let batch: Vec<String> = queue.into_iter().take(BATCH).collect();
        let body = format!("[{}]", batch.join(","));
        let (status, text) = request(&settings, "POST", &url, Some(&body)).await?;
        match status {
            200 | 204 => {}
            409 => {
                // One statement in the batch is held with other content:
                // one by one, so the others are stored.
                for s in &batch {
                    let (status, text) =
                        request(&settings, "POST", &url, Some(&format!("[{s}]"))).await?;
                    if !matches!(status, 200 | 204 | 409) {
                        return Err(refusal(status, &text));
                    }
                }
            }
            _ => return Err(refusal(status, &text)),
        }
        storage::dequeue_statements(&batch).map_err(|e| e.to_string())?;
        sent += batch.len();
        set_status(format!("Sending\u{2026} {sent} sent so far."));
    }
}

fn refusal(status: u16, body: &str) -> String {
    let detail: String = body.chars().take(120).collect();
    match status {
        401 | 403 => format!("the store refused the key and secret ({status})"),
        _ => format!("the store answered {status} {detail}"),
    }
}

/// Sends the queue at start and whenever the browser comes back online.
pub fn watch() -> Option<EventListener> {
    flush();
    web_sys::window().map(|w| EventListener::new(&w, "online", |_| flush()))
}

// --- The settings panel -------------------------------------------------

#[derive(Properties, PartialEq)]
pub struct PanelProps {
    /// An endpoint the class link suggests (the trainer put it there).
    #[prop_or_default]
    pub suggested: Option<AttrValue>,
}

/// Where statements go: endpoint, key and secret (and the trainee's
/// e-mail, if they want statements under it), the queue and the last
/// send. Without a store, everything else works as before.
#[function_component(LrsPanel)]
pub fn lrs_panel(props: &PanelProps) -> Html {
    let current = storage::lrs_settings();
    let form = {
        let suggested = props.suggested.clone();
        let current = current.clone();
        use_state(move || {
            current.unwrap_or(LrsSettings {
                endpoint: suggested.map(|s| s.to_string()).unwrap_or_default(),
                ..LrsSettings::default()
            })
        })
    };
    let message = use_state(String::new);
    let tick = use_state(|| 0u32);
    {
        let tick = tick.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window()
                .map(|w| EventListener::new(&w, CHANGED, move |_| tick.set(*tick + 1)));
            move || drop(listener)
        });
    }
    let field = |name: &'static str| {
        let form = form.clone();
        Callback::from(move |e: InputEvent| {
            let value = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                .map(|i| i.value())
                .unwrap_or_default();
            let mut next = (*form).clone();
            match name {
                "endpoint" => next.endpoint = value,
                "key" => next.key = value,
                "secret" => next.secret = value,
                _ => next.email = value,
            }
            form.set(next);
        })
    };
    let on_save = {
        let (form, message) = (form.clone(), message.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let s = (*form).clone();
            let endpoint = s.endpoint.trim();
            if !(endpoint.starts_with("https://") || endpoint.starts_with("http://")) {
                message.set("The endpoint must be a web address (https://…/xAPI/).".to_string());
                return;
            }
            match storage::set_lrs_settings(Some(&s)) {
                Ok(()) if !allowed(&statements_url(endpoint)) => {
                    message.set(format!(
                        "Saved in this browser, but {}.",
                        not_allowed(endpoint)
                    ));
                }
                Ok(()) => {
                    message.set("Saved in this browser.".to_string());
                    flush();
                }
                Err(e) => message.set(format!("Not saved: {e}.")),
            }
        })
    };
    let on_forget = {
        let (form, message) = (form.clone(), message.clone());
        Callback::from(move |_| {
            let _ = storage::set_lrs_settings(None);
            form.set(LrsSettings::default());
            message.set("The store settings were removed from this browser.".to_string());
        })
    };
    let queued = storage::lrs_queue().len();
    html! {
        <details class="lrs-panel no-print" open={current.is_none() && props.suggested.is_some()}>
            <summary>{ match current {
                Some(ref s) => format!("Learning record store: {} \u{b7} {queued} waiting", s.endpoint),
                None => "Learning record store (optional)".to_string(),
            } }</summary>
            <form class="lrs-form" onsubmit={on_save}>
                <label for="lrs-endpoint">{ "Statements endpoint" }</label>
                <input id="lrs-endpoint" type="url" value={form.endpoint.clone()} oninput={field("endpoint")} placeholder="https://lrs.example.org/xAPI/" />
                <label for="lrs-key">{ "Key (user name)" }</label>
                <input id="lrs-key" type="text" autocomplete="username" value={form.key.clone()} oninput={field("key")} />
                <label for="lrs-secret">{ "Secret" }</label>
                <input id="lrs-secret" type="password" autocomplete="current-password" value={form.secret.clone()} oninput={field("secret")} />
                <label for="lrs-email">{ "Your e-mail for the statements (optional)" }</label>
                <input id="lrs-email" type="email" value={form.email.clone()} oninput={field("email")} />
                <p class="actions">
                    <button type="submit" class="button small">{ "Save" }</button>
                    <button type="button" class="button secondary small" onclick={on_forget}>{ "Forget" }</button>
                    <button type="button" class="button secondary small" onclick={Callback::from(|_| flush())}>{ "Send now" }</button>
                </p>
                <p role="status" class="lrs-status" data-queued={queued.to_string()}>
                    { (*message).clone() }{ " " }{ status() }{ format!(" {queued} statement{} waiting.", if queued == 1 { "" } else { "s" }) }
                </p>
                <p class="hint-note">{ "Kept in this browser only; the key and secret are never put in a link." }</p>
            </form>
        </details>
    }
}
