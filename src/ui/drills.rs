//! The drill screens: today's cards (`/drills`) and the cue-reading drill
//! (`/drills/cues`).
//!
//! A card is one moment of a call. The trainee answers in their own words
//! (typed, or said aloud against a short countdown), then sees the model
//! answer, ticks the rubric honestly, and rates how it went (Again / Hard /
//! Good / Easy, keys 1–4), which schedules the card (FSRS, in the core).
//! Hints on a typed answer are shown beside the rubric, never as a score.
//! Each rating and each cue round is handed up at once and saved, so
//! closing the tab mid-session loses nothing already rated.

use std::rc::Rc;

use gloo_timers::callback::Interval;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::focus;
use super::practice::{diagnosis_step, persona_card, reading_on_enter, truth_choice_label};
use super::router::{Link, Route};
use super::{storage, use_title};
use crate::core::catalogue::drills::Card;
use crate::core::catalogue::Catalogue;
use crate::core::drill::fsrs::{Memory, Rating};
use crate::core::drill::hints::{hints, Hint, HintContext, Sign};
use crate::core::drill::log::{CueRound, Review};
use crate::core::drill::queue::{self, Slot};
use crate::core::drill::{cue_seeds, study_order, CueCase, CUE_ROUNDS};
use crate::core::merge::local_day;
use crate::core::progress::Progress;
use crate::core::sim::engine::brier;
use crate::core::sim::{Difficulty, Truth};

/// Seconds to say an answer aloud before the reveal.
const SPEAK_SECONDS: u32 = 20;

#[derive(Properties, PartialEq)]
pub struct DrillsProps {
    pub progress: Rc<Progress>,
    /// A card was rated: keep the review.
    pub on_review: Callback<Review>,
}

/// The progress as a memo key: the same copy (a save makes a new one), so
/// comparing is a pointer check, not a walk through every review.
#[derive(Clone)]
pub struct Same(pub Rc<Progress>);

impl PartialEq for Same {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// Where the trainee is with one card.
#[derive(Debug, Clone, PartialEq)]
enum Stage {
    Answer,
    /// Saying it aloud: seconds left.
    Speaking(u32),
    Reveal,
}

/// One sitting: the queue as it was when the trainee started (so rating a
/// card does not reshuffle what is left) and where they are in it.
#[derive(Debug, Clone, PartialEq)]
struct Sitting {
    cards: Vec<(usize, Slot)>,
    at: usize,
    rated: Vec<Rating>,
}

fn today() -> (u64, u64, i16) {
    let (at, offset) = super::now();
    (local_day(at, offset), at, offset)
}

/// "in 3 days", for the rating buttons.
fn after(days: u64) -> String {
    match days {
        0 | 1 => "tomorrow".to_string(),
        d if d < 60 => format!("in {d} days"),
        d if d < 730 => format!("in {} months", d / 30),
        d => format!("in {} years", d / 365),
    }
}

fn rating_class(r: Rating) -> &'static str {
    match r {
        Rating::Again => "again",
        Rating::Hard => "hard",
        Rating::Good => "good",
        Rating::Easy => "easy",
    }
}

fn level_name(level: Difficulty) -> &'static str {
    match level {
        Difficulty::Easy => "Easy",
        Difficulty::Normal => "Normal",
        Difficulty::Hard => "Hard",
    }
}

/// A probability in whole percent.
fn pct(p: f64) -> u32 {
    (p * 100.0).round() as u32
}

/// Whether a key press was typed into a text field (so it is text, not a
/// shortcut).
fn typing(event: &web_sys::KeyboardEvent) -> bool {
    event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| {
            el.tag_name() == "TEXTAREA"
                || (el.tag_name() == "INPUT"
                    && !matches!(
                        el.get_attribute("type").as_deref(),
                        Some("checkbox" | "radio" | "range")
                    ))
        })
}

