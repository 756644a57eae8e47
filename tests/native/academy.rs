//! Academy sessions: class codes and links, result codes (round trip,
//! replay, every way a code is refused), and the scoreboard of a generated
//! class of 30 checked against counts made here from the raw choices.

use callback_dojo::core::academy::result::{ClassResult, ResultError};
use callback_dojo::core::academy::scoreboard::{board, csv};
use callback_dojo::core::academy::{ClassSession, CodeError};
use callback_dojo::core::catalogue::Catalogue;
use callback_dojo::core::sim::policy::{play, Policy};
use callback_dojo::core::sim::{Choice, Difficulty, Phase, Settings};
use proptest::prelude::*;

fn session(seeds: Vec<u64>, level: Difficulty) -> ClassSession {
    ClassSession {
        title: "Monday cohort \u{2014} \u{201c}call me later\u{201d} & friends".to_string(),
        level,
        seeds,
        hold_feedback: true,
        focus: vec!["ask-why-then".to_string(), "oomph".to_string()],
        lrs: Some("https://lrs.example.org/xAPI/".to_string()),
    }
}

/// The choices of a call played by a scripted player.
fn played(seed: u64, level: Difficulty, policy: Policy) -> Vec<Choice> {
    let s = play(
        Catalogue::shipped(),
        policy,
        Settings {
            seed,
            difficulty: level,
        },
    );
    s.decisions()
        .iter()
        .map(|d| match (d.chosen, d.diagnosis) {
            (Some(i), _) => Choice::Option(i),
            (None, Some((truth, confidence))) => Choice::Diagnose { truth, confidence },
            (None, None) => unreachable!("a decision is a choice or a diagnosis"),
        })
        .collect()
}

fn result_of(s: &ClassSession, name: &str, policy: Policy) -> ClassResult {
    ClassResult {
        name: name.to_string(),
        calls: s
            .seeds
            .iter()
            .map(|&seed| played(seed, s.level, policy))
            .collect(),
    }
}

// --- Class codes and links -------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn a_class_code_reads_back_the_same_calls(
        seeds in prop::collection::vec(any::<u64>(), 1..=5),
        level in 0usize..3,
        hold in any::<bool>(),
    ) {
        let c = Catalogue::shipped();
        let mut s = session(seeds, Difficulty::ALL[level]);
        s.hold_feedback = hold;
        let back = ClassSession::from_code(&s.code(c), c).expect("reads");
        prop_assert_eq!((&back.seeds, back.level, back.hold_feedback, &back.focus), (&s.seeds, s.level, s.hold_feedback, &s.focus));
        prop_assert_eq!(back.identity(c), s.identity(c));
        // The link carries the title and the learning record store too.
        let link = s.link(c);
        let query = link.split_once('?').map(|(_, q)| q).unwrap_or("");
        prop_assert_eq!(ClassSession::from_query(query, c).expect("link reads"), s);
    }
}

#[test]
fn a_class_code_is_short_enough_to_read_out() {
    let c = Catalogue::shipped();
    let s = session(
        vec![123_456_789, 987_654_321, 555_000_111],
        Difficulty::Normal,
    );
    let code = s.code(c);
    // Three nine-digit calls, two focus principles and the flags: 34
    // symbols in groups of four. Calls drawn by the trainer screen are
    // below a million, which takes a third less.
    assert!(code.len() <= 44, "{code}");
    let drawn = session(vec![123_456, 987_654, 555_111], Difficulty::Normal).code(c);
    assert!(drawn.len() <= 34, "{drawn}");
    assert!(code.split('-').all(|g| g.len() <= 4));
    // Typed in lower case, without dashes, with O for 0 and l for 1.
    let typed: String = code
        .replace('-', "")
        .to_lowercase()
        .replace('0', "o")
        .replace('1', "l");
    assert_eq!(
        ClassSession::from_code(&typed, c).map(|x| x.seeds),
        Ok(s.seeds.clone())
    );
}

