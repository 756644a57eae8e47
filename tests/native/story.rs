//! The story checker: over thousands of seeded calls played every way, the
//! prospect never contradicts what the call has established and no option
//! refers to something that did not happen. It reads only the transcript,
//! the options as shown and the content's own marks on each reply and line
//! (a reason, a time, "then"), never the engine's state.

use callback_dojo::core::catalogue::sim::SimContent;
use callback_dojo::core::catalogue::Catalogue;
use callback_dojo::core::sim::model::Said;
use callback_dojo::core::sim::policy::Policy;
use callback_dojo::core::sim::{Difficulty, Move, Phase, Reaction, Session, Settings, Speaker};

/// Seeds per level and player: 4 players × 3 levels × 850 = 10,200 calls.
const SEEDS: u64 = 850;

const PLAYERS: [Policy; 4] = [
    Policy::Random,
    Policy::Principled,
    Policy::Longest,
    Policy::KeywordMatch,
];

const DAYS: [&str; 5] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];

/// Story breaks found in one call, each named by kind.
fn breaks(sim: &SimContent, session: &Session<'_>) -> Vec<&'static str> {
    let mut out = Vec::new();
    let line = session.line();
    let cue = sim.cues[usize::from(line.cue)].said;
    // What the conversation has established so far (a callback's "still a
    // bad time" opens a new one).
    let mut reason = false;
    let mut far = false;
    let mut time = false;
    let mut message = false;
    let mut callback_day: Option<&str> = None;
    let mut last_rep: Option<(&str, Option<Move>)> = None;
    for e in session.transcript() {
        match e.speaker {
            Speaker::Prospect => {
                let Some(i) = e.reply else {
                    // The opening line.
                    reason = cue.gives_reason();
                    far = line.far;
                    time = line.time.is_some();
                    continue;
                };
                let r = &sim.replies[usize::from(i)];
                match r.reaction {
                    Reaction::Voicemail => continue,
                    Reaction::Answers => continue,
                    Reaction::StillBusy => {
                        reason = false;
                        far = false;
                        time = r.time.is_some();
                        continue;
                    }
                    _ => {}
                }
                let gives_reason = matches!(
                    r.reaction,
                    Reaction::SharesDetail | Reaction::ConcreteReason
                );
                if gives_reason && reason {
                    out.push("a second reason");
                }
                if r.reaction == Reaction::VagueReason && reason {
                    out.push("vague about a reason already given");
                }
                if r.reaction == Reaction::SharesDetail && far {
                    out.push("a passing moment after a date weeks away");
                }
                if r.then && !time {
                    out.push("\"then\" before any time");
                }
                if r.time.is_some() && time {
                    out.push("a new time once one stands");
                }
                if matches!(r.reaction, Reaction::AgreesMeeting | Reaction::BooksSlot) {
                    if let Some((said, _)) = last_rep {
                        let days = DAYS.iter().filter(|d| said.contains(*d)).count();
                        let named = DAYS.iter().any(|d| e.text.contains(d));
                        if days > 1 && !named {
                            out.push("a yes to two slots that picks neither");
                        }
                    }
                }
                reason |= gives_reason;
                time |= r.time.is_some() || r.reaction == Reaction::BooksSlot;
            }
            Speaker::Rep => {
                let said = e.text.as_str();
                if e.mv.is_some_and(|m| m.phase() == Phase::Callback) {
                    if let Some(day) = callback_day {
                        if said.contains(day)
                            && DAYS.iter().filter(|d| said.contains(*d)).count() == 1
                        {
                            out.push("a meeting proposed at the callback's own day");
                        }
                    }
                }
                if matches!(
                    e.mv,
                    Some(Move::VmKeepsControl | Move::VmCallMeBack | Move::VmPitch)
                ) {
                    message = true;
                }
                last_rep = Some((said, e.mv));
            }
            Speaker::Narrator => {
                // Narration and notes speak to the rep: the prospect's things
                // are "theirs" there ("your" would be the rep's).
                if e.text.starts_with("You ") && e.text.contains(" your ") {
                    out.push("a note to self that speaks to the prospect");
                }
                if e.text.starts_with("You call") && e.text.contains(" back ") {
                    callback_day = DAYS.iter().copied().find(|d| e.text.contains(d));
                }
            }
        }
    }
    out.extend(option_breaks(session, message));
    out
}

/// The options still on screen, or any the rep was shown: none may refer to
/// a conversation or a message that never happened.
fn option_breaks(session: &Session<'_>, message: bool) -> Vec<&'static str> {
    let mut out = Vec::new();
    for d in session.decisions() {
        for o in &d.offered {
            let text = session.option_text(*o).to_lowercase();
            if !d.state.spoke
                && [
                    "when we spoke",
                    "you asked me",
                    "you suggested",
                    "last time i caught",
                ]
                .iter()
                .any(|w| text.contains(w))
            {
                out.push("an option about a conversation that never happened");
            }
            if !message && text.contains("my message") {
                out.push("an option about a message never left");
            }
        }
    }
    out
}

fn tally() -> (usize, Vec<(String, usize, String)>) {
    let catalogue = Catalogue::shipped();
    let sim = &catalogue.sim;
    let mut calls = 0;
    let mut kinds: Vec<(String, usize, String)> = Vec::new();
    for difficulty in Difficulty::ALL {
        for policy in PLAYERS {
            for seed in 0..SEEDS {
                let settings = Settings { seed, difficulty };
                let session = callback_dojo::core::sim::policy::play(catalogue, policy, settings);
                calls += 1;
                for kind in breaks(sim, &session) {
                    let at = format!("seed {seed} {} {}", difficulty.key(), policy.name());
                    match kinds.iter_mut().find(|(k, _, _)| k == kind) {
                        Some((_, n, _)) => *n += 1,
                        None => kinds.push((kind.to_string(), 1, at)),
                    }
                }
            }
        }
    }
    (calls, kinds)
}

#[test]
fn the_prospect_keeps_to_the_story() {
    let (calls, kinds) = tally();
    assert!(calls >= 10_000, "{calls} calls");
    for (kind, n, first) in &kinds {
        eprintln!("{n:6}  {kind} (first: {first})");
    }
    eprintln!("{calls} calls checked");
    assert!(kinds.is_empty(), "story breaks in {calls} calls: {kinds:?}");
}

/// A generic "not right now" after a pressing reason is heard in its light,
/// and so is a warmer tone: booking on the spot stays a push.
#[test]
fn urgency_is_remembered_after_a_generic_reply_and_warmth() {
    use callback_dojo::core::sim::model::Role;
    use callback_dojo::core::sim::{Choice, State, Truth};
    let sim = &Catalogue::shipped().sim;
    let cue = sim
        .cues
        .iter()
        .position(|c| c.said == Said::UrgentLight)
        .expect("an urgent-light cue") as u8;
    let mut s = State::start(
        Truth::True,
        Role::Manager,
        true,
        Difficulty::Normal,
        cue,
        Said::UrgentLight,
    );
    s = s.branches(sim, Choice::Option(0)).expect("opener")[0].state;
    for later in [Said::Bare, Said::Warm] {
        let mut after = s;
        after.phase = Phase::Respond;
        after.said = later;
        let value = |mv: Move| after.value(sim, mv);
        assert!(
            value(Move::BookNow) < 0.0,
            "{later:?}: book now {}",
            value(Move::BookNow)
        );
        assert!(value(Move::PersistOnce) < 0.0, "{later:?}");
        assert!(
            value(Move::AgreeCallback) > value(Move::BookNow),
            "{later:?}"
        );
    }
}

/// One rule everywhere: what the review says of a decision agrees with its
/// points. A principle shown as followed never sits on less than half the
/// points at stake, one shown as broken never on more, at every decision of
/// thousands of calls played every way.
#[test]
fn the_verdict_agrees_with_the_points() {
    use callback_dojo::core::sim::review::Review;
    let catalogue = Catalogue::shipped();
    let mut decisions = 0;
    let mut disagree: Vec<String> = Vec::new();
    for difficulty in Difficulty::ALL {
        for policy in Policy::ALL {
            if policy == Policy::LearnedOrder {
                continue;
            }
            for seed in 0..300 {
                let settings = Settings { seed, difficulty };
                let session = callback_dojo::core::sim::policy::play(catalogue, policy, settings);
                for item in Review::of(&session).items {
                    decisions += 1;
                    let half = item.at_stake / 2.0;
                    let followed = item.applied.iter().any(|a| a.weight > 0.0);
                    let broke = item.applied.iter().any(|a| a.weight < 0.0);
                    if (followed && item.points < half - 1e-9)
                        || (broke && item.points > half + 1e-9)
                    {
                        disagree.push(format!(
                            "seed {seed} {} {}: {} ({}) {:?}",
                            difficulty.key(),
                            policy.name(),
                            item.chosen,
                            item.figure(),
                            item.applied
                        ));
                    }
                }
            }
        }
    }
    eprintln!("{} of {decisions} decisions disagree", disagree.len());
    assert!(
        disagree.is_empty(),
        "{} of {decisions} decisions: verdict and points disagree; first: {:?}",
        disagree.len(),
        disagree.first()
    );
}

/// Every call of the random player on seeds 0–999 at each level: random
/// play reaches every kind of moment.
fn random_calls(mut each: impl FnMut(&Session<'_>)) {
    let catalogue = Catalogue::shipped();
    for difficulty in Difficulty::ALL {
        for seed in 0..1000 {
            let settings = Settings { seed, difficulty };
            each(&callback_dojo::core::sim::policy::play(
                catalogue,
                Policy::Random,
                settings,
            ));
        }
    }
}

/// What the options give away by their form alone, over every decision of
/// 3,000 calls (random play reaches every kind of moment): how often the
/// best option is the longest, the one naming the prospect, the one naming
/// a day or time, against the chance of picking such an option blind; and
/// the moves that are best every time they are offered.
pub fn tells() -> Vec<(String, f64, f64)> {
    use callback_dojo::core::sim::policy::names_day;
    // (hits, chance sum, decisions) per tell.
    let mut longest = (0.0, 0.0, 0u32);
    let mut name = (0.0, 0.0, 0u32);
    let mut day = (0.0, 0.0, 0u32);
    random_calls(|session| {
        let first = session.persona().first_name().to_string();
        for d in session.decisions() {
            let Some(best) = d.best_index() else { continue };
            let ties = d
                .values
                .iter()
                .filter(|v| (*v - d.values[best]).abs() < 1e-9)
                .count();
            if d.offered.len() < 2 || ties > 1 {
                continue;
            }
            let texts: Vec<String> = d.offered.iter().map(|o| session.option_text(*o)).collect();
            let n = texts.len() as f64;
            let max = texts.iter().map(|t| t.len()).max().unwrap_or(0);
            longest.0 += f64::from(u8::from(texts[best].len() == max));
            longest.1 += 1.0 / n;
            longest.2 += 1;
            let named: Vec<bool> = texts.iter().map(|t| t.contains(first.as_str())).collect();
            let k = named.iter().filter(|b| **b).count();
            if k > 0 && k < texts.len() {
                name.0 += f64::from(u8::from(named[best]));
                name.1 += k as f64 / n;
                name.2 += 1;
            }
            let dated: Vec<bool> = texts.iter().map(|t| names_day(t)).collect();
            let k = dated.iter().filter(|b| **b).count();
            if k > 0 && k < texts.len() {
                day.0 += f64::from(u8::from(dated[best]));
                day.1 += k as f64 / n;
                day.2 += 1;
            }
        }
    });
    [
        ("longest", longest),
        ("uses the name", name),
        ("names a day or time", day),
    ]
    .into_iter()
    .map(|(k, (hit, chance, n))| {
        let n = f64::from(n.max(1));
        (k.to_string(), 100.0 * hit / n, 100.0 * chance / n)
    })
    .collect()
}

#[test]
fn the_options_do_not_give_the_answer_away() {
    let mut over = Vec::new();
    for (tell, rate, chance) in tells() {
        eprintln!("best option {tell}: {rate:.1} % (chance {chance:.1} %)");
        if rate > chance + 3.0 {
            over.push(tell);
        }
    }
    assert!(over.is_empty(), "tells above chance + 3 points: {over:?}");
}

/// Per move, over every decision of 3,000 random calls: how often it was
/// offered, and in how many of those offers it was not the best option (a
/// move that is right every time it shows up is a tell of its own).
pub fn always_best() -> Vec<(Move, u32, u32)> {
    let mut seen: Vec<(Move, u32, u32, bool)> = Vec::new();
    random_calls(|session| {
        for d in session.decisions() {
            let Some(best) = d.best_index() else { continue };
            for (i, o) in d.offered.iter().enumerate() {
                let is_best = (d.values[i] - d.values[best]).abs() < 1e-9;
                let at = match seen.iter().position(|e| e.0 == o.mv) {
                    Some(at) => at,
                    None => {
                        seen.push((o.mv, 0, 0, false));
                        seen.len() - 1
                    }
                };
                seen[at].1 += 1;
                seen[at].2 += u32::from(!is_best);
                seen[at].3 |= is_best;
            }
        }
    });
    seen.into_iter()
        .filter(|e| e.3 && e.0.phase() != Phase::Opener)
        .map(|e| (e.0, e.1, e.2))
        .collect()
}

#[test]
fn no_move_is_best_wherever_it_shows_up() {
    let mut always = Vec::new();
    for (mv, offered, not_best) in always_best() {
        let share = 100.0 * f64::from(not_best) / f64::from(offered.max(1));
        eprintln!(
            "{:<28} offered {offered:6}, not best in {share:5.1} %",
            mv.key()
        );
        if share < 20.0 {
            always.push(format!("{} ({share:.1} %)", mv.key()));
        }
    }
    // The one exception, kept on purpose: a shared detail exists only after
    // a true bad moment, and then opening the callback with it is what 004
    // and the principles page teach, whoever the prospect is. (Openers are
    // left out above: stating the purpose is right on every first call.)
    always.retain(|m| !m.starts_with("reference-detail "));
    assert!(
        always.is_empty(),
        "best in over 80 % of their offers: {always:?}"
    );
}

/// A call that never heard a "call me later" (the first dial went to
/// voicemail and nobody ever answered) has no diagnosis and adds nothing to
/// the reading figures.
#[test]
fn a_call_with_no_conversation_has_no_diagnosis() {
    use callback_dojo::core::progress::{Attempt, Progress};
    let catalogue = Catalogue::shipped();
    let mut found = 0;
    for seed in 0..3000 {
        let settings = Settings {
            seed,
            difficulty: Difficulty::Normal,
        };
        let session =
            callback_dojo::core::sim::policy::play(catalogue, Policy::Principled, settings);
        let heard = session.transcript().iter().any(|e| {
            e.speaker == Speaker::Prospect
                && e.reply.is_none_or(|r| {
                    catalogue.sim.replies[usize::from(r)].reaction != Reaction::Voicemail
                })
        });
        if heard {
            continue;
        }
        found += 1;
        assert!(session.diagnosis().is_none(), "seed {seed}");
        let mut progress = Progress::default();
        progress.record(Attempt::of(&session, 1_800_000_000, 0));
        let totals = progress.totals();
        assert_eq!(totals.calls, 1);
        assert_eq!(
            totals.brier_milli.1, 0,
            "seed {seed}: counted in calibration"
        );
        assert!(totals.accuracy.iter().all(|&(_, n)| n == 0), "seed {seed}");
    }
    assert!(found > 10, "{found} calls with no conversation");
}

/// The diagnosis's feedback names the words heard and who said them, so a
/// rep sees what pointed each way.
#[test]
fn the_diagnosis_names_the_words_that_pointed_each_way() {
    use callback_dojo::core::sim::review::Review;
    let catalogue = Catalogue::shipped();
    let session = callback_dojo::core::sim::policy::play(
        catalogue,
        Policy::Principled,
        Settings {
            seed: 393_135_062,
            difficulty: Difficulty::Easy,
        },
    );
    let review = Review::of(&session);
    let item = review.diagnosis_item().expect("a diagnosis");
    assert!(
        item.feedback.contains(session.line().text.as_ref()),
        "{}",
        item.feedback
    );
    assert!(
        item.feedback.contains(session.persona().title.as_ref()),
        "{}",
        item.feedback
    );
    assert!(item.feedback.contains("points to"), "{}", item.feedback);
}