#[function_component(DrillsScreen)]
pub fn drills_screen(props: &DrillsProps) -> Html {
    use_title("Drills".to_string());
    let catalogue = Catalogue::shipped();
    let (day, _, _) = today();
    let per_day = use_state(storage::new_per_day);
    let limit_text = use_state(|| per_day.to_string());
    let limit_status = use_state(String::new);
    let sitting = use_state(|| None::<Sitting>);
    let answer = use_state(String::new);
    let aloud = use_state(|| false);
    let stage = use_state(|| Stage::Answer);
    let ticked = use_state(|| 0u8);
    let timer = use_mut_ref(|| None::<Interval>);

    // Replaying every card's reviews is the costly part: done when the
    // progress, the day or the limit changes, not on every keystroke.
    let today_memo = use_memo(
        (Same(props.progress.clone()), day, *per_day),
        |(progress, day, per_day)| {
            // New cards in study order; the queue's indices map back to
            // the cards.
            let order = study_order(catalogue.cards());
            let keys: Vec<&str> = order
                .iter()
                .map(|&i| catalogue.cards()[i].key.as_ref())
                .collect();
            let memories = progress.0.drills.memories();
            let first_days = progress.0.drills.first_days();
            (
                queue::today(&keys, &memories, &first_days, *day, *per_day)
                    .into_iter()
                    .map(|(i, slot)| (order[i], slot))
                    .collect::<Vec<_>>(),
                memories.len(),
            )
        },
    );
    let (queue_today, reviewed) = (today_memo.0.clone(), today_memo.1);
    let due_count = queue_today
        .iter()
        .filter(|(_, s)| matches!(s, Slot::Due { .. }))
        .count();
    let new_count = queue_today.len() - due_count;

    let reset_card = {
        let (answer, stage, ticked, timer) =
            (answer.clone(), stage.clone(), ticked.clone(), timer.clone());
        move || {
            timer.borrow_mut().take();
            answer.set(String::new());
            stage.set(Stage::Answer);
            ticked.set(0);
        }
    };

    let start = {
        let sitting = sitting.clone();
        let queue_today = queue_today.clone();
        let reset_card = reset_card.clone();
        Callback::from(move |_| {
            reset_card();
            sitting.set(Some(Sitting {
                cards: queue_today.clone(),
                at: 0,
                rated: Vec::new(),
            }));
            focus("card-heading");
        })
    };

    let current: Option<(&Card, Slot)> = sitting.as_ref().and_then(|s| {
        s.cards
            .get(s.at)
            .and_then(|&(i, slot)| catalogue.cards().get(i).map(|c| (c, slot)))
    });

    let reveal = {
        let stage = stage.clone();
        let timer = timer.clone();
        Callback::from(move |()| {
            timer.borrow_mut().take();
            stage.set(Stage::Reveal);
        })
    };

    let rate = {
        let sitting = sitting.clone();
        let on_review = props.on_review.clone();
        let ticked = ticked.clone();
        let reset_card = reset_card.clone();
        let current = current.map(|(c, _)| (c.key.to_string(), c.checks.len() as u8));
        Callback::from(move |rating: Rating| {
            let (Some(s), Some((card, checks))) = ((*sitting).clone(), current.clone()) else {
                return;
            };
            let (day, at, utc_offset) = today();
            on_review.emit(Review {
                card,
                at,
                rating,
                ticked: *ticked,
                checks,
                utc_offset,
            });
            let mut next = s;
            // A card not recalled comes back once more at the end of this
            // sitting (its schedule also brings it back tomorrow).
            if rating == Rating::Again {
                if let Some(&(index, slot)) = next.cards.get(next.at) {
                    let memory = match slot {
                        Slot::Due { memory, .. } => memory.next(Rating::Again, day),
                        Slot::New => Memory::first(Rating::Again, day),
                    };
                    next.cards.push((index, Slot::Due { due: day, memory }));
                }
            }
            next.at += 1;
            next.rated.push(rating);
            sitting.set(Some(next));
            reset_card();
            focus("card-heading");
        })
    };

    // Keyboard: Ctrl+Enter (or ⌘+Enter) shows the answer; 1–4 rate it once
    // shown (unless typing in a field).
    {
        let stage_now = (*stage).clone();
        let reveal = reveal.clone();
        let rate = rate.clone();
        let active = current.is_some();
        use_effect_with(
            (stage_now.clone(), active, sitting.as_ref().map(|s| s.at)),
            move |_| {
                let listener = (active)
                    .then(|| {
                        super::on_keydown(move |event| {
                            let key = event.key();
                            if key == "Enter"
                                && (event.ctrl_key() || event.meta_key())
                                && stage_now != Stage::Reveal
                            {
                                event.prevent_default();
                                reveal.emit(());
                            } else if stage_now == Stage::Reveal
                                && !typing(event)
                                && !(event.ctrl_key() || event.meta_key() || event.alt_key())
                            {
                                if let Some(r) =
                                    key.parse::<u8>().ok().and_then(Rating::from_number)
                                {
                                    event.prevent_default();
                                    rate.emit(r);
                                }
                            }
                        })
                    })
                    .flatten();
                move || drop(listener)
            },
        );
    }
    // The reveal takes focus, so a keyboard user goes on from the answer.
    use_effect_with((*stage).clone(), |stage| {
        if *stage == Stage::Reveal {
            focus("reveal-heading");
        }
    });

    let on_limit_input = {
        let limit_text = limit_text.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            {
                limit_text.set(input.value());
            }
        })
    };
    let on_limit = {
        let (limit_text, per_day, limit_status) =
            (limit_text.clone(), per_day.clone(), limit_status.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match limit_text.trim().parse::<u32>() {
                Ok(n) if (1..=queue::MAX_NEW_PER_DAY).contains(&n) => {
                    match storage::set_new_per_day(n) {
                        Ok(()) => limit_status.set(format!("Saved: {n} new cards a day.")),
                        Err(e) => {
                            limit_status.set(format!("Not saved ({e}); it holds for this visit."))
                        }
                    }
                    per_day.set(n);
                }
                _ if limit_text.trim().is_empty() => limit_status.set(format!(
                    "Type a number from 1 to {}; the limit stays {}.",
                    queue::MAX_NEW_PER_DAY,
                    *per_day
                )),
                _ => limit_status.set(format!(
                    "\u{201c}{}\u{201d} is not a whole number from 1 to {}; the limit stays {}.",
                    limit_text.trim(),
                    queue::MAX_NEW_PER_DAY,
                    *per_day
                )),
            }
        })
    };

    let body = match (sitting.as_ref(), current) {
        (Some(_), Some((card, slot))) => {
            let s = sitting.as_ref().map_or((0, 0), |s| (s.at, s.cards.len()));
            card_view(CardView {
                card,
                slot,
                day,
                position: s,
                answer: &answer,
                aloud: &aloud,
                stage: &stage,
                ticked: &ticked,
                timer: &timer,
                reveal: &reveal,
                rate: &rate,
            })
        }
        (Some(s), None) => {
            let count = |r: Rating| s.rated.iter().filter(|&&x| x == r).count();
            html! {
                <section class="drill-done" aria-labelledby="card-heading">
                    <h2 id="card-heading" tabindex="-1">{ "Done for now" }</h2>
                    <p>{ format!("{} card{} rated: {} Again, {} Hard, {} Good, {} Easy. Each comes back when it is about to slip.",
                        s.rated.len(), if s.rated.len() == 1 { "" } else { "s" },
                        count(Rating::Again), count(Rating::Hard), count(Rating::Good), count(Rating::Easy)) }</p>
                    <p class="actions">
                        <Link to={Route::CueDrill} classes="button">{ "Read ten \u{201c}call me later\u{201d} lines" }</Link>
                        <Link to={Route::Progress} classes="button secondary">{ "See your progress" }</Link>
                    </p>
                </section>
            }
        }
        (None, _) => html! {
            <section class="drill-start" aria-labelledby="card-heading">
                <h2 id="card-heading" tabindex="-1">{ "Today" }</h2>
                if queue_today.is_empty() {
                    <p>{ "Nothing is due and today's new cards are done. Come back tomorrow, or play a call." }</p>
                } else {
                    <p data-due={due_count.to_string()} data-new={new_count.to_string()}>
                        { format!("{due_count} card{} due for review, {new_count} new.", if due_count == 1 { "" } else { "s" }) }
                    </p>
                    <button type="button" class="button" onclick={start}>{ "Start" }</button>
                }
                <p class="drill-how">{ "Each card is one moment of a call. Answer in your own words, typed or aloud, then compare with a model answer, tick what your answer did, and rate how it went: the schedule brings the card back just before you would forget it." }</p>
                <form class="drill-limit" onsubmit={on_limit} novalidate=true>
                    <label for="new-per-day">{ "New cards a day" }</label>
                    <input id="new-per-day" type="number" inputmode="numeric" min="1" max={queue::MAX_NEW_PER_DAY.to_string()}
                        value={(*limit_text).clone()} oninput={on_limit_input} />
                    <button type="submit" class="button secondary small">{ "Set" }</button>
                    <span role="status">{ (*limit_status).clone() }</span>
                </form>
            </section>
        },
    };

    html! {
        <main id="main" class="screen drills" data-screen="drills" tabindex="-1">
            <h1>{ "Drills" }</h1>
            <p class="lede">{ format!("{} cards, {reviewed} reviewed so far.", catalogue.cards().len()) }
                { " " }<Link to={Route::CueDrill}>{ "Cue-reading drill" }</Link></p>
            { body }
        </main>
    }
}

