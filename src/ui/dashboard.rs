//! The progress screen's figures as Yew components: the headline figures,
//! the score and reliability charts (SVG), mastery per principle,
//! diagnosis accuracy, the history of calls, and the data section (export,
//! import, reset).
//!
//! Pure views of the progress they are given: no storage, no clock, no web
//! API while rendering, so native tests render them to text with Yew's
//! server renderer (`ui::prerender::to_text`). The screen
//! (`ui::progress`) keeps the state and handles the controls, by the
//! `data-action` of the control used.

use std::rc::Rc;

use yew::prelude::*;

use super::{Link, Route};
use crate::core::calendar::{date, when};
use crate::core::catalogue::Catalogue;
use crate::core::progress::{
    percent, Aggregates, Progress, ScorePoint, CALIBRATION_BUCKETS, CONTENT_VERSION,
};
use crate::core::saved::encode_choices;
use crate::core::sim::{Difficulty, Truth};

/// Calls the trend line averages over.
pub const TREND_CALLS: u32 = 10;

/// The score chart shows at most this many of the latest points, so ten
/// thousand calls still draw at once.
pub const CHART_POINTS: usize = 300;

/// History rows shown at first, and added by "Show more".
pub const HISTORY_PAGE: usize = 50;

/// What the progress screen shows besides the progress itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct View {
    /// The day streak, or None when the trainee switched it off.
    pub streak: Option<u32>,
    /// History rows shown.
    pub limit: usize,
    /// The reset asks for confirmation first.
    pub confirm_reset: bool,
}

#[derive(Properties, PartialEq)]
pub struct DashboardProps {
    pub progress: Rc<Progress>,
    pub view: View,
}

/// The whole progress screen below its heading. The totals are added up
/// once per progress and view, not on every render of the screen.
#[function_component(Dashboard)]
pub fn dashboard(props: &DashboardProps) -> Html {
    let catalogue = Catalogue::shipped();
    use_memo((props.progress.clone(), props.view), |(progress, view)| {
        page(progress, catalogue, *view)
    })
    .as_ref()
    .clone()
}

fn page(progress: &Progress, catalogue: &Catalogue, view: View) -> Html {
    let totals = progress.totals();
    if totals.calls == 0 {
        html! {
            <>
                <section class="empty-state card">
                    <p>{ "No calls yet. Play your first call: every call you finish is kept here, in this browser, with its score, your diagnosis and the principles you followed or broke." }</p>
                    <Link to={Route::Practice { seed: None, level: Difficulty::Normal }} classes="button">{ "Play your first call" }</Link>
                </section>
                // Cue-reading rounds are readings too: their calibration
                // shows before any call.
                if totals.brier_milli.1 > 0 {
                    { diagnosis_section(&totals) }
                }
            </>
        }
    } else {
        let kept = progress.attempts.len();
        let folded = totals.calls as usize - kept.min(totals.calls as usize);
        let shown = kept.min(view.limit);
        html! {
            <>
                <section aria-label="Figures">
                    { summary(&totals, view.streak) }
                    <label class="setting">
                        <input type="checkbox" data-action="streak" checked={view.streak.is_some()} />
                        { " Show the day streak" }
                    </label>
                </section>
                <section aria-labelledby="score-heading">
                    <h2 id="score-heading">{ "Decision score over time" }</h2>
                    { score_chart(progress, &totals) }
                    <p class="explain">{ format!("Dots: each call's decision score. Thick line: the trend, the mean of the last {TREND_CALLS} calls.") }</p>
                </section>
                <section aria-labelledby="mastery-heading">
                    <h2 id="mastery-heading">{ "Principles, weakest first" }</h2>
                    { mastery(&totals, catalogue) }
                </section>
                { diagnosis_section(&totals) }
                <section aria-labelledby="history-heading">
                    <h2 id="history-heading">{ "History" }</h2>
                    if folded > 0 {
                        <p class="folded">{ format!("{folded} earlier calls are kept as totals only (storage was full): they count in every figure above but cannot be reopened.") }</p>
                    }
                    { history(progress, shown) }
                    if shown < kept {
                        <button type="button" class="button secondary" data-action="more">{ format!("Show more ({shown} of {kept})") }</button>
                    }
                </section>
            </>
        }
    }
}

