//! The review of a finished call: decision score and outcome apart, the
//! truth beside the diagnosis, every decision with its principles and the
//! path not taken, and the way to replay, start anew or share the call.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::router::{absolute_url, Link, Route};
use crate::core::catalogue::Catalogue;
use crate::core::saved::decode_choices;
use crate::core::sim::review::{signed, Review};
use crate::core::sim::{Difficulty, Phase, Session, Settings};

#[derive(Properties, Clone)]
pub struct ReviewProps {
    pub session: Rc<Session<'static>>,
    pub on_replay: Callback<()>,
    /// In a class session: the one way on ("Call 2 of 3", "Your result
    /// code"), in place of replaying or starting another call.
    #[prop_or_default]
    pub next: Option<(AttrValue, Callback<()>)>,
}

impl PartialEq for ReviewProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.session, &other.session)
            && self.on_replay == other.on_replay
            && self.next == other.next
    }
}

fn phase_label(phase: Phase) -> &'static str {
    match phase {
        Phase::Opener => "Opening",
        Phase::Diagnosis => "Diagnosis",
        Phase::Respond => "Response",
        Phase::Plan => "Plan",
        Phase::Voicemail => "Voicemail",
        Phase::Callback => "Callback",
        Phase::Persistence => "Persistence",
        Phase::Done => "End",
    }
}

/// A probability as a whole percentage (integer formatting keeps the
/// float formatter out of the binary).
fn percent(p: f64) -> String {
    format!("{} %", (p * 100.0).round().clamp(0.0, 100.0) as u32)
}

#[function_component(ReviewView)]
pub fn review_view(props: &ReviewProps) -> Html {
    let catalogue = Catalogue::shipped();
    let session = &props.session;
    // A new screen: start at its top, with focus on it.
    use_effect_with((), |_| {
        if let Some(w) = web_sys::window() {
            w.scroll_to_with_x_and_y(0.0, 0.0);
            if let Some(main) = w.document().and_then(|d| d.get_element_by_id("main")) {
                if let Ok(main) = main.dyn_into::<web_sys::HtmlElement>() {
                    let _ = main.focus();
                }
            }
        }
    });
    let review = Review::of(session);
    let settings = session.settings();
    let route = Route::Practice {
        seed: Some(settings.seed),
        level: settings.difficulty,
    };
    let link = absolute_url(&route);
    // None until tried; then whether the browser really copied it (it may
    // refuse: no permission, no secure context).
    let copied = use_state(|| None::<bool>);
    let on_copy = {
        let link = link.clone();
        let copied = copied.clone();
        Callback::from(move |_| {
            let Some(w) = web_sys::window() else { return };
            let promise = w.navigator().clipboard().write_text(&link);
            let copied = copied.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let done = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
                copied.set(Some(done));
            });
        })
    };
    let on_replay = {
        let replay = props.on_replay.clone();
        Callback::from(move |_| replay.emit(()))
    };
    let diagnosis = review
        .diagnosis
        .map(|(t, c)| format!("{} at {c} %", t.label()))
        .unwrap_or_else(|| "no diagnosis".to_string());
    let s = review.supported;
    html! {
        <main id="main" class="screen review" data-screen="review" tabindex="-1">
            <h1>{ "Review of your call" }</h1>
            <section class="scores" aria-label="Result">
                <p class="score"><span class="big" data-score={review.score.to_string()}>{ review.score }</span>{ format!(" / 100 decision score ({} of {} points)", signed(review.earned), signed(review.available)) }</p>
                <p class="outcome" data-outcome={review.outcome.map(|o| o.key()).unwrap_or("")}>
                    { "Outcome: " }<strong>{ review.outcome.map(|o| o.label()).unwrap_or("unfinished") }</strong>
                </p>
                <p class="explain">
                    { "The decision score rates each choice against what you could know at that moment: each decision below shows the points it earned of those at stake (a confidently wrong reading loses points), and the score is all points earned over all at stake, never below 0. The outcome also depends on luck: a well-played call can still end in a no-show, and a poor one in a meeting." }
                </p>
            </section>
            <section class="truth-section" aria-labelledby="truth-heading">
                <h2 id="truth-heading">{ "What was really going on" }</h2>
                <p class="truth-reveal" data-truth={review.truth.key()}>{ review.truth.label() }</p>
                <p>{ format!("You said: {diagnosis}. The cues supported true {}, sincere {}, brush-off {}.", percent(s[0]), percent(s[1]), percent(s[2])) }</p>
            </section>
            <section aria-labelledby="decisions-heading">
                <h2 id="decisions-heading">{ "Decision by decision" }</h2>
                <ol class="decisions">
                    { for review.items.iter().map(|item| html! {
                        <li class={classes!("decision", item.mark().key())} data-mark={item.mark().key()}>
                            <p class="decision-head">
                                <span class="phase">{ phase_label(item.phase) }</span>
                                <span class="mark">{ item.mark().label() }</span>
                                <span class="percent">{ item.figure() }</span>
                            </p>
                            <p class="chosen">{ item.chosen.clone() }</p>
                            <p class="why">{ item.feedback.clone() }</p>
                            <ul class="principles">
                                { for item.applied.iter().map(|a| {
                                    let p = catalogue.principle(a.principle);
                                    let source = catalogue.source(p.sources[0]);
                                    let followed = a.weight >= 0.0;
                                    html! {
                                        <li class={if followed { "followed" } else { "broke" }}>
                                            { if followed { "Followed: " } else { "Broke: " } }
                                            <Link to={Route::Principle { key: p.key.to_string() }}>{ p.title.as_ref() }</Link>
                                            { format!(" (\u{201c}{}\u{201d})", source.title) }
                                            { for catalogue.disagreements_at(a.principle, item.phase.key()).map(|d| html! {
                                                <span class="sources-differ">{ format!(" Sources differ: {} {} {}", d.view_a, d.view_b, d.resolution) }</span>
                                            }) }
                                        </li>
                                    }
                                }) }
                            </ul>
                            if let Some(best) = item.best.clone() {
                                <div class="path-not-taken">
                                    <p><strong>{ "The path not taken: " }</strong>{ best }</p>
                                    if let Some(why) = item.best_feedback.clone() { <p>{ why }</p> }
                                </div>
                            }
                        </li>
                    }) }
                </ol>
            </section>
            if let Some((label, next)) = props.next.clone() {
                <section class="actions" aria-label="What next">
                    <button type="button" class="button" onclick={move |_| next.emit(())}>{ label }</button>
                </section>
            } else {
            <section class="actions" aria-label="What next">
                <button type="button" class="button" onclick={on_replay}>{ "Replay this call" }</button>
                <Link to={Route::Practice { seed: None, level: settings.difficulty }} classes="button secondary">{ "New call" }</Link>
                <button type="button" class="button secondary" onclick={on_copy}>{ match *copied { Some(true) => "Link copied", Some(false) => "Copy failed: select the link below", None => "Copy link" } }</button>
                <Link to={Route::Progress} classes="button secondary">{ "Your progress" }</Link>
                <label class="share">{ "Share this call: " }<input type="text" readonly=true value={link} /></label>
            </section>
            }
        </main>
    }
}

