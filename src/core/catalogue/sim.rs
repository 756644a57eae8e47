//! The call simulator's content, validated: the seller, personas, the
//! "call me later" lines and their cues, the rep's moves and responses with
//! their principle effects, and the prospect's replies.

use serde::Serialize;

use super::check::{entry_name, Checker, Lookup};
use super::raw::{List, RawLines, RawReplies, RawResponses, RawWorld, Text};
use super::{PrincipleId, Problem};
use crate::core::sim::model::{Act, Move, Phase, Reaction, Role, Said, Tone, Truth};

/// The company the trainee sells for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Seller {
    pub company: Text,
    pub rep: Text,
    pub offer: Text,
    pub pitch: Text,
    pub proof: Text,
    pub icp_industries: List<Text>,
    /// Inclusive `[low, high]`.
    pub icp_headcount: [u32; 2],
    /// Inclusive `[low, high]`, in millions of US dollars.
    pub icp_revenue_musd: [u32; 2],
}

impl Seller {
    /// Whether a company profile matches the ideal customer profile.
    pub fn fits(&self, industry: &str, headcount: u32, revenue_musd: u32) -> bool {
        self.icp_industries.iter().any(|i| i == industry)
            && (self.icp_headcount[0]..=self.icp_headcount[1]).contains(&headcount)
            && (self.icp_revenue_musd[0]..=self.icp_revenue_musd[1]).contains(&revenue_musd)
    }
}

/// A prospect, with fit computed from the seller's profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Persona {
    pub key: Text,
    pub name: Text,
    pub title: Text,
    pub role: Role,
    pub company: Text,
    pub industry: Text,
    pub headcount: u32,
    pub revenue_musd: u32,
    pub fit: bool,
    /// Works in one of the seller's industries, so runs vans, trucks or
    /// crews: lines about breakdowns and yards fit this prospect.
    pub fleet: bool,
}

impl Persona {
    pub fn first_name(&self) -> &str {
        self.name.split(' ').next().unwrap_or(&self.name)
    }
}

/// A kind of "call me later" and how often each truth produces it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cue {
    pub key: Text,
    pub meaning: Text,
    /// Percent per truth (true, sincere, brush-off).
    pub odds: [u32; 3],
    /// What a line of this kind says (the cue's id is a `Said` key).
    pub said: Said,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line {
    pub key: Text,
    pub cue: u8,
    pub text: Text,
    pub detail: Option<Text>,
    /// The time the prospect named, if any.
    pub time: Option<Text>,
    /// That time is weeks away.
    pub far: bool,
    /// Said only by prospects who run vehicles, crews or yards.
    pub fleet: bool,
}

/// When an effect applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Condition {
    Always,
    /// Weighed by the probability of this truth given the cues.
    Truth(Truth),
    Fit,
    PoorFit,
    Detail,
    Promised,
    NoInterest,
    /// What the prospect last said is of this kind.
    Said(Said),
    /// Any of the urgent kinds (a specific reason tied to this moment).
    Urgent,
    /// The rep named the time of the next contact and it was heard.
    Told,
    Untold,
    /// No meeting slot was agreed.
    Unbooked,
    /// No callback time was promised.
    Unpromised,
    /// The rep declined the callback and offered Plan B.
    Declined,
    /// Offered Plan B, the prospect wants nothing sent.
    NoNote,
    /// The prospect asked to be taken off the list.
    OptOut,
    /// Silent after many promised attempts.
    Aloof,
    /// The time named was weeks away.
    Far,
    /// The rep has not yet spoken with the prospect (a first-dial voicemail).
    Unspoken,
    /// A callback already heard "still a bad time".
    Again,
}

/// A move's effect on one principle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Effect {
    pub principle: PrincipleId,
    pub weight: i8,
    pub when: Condition,
}

