//! Hints on a typed drill answer: each kind on varied phrasings, the
//! near-misses that must stay unmarked, byte ranges on non-ASCII text, the
//! two context switches, and the ties to content/principles.toml.

use std::collections::HashSet;

use callback_dojo::core::drill::hints::{hints, Hint, HintContext, HintKind, Sign};

use HintKind::*;

const PLAIN: HintContext<'static> = HintContext {
    detail: &[],
    booking_premature: false,
};

const PREMATURE: HintContext<'static> = HintContext {
    detail: &[],
    booking_premature: true,
};

/// (kind, marked text) for every hint, in the order returned.
fn marked<'t>(text: &'t str, context: &HintContext) -> Vec<(HintKind, &'t str)> {
    hints(text, context)
        .into_iter()
        .map(|h| (h.kind, &text[h.start..h.end]))
        .collect()
}

/// Checks the contract every result must keep, whatever the text.
fn check_shape(text: &str, found: &[Hint]) {
    for h in found {
        assert!(h.start < h.end, "{text:?}: empty hint {h:?}");
        assert!(h.end <= text.len(), "{text:?}: hint past the end {h:?}");
        assert!(
            text.is_char_boundary(h.start) && text.is_char_boundary(h.end),
            "{text:?}: hint off a char boundary {h:?}"
        );
    }
    for pair in found.windows(2) {
        assert!(
            pair[0].start <= pair[1].start,
            "{text:?}: hints not sorted by start: {found:?}"
        );
    }
    for (i, a) in found.iter().enumerate() {
        for b in &found[i + 1..] {
            assert!(
                !(a.kind == b.kind && a.start < b.end && b.start < a.end),
                "{text:?}: two overlapping hints of one kind: {a:?} {b:?}"
            );
        }
    }
}