#[test]
fn a_mistyped_class_code_is_caught() {
    let c = Catalogue::shipped();
    let s = session(vec![42, 43, 44], Difficulty::Hard);
    let code: Vec<char> = s.code(c).replace('-', "").chars().collect();
    let mut caught = 0;
    let mut total = 0;
    for i in 0..code.len() {
        for replacement in ['2', 'Q', 'Z'] {
            if code[i] == replacement {
                continue;
            }
            let mut typo = code.clone();
            typo[i] = replacement;
            let typo: String = typo.into_iter().collect();
            total += 1;
            match ClassSession::from_code(&typo, c) {
                Err(_) => caught += 1,
                // A typo that slips past the 10-bit check must not be
                // taken for this session.
                Ok(other) => assert_ne!(other.identity(c), s.identity(c)),
            }
        }
    }
    assert!(
        caught * 100 >= total * 95,
        "{caught} of {total} typos caught"
    );
    assert_eq!(ClassSession::from_code("", c), Err(CodeError::Empty));
    assert!(matches!(
        ClassSession::from_code("1A4F-K9U2", c),
        Err(CodeError::BadCharacter('U'))
    ));
}

#[test]
fn the_session_identity_ignores_the_title_but_not_the_calls() {
    let c = Catalogue::shipped();
    let a = session(vec![1, 2], Difficulty::Normal);
    let mut retitled = a.clone();
    retitled.title = "Another name".to_string();
    retitled.lrs = None;
    assert_eq!(a.identity(c), retitled.identity(c));
    assert_eq!(a.id(c), retitled.id(c));
    let mut other = a.clone();
    other.seeds = vec![2, 1];
    assert_ne!(a.identity(c), other.identity(c));
    let mut easier = a.clone();
    easier.level = Difficulty::Easy;
    assert_ne!(a.identity(c), easier.identity(c));
    // The registration is a version-8 UUID of the RFC 9562 variant.
    let r = a.registration(c);
    assert_eq!(r[6] >> 4, 8);
    assert_eq!(r[8] >> 6, 0b10);
    assert_ne!(r, other.registration(c));
}

// --- Result codes ----------------------------------------------------

#[test]
fn result_codes_round_trip_and_replay_to_the_same_scores() {
    let c = Catalogue::shipped();
    for (i, level) in Difficulty::ALL.into_iter().enumerate() {
        let s = session(vec![100 + i as u64, 200, 300], level);
        for (name, policy) in [
            ("Ada", Policy::Principled),
            ("Zoë O'Brien-\u{5b8b}", Policy::Random),
            ("=SUM(A1)", Policy::FixedScript),
        ] {
            let r = result_of(&s, name, policy);
            let code = r.code(&s, c);
            let back = ClassResult::verify(&code, &s, c).expect("verifies");
            assert_eq!(back, r);
            let scores: Vec<u8> = back.sessions(&s, c).iter().map(|x| x.score()).collect();
            let direct: Vec<u8> = s
                .seeds
                .iter()
                .map(|&seed| {
                    play(
                        c,
                        policy,
                        Settings {
                            seed,
                            difficulty: level,
                        },
                    )
                    .score()
                })
                .collect();
            assert_eq!(scores, direct, "{name}");
            // Pasted with line breaks and spaces, as chat apps wrap it.
            let wrapped = format!("  {}\n{} ", &code[..20], &code[20..]);
            assert_eq!(ClassResult::verify(&wrapped, &s, c), Ok(r));
        }
    }
}

#[test]
fn result_code_length_for_three_calls() {
    let c = Catalogue::shipped();
    let s = session(
        vec![123_456_789, 987_654_321, 555_000_111],
        Difficulty::Normal,
    );
    let lengths: Vec<usize> = [Policy::Principled, Policy::Random, Policy::Longest]
        .into_iter()
        .map(|p| result_of(&s, "Jordan Smith", p).code(&s, c).len())
        .collect();
    println!("result code length, 3 calls, name of 12 letters: {lengths:?}");
    assert!(lengths.iter().all(|&l| l < 120), "{lengths:?}");
}

