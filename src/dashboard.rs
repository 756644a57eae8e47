//! The progress screen as markup: figures, the score and reliability charts
//! (SVG), mastery per principle, diagnosis accuracy, the history of calls,
//! and the data section (export, import, reset).
//!
//! Built as text rather than through Yew's `html!` so that it is pure and
//! tested natively (the `ui` shell only compiles for the browser); the shell
//! inserts it and handles its links, `data-action` buttons and inputs by
//! delegation, with one click and one change listener. (Measured: the text
//! version is about the same size in WebAssembly as the `html!` one.)
//! Every text that comes from content or saved data is escaped.

use std::fmt::Write;

use crate::core::catalogue::Catalogue;
use crate::core::progress::{
    local_day, percent, Aggregates, Attempt, Progress, ScorePoint, CALIBRATION_BUCKETS,
};
use crate::core::saved::encode_choices;
use crate::core::sim::Truth;

/// Calls the trend line averages over.
pub const TREND_CALLS: u32 = 10;

/// The score chart shows at most this many of the latest points, so ten
/// thousand calls still draw at once.
pub const CHART_POINTS: usize = 300;

/// Text made safe inside markup and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// (year, month, day) of a day number (days since 1970-01-01), by the
/// civil-from-days algorithm (proleptic Gregorian calendar).
pub fn civil(day: u64) -> (i64, u32, u32) {
    let z = day as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

fn date(day: u64) -> String {
    let (y, m, d) = civil(day);
    format!("{y}-{m:02}-{d:02}")
}

/// Local date and time of an attempt, as `2026-11-23 14:05`.
pub fn when(a: &Attempt) -> String {
    moment(
        a.finished_at
            .saturating_add_signed(i64::from(a.utc_offset) * 60),
    )
}

/// A moment (seconds since the epoch, on the calendar wanted) as
/// `2026-11-23 14:05`.
pub fn moment(at: u64) -> String {
    let minutes = at % 86_400 / 60;
    format!(
        "{} {:02}:{:02}",
        date(local_day(at, 0)),
        minutes / 60,
        minutes % 60
    )
}

/// The headline figures. `streak` is None when the trainee switched it off.
pub fn summary(totals: &Aggregates, streak: Option<u32>) -> String {
    let mut s = String::from(r#"<dl class="figures">"#);
    let mut figure = |label: &str, value: String, key: &str| {
        let _ = write!(
            s,
            r#"<div class="figure" data-figure="{key}"><dt>{label}</dt><dd>{value}</dd></div>"#
        );
    };
    figure("Calls played", totals.calls.to_string(), "calls");
    figure("Days practiced", totals.days.len().to_string(), "days");
    figure(
        "Mean decision score",
        format!("{} / 100", totals.mean_score()),
        "mean",
    );
    if let Some(streak) = streak {
        let unit = if streak == 1 { "day" } else { "days" };
        figure("Day streak", format!("{streak} {unit}"), "streak");
    }
    s.push_str("</dl>");
    s
}

/// The decision score call by call: each call as a dot on a thin line, the
/// trend over `TREND_CALLS` calls as a thick line. Days folded into totals
/// are one point each (their mean).
pub fn score_chart(progress: &Progress, totals: &Aggregates) -> String {
    let all = progress.score_series(TREND_CALLS);
    let points = &all[all.len().saturating_sub(CHART_POINTS)..];
    let (w, h, left, top, bottom) = (600u32, 220u32, 36u32, 10u32, 30u32);
    let plot = h - top - bottom;
    let span = (points.len().max(2) - 1) as u32;
    let x = |i: usize| left + 10 + (w - left - 20) * i as u32 / span;
    let y = |score: u8| top + plot - plot * u32::from(score) / 100;
    let label = match points.last() {
        Some(p) => format!(
            "Decision score over {} calls{}; latest {}, trend {}.",
            totals.calls,
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
    let label = escape(&label);
    let mut s = format!(
        r#"<svg class="chart score-chart" viewBox="0 0 {w} {h}" role="img" aria-label="{label}"><title>{label}</title>"#
    );
    for grid in [0u8, 50, 100] {
        let gy = y(grid);
        let _ = write!(
            s,
            r#"<line class="grid" x1="{left}" y1="{gy}" x2="{w}" y2="{gy}"/><text class="axis" x="{}" y="{}" text-anchor="end">{grid}</text>"#,
            left - 6,
            gy + 4
        );
    }
    let line = |class: &str, f: &dyn Fn(&ScorePoint) -> u8| {
        let mut l = format!(r#"<polyline class="{class}" points=""#);
        for (i, p) in points.iter().enumerate() {
            let _ = write!(l, "{},{} ", x(i), y(f(p)));
        }
        l.push_str(r#""/>"#);
        l
    };
    if points.len() > 1 {
        s.push_str(&line("score-day", &|p| p.mean));
        s.push_str(&line("score-trend", &|p| p.trend));
    }
    // Dots only while they stay apart.
    if points.len() <= 100 {
        for (i, p) in points.iter().enumerate() {
            let _ = write!(
                s,
                r#"<circle class="score-dot" cx="{}" cy="{}" r="4"><title>{}: {}{}</title></circle>"#,
                x(i),
                y(p.mean),
                date(p.day),
                p.mean,
                if p.calls > 1 {
                    format!(" (mean of {} calls)", p.calls)
                } else {
                    String::new()
                }
            );
        }
    }
    if let (Some(first), Some(last)) = (points.first(), points.last()) {
        let _ = write!(
            s,
            r#"<text class="axis" x="{left}" y="{}">{}</text>"#,
            h - 8,
            date(first.day)
        );
        if last.day != first.day {
            let _ = write!(
                s,
                r#"<text class="axis" x="{w}" y="{}" text-anchor="end">{}</text>"#,
                h - 8,
                date(last.day)
            );
        }
    }
    s.push_str("</svg>");
    s
}

/// Mastery per principle, weakest first, each with a link to the principle
/// and a "practise this" button.
pub fn mastery(totals: &Aggregates, catalogue: &Catalogue) -> String {
    let mut s = String::from(r#"<ol class="mastery">"#);
    for m in totals.mastery() {
        let Some(id) = catalogue.principle_at(m.principle) else {
            // Saved by a content version with more principles: nothing to show.
            continue;
        };
        let p = catalogue.principle(id);
        let share = m.percent();
        // The bar's width as a class in steps of 5 % (styles/app.css): the
        // page's Content-Security-Policy allows no inline style.
        let step = (share + 2) / 5 * 5;
        let _ = write!(
            s,
            r#"<li class="principle-mastery" data-key="{key}"><a href="/principles/{key}">{title}</a><span class="bar" aria-hidden="true"><span class="w{step}"></span></span><span class="counts">followed {f}, broken {b} ({share} %)</span><button type="button" class="button secondary small" data-action="practise" data-principle="{index}">Practice this</button></li>"#,
            key = escape(&p.key),
            title = escape(&p.title),
            f = m.followed,
            b = m.broken,
            index = m.principle
        );
    }
    s.push_str("</ol>");
    s
}

/// Diagnosis accuracy per truth, the mean Brier score, and the reliability
/// chart: for each confidence range, how often the diagnosis was right.
pub fn diagnosis(totals: &Aggregates) -> String {
    let mut s = String::from(
        r#"<table class="accuracy"><caption>Diagnosis accuracy by what was really going on</caption><thead><tr><th scope="col">Truth</th><th scope="col">Right</th><th scope="col">Share</th></tr></thead><tbody>"#,
    );
    for t in Truth::ALL {
        let (right, n) = totals.accuracy[t.index()];
        let _ = write!(
            s,
            r#"<tr data-truth="{}"><th scope="row">{}</th><td>{right} of {n}</td><td>{}</td></tr>"#,
            t.key(),
            t.label(),
            if n == 0 {
                "\u{2013}".to_string()
            } else {
                format!("{} %", percent(right, n))
            }
        );
    }
    s.push_str("</tbody></table>");
    match totals.brier_mean_milli() {
        Some(b) => {
            let _ = write!(
                s,
                r#"<p class="brier">Brier score <strong data-brier="{b}">{}.{:03}</strong> over {} diagnoses. 0 is perfect; always saying 50 % on the right truth gives 0.375; confident and wrong gives up to 2.</p>"#,
                b / 1000,
                b % 1000,
                totals.brier_milli.1
            );
        }
        None => s.push_str(r#"<p class="brier">No diagnoses yet.</p>"#),
    }
    // Reliability: bars of the share right per confidence range, beside a
    // marker where a calibrated forecaster would be (the range's middle).
    let (w, h, top, bottom, left) = (300u32, 160u32, 10u32, 24u32, 30u32);
    let plot = h - top - bottom;
    let slot = (w - left) / 5;
    let mut rows = String::new();
    let mut bars = String::new();
    for (i, &(lo, hi)) in CALIBRATION_BUCKETS.iter().enumerate() {
        let (right, n) = totals.calibration[i];
        let x = left + slot * i as u32;
        let ideal = (u32::from(lo) + u32::from(hi) + 1) / 2;
        let iy = top + plot - plot * ideal / 100;
        let _ = write!(
            bars,
            r#"<line class="ideal" x1="{}" y1="{iy}" x2="{}" y2="{iy}"/><text class="axis" x="{}" y="{}" text-anchor="middle">{lo}–{hi}</text>"#,
            x + 4,
            x + slot - 4,
            x + slot / 2,
            h - 6
        );
        if n > 0 {
            let share = percent(right, n);
            let bar = plot * share / 100;
            let _ = write!(
                bars,
                r#"<rect class="hit" x="{}" y="{}" width="{}" height="{bar}"/>"#,
                x + 10,
                top + plot - bar,
                slot - 20
            );
            let _ = write!(
                rows,
                r#"<li data-bucket="{lo}">When you said {lo}–{hi} %: right {right} of {n} ({share} %)</li>"#
            );
        }
    }
    let _ = write!(
        s,
        r#"<figure class="reliability"><svg class="chart" viewBox="0 0 {w} {h}" aria-hidden="true"><line class="grid" x1="{left}" y1="{top}" x2="{w}" y2="{top}"/><line class="grid" x1="{left}" y1="{}" x2="{w}" y2="{}"/><text class="axis" x="{}" y="{}" text-anchor="end">100</text><text class="axis" x="{}" y="{}" text-anchor="end">0</text>{bars}</svg><figcaption>How often you were right at each confidence (bars) against how often you said you would be (lines).</figcaption></figure><ul class="calibration">{rows}</ul>"#,
        top + plot,
        top + plot,
        left - 4,
        top + 4,
        left - 4,
        top + plot + 4
    );
    s
}

/// The newest `limit` calls, newest first, each linking to its review.
pub fn history(progress: &Progress, limit: usize) -> String {
    let mut s = String::from(
        r#"<table class="history"><caption>Your calls, newest first</caption><thead><tr><th scope="col">When</th><th scope="col">Level</th><th scope="col">Score</th><th scope="col">Outcome</th><th scope="col">You said</th><th scope="col">Truth</th><th scope="col">Review</th></tr></thead><tbody>"#,
    );
    for a in progress.attempts.iter().rev().take(limit) {
        let said = a
            .diagnosis
            .map(|(t, c)| format!("{} at {c} %", t.key()))
            .unwrap_or_else(|| "\u{2013}".to_string());
        // A call recorded under earlier content would replay into another
        // call: its summary stands, but it has no review link.
        let review = if a.content == crate::core::progress::CONTENT_VERSION {
            format!(
                r#"<a href="/review?seed={}&amp;level={}&amp;choices={}">Review</a>"#,
                a.seed,
                a.level.key(),
                escape(&encode_choices(&a.choices))
            )
        } else {
            "earlier version".to_string()
        };
        let _ = write!(
            s,
            r#"<tr class="attempt"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{said}</td><td>{}</td><td>{review}</td></tr>"#,
            when(a),
            a.level.key(),
            a.score,
            a.outcome.label(),
            a.truth.key(),
        );
    }
    s.push_str("</tbody></table>");
    s
}

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

/// History rows shown at first, and added by "Show more".
pub const HISTORY_PAGE: usize = 50;

/// The whole progress screen below its heading.
pub fn page(progress: &Progress, catalogue: &Catalogue, view: View) -> String {
    let totals = progress.totals();
    let mut s = String::new();
    if totals.calls == 0 {
        s.push_str(r#"<section class="empty-state card"><p>No calls yet. Play your first call: every call you finish is kept here, in this browser, with its score, your diagnosis and the principles you followed or broke.</p><a class="button" href="/practice?level=normal">Play your first call</a></section>"#);
        // Cue-reading rounds are readings too: their calibration shows
        // before any call.
        if totals.brier_milli.1 > 0 {
            let _ = write!(
                s,
                r#"<section aria-labelledby="diagnosis-heading"><h2 id="diagnosis-heading">Diagnosis and calibration</h2>{}</section>"#,
                diagnosis(&totals)
            );
        }
    } else {
        let _ = write!(
            s,
            r#"<section aria-label="Figures">{}<label class="setting"><input type="checkbox" data-action="streak"{}> Show the day streak</label></section>"#,
            summary(&totals, view.streak),
            if view.streak.is_some() {
                " checked"
            } else {
                ""
            }
        );
        let _ = write!(
            s,
            r#"<section aria-labelledby="score-heading"><h2 id="score-heading">Decision score over time</h2>{}<p class="explain">Dots: each call's decision score. Thick line: the trend, the mean of the last {TREND_CALLS} calls.</p></section>"#,
            score_chart(progress, &totals)
        );
        let _ = write!(
            s,
            r#"<section aria-labelledby="mastery-heading"><h2 id="mastery-heading">Principles, weakest first</h2>{}</section><section aria-labelledby="diagnosis-heading"><h2 id="diagnosis-heading">Diagnosis and calibration</h2>{}</section><section aria-labelledby="history-heading"><h2 id="history-heading">History</h2>"#,
            mastery(&totals, catalogue),
            diagnosis(&totals)
        );
        let folded = totals.calls as usize - progress.attempts.len().min(totals.calls as usize);
        if folded > 0 {
            let _ = write!(
                s,
                r#"<p class="folded">{folded} earlier calls are kept as totals only (storage was full): they count in every figure above but cannot be reopened.</p>"#
            );
        }
        let kept = progress.attempts.len();
        let shown = kept.min(view.limit);
        s.push_str(&history(progress, shown));
        if shown < kept {
            let _ = write!(
                s,
                r#"<button type="button" class="button secondary" data-action="more">Show more ({shown} of {kept})</button>"#
            );
        }
        s.push_str("</section>");
    }
    let empty = totals.calls == 0 && progress.drills.is_empty();
    let disabled = if empty { " disabled" } else { "" };
    let _ = write!(
        s,
        r#"<section class="data card" aria-labelledby="data-heading"><h2 id="data-heading">Your data</h2><p>Progress is kept in this browser only. Export it to keep a copy or to move it to another browser; importing merges a file with what is here, and a call already here is not counted twice.</p><div class="actions"><button type="button" class="button secondary" data-action="export"{disabled}>Export progress</button><label class="button secondary file">Import progress<input type="file" accept=".json,application/json" class="visually-hidden" data-action="import"></label><button type="button" class="button danger" data-action="reset" aria-expanded="{}"{disabled}>Reset progress</button></div>"#,
        view.confirm_reset
    );
    if view.confirm_reset {
        let _ = write!(
            s,
            r#"<div class="confirm" role="group" aria-label="Confirm reset"><p>This deletes all {} calls kept in this browser and cannot be undone. Export them first if you may want them back.</p><button type="button" class="button secondary" data-action="export">Export first</button> <button type="button" class="button danger" data-action="confirm-reset">Delete all progress</button></div>"#,
            totals.calls
        );
    }
    s.push_str("</section>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_are_right() {
        assert_eq!(civil(0), (1970, 1, 1));
        assert_eq!(civil(20_415), (2025, 11, 23));
        assert_eq!(civil(11_016), (2000, 2, 29));
        assert_eq!(civil(11_017), (2000, 3, 1));
    }

    #[test]
    fn markup_is_escaped() {
        assert_eq!(
            escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }
}