struct CardView<'a> {
    card: &'a Card,
    slot: Slot,
    day: u64,
    position: (usize, usize),
    answer: &'a UseStateHandle<String>,
    aloud: &'a UseStateHandle<bool>,
    stage: &'a UseStateHandle<Stage>,
    ticked: &'a UseStateHandle<u8>,
    timer: &'a Rc<std::cell::RefCell<Option<Interval>>>,
    reveal: &'a Callback<()>,
    rate: &'a Callback<Rating>,
}

/// The typed answer with the hints marked in it.
fn marked(text: &str, found: &[Hint]) -> Html {
    let mut parts = Vec::new();
    let mut at = 0;
    for h in found {
        if h.start < at || h.end > text.len() {
            continue;
        }
        parts.push(html! { { &text[at..h.start] } });
        let class = match h.kind.sign() {
            Sign::Warning => "hint-mark warning",
            Sign::Good => "hint-mark good",
        };
        parts.push(html! { <mark class={class}>{ &text[h.start..h.end] }</mark> });
        at = h.end;
    }
    parts.push(html! { { &text[at..] } });
    html! { <p class="your-answer">{ for parts }</p> }
}

fn card_view(v: CardView<'_>) -> Html {
    let catalogue = Catalogue::shipped();
    let card = v.card;
    let stage = (**v.stage).clone();
    let heading = format!(
        "Card {} of {}: {}",
        v.position.0 + 1,
        v.position.1,
        card.title
    );
    let situation = html! {
        <>
            <p class="moment">{ card.moment.label() }
                { match v.slot { Slot::New => " \u{b7} new", Slot::Due { .. } => " \u{b7} review" } }</p>
            <p class="setting">{ card.setting.as_ref() }</p>
            if !card.prospect.is_empty() {
                <blockquote class="prospect-line"><span class="who">{ "Prospect: " }</span>{ card.prospect.as_ref() }</blockquote>
            }
            <p class="task"><strong>{ card.task.as_ref() }</strong></p>
        </>
    };

    let answer_part = match stage {
        Stage::Answer if **v.aloud => {
            let (stage, timer, reveal) = (v.stage.clone(), v.timer.clone(), v.reveal.clone());
            let begin = Callback::from(move |_| {
                let (stage, reveal) = (stage.clone(), reveal.clone());
                let left = std::cell::Cell::new(SPEAK_SECONDS);
                stage.set(Stage::Speaking(SPEAK_SECONDS));
                *timer.borrow_mut() = Some(Interval::new(1000, move || {
                    let l = left.get().saturating_sub(1);
                    left.set(l);
                    if l == 0 {
                        reveal.emit(());
                    } else {
                        stage.set(Stage::Speaking(l));
                    }
                }));
            });
            html! {
                <div class="speak">
                    <p>{ format!("Say your answer out loud, as you would on the phone. You have {SPEAK_SECONDS} seconds; the model answer shows when time is up.") }</p>
                    <button type="button" class="button" onclick={begin}>{ "Start speaking" }</button>
                </div>
            }
        }
        Stage::Speaking(left) => {
            let reveal = v.reveal.clone();
            html! {
                <div class="speak">
                    <p role="timer" aria-live="off" class="countdown">{ format!("{left} s") }</p>
                    <progress max={SPEAK_SECONDS.to_string()} value={(SPEAK_SECONDS - left).to_string()} aria-label="Time spoken"></progress>
                    <button type="button" class="button" onclick={move |_| reveal.emit(())}>{ "Done speaking" }</button>
                </div>
            }
        }
        Stage::Answer => {
            let answer = v.answer.clone();
            let oninput = Callback::from(move |e: InputEvent| {
                if let Some(t) = e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
                {
                    answer.set(t.value());
                }
            });
            let reveal = v.reveal.clone();
            html! {
                <div class="type-answer">
                    <label for="drill-answer">{ "Your answer" }</label>
                    <textarea id="drill-answer" rows="4" value={(**v.answer).clone()} {oninput}
                        placeholder="What would you say?" />
                    <button type="button" class="button" onclick={move |_| reveal.emit(())}>{ "Show the model answer" }</button>
                    <p class="keys-hint">{ "Ctrl+Enter shows the model answer." }</p>
                </div>
            }
        }
        Stage::Reveal => html! {},
    };

    let aloud_toggle = {
        let aloud = v.aloud.clone();
        let onchange = Callback::from(move |_| aloud.set(!*aloud));
        html! {
            if stage == Stage::Answer {
                <p class="settings"><label><input type="checkbox" checked={**v.aloud} {onchange} />{ " Say it aloud instead of typing" }</label></p>
            }
        }
    };

    let reveal_part = if stage == Stage::Reveal {
        let typed = v.answer.trim().to_string();
        let detail: Vec<&str> = card.detail.iter().map(|w| w.as_ref()).collect();
        let found = hints(
            &typed,
            &HintContext {
                detail: &detail,
                booking_premature: card.booking_premature,
            },
        );
        let memory: Option<Memory> = match v.slot {
            Slot::Due { memory, .. } => Some(memory),
            Slot::New => None,
        };
        html! {
            <section class="reveal" aria-labelledby="reveal-heading">
                <h3 id="reveal-heading" tabindex="-1">{ "Model answer" }</h3>
                <blockquote class="model-answer">{ card.model.as_ref() }</blockquote>
                <p class="why">{ card.why.as_ref() }</p>
                if !typed.is_empty() {
                    <h3>{ "You said" }</h3>
                    { marked(&typed, &found) }
                }
                <div class="rubric-and-hints">
                    <fieldset class="rubric">
                        <legend>{ "Tick what your answer did" }</legend>
                        { for card.checks.iter().enumerate().map(|(i, k)| {
                            let ticked = v.ticked.clone();
                            let bit = 1u8 << i;
                            let on = **v.ticked & bit != 0;
                            let p = catalogue.principle(k.principle);
                            html! {
                                <label class="check">
                                    <input type="checkbox" checked={on} onchange={move |_| ticked.set(*ticked ^ bit)} />
                                    { " " }{ k.question.as_ref() }
                                    <span class="check-principle">{ " (" }<Link to={Route::Principle { key: p.key.to_string() }}>{ p.title.as_ref() }</Link>{ ")" }</span>
                                </label>
                            }
                        }) }
                    </fieldset>
                    if !typed.is_empty() {
                        <aside class="hints" aria-label="Hints on your wording">
                            <h3>{ "Hints on your wording" }</h3>
                            if found.is_empty() {
                                <p>{ "Nothing in your wording stands out either way." }</p>
                            } else {
                                <ul>
                                    { for found.iter().map(|h| {
                                        let class = match h.kind.sign() { Sign::Warning => "hint warning", Sign::Good => "hint good" };
                                        let p = catalogue.principle_by_key(h.kind.principle()).map(|id| catalogue.principle(id));
                                        html! {
                                            <li class={class}>
                                                <q>{ &typed[h.start..h.end] }</q>{ " \u{2014} " }{ h.kind.note() }
                                                if let Some(p) = p {
                                                    { " " }<Link to={Route::Principle { key: p.key.to_string() }}>{ p.title.as_ref() }</Link>
                                                }
                                            </li>
                                        }
                                    }) }
                                </ul>
                            }
                            <p class="hint-note">{ "Hints only point at wording; your ticks are what count." }</p>
                        </aside>
                    }
                </div>
                <p class="trains">{ "Trains: " }
                    { for card.principles.iter().enumerate().map(|(i, &id)| {
                        let p = catalogue.principle(id);
                        html! { <>{ if i > 0 { ", " } else { "" } }<Link to={Route::Principle { key: p.key.to_string() }}>{ p.title.as_ref() }</Link></> }
                    }) }
                </p>
                <div class="ratings" role="group" aria-label="How did it go?">
                    { for Rating::ALL.iter().map(|&r| {
                        let next = match memory {
                            Some(m) => m.next(r, v.day),
                            None => Memory::first(r, v.day),
                        };
                        let rate = v.rate.clone();
                        html! {
                            <button type="button" class={classes!("button", "rating", rating_class(r))} onclick={move |_| rate.emit(r)}>
                                <span class="key" aria-hidden="true">{ r.number() }</span>
                                { r.label() }
                                <span class="interval">{ after(next.interval) }</span>
                            </button>
                        }
                    }) }
                </div>
                <p class="keys-hint">{ "Keys: 1 Again, 2 Hard, 3 Good, 4 Easy." }</p>
            </section>
        }
    } else {
        html! {}
    };

    html! {
        <article class="drill-card" data-card={card.key.to_string()} data-stage={match stage { Stage::Answer => "answer", Stage::Speaking(_) => "speaking", Stage::Reveal => "reveal" }}
            aria-labelledby="card-heading">
            <h2 id="card-heading" tabindex="-1">{ heading }</h2>
            { situation }
            { aloud_toggle }
            { answer_part }
            { reveal_part }
        </article>
    }
}