/// The trainee's data (export, import, reset): the last section of the
/// progress screen, below the drills, so a reset is never the next thing
/// after the figures.
#[function_component(YourData)]
pub fn your_data(props: &DashboardProps) -> Html {
    let view = props.view;
    // Counted as the figures count them: totals folded by an older version
    // too.
    let calls = props.progress.totals().calls;
    let empty = calls == 0 && props.progress.drills.is_empty();
    html! {
        <section class="data card" aria-labelledby="data-heading">
            <h2 id="data-heading">{ "Your data" }</h2>
            <p>{ "Progress is kept in this browser only. Export it to keep a copy or to move it to another browser; importing merges a file with what is here, and a call already here is not counted twice." }</p>
            <div class="actions">
                <button type="button" class="button secondary" data-action="export" disabled={empty}>{ "Export progress" }</button>
                <label class="button secondary file">
                    { "Import progress" }
                    <input type="file" accept=".json,application/json" class="visually-hidden" data-action="import" />
                </label>
                <button type="button" class="button danger" data-action="reset" aria-expanded={view.confirm_reset.to_string()} disabled={empty}>{ "Reset progress" }</button>
            </div>
            if view.confirm_reset {
                <div class="confirm" role="group" aria-label="Confirm reset">
                    <p>{ format!("This deletes all {calls} calls kept in this browser and cannot be undone. Export them first if you may want them back.") }</p>
                    <button type="button" class="button secondary" data-action="export">{ "Export first" }</button>
                    { " " }
                    <button type="button" class="button danger" data-action="confirm-reset">{ "Delete all progress" }</button>
                </div>
            }
        </section>
    }
}

/// The headline figures. `streak` is None when the trainee switched it off.
fn summary(totals: &Aggregates, streak: Option<u32>) -> Html {
    let figure = |label: &'static str, value: String, key: &'static str| {
        html! {
            <div class="figure" data-figure={key}><dt>{ label }</dt><dd>{ value }</dd></div>
        }
    };
    html! {
        <dl class="figures">
            { figure("Calls played", totals.calls.to_string(), "calls") }
            { figure("Days practiced", totals.days.len().to_string(), "days") }
            { figure("Mean decision score", format!("{} / 100", totals.mean_score()), "mean") }
            if let Some(streak) = streak {
                { figure("Day streak", format!("{streak} {}", if streak == 1 { "day" } else { "days" }), "streak") }
            }
        </dl>
    }
}

/// The decision score call by call: each call as a dot on a thin line, the
/// trend over `TREND_CALLS` calls as a thick line. Days folded into totals
/// are one point each (their mean).
fn score_chart(progress: &Progress, totals: &Aggregates) -> Html {
    let all = progress.score_series(TREND_CALLS);
    let points = &all[all.len().saturating_sub(CHART_POINTS)..];
    let (w, h, left, top, bottom) = (600u32, 220u32, 36u32, 10u32, 30u32);
    let plot = h - top - bottom;
    let span = (points.len().max(2) - 1) as u32;
    let x = |i: usize| left + 10 + (w - left - 20) * i as u32 / span;
    let y = |score: u8| top + plot - plot * u32::from(score) / 100;
    let label = match points.last() {
        Some(p) => format!(
            "Decision score over {} call{}{}; latest {}, trend {}.",
            totals.calls,
            if totals.calls == 1 { "" } else { "s" },
            if points.len() < all.len() {
                format!(", the latest {} points drawn", points.len())
            } else {
                String::new()
            },
            p.mean,
            p.trend
        ),
        None => "No calls yet.".to_string(),
    };
    let line = |f: &dyn Fn(&ScorePoint) -> u8| {
        let mut l = String::new();
        for (i, p) in points.iter().enumerate() {
            l.push_str(&format!("{},{} ", x(i), y(f(p))));
        }
        l
    };
    let (first, last) = (points.first(), points.last());
    html! {
        <svg class="chart score-chart" viewBox={format!("0 0 {w} {h}")} role="img" aria-label={label.clone()}>
            <title>{ label }</title>
            { for [0u8, 50, 100].into_iter().map(|grid| {
                let gy = y(grid);
                html! {
                    <>
                        <line class="grid" x1={left.to_string()} y1={gy.to_string()} x2={w.to_string()} y2={gy.to_string()} />
                        <text class="axis" x={(left - 6).to_string()} y={(gy + 4).to_string()} text-anchor="end">{ grid }</text>
                    </>
                }
            }) }
            if points.len() > 1 {
                <polyline class="score-day" points={line(&|p| p.mean)} />
                <polyline class="score-trend" points={line(&|p| p.trend)} />
            }
            // Dots only while they stay apart.
            if points.len() <= 100 {
                { for points.iter().enumerate().map(|(i, p)| html! {
                    <circle class="score-dot" cx={x(i).to_string()} cy={y(p.mean).to_string()} r="4">
                        <title>{ format!("{}: {}{}", date(p.day), p.mean,
                            if p.calls > 1 { format!(" (mean of {} calls)", p.calls) } else { String::new() }) }</title>
                    </circle>
                }) }
            }
            if let Some(first) = first {
                <text class="axis" x={left.to_string()} y={(h - 8).to_string()}>{ date(first.day) }</text>
            }
            if let (Some(first), Some(last)) = (first, last) {
                if last.day != first.day {
                    <text class="axis" x={w.to_string()} y={(h - 8).to_string()} text-anchor="end">{ date(last.day) }</text>
                }
            }
        </svg>
    }
}

