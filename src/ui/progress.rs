//! The progress screen: figures, charts, mastery, history, and the trainee's
//! data (export, import, reset).
//!
//! The figures come from the `dashboard` components; this screen keeps
//! their state (streak switch, history rows shown, reset confirmation, the
//! last status) and handles their controls by delegation: one click and
//! one change listener read the `data-action` of the control used. Every
//! change goes through `storage` and is then handed up as a `Change`, so the
//! one copy in `Screens` stays the truth.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::dashboard::{self, Dashboard, YourData};
use super::router::{use_navigation, Link, Route};
use super::{files, now, storage, use_title, Change};
use crate::core::calendar::civil;
use crate::core::catalogue::Catalogue;
use crate::core::drill::{self, queue};
use crate::core::merge::local_day;
use crate::core::progress::Progress;
use crate::core::saved::{encode_progress, IMPORT_LIMIT};
use crate::core::sim::focus::seed_for;
use crate::core::sim::Difficulty;

#[derive(Properties, PartialEq)]
pub struct ProgressProps {
    pub progress: Rc<Progress>,
    pub on_change: Callback<Change>,
}

/// What the data section last did: told politely, or as an alert.
#[derive(Clone, PartialEq)]
enum Status {
    Done(String),
    Failed(String),
}

fn export_name() -> String {
    let (at, offset) = now();
    let (y, m, d) = civil(local_day(at, offset));
    format!("callback-dojo-progress-{y}-{m:02}-{d:02}.json")
}

/// Downloads the kept progress as a file; says so either way.
fn export(progress: &Progress) -> Status {
    let name = export_name();
    match files::download(&name, &encode_progress(progress)) {
        Ok(()) => Status::Done(format!(
            "Exported {} calls to {name}.",
            progress.totals().calls
        )),
        Err(e) => Status::Failed(format!("The export failed: {e}.")),
    }
}

/// The element an event came from, or its nearest ancestor with
/// `data-action`, and that action.
fn action_of(e: &Event) -> Option<(web_sys::Element, String)> {
    let el = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())?
        .closest("[data-action]")
        .ok()
        .flatten()?;
    let action = el.get_attribute("data-action")?;
    Some((el, action))
}