/// Each row: the text, the kind expected, and exactly the phrase it marks.
fn expect_marks(rows: &[(&str, HintKind, &str)], context: &HintContext) {
    let mut failures = Vec::new();
    for &(text, kind, phrase) in rows {
        check_shape(text, &hints(text, context));
        let got = marked(text, context);
        if !got.contains(&(kind, phrase)) {
            failures.push(format!(
                "{text:?}: wanted {kind:?} on {phrase:?}, got {got:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// Each row: a text that must carry no hint of the kind.
fn expect_none(rows: &[(&str, HintKind)], context: &HintContext) {
    let mut failures = Vec::new();
    for &(text, kind) in rows {
        check_shape(text, &hints(text, context));
        let got = marked(text, context);
        if got.iter().any(|(k, _)| *k == kind) {
            failures.push(format!(
                "{text:?}: {kind:?} should not be marked, got {got:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

// --- Warnings ---------------------------------------------------------------

const ASKS_GOOD_TIME: &[(&str, HintKind, &str)] = &[
    (
        "Hi, Sam from Acme here. Is now a good time to talk?",
        AsksGoodTime,
        "Is now a good time",
    ),
    ("is this a bad time?", AsksGoodTime, "is this a bad time"),
    (
        "Did I catch you at a bad time?",
        AsksGoodTime,
        "Did I catch you at a bad time",
    ),
    (
        "Have I caught you at an awkward moment?",
        AsksGoodTime,
        "Have I caught you at an awkward moment",
    ),
    ("Got a minute?", AsksGoodTime, "Got a minute"),
    // "now" is about this moment even when a slot was named first.
    (
        "Thursday at 10 suits me, but is now a good time?",
        AsksGoodTime,
        "is now a good time",
    ),
    (
        "Do you have a couple of minutes?",
        AsksGoodTime,
        "Do you have a couple of minutes",
    ),
    (
        "Have you got two minutes for me?",
        AsksGoodTime,
        "Have you got two minutes",
    ),
    (
        "Can I steal five minutes of your day?",
        AsksGoodTime,
        "Can I steal five minutes",
    ),
    ("Can you talk?", AsksGoodTime, "Can you talk"),
    (
        "Are you free to chat?",
        AsksGoodTime,
        "Are you free to chat",
    ),
    (
        "Are you busy right now?",
        AsksGoodTime,
        "Are you busy right now",
    ),
    ("IS NOW OK?", AsksGoodTime, "IS NOW OK"),
    (
        "I wondered whether now is a convenient time.",
        AsksGoodTime,
        "whether now is a convenient time",
    ),
    (
        "Isn't this a bad time?",
        AsksGoodTime,
        "Isn't this a bad time",
    ),
    (
        "If you've got a sec, I'll explain.",
        AsksGoodTime,
        "If you've got a sec",
    ),
    // A slot offered in another clause does not excuse the question.
    (
        "Is this a good time, or shall I ring Thursday at 10?",
        AsksGoodTime,
        "Is this a good time",
    ),
    (
        "Do you have a minute now, or should I try Friday at 3?",
        AsksGoodTime,
        "Do you have a minute",
    ),
];

const NOT_ASKS_GOOD_TIME: &[(&str, HintKind)] = &[
    ("I know this isn't a good time.", AsksGoodTime),
    ("Is Thursday at 10 good for you?", AsksGoodTime),
    ("Sounds like I caught you at a bad time.", AsksGoodTime),
    ("Is it a good time to talk on Thursday at 10?", AsksGoodTime),
    ("Are you free on Friday at 2?", AsksGoodTime),
    ("Do you have a few minutes on Tuesday at 4?", AsksGoodTime),
    (
        "I'd never open with \u{201c}is now a good time?\u{201d}",
        AsksGoodTime,
    ),
    ("Could you speak to your manager about it?", AsksGoodTime),
    ("Now is a good time to book the demo.", AsksGoodTime),
    ("I won't ask if now is a good time.", AsksGoodTime),
];

const ASKS_BETTER_TIME: &[(&str, HintKind, &str)] = &[
    (
        "Is now a better time?",
        AsksBetterTime,
        "Is now a better time",
    ),
    (
        "Hi Dana, is this a better moment?",
        AsksBetterTime,
        "is this a better moment",
    ),
    (
        "Would now be a more convenient time?",
        AsksBetterTime,
        "Would now be a more convenient time",
    ),
    (
        "I'm ringing to check whether now is a better time.",
        AsksBetterTime,
        "whether now is a better time",
    ),
    (
        "Is it any better now?",
        AsksBetterTime,
        "Is it any better now",
    ),
    (
        "Are you less busy now?",
        AsksBetterTime,
        "Are you less busy now",
    ),
];

const NOT_ASKS_BETTER_TIME: &[(&str, HintKind)] = &[
    ("Is Thursday a better day for you?", AsksBetterTime),
    ("Is it better if I ring Thursday at 10?", AsksBetterTime),
    ("Things are better now.", AsksBetterTime),
    // The better-time form belongs to its own kind, not to the first-call one.
    ("Is now a better time?", AsksGoodTime),
];

const VAGUE_TIME: &[(&str, HintKind, &str)] = &[
    ("I'll call you later.", VagueTime, "later"),
    (
        "I'll try you sometime next week.",
        VagueTime,
        "sometime next week",
    ),
    ("Let's touch base soon.", VagueTime, "touch base soon"),
    ("I'll ring you back in a while.", VagueTime, "in a while"),
    ("I'll call you next week.", VagueTime, "next week"),
    (
        "I'll follow up in a couple of weeks.",
        VagueTime,
        "in a couple of weeks",
    ),
    ("We'll speak at some point.", VagueTime, "at some point"),
    (
        "I'll give you a call later this week.",
        VagueTime,
        "later this week",
    ),
    (
        "I'll call you this week sometime.",
        VagueTime,
        "this week sometime",
    ),
    ("Talk soon!", VagueTime, "soon"),
    ("I'll phone whenever suits.", VagueTime, "whenever"),
    (
        "I'll call when things calm down.",
        VagueTime,
        "when things calm down",
    ),
    ("Later!", VagueTime, "Later"),
    ("I'll call you in a month.", VagueTime, "in a month"),
    // A day and time in another sentence does not pin this one down.
    (
        "Thursday at 10 works. I'll send the deck later.",
        VagueTime,
        "later",
    ),
];

const NOT_VAGUE_TIME: &[(&str, HintKind)] = &[
    ("Our collateral is ready.", VagueTime),
    ("Sometimes I call people back.", VagueTime),
    ("I'll call you Thursday at 10, not later.", VagueTime),
    ("I'll ring Thursday at 10 instead of later.", VagueTime),
    ("Later on Friday at 2pm I can ring you.", VagueTime),
    // Quoting the prospect's own words.
    (
        "\u{201c}Call me later\u{201d} is what most people say.",
        VagueTime,
    ),
    ("Sooner rather than later is best.", VagueTime),
    ("Send it no later than Friday.", VagueTime),
    ("The latest figures are in.", VagueTime),
    // Small talk about a busy week, not a promise about the next call.
    (
        "Next week will be just as hectic for you, I expect.",
        VagueTime,
    ),
    ("In a few days our launch goes live.", VagueTime),
    ("I'll call next week on Tuesday at 9.", VagueTime),
    // Reported speech: what the prospect asked for, not what the rep offers.
    ("You asked me to ring back next week.", VagueTime),
    ("When you said call me later, I wrote it down.", VagueTime),
    (
        "I'll ring you Thursday at ten \u{2014} I won't leave it till later.",
        VagueTime,
    ),
];

const JUST_CHECKING_IN: &[(&str, HintKind, &str)] = &[
    (
        "Hi Bob, just checking in.",
        JustCheckingIn,
        "just checking in",
    ),
    (
        "I\u{2019}m just following up on my email.",
        JustCheckingIn,
        "just following up",
    ),
    (
        "Just touching base about the proposal.",
        JustCheckingIn,
        "Just touching base",
    ),
    (
        "I wanted to check in with you.",
        JustCheckingIn,
        "to check in",
    ),
    (
        "I'm calling to touch base.",
        JustCheckingIn,
        "to touch base",
    ),
    (
        "Just wanted to reach out again.",
        JustCheckingIn,
        "Just wanted to reach out",
    ),
    (
        "Following up on our last chat.",
        JustCheckingIn,
        "Following up",
    ),
    (
        "Don't hang up, just checking in.",
        JustCheckingIn,
        "just checking in",
    ),
];

const NOT_JUST_CHECKING_IN: &[(&str, HintKind)] = &[
    (
        "I won't just check in, I'll call Thursday at 10 with two dates.",
        JustCheckingIn,
    ),
    ("I'm not just checking in.", JustCheckingIn),
    ("I'm not going to just check in.", JustCheckingIn),
    ("This isn't a check-in call.", JustCheckingIn),
    ("Let's follow up with a proposal.", JustCheckingIn),
];

const ARE_YOU_INTERESTED: &[(&str, HintKind, &str)] = &[
    (
        "Are you interested?",
        AreYouInterested,
        "Are you interested",
    ),
    (
        "Would you be interested in a short demo?",
        AreYouInterested,
        "Would you be interested",
    ),
    (
        "Are you still interested in the audit?",
        AreYouInterested,
        "Are you still interested",
    ),
    (
        "I'm ringing to see if you're interested now.",
        AreYouInterested,
        "if you're interested",
    ),
    (
        "I'm not sure whether you'd be interested.",
        AreYouInterested,
        "whether you'd be interested",
    ),
    (
        "Is this something you'd be interested in?",
        AreYouInterested,
        "something you'd be interested",
    ),
    (
        "Does that interest you?",
        AreYouInterested,
        "Does that interest you",
    ),
];

const NOT_ARE_YOU_INTERESTED: &[(&str, HintKind)] = &[
    (
        "I'm not calling to see if you're interested.",
        AreYouInterested,
    ),
    ("I won't ask whether you'd be interested.", AreYouInterested),
    ("Interest rates are up again.", AreYouInterested),
    ("I know you were interested in the audit.", AreYouInterested),
];

const ASKS_FOR_CALLBACK: &[(&str, HintKind, &str)] = &[
    (
        "Give me a call back once you're free.",
        AsksForCallback,
        "Give me a call back",
    ),
    (
        "Please call me back on 555 0101.",
        AsksForCallback,
        "call me back",
    ),
    (
        "Feel free to ring me any time.",
        AsksForCallback,
        "Feel free to ring",
    ),
    (
        "Could you get back to me by Friday?",
        AsksForCallback,
        "get back to me",
    ),
    ("Please return my call.", AsksForCallback, "return my call"),
];

const NOT_ASKS_FOR_CALLBACK: &[(&str, HintKind)] = &[
    ("You asked me to call you back.", AsksForCallback),
    (
        "No need to call me back; I'll ring at 8:15 tomorrow.",
        AsksForCallback,
    ),
    ("You said call me back in a month.", AsksForCallback),
];

#[test]
fn asks_good_time_is_marked_on_questions_about_the_present_moment() {
    expect_marks(ASKS_GOOD_TIME, &PLAIN);
}

#[test]
fn declarations_and_concrete_proposals_are_not_asks_good_time() {
    expect_none(NOT_ASKS_GOOD_TIME, &PLAIN);
}

#[test]
fn asks_better_time_is_marked_on_the_callback_reopener() {
    expect_marks(ASKS_BETTER_TIME, &PLAIN);
}

#[test]
fn better_day_proposals_are_not_asks_better_time() {
    expect_none(NOT_ASKS_BETTER_TIME, &PLAIN);
}

#[test]
fn vague_time_is_marked_on_loose_promises() {
    expect_marks(VAGUE_TIME, &PLAIN);
}

#[test]
fn vague_time_skips_other_words_idioms_named_slots_and_reported_speech() {
    expect_none(NOT_VAGUE_TIME, &PLAIN);
}

#[test]
fn just_checking_in_is_marked_on_purposeless_openers() {
    expect_marks(JUST_CHECKING_IN, &PLAIN);
}

#[test]
fn a_denied_check_in_is_not_marked() {
    expect_none(NOT_JUST_CHECKING_IN, &PLAIN);
}

#[test]
fn are_you_interested_is_marked_including_the_indirect_forms() {
    expect_marks(ARE_YOU_INTERESTED, &PLAIN);
}

#[test]
fn a_denied_interest_question_is_not_marked() {
    expect_none(NOT_ARE_YOU_INTERESTED, &PLAIN);
}

#[test]
fn asks_for_callback_is_marked_when_the_rep_hands_over_the_next_step() {
    expect_marks(ASKS_FOR_CALLBACK, &PLAIN);
}

#[test]
fn the_rep_calling_back_is_not_asks_for_callback() {
    expect_none(NOT_ASKS_FOR_CALLBACK, &PLAIN);
}

// --- Premature booking --------------------------------------------------------

const PREMATURE_WHICH_DAY: &[(&str, HintKind, &str)] = &[
    (
        "Which day suits you?",
        PrematureWhichDay,
        "Which day suits you",
    ),
    (
        "When is good for you?",
        PrematureWhichDay,
        "When is good for you",
    ),
    (
        "What time works best for you?",
        PrematureWhichDay,
        "What time works best for you",
    ),
    (
        "Great, I'll send you a calendar invite.",
        PrematureWhichDay,
        "send you a calendar invite",
    ),
    (
        "Let's get something in the diary.",
        PrematureWhichDay,
        "get something in the diary",
    ),
    (
        "How's next Wednesday at 3pm?",
        PrematureWhichDay,
        "How's next Wednesday",
    ),
    ("When are you free?", PrematureWhichDay, "When are you free"),
    (
        "Do you have your calendar handy?",
        PrematureWhichDay,
        "have your calendar",
    ),
    (
        "Is Thursday at 10 good for you?",
        PrematureWhichDay,
        "Is Thursday",
    ),
];

#[test]
fn premature_which_day_is_marked_when_booking_is_premature() {
    expect_marks(PREMATURE_WHICH_DAY, &PREMATURE);
}

#[test]
fn premature_which_day_is_never_marked_when_booking_is_fine() {
    let rows: Vec<(&str, HintKind)> = PREMATURE_WHICH_DAY
        .iter()
        .map(|&(text, kind, _)| (text, kind))
        .collect();
    expect_none(&rows, &PLAIN);
}

#[test]
fn premature_which_day_is_not_marked_on_a_plain_reason_or_a_denial() {
    expect_none(
        &[
            (
                "I'm sorry, I've caught you at a bad moment.",
                PrematureWhichDay,
            ),
            ("I won't ask which day suits you yet.", PrematureWhichDay),
            (
                "Take care, and good luck at the hospital.",
                PrematureWhichDay,
            ),
        ],
        &PREMATURE,
    );
}

// --- Good signs -------------------------------------------------------------

const NAMES_DAY_AND_TIME: &[(&str, HintKind, &str)] = &[
    (
        "I'll call you Thursday at 10.",
        NamesDayAndTime,
        "Thursday at 10",
    ),
    (
        "How about Tuesday 2:30pm?",
        NamesDayAndTime,
        "Tuesday 2:30pm",
    ),
    (
        "I'll ring on the 14th at 9am.",
        NamesDayAndTime,
        "14th at 9am",
    ),
    (
        "I'll call again at 8:15 am tomorrow.",
        NamesDayAndTime,
        "8:15 am tomorrow",
    ),
    (
        "Friday at 9 a.m. suits me.",
        NamesDayAndTime,
        "Friday at 9 a.m.",
    ),
    (
        "See you at ten on Friday.",
        NamesDayAndTime,
        "ten on Friday",
    ),
    (
        "Let's say Monday at noon.",
        NamesDayAndTime,
        "Monday at noon",
    ),
    (
        "I'll ring Thursday, March 14 at 2pm.",
        NamesDayAndTime,
        "Thursday, March 14 at 2pm",
    ),
    (
        "I'll ring on the 3rd of May at half past two.",
        NamesDayAndTime,
        "3rd of May at half past two",
    ),
    ("wednesday 3.30 then", NamesDayAndTime, "wednesday 3.30"),
    (
        "Tomorrow at 4 o'clock works.",
        NamesDayAndTime,
        "Tomorrow at 4 o'clock",
    ),
    (
        "I'll ring Thursday at 10 or Friday at 2.",
        NamesDayAndTime,
        "Friday at 2",
    ),
];

const NOT_NAMES_DAY_AND_TIME: &[(&str, HintKind)] = &[
    ("I'll call you Thursday morning.", NamesDayAndTime),
    ("I'll call at 10.", NamesDayAndTime),
    ("We have 3 or 4 people free on Thursday.", NamesDayAndTime),
    ("Meet me at one of our sites on Friday.", NamesDayAndTime),
    ("That may work at 10.", NamesDayAndTime),
    ("Tuesday at 25 is no time at all.", NamesDayAndTime),
    ("I'll call you at 13pm on Monday.", NamesDayAndTime),
    ("Thursday 10:75 is not a time.", NamesDayAndTime),
    // A day and a time in different sentences are not one promise.
    ("Thursday works. At 10 I have a meeting.", NamesDayAndTime),
];

const STATES_REASON: &[(&str, HintKind, &str)] = &[
    (
        "The reason I'm calling is to set up the meeting we discussed.",
        StatesReason,
        "The reason I'm calling",
    ),
    (
        "I'm calling because you asked me to ring back this week.",
        StatesReason,
        "I'm calling because",
    ),
    (
        "You asked me to call to arrange a time.",
        StatesReason,
        "You asked me to call",
    ),
    (
        "I'm calling about the appointment you suggested.",
        StatesReason,
        "I'm calling about",
    ),
    (
        "The purpose of my call is simple.",
        StatesReason,
        "The purpose of my call",
    ),
    (
        "I'm ringing since you wanted a date for the review.",
        StatesReason,
        "I'm ringing since",
    ),
];

const NOT_STATES_REASON: &[(&str, HintKind)] = &[
    // A reason that turns out to be empty is no reason.
    ("I'm calling to see if you're interested.", StatesReason),
    ("The reason I'm calling is just to check in.", StatesReason),
    (
        "I'm calling to find out if now is a better time.",
        StatesReason,
    ),
    ("I'm not calling about the price.", StatesReason),
];

const AS_PROMISED: &[(&str, HintKind, &str)] = &[
    (
        "Hi Ann, I'm calling as promised.",
        AsPromised,
        "as promised",
    ),
    (
        "Like I said I would, here's the call.",
        AsPromised,
        "Like I said I would",
    ),
    (
        "As we agreed, I'm ringing at 10.",
        AsPromised,
        "As we agreed",
    ),
    (
        "Calling back as arranged, Mr. Lee.",
        AsPromised,
        "as arranged",
    ),
    (
        "At the time we agreed, here I am.",
        AsPromised,
        "At the time we agreed",
    ),
];

const NOT_AS_PROMISED: &[(&str, HintKind)] = &[
    ("I didn't call as promised.", AsPromised),
    ("As I said, our tool saves time.", AsPromised),
    ("The launch went as planned.", AsPromised),
];

const ACKNOWLEDGES_TIMING: &[(&str, HintKind, &str)] = &[
    (
        "I'm sorry, I've caught you at a bad time.",
        AcknowledgesTiming,
        "caught you at a bad time",
    ),
    (
        "I know this isn't a good time.",
        AcknowledgesTiming,
        "this isn't a good time",
    ),
    (
        "Sorry for the timing.",
        AcknowledgesTiming,
        "Sorry for the timing",
    ),
    (
        "It sounds like you're swamped.",
        AcknowledgesTiming,
        "sounds like you're swamped",
    ),
    (
        "Sorry, it's a bad moment for you.",
        AcknowledgesTiming,
        "it's a bad moment",
    ),
];

const NOT_ACKNOWLEDGES_TIMING: &[(&str, HintKind)] = &[
    ("Have I caught you at a bad time?", AcknowledgesTiming),
    (
        "Did I catch you in the middle of something?",
        AcknowledgesTiming,
    ),
    ("I don't think this is a bad time.", AcknowledgesTiming),
    ("This isn't good enough.", AcknowledgesTiming),
];

#[test]
fn names_day_and_time_needs_a_day_and_a_clock_time_together() {
    expect_marks(NAMES_DAY_AND_TIME, &PLAIN);
}

#[test]
fn a_day_or_a_time_alone_is_not_names_day_and_time() {
    expect_none(NOT_NAMES_DAY_AND_TIME, &PLAIN);
}

#[test]
fn two_offered_slots_are_two_hints() {
    let got = marked("I'll ring Thursday at 10 or Friday at 2.", &PLAIN);
    assert_eq!(
        got,
        [
            (NamesDayAndTime, "Thursday at 10"),
            (NamesDayAndTime, "Friday at 2")
        ]
    );
}

#[test]
fn states_reason_is_marked_on_a_stated_purpose() {
    expect_marks(STATES_REASON, &PLAIN);
}

#[test]
fn an_empty_or_denied_purpose_is_not_states_reason() {
    expect_none(NOT_STATES_REASON, &PLAIN);
}

#[test]
fn as_promised_is_marked() {
    expect_marks(AS_PROMISED, &PLAIN);
}

#[test]
fn a_broken_or_unrelated_as_is_not_as_promised() {
    expect_none(NOT_AS_PROMISED, &PLAIN);
}

#[test]
fn acknowledging_the_timing_is_marked() {
    expect_marks(ACKNOWLEDGES_TIMING, &PLAIN);
}

#[test]
fn a_question_or_denial_is_not_acknowledging_the_timing() {
    expect_none(NOT_ACKNOWLEDGES_TIMING, &PLAIN);
}

// --- The prospect's detail ----------------------------------------------------

#[test]
fn refers_to_detail_marks_the_shared_word_only_when_a_detail_is_given() {
    let text = "Hi Priya, how did the netball final go?";
    let with = HintContext {
        detail: &["netball"],
        booking_premature: false,
    };
    assert_eq!(marked(text, &with), [(RefersToDetail, "netball")]);
    assert!(marked(text, &PLAIN).is_empty());
}

#[test]
fn refers_to_detail_is_whole_word_and_case_insensitive() {
    let part = HintContext {
        detail: &["net", "ball"],
        booking_premature: false,
    };
    assert!(marked("How was netball?", &part).is_empty());
    let whole = HintContext {
        detail: &["netball"],
        booking_premature: false,
    };
    assert_eq!(
        marked("HOW WAS NETBALL?", &whole),
        [(RefersToDetail, "NETBALL")]
    );
}

#[test]
fn refers_to_detail_accepts_possessives_and_plurals() {
    let context = HintContext {
        detail: &["daughter", "game"],
        booking_premature: false,
    };
    assert_eq!(
        marked(
            "Did your daughter\u{2019}s team win? Two games in a row!",
            &context
        ),
        [
            (RefersToDetail, "daughter\u{2019}s"),
            (RefersToDetail, "games")
        ]
    );
}

#[test]
fn adjacent_or_overlapping_detail_words_make_one_hint() {
    let context = HintContext {
        detail: &["soccer", "game", "soccer game"],
        booking_premature: false,
    };
    assert_eq!(
        marked("How did the soccer game end?", &context),
        [(RefersToDetail, "soccer game")]
    );
    // A sentence break keeps them apart.
    assert_eq!(
        marked("Soccer. Game on!", &context),
        [(RefersToDetail, "Soccer"), (RefersToDetail, "Game")]
    );
}

#[test]
fn filler_detail_words_mark_nothing() {
    let context = HintContext {
        detail: &["the", "my", "", "  "],
        booking_premature: false,
    };
    assert!(marked("How did the match go for my team?", &context).is_empty());
}

#[test]
fn detail_matching_folds_curly_apostrophes_and_keeps_accents() {
    let context = HintContext {
        detail: &["kid's", "café"],
        booking_premature: false,
    };
    assert_eq!(
        marked("Was your kid\u{2019}s recital at the Café fun?", &context),
        [(RefersToDetail, "kid\u{2019}s"), (RefersToDetail, "Café")]
    );
}

// --- Whole answers, edge input and offsets -----------------------------------

#[test]
fn empty_and_wordless_text_gives_no_hints() {
    for text in ["", "   ", "\n\n", "?!.,", "\u{1f642}\u{1f642}", "\u{2014}"] {
        assert!(hints(text, &PREMATURE).is_empty(), "{text:?}");
    }
}

#[test]
fn broken_fragments_keep_the_result_contract() {
    let fragments = [
        "'",
        "’s",
        "a.m.",
        "at",
        "at 9 a.",
        "12:",
        "1:5",
        "99:99pm",
        "3rd of",
        "May",
        "half past",
        "…",
        "😀'😀",
        "I'm’",
        "at ten",
        "Thursday at",
        "at 10 on",
        "o'clock",
        "is now a",
        "just",
        "later than",
        "you said",
        "Mr. at 9",
        "é’é",
        "\u{301}later",
    ];
    let context = HintContext {
        detail: &["netball", "kid's", "’"],
        booking_premature: true,
    };
    for a in fragments {
        for b in fragments {
            let text = [a, b].join(" ");
            check_shape(&text, &hints(&text, &context));
        }
    }
    assert_eq!(
        marked("Thursday at", &PLAIN),
        [],
        "a day with a dangling 'at' names no time"
    );
}

#[test]
fn byte_ranges_are_right_around_non_ascii_text() {
    let text = "Désolé — I’m sorry, I’ve caught you at a bad time 🙈. \
                I’ll ring Thursday at 10 ☕ as promised. Or is “now” a good time?";
    let found = hints(text, &PLAIN);
    check_shape(text, &found);
    assert_eq!(
        marked(text, &PLAIN),
        [
            (AcknowledgesTiming, "caught you at a bad time"),
            (NamesDayAndTime, "Thursday at 10"),
            (AsPromised, "as promised"),
            (AsksGoodTime, "is “now” a good time"),
        ]
    );
    // The offsets are bytes: "é", "—", "’" and "🙈" before it take 2, 3, 3 and 4.
    let thursday = found
        .iter()
        .find(|h| h.kind == NamesDayAndTime)
        .map(|h| h.start);
    assert_eq!(thursday, text.find("Thursday"));
}

#[test]
fn curly_apostrophes_match_like_straight_ones() {
    assert_eq!(
        marked("I\u{2019}m calling because you asked me to.", &PLAIN),
        [(StatesReason, "I\u{2019}m calling because")]
    );
    assert_eq!(
        marked("I'm calling because you asked me to.", &PLAIN),
        [(StatesReason, "I'm calling because")]
    );
    assert_eq!(
        marked("Isn\u{2019}t this a bad time?", &PLAIN),
        [(AsksGoodTime, "Isn\u{2019}t this a bad time")]
    );
}

#[test]
fn a_good_callback_opener_gets_only_good_signs() {
    let context = HintContext {
        detail: &["soccer"],
        booking_premature: false,
    };
    let text = "Hi Bob, it's Mandy, calling as promised. Last time you were at the soccer \
                and I said I'd ring to set up a meeting. Does Thursday at 10 work?";
    let got = marked(text, &context);
    assert!(
        got.iter().all(|(k, _)| k.sign() == Sign::Good),
        "unexpected warning in {got:?}"
    );
    for kind in [AsPromised, RefersToDetail, StatesReason, NamesDayAndTime] {
        assert!(
            got.iter().any(|(k, _)| *k == kind),
            "{kind:?} missing in {got:?}"
        );
    }
}

#[test]
fn a_weak_callback_opener_gets_its_warnings_in_order() {
    let text = "Hey, just checking in. Is now a better time? Are you still interested? \
                If not, I'll try you sometime.";
    assert_eq!(
        marked(text, &PLAIN),
        [
            (JustCheckingIn, "just checking in"),
            (AsksBetterTime, "Is now a better time"),
            (AreYouInterested, "Are you still interested"),
            (VagueTime, "sometime"),
        ]
    );
}

#[test]
fn one_phrase_gives_one_hint_of_a_kind() {
    // "just checking in" also contains "checking in"; "send you a calendar
    // invite" also contains "calendar invite".
    assert_eq!(
        marked("Just checking in!", &PLAIN),
        [(JustCheckingIn, "Just checking in")]
    );
    assert_eq!(
        marked("I'll send you a calendar invite.", &PREMATURE),
        [(PrematureWhichDay, "send you a calendar invite")]
    );
}

#[test]
fn every_table_text_keeps_the_result_contract() {
    let tables: [&[(&str, HintKind, &str)]; 11] = [
        ASKS_GOOD_TIME,
        ASKS_BETTER_TIME,
        VAGUE_TIME,
        JUST_CHECKING_IN,
        ARE_YOU_INTERESTED,
        ASKS_FOR_CALLBACK,
        PREMATURE_WHICH_DAY,
        NAMES_DAY_AND_TIME,
        STATES_REASON,
        AS_PROMISED,
        ACKNOWLEDGES_TIMING,
    ];
    let context = HintContext {
        detail: &["netball", "soccer", "time"],
        booking_premature: true,
    };
    let mut checked = 0;
    for (text, _, _) in tables.iter().flat_map(|t| t.iter()) {
        check_shape(text, &hints(text, &context));
        checked += 1;
    }
    assert!(checked > 80, "the tables shrank to {checked} rows");
}

// --- The kinds themselves -------------------------------------------------------

/// Exhaustive, so a new kind fails to compile here until it is placed.
fn position(kind: HintKind) -> usize {
    match kind {
        AsksGoodTime => 0,
        AsksBetterTime => 1,
        VagueTime => 2,
        JustCheckingIn => 3,
        PrematureWhichDay => 4,
        AreYouInterested => 5,
        AsksForCallback => 6,
        NamesDayAndTime => 7,
        StatesReason => 8,
        AsPromised => 9,
        AcknowledgesTiming => 10,
        RefersToDetail => 11,
    }
}

#[test]
fn all_lists_every_kind_once() {
    let positions: Vec<usize> = HintKind::ALL.iter().map(|k| position(*k)).collect();
    let unique: HashSet<usize> = positions.iter().copied().collect();
    assert_eq!(unique.len(), HintKind::ALL.len(), "duplicates in ALL");
    assert_eq!(HintKind::ALL.len(), 12, "a kind is missing from ALL");
}

#[test]
fn signs_split_warnings_from_good_signs() {
    let good = [
        NamesDayAndTime,
        StatesReason,
        AsPromised,
        AcknowledgesTiming,
        RefersToDetail,
    ];
    for kind in HintKind::ALL {
        let want = if good.contains(&kind) {
            Sign::Good
        } else {
            Sign::Warning
        };
        assert_eq!(kind.sign(), want, "{kind:?}");
    }
}

/// The principle ids declared in content/principles.toml (not the source,
/// group or disagreement ids, which share the `id = ` form).
fn principle_ids() -> Vec<String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/content/principles.toml");
    let text = std::fs::read_to_string(path).expect("content/principles.toml is readable");
    let mut ids = Vec::new();
    let mut in_principle = false;
    for line in text.lines().map(str::trim) {
        if line.starts_with("[[") {
            in_principle = line == "[[principle]]";
        } else if let Some(rest) = line.strip_prefix("id = \"").filter(|_| in_principle) {
            ids.push(rest.trim_end_matches('"').to_string());
        }
    }
    ids
}

#[test]
fn every_kind_names_a_principle_from_the_content() {
    let ids = principle_ids();
    assert_eq!(ids.len(), 24, "expected the 24 principles, read {ids:?}");
    for kind in HintKind::ALL {
        assert!(
            ids.iter().any(|id| id == kind.principle()),
            "{kind:?} names {:?}, which is not a principle id",
            kind.principle()
        );
    }
}

#[test]
fn the_principle_mapping_is_the_intended_one() {
    let expected = [
        (AsksGoodTime, "never-ask-good-time"),
        (AsksBetterTime, "no-are-you-interested"),
        (VagueTime, "specific-time"),
        (JustCheckingIn, "callback-states-purpose"),
        (PrematureWhichDay, "no-premature-assumptive-close"),
        (AreYouInterested, "no-are-you-interested"),
        (AsksForCallback, "voicemail-keeps-control"),
        (NamesDayAndTime, "specific-time"),
        (StatesReason, "callback-states-purpose"),
        (AsPromised, "as-promised"),
        (AcknowledgesTiming, "acknowledge-bad-timing"),
        (RefersToDetail, "reference-the-detail"),
    ];
    for (kind, id) in expected {
        assert_eq!(kind.principle(), id, "{kind:?}");
    }
}

#[test]
fn every_note_is_one_short_sentence() {
    let mut seen = HashSet::new();
    for kind in HintKind::ALL {
        let note = kind.note();
        assert!(!note.trim().is_empty(), "{kind:?} has an empty note");
        assert!(
            note.ends_with('.'),
            "{kind:?} note must end with a period: {note:?}"
        );
        assert!(
            !note[..note.len() - 1].contains(['.', '!', '?']),
            "{kind:?} note is more than one sentence: {note:?}"
        );
        assert!(note.len() <= 110, "{kind:?} note is long: {note:?}");
        assert!(seen.insert(note), "{kind:?} repeats another kind's note");
    }
}

/// From the new-user trial: slots proposed to a prospect in an emergency
/// are one premature request, not a warning beside a good sign.
#[test]
fn a_premature_slot_offer_is_not_also_praised_as_a_named_time() {
    let text = "Sorry to hear that. Would Tuesday at 2 or Wednesday at 9 work for a short call?";
    let premature = HintContext {
        detail: &[],
        booking_premature: true,
    };
    let found = hints(text, &premature);
    assert!(
        found.iter().any(|h| h.kind == HintKind::PrematureWhichDay),
        "{found:?}"
    );
    assert!(
        !found.iter().any(|h| h.kind == HintKind::NamesDayAndTime),
        "{found:?}"
    );
    // Stated as the rep's own next step, the time is still a good sign.
    let stated = "Sorry to hear that. I'll call you Tuesday at 2.";
    assert!(hints(stated, &premature)
        .iter()
        .any(|h| h.kind == HintKind::NamesDayAndTime));
    // When booking is fine, the offer is a good sign.
    let fine = HintContext {
        detail: &[],
        booking_premature: false,
    };
    assert!(hints(text, &fine)
        .iter()
        .any(|h| h.kind == HintKind::NamesDayAndTime));
}