/// A move as content describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MoveInfo {
    pub mv: Move,
    pub feedback: Text,
    pub effects: List<Effect>,
    /// Indices into `SimContent::responses`.
    pub responses: List<u16>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Response {
    pub key: Text,
    pub mv: Move,
    pub text: Text,
    /// The meeting time the wording proposes, if it names one.
    pub time: Option<Text>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reply {
    pub key: Text,
    pub reaction: Reaction,
    pub text: Text,
    pub detail: Option<Text>,
    /// For a shared detail: the kind of moment it is.
    pub said: Option<Said>,
    /// The moves this wording answers; empty means any.
    pub after: List<Move>,
    /// Said only by prospects who run vehicles, crews or yards.
    pub fleet: bool,
    /// The time it names for the next call, if any (said only while none
    /// was named, so a named time is never contradicted).
    pub time: Option<Text>,
    /// The kinds of rep line it answers; empty means any.
    pub answers: List<Act>,
    /// Speaks of the time already named: said only once one was.
    pub then: bool,
    /// How it sounds (for the kinds of reply any truth gives).
    pub sounds: Option<Tone>,
}

/// Everything the simulator draws on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SimContent {
    pub seller: Seller,
    pub personas: List<Persona>,
    pub cues: List<Cue>,
    pub lines: List<Line>,
    /// One per `Move`, in `Move::ALL` order.
    pub moves: List<MoveInfo>,
    pub responses: List<Response>,
    pub replies: List<Reply>,
    /// `cues[c].odds` for every cue, kept together for the model.
    pub(crate) cue_odds: List<[u32; 3]>,
}

impl SimContent {
    /// The same shape with nothing in it: the simulator content of a
    /// catalogue that only serves reading (`Catalogue::reading`).
    pub fn emptied(&self) -> SimContent {
        let none = || Text::Borrowed("");
        SimContent {
            seller: Seller {
                company: none(),
                rep: none(),
                offer: none(),
                pitch: none(),
                proof: none(),
                icp_industries: List::Borrowed(&[]),
                icp_headcount: [0, 0],
                icp_revenue_musd: [0, 0],
            },
            personas: List::Borrowed(&[]),
            cues: List::Borrowed(&[]),
            lines: List::Borrowed(&[]),
            moves: List::Borrowed(&[]),
            responses: List::Borrowed(&[]),
            replies: List::Borrowed(&[]),
            cue_odds: List::Borrowed(&[]),
        }
    }

    pub fn move_info(&self, mv: Move) -> &MoveInfo {
        &self.moves[mv as usize]
    }

    pub fn lines_of(&self, cue: u8) -> impl Iterator<Item = (u16, &Line)> {
        self.lines
            .iter()
            .enumerate()
            .filter(move |(_, l)| l.cue == cue)
            .map(|(i, l)| (i as u16, l))
    }

    pub fn replies_to(&self, reaction: Reaction) -> impl Iterator<Item = (u16, &Reply)> {
        self.replies
            .iter()
            .enumerate()
            .filter(move |(_, r)| r.reaction == reaction)
            .map(|(i, r)| (i as u16, r))
    }

    /// The cue odds as a table, for the model.
    pub fn cue_odds(&self) -> &[[u32; 3]] {
        &self.cue_odds
    }
}

fn optional(text: &Text) -> Option<Text> {
    (!text.trim().is_empty()).then(|| text.clone())
}

fn range(check: &mut Checker, field: &'static str, values: &[u32]) -> [u32; 2] {
    match values {
        [low, high] if low <= high => [*low, *high],
        _ => {
            check.push("seller", Problem::TooFew { field, needed: 2 });
            [0, 0]
        }
    }
}

/// Parses an effect such as `"+3 ask-why-then@brush-off"`.
fn parse_effect(text: &str, principles: &Lookup<'_>) -> Result<Effect, String> {
    let (weight, rest) = text.split_once(' ').ok_or("expected \"+N principle\"")?;
    let weight: i8 = weight
        .trim_start_matches('+')
        .parse()
        .map_err(|_| format!("bad weight {weight:?}"))?;
    if weight == 0 {
        return Err("a weight of 0 has no effect".to_string());
    }
    let (principle, condition) = match rest.split_once('@') {
        Some((p, c)) => (p, Some(c)),
        None => (rest, None),
    };
    let principle = principles
        .get(principle)
        .ok_or_else(|| format!("unknown principle {principle:?}"))?;
    let when = match condition {
        None => Condition::Always,
        Some("fit") => Condition::Fit,
        Some("poor-fit") => Condition::PoorFit,
        Some("detail") => Condition::Detail,
        Some("promised") => Condition::Promised,
        Some("no-interest") => Condition::NoInterest,
        Some("urgent") => Condition::Urgent,
        Some("told") => Condition::Told,
        Some("untold") => Condition::Untold,
        Some("unbooked") => Condition::Unbooked,
        Some("unpromised") => Condition::Unpromised,
        Some("declined") => Condition::Declined,
        Some("no-note") => Condition::NoNote,
        Some("opt-out") => Condition::OptOut,
        Some("aloof") => Condition::Aloof,
        Some("far") => Condition::Far,
        Some("unspoken") => Condition::Unspoken,
        Some("again") => Condition::Again,
        Some(other) => match Said::from_key(other) {
            Some(said) => Condition::Said(said),
            None => Condition::Truth(
                Truth::from_key(other).ok_or_else(|| format!("unknown condition {other:?}"))?,
            ),
        },
    };
    Ok(Effect {
        principle: PrincipleId(principle),
        weight,
        when,
    })
}