#[test]
fn bad_result_codes_are_refused_with_their_reason() {
    let c = Catalogue::shipped();
    let s = session(vec![7, 8, 9], Difficulty::Normal);
    let r = result_of(&s, "Sam", Policy::Principled);
    let code = r.code(&s, c);
    // Changed: one choice digit.
    let digit = code
        .rfind(|ch: char| ch.is_ascii_digit() && ch != '0')
        .expect("a digit");
    let mut tampered = code.clone();
    tampered.replace_range(digit..=digit, "0");
    assert_eq!(
        ClassResult::verify(&tampered, &s, c),
        Err(ResultError::Check)
    );
    // Cut short.
    assert_eq!(
        ClassResult::verify(&code[..code.len() - 9], &s, c),
        Err(ResultError::Check)
    );
    // Not a code at all.
    assert_eq!(
        ClassResult::verify("hello", &s, c),
        Err(ResultError::NotACode)
    );
    // Another session's code.
    let other = session(vec![7, 8, 10], Difficulty::Normal);
    let foreign = result_of(&other, "Sam", Policy::Principled).code(&other, c);
    assert_eq!(
        ClassResult::verify(&foreign, &s, c),
        Err(ResultError::Foreign(other.id(c)))
    );
    // Well formed with a valid check, but a call missing, a choice that
    // was never on offer, or a call stopped early: made here with the
    // encoder, as a hand-edited code with a recomputed check would be.
    let mut short = r.clone();
    short.calls.pop();
    assert_eq!(
        ClassResult::verify(&short.code(&s, c), &s, c),
        Err(ResultError::CallCount {
            found: 2,
            expected: 3
        })
    );
    let mut impossible = r.clone();
    impossible.calls[1][0] = Choice::Option(9);
    assert!(matches!(
        ClassResult::verify(&impossible.code(&s, c), &s, c),
        Err(ResultError::Call(2, _))
    ));
    let mut unfinished = r.clone();
    unfinished.calls[2].truncate(1);
    assert_eq!(
        ClassResult::verify(&unfinished.code(&s, c), &s, c),
        Err(ResultError::Call(3, "was not finished"))
    );
    let mut nameless = r;
    nameless.name = "  ".to_string();
    assert_eq!(
        ClassResult::verify(&nameless.code(&s, c), &s, c),
        Err(ResultError::BadName)
    );
}

// --- The scoreboard --------------------------------------------------

