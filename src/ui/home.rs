//! Home screen: what the trainer is for, and where to start.

use yew::prelude::*;

use super::{use_title, Link, Route};

#[function_component(Home)]
pub fn home() -> Html {
    use_title("Home".to_string());
    html! {
        <main id="main" class="screen home" data-screen="home" tabindex="-1">
            <h1>{ "Practise the moment a prospect says \u{201c}call me later\u{201d}" }</h1>
            <p class="lead">
                { "Sometimes it is true: you reached them at a bad moment, usually for a specific reason. \
                   Sometimes it is a polite way to end the call. Callback Dojo trains you to tell the two apart, \
                   to answer without pushing, to plan the follow-up and to make the callback count." }
            </p>
            <p>
                { "Every choice is scored against principles drawn from five coaching articles, \
                   and the scoring rewards good decisions rather than lucky outcomes." }
            </p>
            <section class="card" aria-labelledby="start-here">
                <h2 id="start-here">{ "Start here" }</h2>
                <p>{ "Read the principles the trainer scores against, grouped the way a call unfolds." }</p>
                <Link to={Route::Principles} classes="button">{ "Browse the principles" }</Link>
            </section>
        </main>
    }
}
