//! The practice call: persona card, transcript, the step at hand, feedback,
//! and the review when the call is over.
//!
//! The session lives in component state; every choice clones it, applies the
//! choice in the core and stores the result, so rendering is a pure function
//! of the session. Number keys 1–9 pick options, Enter continues the
//! diagnosis. A reload starts the same call again from its seed (the URL
//! carries seed and level); choices are not persisted mid-call. A finished
//! call is handed up as an `Attempt` to be kept in progress (and, played
//! alone, its address becomes its review's).

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::review::ReviewView;
use super::router::{Link, Route};
use super::use_title;
use crate::core::catalogue::sim::{Persona, Seller};
use crate::core::catalogue::Catalogue;
use crate::core::progress::Attempt;
use crate::core::sim::engine::MIN_CONFIDENCE;
use crate::core::sim::review::Review;
use crate::core::sim::{Choice, Difficulty, Phase, Session, Settings, Speaker, Truth};

#[derive(Properties, PartialEq)]
pub struct PracticeProps {
    pub seed: u64,
    pub level: Difficulty,
    /// Start this same call again from its seed.
    pub on_replay: Callback<()>,
    /// Told once, when the call ends, with its record for progress.
    pub on_finished: Callback<Attempt>,
    /// A class session's call: its place in the session ("Call 2 of 3 ·
    /// Monday cohort"), and feedback held as the trainer chose (the
    /// trainee cannot switch it).
    #[prop_or_default]
    pub class: Option<(AttrValue, bool)>,
}

/// Heading and one-line help for each step.
fn step_text(phase: Phase, session: &Session<'_>) -> (String, &'static str) {
    match phase {
        Phase::Opener => ("Open the call".to_string(), "They pick up. How do you open?"),
        Phase::Diagnosis => (
            "What is really going on?".to_string(),
            "Judge the \u{201c}call me later\u{201d}: is it true, sincere, or a brush-off? Then say how sure you are.",
        ),
        Phase::Respond => ("Your response".to_string(), "Choose what you say next."),
        Phase::Plan => ("Plan the follow-up".to_string(), "The call is over. What happens next?"),
        Phase::Voicemail => ("Voicemail".to_string(), "No answer. Which message do you leave?"),
        // Only a time someone said (a first dial's plain "call me back" set none).
        Phase::Callback => (
            session
                .time_said()
                .map_or_else(|| "Callback: they pick up".to_string(), |t| format!("Callback {t}: they pick up")),
            "How do you open the callback?",
        ),
        Phase::Persistence => ("Still no answer".to_string(), "Two tries, no reply. What now?"),
        Phase::Done => ("The call is over".to_string(), ""),
    }
}

pub(super) fn truth_choice_label(truth: Truth) -> &'static str {
    match truth {
        Truth::True => "True: a real bad moment",
        Truth::Sincere => "Sincere: interested, busy",
        Truth::BrushOff => "Brush-off: a polite exit",
    }
}