#[test]
fn the_scoreboard_of_a_class_of_thirty_adds_up() {
    let c = Catalogue::shipped();
    let s = session(vec![31, 32, 33], Difficulty::Normal);
    let policies = [
        Policy::Principled,
        Policy::Random,
        Policy::FixedScript,
        Policy::Longest,
        Policy::Shortest,
    ];
    let results: Vec<ClassResult> = (0..30)
        .map(|i| {
            // Random players with different streams: vary the seed of
            // their choices by playing a neighbouring call's script? No:
            // the policies are deterministic per seed, so mix them.
            result_of(&s, &format!("Trainee {i:02}"), policies[i % policies.len()])
        })
        .collect();
    let b = board(&s, &results, c);
    assert_eq!(b.trainees.len(), 30);
    for (call, &seed) in s.seeds.iter().enumerate() {
        // Everyone meets the first decision of every call.
        let first = b
            .points
            .iter()
            .find(|p| p.call == call && p.step == 0)
            .expect("a first decision");
        assert_eq!(first.reached, 30, "seed {seed}");
        // Counted here from the raw choices, option by option.
        for (i, option) in first.options.iter().enumerate() {
            let expected = results
                .iter()
                .filter(|r| r.calls[call][0] == Choice::Option(i as u8))
                .count();
            assert_eq!(option.chosen_by.len(), expected, "call {call} option {i}");
        }
        assert_eq!(first.options.iter().filter(|o| o.best).count(), 1);
    }
    for p in &b.points {
        let counted: u32 = if p.phase == Phase::Diagnosis {
            p.readings.iter().sum()
        } else {
            p.options.iter().map(|o| o.chosen_by.len() as u32).sum()
        };
        assert_eq!(counted, p.reached, "every arrival chose once");
    }
    // Every decision of every trainee is at exactly one point.
    let decisions: usize = results
        .iter()
        .flat_map(|r| r.calls.iter())
        .map(Vec::len)
        .sum();
    assert_eq!(
        b.points.iter().map(|p| p.reached as usize).sum::<usize>(),
        decisions
    );
    // Calibration: one reading per call with a diagnosis.
    let diagnosed = results
        .iter()
        .flat_map(|r| r.calls.iter())
        .filter(|call| call.iter().any(|x| matches!(x, Choice::Diagnose { .. })))
        .count();
    assert_eq!(b.calibration.diagnosed as usize, diagnosed);
    assert_eq!(
        b.calibration.buckets.iter().map(|x| x.1).sum::<u32>() as usize,
        diagnosed
    );
    // The principled players score above the random ones.
    let mean = |p: Policy| {
        let rows: Vec<u32> = b
            .trainees
            .iter()
            .enumerate()
            .filter(|(i, _)| policies[i % policies.len()] == p)
            .map(|(_, t)| u32::from(t.mean))
            .collect();
        rows.iter().sum::<u32>() / rows.len() as u32
    };
    assert!(mean(Policy::Principled) > mean(Policy::Random));
    // Most broken first.
    assert!(b.principles.windows(2).all(|w| w[0].broken >= w[1].broken));

    // CSV: a header and one row per trainee per decision; a name that
    // looks like a formula is defused.
    let text = csv(&s, &results, c);
    assert_eq!(text.lines().count(), decisions + 1);
    // Principles by name, never by id.
    let named = c
        .principles()
        .filter(|(_, p)| text.contains(p.title.as_ref()))
        .count();
    assert!(named > 0, "no principle named");
    for (_, p) in c.principles() {
        assert!(
            !text.contains(&format!(",\"{}", p.key)) && !text.contains(&format!(" {}\"", p.key)),
            "{} shown by id",
            p.key
        );
    }
    let odd = vec![result_of(&s, "=HYPERLINK(\"x\")", Policy::Random)];
    let odd_csv = csv(&s, &odd, c);
    assert!(odd_csv
        .lines()
        .nth(1)
        .expect("a row")
        .starts_with("\"'=HYPERLINK(\"\"x\"\")\""));
}

/// Every name a spreadsheet could read as a formula is defused, however it
/// hides the sign (a leading tab, carriage return, line break or spaces of
/// any kind, a full-width sign); other names are written as they are.
#[test]
fn csv_defuses_every_formula_a_spreadsheet_could_read() {
    let c = Catalogue::shipped();
    let s = session(vec![51], Difficulty::Easy);
    let first_cell = |name: &str| {
        let text = csv(&s, &[result_of(&s, name, Policy::Random)], c);
        let row = text.split_once('\n').expect("a header").1.to_string();
        // The name cell: quoted, from the first quote to the closing one.
        let quoted = row.strip_prefix('"').expect("quoted").to_string();
        let mut out = String::new();
        let mut chars = quoted.chars().peekable();
        while let Some(ch) = chars.next() {
            if ch == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                } else {
                    break;
                }
            }
            out.push(ch);
        }
        out
    };
    for risky in [
        "=1+1",
        "+1",
        "-1",
        "@SUM(A1)",
        "\t=1+1",
        "\r=1+1",
        " =1+1",
        "\u{3000}=1+1",
        "\u{FF1D}1+1",
        "\u{FF0B}1",
        "\u{FF20}SUM(A1)",
    ] {
        assert_eq!(first_cell(risky), format!("'{risky}"), "{risky:?}");
    }
    for plain in ["Ann", "O'Neil", "5 = 5", "Zoë-Anne", "\u{674e}\u{96f7}"] {
        assert_eq!(first_cell(plain), plain, "{plain:?}");
    }
}