#[function_component(ProgressScreen)]
pub fn progress_screen(props: &ProgressProps) -> Html {
    use_title("Your progress".to_string());
    let navigate = use_navigation().navigate;
    let streak_shown = use_state(storage::streak_shown);
    let limit = use_state(|| dashboard::HISTORY_PAGE);
    let status = use_state(|| None::<Status>);
    let confirm_reset = use_state(|| false);
    // A control that goes away with its use (the reset's confirmation, the
    // last "Show more") hands the keyboard's place to the control named
    // here, so keyboard users keep their place.
    let refocus = use_state(|| None::<String>);
    let catalogue = Catalogue::shipped();
    let (at, offset) = now();
    let progress = props.progress.clone();

    let view = dashboard::View {
        streak: (*streak_shown).then(|| progress.streak(local_day(at, offset))),
        limit: *limit,
        confirm_reset: *confirm_reset,
    };
    use_effect_with((view, (*refocus).clone()), |(_, refocus)| {
        if let Some(action) = refocus {
            // The control itself, or the screen when it is gone (the last
            // "Show more").
            let el = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| {
                    d.query_selector(&format!("#main [data-action=\"{action}\"]"))
                        .ok()
                        .flatten()
                        .or_else(|| d.get_element_by_id("main"))
                })
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(el) = el {
                let _ = el.focus();
            }
        }
    });

    let onclick = {
        let progress = progress.clone();
        let (limit, status, confirm_reset, refocus) = (
            limit.clone(),
            status.clone(),
            confirm_reset.clone(),
            refocus.clone(),
        );
        let on_change = props.on_change.clone();
        Callback::from(move |e: MouseEvent| {
            let Some((el, action)) = action_of(&e) else {
                return;
            };
            match action.as_str() {
                // A call likely to test the principle, at normal level.
                "practise" => {
                    let Some(id) = el
                        .get_attribute("data-principle")
                        .and_then(|i| i.parse::<u16>().ok())
                        .and_then(|i| catalogue.principle_at(i))
                    else {
                        return;
                    };
                    let start = (js_sys::Math::random() * 1_000_000_000.0) as u64;
                    match seed_for(catalogue, id, Difficulty::Normal, start, 400) {
                        Some(seed) => navigate.emit(Route::Practice {
                            seed: Some(seed),
                            level: Difficulty::Normal,
                        }),
                        None => status.set(Some(Status::Failed(format!(
                            "No practice call tests \u{201c}{}\u{201d} yet.",
                            catalogue.principle(id).title
                        )))),
                    }
                    return;
                }
                "more" => limit.set(*limit + dashboard::HISTORY_PAGE),
                "export" => status.set(Some(export(&progress))),
                "reset" => confirm_reset.set(!*confirm_reset),
                "confirm-reset" => {
                    confirm_reset.set(false);
                    status.set(Some(match storage::remove_progress() {
                        Ok(()) => {
                            on_change.emit(Change::Clear);
                            Status::Done("Your progress was reset.".to_string())
                        }
                        Err(e) => {
                            Status::Failed(format!("The reset failed, nothing was deleted: {e}."))
                        }
                    }));
                    refocus.set(Some("import".to_string()));
                    return;
                }
                _ => return,
            }
            refocus.set(Some(action));
        })
    };
    let onchange = {
        let (streak_shown, status, refocus) =
            (streak_shown.clone(), status.clone(), refocus.clone());
        let on_change = props.on_change.clone();
        Callback::from(move |e: Event| {
            let Some((el, action)) = action_of(&e) else {
                return;
            };
            let Ok(input) = el.dyn_into::<web_sys::HtmlInputElement>() else {
                return;
            };
            refocus.set(Some(action.clone()));
            if action == "streak" {
                let shown = input.checked();
                if let Err(e) = storage::set_streak_shown(shown) {
                    status.set(Some(Status::Failed(format!(
                        "The setting could not be saved: {e}."
                    ))));
                }
                streak_shown.set(shown);
                return;
            }
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            // Picking the same file again must fire `change` again.
            input.set_value("");
            let name = file.name();
            status.set(Some(Status::Done(format!("Reading {name}\u{2026}"))));
            let (status, on_change) = (status.clone(), on_change.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let result = match files::read_text(file, IMPORT_LIMIT).await {
                    Ok(text) => storage::import_progress(&text),
                    Err(e) => Err(e),
                };
                status.set(Some(match result {
                    Ok(imported) => {
                        let new_calls = imported.new_calls;
                        let drills = match imported.new_drills {
                            0 => String::new(),
                            1 => ", 1 new drill record".to_string(),
                            n => format!(", {n} new drill records"),
                        };
                        match imported.saved {
                            Ok(report) => {
                                let all = report.progress.totals().calls;
                                let mut text = format!(
                                    "Imported {name}: {new_calls} new calls{drills}, {all} calls in all."
                                );
                                if let Some(folded) = report.fold_notice() {
                                    text.push(' ');
                                    text.push_str(&folded);
                                }
                                on_change.emit(Change::Set(report.progress));
                                Status::Done(text)
                            }
                            Err(e) => {
                                on_change.emit(Change::Set(storage::tab_copy()));
                                Status::Failed(format!(
                                    "{name} was read ({new_calls} new calls), but could not be saved in this browser: {e}. This tab keeps them, across its pages and reloads, and saves them as soon as it can: export them to keep them elsewhere."
                                ))
                            }
                        }
                    }
                    Err(why) => Status::Failed(format!(
                        "{name} was not imported, and nothing changed: {why}."
                    )),
                }));
            });
        })
    };

    html! {
        <main id="main" class="screen progress" data-screen="progress" tabindex="-1" {onclick} {onchange}>
            <h1>{ "Your progress" }</h1>
            <Dashboard progress={progress.clone()} {view} />
            <DrillProgress progress={progress.clone()} day={local_day(at, offset)} />
            <YourData progress={progress.clone()} {view} />
            {
                match (*status).clone() {
                    Some(Status::Done(text)) => html! { <p class="status" role="status">{ text }</p> },
                    Some(Status::Failed(text)) => html! { <p class="status error" role="alert">{ text }</p> },
                    None => html! { <p class="status" role="status"></p> },
                }
            }
        </main>
    }
}