/// Mastery per principle, weakest first, each with a link to the principle
/// and a "practise this" button.
fn mastery(totals: &Aggregates, catalogue: &Catalogue) -> Html {
    html! {
        <ol class="mastery">
            { for totals.mastery().into_iter().filter_map(|m| {
                // Saved by a content version with more principles: nothing
                // to show.
                let id = catalogue.principle_at(m.principle)?;
                let p = catalogue.principle(id);
                let share = m.percent();
                // The bar's width as a class in steps of 5 % (styles/app.css):
                // the page's Content-Security-Policy allows no inline style.
                let step = (share + 2) / 5 * 5;
                Some(html! {
                    <li class="principle-mastery" data-key={p.key.to_string()}>
                        <Link to={Route::Principle { key: p.key.to_string() }}>{ p.title.to_string() }</Link>
                        <span class="bar" aria-hidden="true"><span class={format!("w{step}")}></span></span>
                        <span class="counts">{ format!("followed {}, broken {} ({share} %)", m.followed, m.broken) }</span>
                        // Named by its principle on screen too: twenty buttons
                        // that all read "Practice this" cannot be told apart.
                        <button type="button" class="button secondary small" data-action="practise" data-principle={m.principle.to_string()}>
                            { format!("Practise: {}", p.title) }
                        </button>
                    </li>
                })
            }) }
        </ol>
    }
}

fn diagnosis_section(totals: &Aggregates) -> Html {
    html! {
        <section aria-labelledby="diagnosis-heading">
            <h2 id="diagnosis-heading">{ "Diagnosis and calibration" }</h2>
            { diagnosis(totals) }
        </section>
    }
}