// --- Through a learning record store ----------------------------------

/// Every call of a class as the statements the app sends, parsed back as
/// a store returns them (shuffled, some twice), rebuilds the same results;
/// a trainee with a statement missing is named, not scored.
#[test]
fn a_class_read_back_from_statements_is_the_same_class() {
    use callback_dojo::core::academy::records::{call_record, class_ref, results_from_statements};
    use callback_dojo::core::academy::xapi::{statements, Actor};
    use callback_dojo::core::json::Json;
    let c = Catalogue::shipped();
    let s = session(vec![51, 52, 53], Difficulty::Hard);
    let results: Vec<ClassResult> = [Policy::Principled, Policy::Random, Policy::Longest]
        .into_iter()
        .enumerate()
        .map(|(i, p)| result_of(&s, &format!("Trainee \u{201c}{i}\u{201d}"), p))
        .collect();
    let mut all: Vec<Json> = Vec::new();
    let mut per_call = Vec::new();
    for r in &results {
        let actor = Actor {
            name: r.name.clone(),
            mbox: None,
            account: None,
        };
        for (i, call) in r.sessions(&s, c).iter().enumerate() {
            let record = call_record(
                call,
                Some(class_ref(&s, c)),
                i as u8 + 1,
                1_800_000_000,
                1_800_000_600,
            );
            let texts = statements(&actor, &record);
            per_call.push(texts.len());
            for t in texts {
                all.push(Json::parse(&t).expect("a statement parses"));
            }
        }
    }
    // Each call: attempted, an answer per decision (the diagnosis too),
    // completed.
    let decisions: Vec<usize> = results
        .iter()
        .flat_map(|r| r.calls.iter().map(Vec::len))
        .collect();
    assert_eq!(
        per_call,
        decisions.iter().map(|d| d + 2).collect::<Vec<_>>()
    );
    // Read back in another order, some twice, with another class's
    // statements mixed in.
    let mut back = all.clone();
    back.reverse();
    back.extend(all.iter().take(7).cloned());
    let other = session(vec![51, 52, 54], Difficulty::Hard);
    let stranger = result_of(&other, "Stranger", Policy::Random);
    let call = &stranger.sessions(&other, c)[0];
    for t in statements(
        &Actor {
            name: "Stranger".into(),
            mbox: None,
            account: None,
        },
        &call_record(call, Some(class_ref(&other, c)), 1, 1, 2),
    ) {
        back.push(Json::parse(&t).expect("parses"));
    }
    let (read, problems) = results_from_statements(&s, c, &back);
    assert!(problems.is_empty(), "{problems:?}");
    let mut expected = results.clone();
    let mut read_sorted = read.clone();
    expected.sort_by(|a, b| a.name.cmp(&b.name));
    read_sorted.sort_by(|a, b| a.name.cmp(&b.name));
    assert_eq!(read_sorted, expected);
    // A store missing one answer of the second trainee's second call.
    let missing_at = all
        .iter()
        .position(|st| {
            st.to_text().contains("Trainee \u{201c}1\u{201d}")
                && st.to_text().contains("answered")
                && st.to_text().contains("call-number\":2")
        })
        .expect("an answer to drop");
    let mut partial = all.clone();
    partial.remove(missing_at);
    let (read, problems) = results_from_statements(&s, c, &partial);
    assert_eq!(read.len(), 2);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("call 2"), "{problems:?}");
}