pub(super) fn validate(
    world: &RawWorld,
    lines: &RawLines,
    responses: &RawResponses,
    replies: &RawReplies,
    principles: &Lookup<'_>,
    check: &mut Checker,
) -> SimContent {
    let s = &world.seller;
    for (field, value) in [
        ("company", &s.company),
        ("rep", &s.rep),
        ("offer", &s.offer),
        ("pitch", &s.pitch),
        ("proof", &s.proof),
    ] {
        check.require("seller", field, value);
    }
    if s.icp_industries.is_empty() {
        check.push(
            "seller",
            Problem::TooFew {
                field: "icp_industries",
                needed: 1,
            },
        );
    }
    let seller = Seller {
        company: s.company.clone(),
        rep: s.rep.clone(),
        offer: s.offer.clone(),
        pitch: s.pitch.clone(),
        proof: s.proof.clone(),
        icp_industries: s.icp_industries.clone(),
        icp_headcount: range(check, "icp_headcount", &s.icp_headcount),
        icp_revenue_musd: range(check, "icp_revenue_musd", &s.icp_revenue_musd),
    };

    check.index("persona", world.persona.iter().map(|p| p.id.as_ref()));
    let personas: Vec<Persona> = world
        .persona
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let entry = entry_name("persona", &p.id, i);
            for (field, value) in [
                ("name", &p.name),
                ("title", &p.title),
                ("company", &p.company),
                ("industry", &p.industry),
            ] {
                check.require(&entry, field, value);
            }
            let role = Role::from_key(&p.role).unwrap_or_else(|| {
                check.push(
                    &entry,
                    Problem::UnknownReference {
                        field: "role",
                        target: p.role.to_string(),
                    },
                );
                Role::Manager
            });
            if p.headcount == 0 || p.revenue_musd == 0 {
                check.push(&entry, Problem::MissingField("headcount/revenue_musd"));
            }
            Persona {
                key: p.id.clone(),
                name: p.name.clone(),
                title: p.title.clone(),
                role,
                company: p.company.clone(),
                industry: p.industry.clone(),
                headcount: p.headcount,
                revenue_musd: p.revenue_musd,
                fit: seller.fits(&p.industry, p.headcount, p.revenue_musd),
                fleet: seller.icp_industries.contains(&p.industry),
            }
        })
        .collect();

    let cue_ids = check.index("cue", lines.cue.iter().map(|c| c.id.as_ref()));
    let cues: Vec<Cue> = lines
        .cue
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let entry = entry_name("cue", &c.id, i);
            check.require(&entry, "meaning", &c.meaning);
            let odds = match c.odds.as_ref() {
                [t, s, b] => [*t, *s, *b],
                _ => {
                    check.push(
                        &entry,
                        Problem::TooFew {
                            field: "odds",
                            needed: 3,
                        },
                    );
                    [0, 0, 0]
                }
            };
            let said = match Said::from_key(&c.id) {
                Some(said) if !matches!(said, Said::Ends) => said,
                _ => {
                    check.push(
                        &entry,
                        Problem::UnknownReference {
                            field: "id",
                            target: format!("{} (a cue's id names what its lines say)", c.id),
                        },
                    );
                    Said::Bare
                }
            };
            Cue {
                key: c.id.clone(),
                meaning: c.meaning.clone(),
                odds,
                said,
            }
        })
        .collect();
    for t in 0..3 {
        let total: u32 = cues.iter().map(|c| c.odds[t]).sum();
        if total != 100 && !cues.is_empty() {
            check.push(
                &format!("cue odds for {}", Truth::ALL[t].key()),
                Problem::BadSum {
                    total,
                    expected: 100,
                },
            );
        }
    }

    check.index("line", lines.line.iter().map(|l| l.id.as_ref()));
    let mut all_lines = Vec::with_capacity(lines.line.len());
    for (i, l) in lines.line.iter().enumerate() {
        let entry = entry_name("line", &l.id, i);
        check.require(&entry, "text", &l.text);
        let cue = check.resolve(&entry, "cue", std::slice::from_ref(&l.cue), &cue_ids, |c| {
            c as u8
        });
        let cue = cue.first().copied().unwrap_or(0);
        let urgent = cues.get(usize::from(cue)).is_some_and(|c| c.said.urgent());
        if urgent && l.detail.trim().is_empty() {
            check.push(
                &entry,
                Problem::MissingField("detail (an urgent line names its detail)"),
            );
        }
        if !urgent && !l.detail.trim().is_empty() {
            check.push(
                &entry,
                Problem::MissingField("an urgent cue (only urgent lines carry a detail)"),
            );
        }
        all_lines.push(Line {
            key: l.id.clone(),
            cue,
            text: l.text.clone(),
            detail: optional(&l.detail),
            time: optional(&l.time),
            far: l.far,
            fleet: l.fleet,
        });
    }
    for (i, c) in cues.iter().enumerate() {
        // Every cue can be said by any prospect, fleet or not.
        if !all_lines
            .iter()
            .any(|l| usize::from(l.cue) == i && !l.fleet)
        {
            check.push(
                &entry_name("cue", &c.key, i),
                Problem::TooFew {
                    field: "lines",
                    needed: 1,
                },
            );
        }
    }

    let move_ids = check.index("move", responses.moves.iter().map(|m| m.id.as_ref()));
    check.index("response", responses.response.iter().map(|r| r.id.as_ref()));
    let mut all_responses = Vec::with_capacity(responses.response.len());
    for (i, r) in responses.response.iter().enumerate() {
        let entry = entry_name("response", &r.id, i);
        check.require(&entry, "text", &r.text);
        match Move::from_key(&r.does) {
            Some(mv) if move_ids.get(&r.does).is_some() => all_responses.push(Response {
                key: r.id.clone(),
                mv,
                text: r.text.clone(),
                time: optional(&r.time),
            }),
            _ => check.push(
                &entry,
                Problem::UnknownReference {
                    field: "does",
                    target: r.does.to_string(),
                },
            ),
        }
    }

    let mut moves = Vec::with_capacity(Move::ALL.len());
    for &mv in Move::ALL {
        let Some(raw) = responses.moves.iter().find(|m| m.id == mv.key()) else {
            check.push(
                &format!("move '{}'", mv.key()),
                Problem::MissingField("[[moves]] entry"),
            );
            continue;
        };
        let entry = format!("move '{}'", mv.key());
        check.require(&entry, "feedback", &raw.feedback);
        if Phase::from_key(&raw.phase) != Some(mv.phase()) {
            check.push(
                &entry,
                Problem::UnknownReference {
                    field: "phase",
                    target: format!("{} (expected {})", raw.phase, mv.phase().key()),
                },
            );
        }
        let mut effects = Vec::with_capacity(raw.effects.len());
        for text in raw.effects.iter() {
            match parse_effect(text, principles) {
                Ok(effect) => effects.push(effect),
                Err(why) => check.push(
                    &entry,
                    Problem::BadEffect {
                        text: text.to_string(),
                        why,
                    },
                ),
            }
        }
        if effects.is_empty() {
            check.push(
                &entry,
                Problem::TooFew {
                    field: "effects",
                    needed: 1,
                },
            );
        }
        let ids: Vec<u16> = all_responses
            .iter()
            .enumerate()
            .filter(|(_, r)| r.mv == mv)
            .map(|(i, _)| i as u16)
            .collect();
        if ids.is_empty() {
            check.push(
                &entry,
                Problem::TooFew {
                    field: "responses",
                    needed: 1,
                },
            );
        }
        moves.push(MoveInfo {
            mv,
            feedback: raw.feedback.clone(),
            effects: effects.into(),
            responses: ids.into(),
        });
    }
    for (i, m) in responses.moves.iter().enumerate() {
        if Move::from_key(&m.id).is_none() {
            check.push(
                &entry_name("move", &m.id, i),
                Problem::UnknownReference {
                    field: "id",
                    target: "a move the engine knows".to_string(),
                },
            );
        }
    }

    check.index("reply", replies.reply.iter().map(|r| r.id.as_ref()));
    let mut all_replies = Vec::with_capacity(replies.reply.len());
    for (i, r) in replies.reply.iter().enumerate() {
        let entry = entry_name("reply", &r.id, i);
        check.require(&entry, "text", &r.text);
        match Reaction::from_key(&r.reaction) {
            Some(reaction) => {
                let mut said = None;
                if reaction == Reaction::SharesDetail {
                    check.require(&entry, "detail", &r.detail);
                    match Said::from_key(&r.said) {
                        Some(s) if s.urgent() => said = Some(s),
                        _ => check.push(
                            &entry,
                            Problem::UnknownReference {
                                field: "said",
                                target: format!(
                                    "{} (urgent-light, urgent-serious or urgent-work)",
                                    r.said
                                ),
                            },
                        ),
                    }
                }
                let mut after = Vec::new();
                for key in r.after.iter() {
                    match Move::from_key(key) {
                        Some(mv) => after.push(mv),
                        None => check.push(
                            &entry,
                            Problem::UnknownReference {
                                field: "after",
                                target: key.to_string(),
                            },
                        ),
                    }
                }
                let mut answers = Vec::new();
                for key in r.answers.iter() {
                    match Act::from_key(key) {
                        Some(act) => answers.push(act),
                        None => check.push(
                            &entry,
                            Problem::UnknownReference {
                                field: "answers",
                                target: key.to_string(),
                            },
                        ),
                    }
                }
                if r.then && !r.time.is_empty() {
                    // Either it names a new time or it speaks of the one
                    // already named, not both.
                    check.push(
                        &entry,
                        Problem::UnknownReference {
                            field: "then",
                            target: "a reply without a time of its own".to_string(),
                        },
                    );
                }
                let sounds = if r.sounds.is_empty() {
                    None
                } else {
                    let tone = Tone::from_key(&r.sounds);
                    if tone.is_none() {
                        check.push(
                            &entry,
                            Problem::UnknownReference {
                                field: "sounds",
                                target: r.sounds.to_string(),
                            },
                        );
                    }
                    tone
                };
                if reaction.toned() != sounds.is_some() {
                    // The listener hears the tone of these kinds of reply
                    // (the belief counts it), so every wording has one, and
                    // only those.
                    check.push(
                        &entry,
                        Problem::UnknownReference {
                            field: "sounds",
                            target: format!(
                                "{} (evasive or genuine for busy-generic, accepts-callback and books-slot only)",
                                r.sounds
                            ),
                        },
                    );
                }
                all_replies.push(Reply {
                    key: r.id.clone(),
                    reaction,
                    text: r.text.clone(),
                    detail: optional(&r.detail),
                    said,
                    after: after.into(),
                    fleet: r.fleet,
                    time: optional(&r.time),
                    answers: answers.into(),
                    then: r.then,
                    sounds,
                });
            }
            None => check.push(
                &entry,
                Problem::UnknownReference {
                    field: "reaction",
                    target: r.reaction.to_string(),
                },
            ),
        }
    }
    for reaction in Reaction::ALL {
        // A general wording (one not tied to a move) for every reaction.
        if !all_replies
            .iter()
            .any(|r| r.reaction == reaction && r.after.is_empty() && !r.fleet)
        {
            check.push(
                &format!("reaction '{}'", reaction.key()),
                Problem::TooFew {
                    field: "replies",
                    needed: 1,
                },
            );
        }
    }

    for said in [Said::UrgentLight, Said::UrgentSerious, Said::UrgentWork] {
        if !all_replies
            .iter()
            .any(|r| r.said == Some(said) && r.after.is_empty() && !r.fleet)
        {
            check.push(
                &format!("shared detail '{}'", said.key()),
                Problem::TooFew {
                    field: "replies",
                    needed: 1,
                },
            );
        }
    }

    let cue_odds: Vec<[u32; 3]> = cues.iter().map(|c| c.odds).collect();
    let cue_odds = cue_odds.into();
    SimContent {
        cue_odds,
        seller,
        personas: personas.into(),
        cues: cues.into(),
        lines: all_lines.into(),
        moves: moves.into(),
        responses: all_responses.into(),
        replies: all_replies.into(),
    }
}