/// Diagnosis accuracy per truth, the mean Brier score, and the reliability
/// chart: for each confidence range, how often the diagnosis was right.
fn diagnosis(totals: &Aggregates) -> Html {
    // Reliability: bars of the share right per confidence range, beside a
    // marker where a calibrated forecaster would be (the range's middle).
    let (w, h, top, bottom, left) = (300u32, 160u32, 10u32, 24u32, 30u32);
    let plot = h - top - bottom;
    let slot = (w - left) / 5;
    let buckets = CALIBRATION_BUCKETS
        .iter()
        .enumerate()
        .map(|(i, &(lo, hi))| {
            let (right, n) = totals.calibration[i];
            let x = left + slot * i as u32;
            let ideal = (u32::from(lo) + u32::from(hi)).div_ceil(2);
            let iy = (top + plot - plot * ideal / 100).to_string();
            let share = (n > 0).then(|| percent(right, n));
            (lo, hi, right, n, x, iy, share)
        });
    html! {
        <>
            <table class="accuracy">
                <caption>{ "Diagnosis accuracy by what was really going on" }</caption>
                <thead><tr><th scope="col">{ "Truth" }</th><th scope="col">{ "Right" }</th><th scope="col">{ "Share" }</th></tr></thead>
                <tbody>
                    { for Truth::ALL.iter().map(|t| {
                        let (right, n) = totals.accuracy[t.index()];
                        html! {
                            <tr data-truth={t.key()}>
                                <th scope="row">{ t.label() }</th>
                                <td>{ format!("{right} of {n}") }</td>
                                <td>{ if n == 0 { "\u{2013}".to_string() } else { format!("{} %", percent(right, n)) } }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            {
                match totals.brier_mean_milli() {
                    Some(b) => html! {
                        <p class="brier">
                            { "Brier score " }
                            <strong data-brier={b.to_string()}>{ format!("{}.{:03}", b / 1000, b % 1000) }</strong>
                            { format!(" over {} diagnoses. 0 is perfect; always saying 50 % on the right truth gives 0.375; confident and wrong gives up to 2.", totals.brier_milli.1) }
                        </p>
                    },
                    None => html! { <p class="brier">{ "No diagnoses yet." }</p> },
                }
            }
            <figure class="reliability">
                <svg class="chart" viewBox={format!("0 0 {w} {h}")} aria-hidden="true">
                    <line class="grid" x1={left.to_string()} y1={top.to_string()} x2={w.to_string()} y2={top.to_string()} />
                    <line class="grid" x1={left.to_string()} y1={(top + plot).to_string()} x2={w.to_string()} y2={(top + plot).to_string()} />
                    <text class="axis" x={(left - 4).to_string()} y={(top + 4).to_string()} text-anchor="end">{ "100" }</text>
                    <text class="axis" x={(left - 4).to_string()} y={(top + plot + 4).to_string()} text-anchor="end">{ "0" }</text>
                    { for buckets.clone().map(|(lo, hi, _, _, x, iy, share)| html! {
                        <>
                            <line class="ideal" x1={(x + 4).to_string()} y1={iy.clone()} x2={(x + slot - 4).to_string()} y2={iy} />
                            <text class="axis" x={(x + slot / 2).to_string()} y={(h - 6).to_string()} text-anchor="middle">{ format!("{lo}\u{2013}{hi}") }</text>
                            if let Some(share) = share {
                                <rect class="hit" x={(x + 10).to_string()} y={(top + plot - plot * share / 100).to_string()}
                                    width={(slot - 20).to_string()} height={(plot * share / 100).to_string()} />
                            }
                        </>
                    }) }
                </svg>
                <figcaption>{ "How often you were right at each confidence (bars) against how often you said you would be (lines)." }</figcaption>
            </figure>
            <ul class="calibration">
                { for buckets.filter_map(|(lo, hi, right, n, _, _, share)| share.map(|share| html! {
                    <li data-bucket={lo.to_string()}>{ format!("When you said {lo}\u{2013}{hi} %: right {right} of {n} ({share} %)") }</li>
                })) }
            </ul>
        </>
    }
}

/// The newest `limit` calls, newest first, each linking to its review.
fn history(progress: &Progress, limit: usize) -> Html {
    html! {
        <table class="history">
            <caption>{ "Your calls, newest first" }</caption>
            <thead><tr>
                <th scope="col">{ "When" }</th><th scope="col">{ "Level" }</th><th scope="col">{ "Score" }</th>
                <th scope="col">{ "Outcome" }</th><th scope="col">{ "You said" }</th><th scope="col">{ "Truth" }</th>
                <th scope="col">{ "Review" }</th>
            </tr></thead>
            <tbody>
                { for progress.attempts.iter().rev().take(limit).map(|a| {
                    let said = a
                        .diagnosis
                        .map(|(t, c)| format!("{} at {c} %", t.key()))
                        .unwrap_or_else(|| "\u{2013}".to_string());
                    html! {
                        <tr class="attempt">
                            <td>{ when(a) }</td>
                            <td>{ a.level.key() }</td>
                            <td>{ a.score }</td>
                            <td>{ a.outcome.label() }</td>
                            <td>{ said }</td>
                            <td>{ a.truth.key() }</td>
                            <td>{
                                // A call recorded under earlier content would
                                // replay into another call: its summary stands,
                                // but it has no review link.
                                if a.content == CONTENT_VERSION {
                                    html! { <Link to={Route::Past { seed: a.seed, level: a.level, choices: encode_choices(&a.choices) }}>{ "Review" }</Link> }
                                } else {
                                    html! { "earlier version" }
                                }
                            }</td>
                        </tr>
                    }
                }) }
            </tbody>
        </table>
    }
}