// --- The cue-reading drill ----------------------------------------------

#[derive(Properties, PartialEq)]
pub struct CueDrillProps {
    /// A round was answered: keep it.
    pub on_round: Callback<CueRound>,
}

/// One answered round, for the summary.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Answered {
    guess: Truth,
    confidence: u8,
    truth: Truth,
    /// The reading the persona and the line supported most.
    favoured: Truth,
}

#[function_component(CueDrill)]
pub fn cue_drill(props: &CueDrillProps) -> Html {
    use_title("Cue-reading drill".to_string());
    let catalogue = Catalogue::shipped();
    // A fresh set of rounds each visit, from the browser's randomness.
    let base = use_state(|| (js_sys::Math::random() * 1_000_000_000.0) as u64);
    let level = use_state(|| Difficulty::Normal);
    let round = use_state(|| 0u64);
    let answered = use_state(Vec::<Answered>::new);
    let guess = use_state(|| None::<Truth>);
    let confidence = use_state(|| None::<u8>);

    let shown = answered.len() as u64 > *round;
    let finished = *round >= CUE_ROUNDS;
    let seeds = use_memo((*base, *level), |&(base, level)| {
        cue_seeds(catalogue, base, level, CUE_ROUNDS as usize)
    });
    let seed = seeds
        .get(*round as usize)
        .copied()
        .unwrap_or_else(|| base.wrapping_add(*round));
    let case = CueCase::of(catalogue, seed, *level);

    let on_diagnose = {
        let (answered, on_round, guess, confidence_handle) = (
            answered.clone(),
            props.on_round.clone(),
            guess.clone(),
            confidence.clone(),
        );
        let level = *level;
        let done = shown;
        Callback::from(move |(g, confidence): (Truth, u8)| {
            if done {
                return;
            }
            let (at, utc_offset) = super::now();
            on_round.emit(CueRound {
                at,
                seed,
                level,
                guess: g,
                confidence,
                truth: case.truth,
                utc_offset,
            });
            let mut next = (*answered).clone();
            next.push(Answered {
                guess: g,
                confidence,
                truth: case.truth,
                favoured: case.favoured(),
            });
            answered.set(next);
            guess.set(None);
            confidence_handle.set(None);
            focus("round-feedback");
        })
    };
    let next_round = {
        let round = round.clone();
        Callback::from(move |()| {
            round.set(*round + 1);
            focus("round-heading");
        })
    };
    let again = {
        let (base, round, answered) = (base.clone(), round.clone(), answered.clone());
        Callback::from(move |_| {
            base.set((js_sys::Math::random() * 1_000_000_000.0) as u64);
            round.set(0);
            answered.set(Vec::new());
            focus("round-heading");
        })
    };

    // Keys: 1–3 pick the truth, Enter answers; Enter goes on after feedback.
    {
        let (guess_handle, on_diagnose, next_round) =
            (guess.clone(), on_diagnose.clone(), next_round.clone());
        let (g, c) = (*guess, *confidence);
        use_effect_with((*round, shown, g, c), move |_| {
            let listener = (!finished)
                .then(|| {
                    super::on_keydown(move |event| {
                        if typing(event) || event.ctrl_key() || event.meta_key() || event.alt_key()
                        {
                            return;
                        }
                        let on_button = super::on_button(event);
                        let key = event.key();
                        if shown {
                            if key == "Enter" && !on_button {
                                event.prevent_default();
                                next_round.emit(());
                            }
                        } else if let Some(n) =
                            key.parse::<usize>().ok().filter(|n| (1..=3).contains(n))
                        {
                            event.prevent_default();
                            guess_handle.set(Some(Truth::ALL[n - 1]));
                        } else if key == "Enter" && !on_button {
                            if let Some(reading) = reading_on_enter(event, g, c) {
                                on_diagnose.emit(reading);
                            }
                        }
                    })
                })
                .flatten();
            move || drop(listener)
        });
    }

    let summary = {
        let right = answered.iter().filter(|a| a.guess == a.truth).count();
        let well_read = answered.iter().filter(|a| a.guess == a.favoured).count();
        // In hundredths, shown as 0.xx: no float formatting code shipped.
        let mean_brier = if answered.is_empty() {
            0
        } else {
            (answered
                .iter()
                .map(|a| brier(a.guess, a.confidence, a.truth))
                .sum::<f64>()
                / answered.len() as f64
                * 100.0)
                .round() as u32
        };
        (right, mean_brier, well_read)
    };

    let body = if finished {
        html! {
            <section class="cue-done" aria-labelledby="round-heading">
                <h2 id="round-heading" tabindex="-1">{ "Ten lines read" }</h2>
                <p>{ format!("{} of {} read the way the cues pointed; {} matched what was really meant (a well-read line can turn out otherwise). Brier score {}.{:02}: 0 is perfect, a third on each truth scores 0.67.",
                    summary.2, answered.len(), summary.0, summary.1 / 100, summary.1 % 100) }</p>
                <p>{ "These readings count in the calibration figures on your progress screen, beside your calls." }</p>
                <p class="actions">
                    <button type="button" class="button" onclick={again}>{ "Ten more" }</button>
                    <Link to={Route::Progress} classes="button secondary">{ "See your calibration" }</Link>
                </p>
            </section>
        }
    } else {
        let feedback = answered.get(*round as usize).map(|a| {
            // Judged like a call's diagnosis: against what the cues
            // supported, with the outcome told apart.
            let well_read = a.guess == a.favoured;
            let headline = match (well_read, a.guess == a.truth) {
                (true, true) => "Well read, and right.".to_string(),
                (true, false) => "Well read: the cues pointed this way, though it turned out otherwise.".to_string(),
                (false, true) => format!("Right, but against the cues: they pointed to {}.", a.favoured.label()),
                (false, false) => format!("Not this time: the cues pointed to {}.", a.favoured.label()),
            };
            html! {
                <aside id="round-feedback" class={classes!("round-feedback", if well_read { "right" } else { "wrong" })} tabindex="-1" aria-live="polite">
                    <p><strong>{ headline }</strong>
                        { format!(" It was {}. You said {} at {} %.", a.truth.label(), a.guess.label(), a.confidence) }</p>
                    <p>{ format!("What {} and the line supported: true {} %, sincere {} %, brush-off {} %.",
                        case.persona.first_name(), pct(case.supported[0]), pct(case.supported[1]), pct(case.supported[2])) }</p>
                    <button type="button" class="button" onclick={next_round.reform(|_| ())}>{ if *round + 1 == CUE_ROUNDS { "See the summary" } else { "Next line" } }</button>
                </aside>
            }
        });
        html! {
            <section class="cue-round" aria-labelledby="round-heading" data-round={round.to_string()} data-seed={seed.to_string()}>
                <h2 id="round-heading" tabindex="-1">{ format!("Line {} of {CUE_ROUNDS}", *round + 1) }</h2>
                { persona_card(case.persona) }
                <blockquote class="prospect-line"><span class="who">{ format!("{}: ", case.persona.first_name()) }</span>{ case.line.text.as_ref() }</blockquote>
                if let Some(f) = feedback {
                    { f }
                } else {
                    <p class="step-help">{ "What does this \u{201c}call me later\u{201d} mean? Pick a reading and say how sure you are." }</p>
                    { diagnosis_step(&guess, &confidence, &on_diagnose) }
                    <p class="keys-hint">{ format!("Keys: 1 {}, 2 {}, 3 {}; Enter answers.",
                        truth_choice_label(Truth::True), truth_choice_label(Truth::Sincere), truth_choice_label(Truth::BrushOff)) }</p>
                }
            </section>
        }
    };

    let level_select = {
        let current = *level;
        let level = level.clone();
        let onchange = Callback::from(move |e: Event| {
            if let Some(s) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
            {
                if let Some(l) = Difficulty::from_key(&s.value()) {
                    level.set(l);
                }
            }
        });
        html! {
            <p class="settings">
                <label for="cue-level">{ "Level " }</label>
                <select id="cue-level" {onchange} disabled={*round > 0 && !finished}>
                    { for Difficulty::ALL.iter().map(|&l| html! {
                        <option value={l.key()} selected={l == current}>{ level_name(l) }</option>
                    }) }
                </select>
            </p>
        }
    };

    html! {
        <main id="main" class="screen cue-drill" data-screen="cue-drill" tabindex="-1">
            <h1>{ "Cue-reading drill" }</h1>
            <p class="lede">{ "Ten quick reads: who is speaking, what they said, and what it most likely means." }</p>
            { level_select }
            { body }
        </main>
    }
}