#[function_component(Practice)]
pub fn practice(props: &PracticeProps) -> Html {
    let settings = Settings {
        seed: props.seed,
        difficulty: props.level,
    };
    let session = use_state(|| Session::new(Catalogue::shipped(), settings));
    let guess = use_state(|| None::<Truth>);
    // Unset until the rep says how sure they are: a default would mark a
    // right reading down for a number nobody chose.
    let confidence = use_state(|| None::<u8>);
    let forced = props.class.as_ref().map(|(_, hold)| *hold);
    let hold_feedback = use_state(|| forced.unwrap_or(false));
    let finished = session.is_finished();
    use_title(if finished {
        "Review".to_string()
    } else {
        "Practice call".to_string()
    });

    let choose = {
        let session = session.clone();
        let guess = guess.clone();
        let confidence = confidence.clone();
        let on_finished = props.on_finished.clone();
        Callback::from(move |choice: Choice| {
            let mut next = (*session).clone();
            if next.choose(choice).is_ok() {
                guess.set(None);
                confidence.set(None);
                if next.is_finished() {
                    let (at, offset) = super::now();
                    on_finished.emit(Attempt::of(&next, at, offset));
                }
                session.set(next);
            }
        })
    };

    // Keyboard: 1–9 pick an option (1–3 the truth at the diagnosis), Enter
    // continues the diagnosis. Re-registered each step so it sees the state.
    {
        let choose = choose.clone();
        let phase = session.phase();
        let options = session.options().len();
        let guess_state = guess.clone();
        let guess = *guess;
        let confidence = *confidence;
        use_effect_with((session.decisions().len(), guess, confidence), move |_| {
            let listener = super::on_keydown(move |event| {
                if event.ctrl_key() || event.meta_key() || event.alt_key() {
                    return;
                }
                let on_button = super::on_button(event);
                let key = event.key();
                if let Some(n) = key.parse::<usize>().ok().filter(|n| (1..=9).contains(n)) {
                    if phase == Phase::Diagnosis {
                        if let Some(&t) = Truth::ALL.get(n - 1) {
                            event.prevent_default();
                            guess_state.set(Some(t));
                        }
                    } else if n <= options && phase != Phase::Done {
                        event.prevent_default();
                        choose.emit(Choice::Option((n - 1) as u8));
                    }
                } else if key == "Enter" && phase == Phase::Diagnosis && !on_button {
                    if let Some((truth, confidence)) = reading_on_enter(event, guess, confidence) {
                        choose.emit(Choice::Diagnose { truth, confidence });
                    }
                }
            });
            move || drop(listener)
        });
    }

    // After each step, move focus to the new step's heading so keyboard and
    // screen-reader users start from the question.
    use_effect_with(session.decisions().len(), |&count| {
        if count > 0 {
            if let Some(el) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id("step-heading"))
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = el.focus();
            }
        }
    });

    if finished {
        return html! { <ReviewView session={std::rc::Rc::new((*session).clone())} on_replay={props.on_replay.clone()} /> };
    }

    let catalogue = Catalogue::shipped();
    let obs = session.observation();
    let persona = obs.persona;
    let (step, help) = step_text(session.phase(), &session);
    let latest = session
        .transcript()
        .iter()
        .rev()
        .find(|e| e.speaker == Speaker::Prospect)
        .map(|e| e.text.clone())
        .unwrap_or_default();
    // The review is only built when its last item is shown.
    let last = (!*hold_feedback)
        .then(|| Review::of(&session).items.pop())
        .flatten();

    let on_hold = {
        let hold_feedback = hold_feedback.clone();
        Callback::from(move |_| hold_feedback.set(!*hold_feedback))
    };

    html! {
        <main id="main" class="screen practice" data-screen="practice" data-phase={session.phase().key()}
            data-seed={props.seed.to_string()} data-level={props.level.key()}
            data-step={session.decisions().len().to_string()} tabindex="-1">
            <h1>{ format!("Practice call with {}", persona.name) }</h1>
            if let Some((label, _)) = &props.class {
                <p class="class-label">{ label.clone() }</p>
            }
            { persona_card(persona) }
            { seller_card(obs.seller) }
            <section class="conversation" aria-label="Conversation">
                <ol class="transcript">
                    { for session.transcript().iter().map(|e| {
                        let (class, who) = match e.speaker {
                            Speaker::Rep => ("entry rep", "You"),
                            Speaker::Prospect => ("entry prospect", persona.first_name()),
                            Speaker::Narrator => ("entry narrator", ""),
                        };
                        html! {
                            <li class={class}>
                                if !who.is_empty() { <span class="who">{ format!("{who}: ") }</span> }
                                { e.text.clone() }
                            </li>
                        }
                    }) }
                </ol>
                <p class="visually-hidden" aria-live="polite" id="latest-line">{ latest }</p>
            </section>
            if let Some(item) = last {
                <aside class="feedback" aria-live="polite" aria-label="Feedback">
                    <p class="feedback-line">
                        <strong>{ item.figure() }</strong>
                        { " \u{2014} " }
                        { for item.applied.iter().take(2).map(|a| {
                            let p = catalogue.principle(a.principle);
                            let verb = if a.weight >= 0.0 { "followed" } else { "broke" };
                            html! { <span class={classes!("effect", if a.weight >= 0.0 { "followed" } else { "broke" })}>{ format!("{verb} \u{201c}{}\u{201d} ", p.title) }</span> }
                        }) }
                    </p>
                    <details>
                        <summary>{ "Why" }</summary>
                        <p>{ item.feedback.clone() }</p>
                        <ul>
                            { for item.applied.iter().map(|a| {
                                let p = catalogue.principle(a.principle);
                                let source = catalogue.source(p.sources[0]);
                                html! {
                                    <li>
                                        <Link to={Route::Principle { key: p.key.to_string() }}>{ p.title.as_ref() }</Link>
                                        { format!(" (\u{201c}{}\u{201d})", source.title) }
                                    </li>
                                }
                            }) }
                        </ul>
                        if let Some(best) = item.best.clone() {
                            <p><strong>{ "Best here: " }</strong>{ best }</p>
                        }
                    </details>
                </aside>
            }
            <section class="step" aria-labelledby="step-heading">
                <h2 id="step-heading" tabindex="-1">{ step }</h2>
                <p class="step-help">{ help }</p>
                if session.phase() == Phase::Diagnosis {
                    { diagnosis_step(&guess, &confidence, &choose.reform(|(truth, confidence)| Choice::Diagnose { truth, confidence })) }
                } else {
                    <ol class="options">
                        { for session.options().iter().enumerate().map(|(i, &o)| {
                            let choose = choose.clone();
                            html! {
                                <li>
                                    <button type="button" class="option" onclick={move |_| choose.emit(Choice::Option(i as u8))}>
                                        <span class="key" aria-hidden="true">{ i + 1 }</span>
                                        <span class="option-text">{ session.option_text(o) }</span>
                                    </button>
                                </li>
                            }
                        }) }
                    </ol>
                }
            </section>
            if forced.is_none() {
                <p class="settings">
                    <label>
                        <input type="checkbox" checked={*hold_feedback} onchange={on_hold} />
                        { " Hold feedback until the end (test conditions)" }
                    </label>
                </p>
            } else if *hold_feedback {
                <p class="settings">{ "Feedback is held until the end of this call: its review comes then." }</p>
            }
            <p class="keys-hint">{ "Keys: 1\u{2013}9 choose, Enter continues; at the reading, Enter goes to the slider and the arrow keys set how sure you are." }</p>
        </main>
    }
}