#[derive(Properties, PartialEq)]
pub struct DrillProgressProps {
    pub progress: Rc<Progress>,
    /// Today, as the trainee's local day.
    pub day: u64,
}

/// Days shown in the reviews-per-day chart.
const REVIEW_DAYS: u64 = 14;

/// Drills on the progress screen: cards due today, reviews per day, and
/// retention per principle beside mastery from calls.
#[function_component(DrillProgress)]
pub fn drill_progress(props: &DrillProgressProps) -> Html {
    let catalogue = Catalogue::shipped();
    let drills = &props.progress.drills;
    let day = props.day;
    let memories = drills.memories();
    let keys: Vec<&str> = catalogue.cards().iter().map(|c| c.key.as_ref()).collect();
    let due = queue::today(&keys, &memories, &[], day, 0).len();
    let per_day = drills.reviews_per_day(day.saturating_sub(REVIEW_DAYS - 1), day);
    let most = per_day.iter().map(|&(_, n)| n).max().unwrap_or(0).max(1);
    let retention = drill::retention(catalogue, catalogue.cards(), drills, &memories, day);
    let mastery = props.progress.totals().mastery();
    html! {
        <section class="drill-progress" aria-labelledby="drill-progress-heading">
            <h2 id="drill-progress-heading">{ "Drills" }</h2>
            if drills.is_empty() {
                <p>{ "No drills yet. " }<Link to={Route::Drills}>{ "Start today's cards" }</Link>{ " or " }<Link to={Route::CueDrill}>{ "read ten lines" }</Link>{ "." }</p>
            } else {
                <p class="drill-summary" data-due={due.to_string()}>
                    { format!("{due} card{} due today \u{b7} {} review{} \u{b7} {} line{} read. ",
                        if due == 1 { "" } else { "s" }, drills.review_count(), if drills.review_count() == 1 { "" } else { "s" },
                        drills.cues.len(), if drills.cues.len() == 1 { "" } else { "s" }) }
                    <Link to={Route::Drills}>{ "Open drills" }</Link>
                </p>
                <h3>{ "Reviews per day" }</h3>
                <ol class="reviews-per-day" aria-label={format!("Reviews on each of the last {REVIEW_DAYS} days")}>
                    { for per_day.iter().map(|&(d, n)| {
                        let (_, month, date) = civil(d);
                        // Whole tenths of the busiest day, as classes: no
                        // inline style under the page's CSP.
                        let tenth = (n * 10).div_ceil(most);
                        html! {
                            <li class={format!("day-bar h{tenth}")}>
                                <span class="day-fill" aria-hidden="true"></span>
                                <span class="count">{ n }</span>
                                <span class="date">{ format!("{month}/{date}") }</span>
                            </li>
                        }
                    }) }
                </ol>
                if !retention.is_empty() {
                    <h3>{ "Retention beside mastery" }</h3>
                    <table class="retention">
                        <thead><tr>
                            <th scope="col">{ "Principle" }</th>
                            <th scope="col">{ "Recalled in drills" }</th>
                            <th scope="col">{ "Expected recall today" }</th>
                            <th scope="col">{ "Followed in calls" }</th>
                        </tr></thead>
                        <tbody>
                            { for retention.iter().map(|r| {
                                let p = catalogue.principle(r.principle);
                                let calls = mastery.iter().find(|m| m.principle == r.principle.index());
                                html! {
                                    <tr>
                                        <th scope="row"><Link to={Route::Principle { key: p.key.to_string() }}>{ p.title.as_ref() }</Link></th>
                                        <td>{ format!("{} % of {} review{} ({} card{})", r.recalled_percent(), r.reviews, if r.reviews == 1 { "" } else { "s" }, r.cards, if r.cards == 1 { "" } else { "s" }) }</td>
                                        <td>{ format!("{} %", r.predicted) }</td>
                                        <td>{ calls.map_or_else(|| "not yet".to_string(), |m| format!("{} % of {}", m.percent(), m.followed + m.broken)) }</td>
                                    </tr>
                                }
                            }) }
                        </tbody>
                    </table>
                }
            }
        </section>
    }
}
