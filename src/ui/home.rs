//! Home screen: what the trainer is for, and where to start.

use yew::prelude::*;

use super::{use_title, Link, Route};
use crate::core::sim::Difficulty;

fn level_help(level: Difficulty) -> &'static str {
    match level {
        Difficulty::Easy => "Easy: clear cues.",
        Difficulty::Normal => "Normal: realistic cues.",
        Difficulty::Hard => "Hard: noisy cues, and brush-offs that sound sincere.",
    }
}

#[function_component(Home)]
pub fn home() -> Html {
    use_title("Home".to_string());
    let level = use_state(Difficulty::default);
    html! {
        <main id="main" class="screen home" data-screen="home" tabindex="-1">
            <h1>{ "Practice the moment a prospect says \u{201c}call me later\u{201d}" }</h1>
            <p class="lead">
                { "Sometimes it is true: you reached them at a bad moment, usually for a specific reason. \
                   Sometimes it is a polite way to end the call. Callback Dojo trains you to tell the two apart, \
                   to answer without pushing, to plan the follow-up and to make the callback count." }
            </p>
            <p>
                { "Every choice is scored against principles drawn from five coaching articles, \
                   and the scoring rewards good decisions rather than lucky outcomes." }
            </p>
            <section class="card" aria-labelledby="practice-heading">
                <h2 id="practice-heading">{ "Start a practice call" }</h2>
                <fieldset class="levels">
                    <legend>{ "Difficulty" }</legend>
                    { for Difficulty::ALL.iter().map(|&d| {
                        let level_handle = level.clone();
                        html! {
                            <label class="level">
                                <input type="radio" name="level" value={d.key()} checked={*level == d}
                                    onchange={move |_| level_handle.set(d)} />
                                { format!(" {}", level_help(d)) }
                            </label>
                        }
                    }) }
                </fieldset>
                <Link to={Route::Practice { seed: None, level: *level }} classes="button">{ "Start a practice call" }</Link>
            </section>
            <section class="card" aria-labelledby="start-here">
                <h2 id="start-here">{ "The principles" }</h2>
                <p>{ "Read the principles the trainer scores against, grouped the way a call unfolds." }</p>
                <Link to={Route::Principles} classes="button secondary">{ "Browse the principles" }</Link>
            </section>
        </main>
    }
}