/// The prospect's card: the facts the trainee judges fit and sincerity by.
pub(super) fn persona_card(persona: &Persona) -> Html {
    html! {
        <section class="persona-card" aria-label="Prospect">
            <p class="persona-name"><strong>{ persona.name.as_ref() }</strong>{ format!(", {}", persona.title) }</p>
            <p>{ format!("{} \u{b7} {} \u{b7} {} staff \u{b7} ${} M revenue", persona.company, persona.industry, persona.headcount, persona.revenue_musd) }</p>
        </section>
    }
}

/// The trainee's own company and its ideal customer profile.
fn seller_card(seller: &Seller) -> Html {
    html! {
        <section class="seller-card" aria-label="Your company">
            <p><strong>{ seller.company.as_ref() }</strong>{ format!(", {}", seller.offer) }</p>
            <p>{ format!("Your best accounts: {} \u{b7} {}\u{2013}{} staff \u{b7} ${}\u{2013}{} M revenue",
                seller.icp_industries.join(", "), seller.icp_headcount[0], seller.icp_headcount[1],
                seller.icp_revenue_musd[0], seller.icp_revenue_musd[1]) }</p>
        </section>
    }
}

/// The three truths and a confidence: a call's diagnosis step and a round
/// of the cue-reading drill. `on_diagnose` gets the truth and confidence.
/// Enter at a reading: the truth and confidence once both are chosen; with
/// a truth but no confidence yet, focus goes to the slider (where the arrow
/// keys set it) and nothing is answered. Either way the key is taken.
pub(super) fn reading_on_enter(
    event: &web_sys::KeyboardEvent,
    guess: Option<Truth>,
    confidence: Option<u8>,
) -> Option<(Truth, u8)> {
    let truth = guess?;
    event.prevent_default();
    if confidence.is_none() {
        super::focus("confidence");
    }
    confidence.map(|c| (truth, c))
}

pub(super) fn diagnosis_step(
    guess: &UseStateHandle<Option<Truth>>,
    confidence: &UseStateHandle<Option<u8>>,
    on_diagnose: &Callback<(Truth, u8)>,
) -> Html {
    // Moving the slider sets the confidence; so does a click on it where it
    // rests (no input event then, but the rep chose that value).
    let read_slider = {
        let confidence = confidence.clone();
        move |e: &web_sys::Event| {
            if let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            {
                if let Ok(v) = input.value().parse::<u8>() {
                    confidence.set(Some(v.clamp(MIN_CONFIDENCE, 100)));
                }
            }
        }
    };
    let on_confidence = {
        let read_slider = read_slider.clone();
        Callback::from(move |e: InputEvent| read_slider(&e))
    };
    let on_slider_click = Callback::from(move |e: MouseEvent| read_slider(&e));
    let submit = {
        let on_diagnose = on_diagnose.clone();
        let guess = **guess;
        let confidence = **confidence;
        Callback::from(move |_| {
            if let (Some(truth), Some(confidence)) = (guess, confidence) {
                on_diagnose.emit((truth, confidence));
            }
        })
    };
    let set = **confidence;
    let ready = guess.is_some() && set.is_some();
    html! {
        <div class="diagnosis">
            <div class="truths" role="radiogroup" aria-label="Your diagnosis">
                { for Truth::ALL.iter().enumerate().map(|(i, &t)| {
                    let guess_handle = guess.clone();
                    let checked = **guess == Some(t);
                    html! {
                        <button type="button" role="radio" aria-checked={checked.to_string()}
                            class={classes!("truth", checked.then_some("selected"))}
                            onclick={move |_| guess_handle.set(Some(t))}>
                            <span class="key" aria-hidden="true">{ i + 1 }</span>
                            { truth_choice_label(t) }
                        </button>
                    }
                }) }
            </div>
            <p class="truth-meanings">{ "True: the reason is real and about right now. Sincere: they do want the later call, they are just busy. Brush-off: a kind way to end the call." }</p>
            <label class={classes!("confidence", set.is_none().then_some("unset"))}>
                { match set {
                    Some(c) => format!("How sure are you? {c} %"),
                    None => format!("How sure are you? Not set: move the slider ({MIN_CONFIDENCE} % is knowing nothing)."),
                } }
                // Unset, the slider rests at knowing nothing, so any move or
                // click along it is a choice (and fires an input).
                <input id="confidence" type="range" min={MIN_CONFIDENCE.to_string()} max="100" step="1"
                    value={set.unwrap_or(MIN_CONFIDENCE).to_string()} oninput={on_confidence} onclick={on_slider_click} />
            </label>
            <button type="button" class="button continue" disabled={!ready} onclick={submit}>{ "Continue" }</button>
        </div>
    }
}
