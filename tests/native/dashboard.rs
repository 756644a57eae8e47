//! The progress screen's figures, rendered to text by Yew's server
//! renderer from the app's own components: what they show for no calls,
//! for many, and that they come from the progress they are given.

use std::rc::Rc;

use callback_dojo::core::catalogue::Catalogue;
use callback_dojo::core::progress::{Attempt, Progress};
use callback_dojo::core::sim::policy::{play, Policy};
use callback_dojo::core::sim::{Difficulty, Settings};
use callback_dojo::ui::dashboard::{Dashboard, DashboardProps, View, YourData, HISTORY_PAGE};
use callback_dojo::ui::prerender::to_text;

/// The screen's figures for `progress`, then its data section, as markup.
fn page(progress: &Progress, _: &Catalogue, view: View) -> String {
    let props = || DashboardProps {
        progress: Rc::new(progress.clone()),
        view,
    };
    to_text::<Dashboard>(props()).expect("renders")
        + &to_text::<YourData>(props()).expect("renders")
}

fn played(n: u64) -> Progress {
    let mut p = Progress::default();
    for seed in 0..n {
        let settings = Settings {
            seed,
            difficulty: Difficulty::Normal,
        };
        let session = play(Catalogue::shipped(), Policy::Random, settings);
        p.record(Attempt::of(&session, 1_760_000_000 + seed * 7_200, 60));
    }
    p
}

const VIEW: View = View {
    streak: Some(2),
    limit: HISTORY_PAGE,
    confirm_reset: false,
};

fn occurrences(text: &str, needle: &str) -> usize {
    text.matches(needle).count()
}

#[test]
fn no_calls_invites_the_first() {
    let html = page(&Progress::default(), Catalogue::shipped(), VIEW);
    assert!(html.contains("empty-state"));
    assert!(html.contains(r#"href="/practice?level=normal""#));
    assert!(!html.contains("<svg"));
    // Import stays possible; export and reset have nothing to act on.
    assert!(html.contains(r#"data-action="import""#));
    assert!(html.contains(r#"data-action="export" disabled"#));
}

#[test]
fn many_calls_show_figures_pages_and_weakest_first() {
    let p = played(70);
    let html = page(&p, Catalogue::shipped(), VIEW);
    assert!(!html.contains("empty-state"));
    assert!(html
        .contains(r#"<div data-figure="calls" class="figure"><dt>Calls played</dt><dd>70</dd>"#));
    assert!(html.contains("<dd>2 days</dd>"));
    assert_eq!(occurrences(&html, r#"<tr class="attempt">"#), HISTORY_PAGE);
    assert!(html.contains("Show more (50 of 70)"));
    let all = page(&p, Catalogue::shipped(), View { limit: 100, ..VIEW });
    assert_eq!(occurrences(&all, r#"<tr class="attempt">"#), 70);
    assert!(!all.contains("Show more"));
    // Mastery rows in the core's order, weakest first.
    let catalogue = Catalogue::shipped();
    let order: Vec<String> = p
        .totals()
        .mastery()
        .iter()
        .filter_map(|m| catalogue.principle_at(m.principle))
        .map(|id| catalogue.principle(id).key.to_string())
        .collect();
    let mut at = 0;
    for key in &order {
        let found = html[at..]
            .find(&format!(r#"data-key="{key}""#))
            .unwrap_or_else(|| panic!("{key} missing or out of order"));
        at += found;
    }
    // One dot per call on the chart, and no streak when it is off.
    assert_eq!(occurrences(&html, "<circle"), 70);
    let off = page(
        &p,
        catalogue,
        View {
            streak: None,
            ..VIEW
        },
    );
    assert!(!off.contains(r#"data-figure="streak""#));
    assert!(html.contains(r#"<input checked type="checkbox" data-action="streak">"#));
    assert!(off.contains(r#"<input type="checkbox" data-action="streak">"#));
    // The reset asks before it deletes.
    assert!(!html.contains("confirm-reset"));
    let asking = page(
        &p,
        catalogue,
        View {
            confirm_reset: true,
            ..VIEW
        },
    );
    assert!(asking.contains(r#"data-action="confirm-reset""#));
    assert!(asking.contains("This deletes all 70 calls"));
}

#[test]
fn folded_calls_are_said_to_be_totals_only() {
    let mut p = played(20);
    p.fold_oldest(12);
    let html = page(&p, Catalogue::shipped(), VIEW);
    assert!(html.contains("12 earlier calls are kept as totals only"));
    assert!(html.contains("<dd>20</dd>"), "folded calls still count");
    assert_eq!(occurrences(&html, r#"<tr class="attempt">"#), 8);
}

/// A call recorded under earlier content keeps its row but no review link:
/// its choices would replay into a different call.
#[test]
fn calls_from_earlier_content_have_no_review_link() {
    let mut p = played(2);
    let current = occurrences(&page(&p, Catalogue::shipped(), VIEW), "/review?seed=");
    assert_eq!(current, 2);
    if let Some(a) = p.attempts.first_mut() {
        a.content = 1;
    }
    let html = page(&p, Catalogue::shipped(), VIEW);
    assert_eq!(occurrences(&html, "/review?seed="), 1);
    assert_eq!(occurrences(&html, "earlier version"), 1);
}