#[derive(Properties, PartialEq)]
pub struct PastProps {
    pub seed: u64,
    pub level: Difficulty,
    /// The choices as `core::saved::encode_choices` wrote them.
    pub choices: AttrValue,
}

/// A past call's review, rebuilt by replaying its choices from its seed;
/// "Replay" plays the same call afresh.
#[function_component(PastCall)]
pub fn past_call(props: &PastProps) -> Html {
    let settings = Settings {
        seed: props.seed,
        difficulty: props.level,
    };
    let session = use_memo(props.choices.clone(), move |choices| {
        decode_choices(choices)
            .and_then(|c| Session::replay(Catalogue::shipped(), settings, &c).ok())
            .map(Rc::new)
    });
    let navigate = super::router::use_navigation().navigate;
    super::use_title(
        match session.as_ref() {
            Some(s) if s.is_finished() => "Review",
            Some(_) => "Unfinished call",
            None => "Call not found",
        }
        .to_string(),
    );
    match session.as_ref() {
        Some(session) if !session.is_finished() => {
            // A review scores a whole call: an unfinished one gets none.
            let made = session.decisions().len();
            html! {
                <main id="main" class="screen review" data-screen="past-unfinished" tabindex="-1">
                    <h1>{ "This call was not finished" }</h1>
                    <p>{ format!("The link holds {} of a call that needs more before it ends, so there is no review and no score for it.", if made == 1 { "one decision".to_string() } else { format!("{made} decisions") }) }</p>
                    <Link to={Route::Practice { seed: Some(settings.seed), level: settings.difficulty }} classes="button">{ "Play this call from the start" }</Link>
                    { " " }
                    <Link to={Route::Progress} classes="button secondary">{ "Your progress" }</Link>
                </main>
            }
        }
        Some(session) => {
            let on_replay = Callback::from(move |()| {
                navigate.emit(Route::Practice {
                    seed: Some(settings.seed),
                    level: settings.difficulty,
                })
            });
            html! { <ReviewView session={session.clone()} {on_replay} /> }
        }
        None => html! {
            <main id="main" class="screen review" data-screen="past-missing" tabindex="-1">
                <h1>{ "This call cannot be rebuilt" }</h1>
                <p>{ "The link does not hold a call this version of the trainer can replay: it may be incomplete, or the call was made with different content." }</p>
                <Link to={Route::Progress} classes="button">{ "Your progress" }</Link>
                { " " }
                <Link to={Route::Home} classes="button secondary">{ "Go to the home screen" }</Link>
            </main>
        },
    }
}
