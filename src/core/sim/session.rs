//! One practice call: the engine driven by a seeded generator, with the
//! transcript in words and a record of every decision and its score.
//!
//! Same catalogue, same seed and same choices give the same call, natively
//! and in the browser: the generator is ChaCha8 and every draw is a `u32`.

use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};

use crate::core::catalogue::raw::Text;
use crate::core::catalogue::sim::{Line, Persona, Seller};
use crate::core::catalogue::Catalogue;

use super::engine::{self, Branch, Choice, Happening, State};
use super::model::{self, Difficulty, Move, Outcome, Phase, Reaction, Tone, Truth};

/// How a session is set up. The seed decides persona, truth, lines and luck.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Settings {
    pub seed: u64,
    pub difficulty: Difficulty,
}

/// Who speaks a transcript line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Speaker {
    Rep,
    Prospect,
    /// Scene-setting: time passing, a voicemail tone, how it ended.
    Narrator,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub speaker: Speaker,
    pub text: String,
    /// The move behind a rep's line or narrated decision.
    pub mv: Option<Move>,
    /// The reply (index into the content's replies) behind a prospect's
    /// line, for tests that check replies follow what was said.
    pub reply: Option<u16>,
}

/// An option on offer: a wording (response index) of a move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Offered {
    pub mv: Move,
    pub response: u16,
}

/// One decision as it was made, with what it was worth.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    pub phase: Phase,
    /// The options shown, in the order shown (empty for the diagnosis).
    pub offered: Vec<Offered>,
    /// The value of each option, given what the rep could know.
    pub values: Vec<f64>,
    /// Index into `offered`, or None for the diagnosis.
    pub chosen: Option<u8>,
    pub diagnosis: Option<(Truth, u8)>,
    /// What the cues supported at that moment.
    pub belief: [f64; 3],
    /// The state in which it was made (flags decide which effects applied).
    pub state: State,
    pub points: f64,
    pub best: f64,
    /// How many transcript entries came before it (what the rep had heard).
    pub heard: usize,
}

impl Decision {
    /// Index of the best option (the first of equals).
    pub fn best_index(&self) -> Option<usize> {
        let mut best: Option<usize> = None;
        for (i, v) in self.values.iter().enumerate() {
            if best.is_none_or(|b| *v > self.values[b] + 1e-9) {
                best = Some(i);
            }
        }
        best
    }
}

/// What the rep can see at a decision, and nothing else: the seller's card
/// (with its ideal customer profile), the persona's card (facts, not a fit
/// verdict), the words said so far and the options as worded. Never the
/// hidden truth, the scores, the kind of line (cue) or the kind of reply.
#[derive(Debug, Clone, Copy)]
pub struct Observation<'s> {
    pub phase: Phase,
    pub seller: &'s Seller,
    pub persona: &'s Persona,
    /// The "call me later" line, once it has been said.
    pub line: Option<&'s Line>,
    /// The options on offer; `option_texts` holds their words, in order.
    pub options: &'s [Offered],
    pub option_texts: &'s [String],
    pub transcript: &'s [Entry],
}

/// A practice call in progress (or finished).
#[derive(Debug, Clone)]
pub struct Session<'c> {
    catalogue: &'c Catalogue,
    settings: Settings,
    rng: ChaCha8Rng,
    state: State,
    persona: u16,
    line: u16,
    detail: Option<Text>,
    time: Text,
    /// The prospect has named `time` in this conversation (the line or a
    /// reply): later replies keep to it rather than name another.
    named: bool,
    /// `time` was said out loud by someone (the prospect, the rep, the
    /// rep's message), so narration may mention it.
    time_set: bool,
    /// The meeting time the rep's last wording proposed, if any: booked if
    /// the prospect agrees.
    proposed: Option<Text>,
    /// The "call me later" line has been said (not in a call that starts at
    /// voicemail, where the prospect's words come later).
    line_said: bool,
    /// How the next reply sounds, when the engine said (see `Tone`).
    tone: Option<Tone>,
    /// The rep's last move, which some replies answer.
    last: Option<Move>,
    /// Replies already said in this call (none is said twice while others remain).
    replied: Vec<u16>,
    options: Vec<Offered>,
    /// The options' words, as shown.
    option_texts: Vec<String>,
    transcript: Vec<Entry>,
    decisions: Vec<Decision>,
}

/// Why a choice was refused; the session is unchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChoiceError {
    /// The call has ended.
    Finished,
    /// Not one of the options on offer, or a diagnosis out of range.
    NotOnOffer,
    /// The choices were recorded under other content: they would not replay
    /// the same call, so they are not replayed at all.
    Outdated,
}

/// One call in this many starts with the first dial going to voicemail.
const FIRST_DIAL_VOICEMAIL: u32 = 6;

/// Callback slots the rep can name. Only the words vary; the engine treats
/// every named time alike.
const TIMES: [&str; 5] = [
    "on Tuesday at 8:15",
    "on Wednesday at 4:30",
    "on Thursday at 8:15",
    "on Friday at 11:00",
    "on Monday at 9:30",
];

/// A draw in `0..n` (n ≥ 1) from u32s only, so wasm32 and 64-bit agree.
fn below(rng: &mut ChaCha8Rng, n: u32) -> u32 {
    // Rejection sampling keeps the draw exactly uniform.
    let zone = u32::MAX - (u32::MAX % n);
    loop {
        let x = rng.next_u32();
        if x < zone {
            return x % n;
        }
    }
}

/// Picks an index by integer weights.
fn weighted(rng: &mut ChaCha8Rng, weights: &[u32]) -> usize {
    let total: u32 = weights.iter().sum();
    let mut x = below(rng, total.max(1));
    for (i, &w) in weights.iter().enumerate() {
        if x < w {
            return i;
        }
        x -= w;
    }
    weights.len() - 1
}

/// Probabilities as integer weights (parts per million) for sampling.
fn ppm(p: [f64; 3]) -> [u32; 3] {
    p.map(|x| (x * 1_000_000.0).round() as u32)
}

impl<'c> Session<'c> {
    pub fn new(catalogue: &'c Catalogue, settings: Settings) -> Session<'c> {
        let sim = &catalogue.sim;
        let mut rng = ChaCha8Rng::seed_from_u64(settings.seed);
        let persona = below(&mut rng, sim.personas.len() as u32) as u16;
        let p = &sim.personas[usize::from(persona)];
        let truth = Truth::ALL[weighted(&mut rng, &ppm(model::prior(p.role, settings.difficulty)))];
        let odds = sim.cue_odds();
        let cue_weights: Vec<u32> = (0..odds.len())
            .map(|c| {
                (model::cue_likelihood(odds, c, settings.difficulty)[truth.index()] * 1_000_000.0)
                    .round() as u32
            })
            .collect();
        let cue = weighted(&mut rng, &cue_weights) as u8;
        // Lines about trucks and yards only from prospects who run them.
        let fits_persona = |l: &Line| p.fleet || !l.fleet;
        let count = sim.lines_of(cue).filter(|(_, l)| fits_persona(l)).count() as u32;
        let line = sim
            .lines_of(cue)
            .filter(|(_, l)| fits_persona(l))
            .nth(below(&mut rng, count.max(1)) as usize)
            .map_or(0, |(i, _)| i);
        let slot = TIMES[below(&mut rng, TIMES.len() as u32) as usize];
        // The callback is at the time the prospect named, if they named one.
        let time = sim.lines[usize::from(line)]
            .time
            .clone()
            .unwrap_or(Text::Borrowed(slot));
        let said = sim.cues[usize::from(cue)].said;
        let mut state = State::start(truth, p.role, p.fit, settings.difficulty, cue, said);
        state.far = sim.lines[usize::from(line)].far;
        // One call in six, the first dial reaches voicemail (003's own
        // scenario): the rep leaves a message before any conversation.
        let first_dial_voicemail = below(&mut rng, FIRST_DIAL_VOICEMAIL) == 0;
        let mut time = time;
        let time_set = !first_dial_voicemail;
        if first_dial_voicemail {
            state.phase = Phase::Voicemail;
            // Nobody named a time yet: the next try is the one a good
            // voicemail announces.
            time = Text::Borrowed("tomorrow at 8:15");
        }
        let mut session = Session {
            catalogue,
            settings,
            rng,
            state,
            persona,
            line,
            detail: None,
            time,
            named: false,
            time_set,
            proposed: None,
            line_said: false,
            tone: None,
            last: None,
            replied: Vec::new(),
            options: Vec::new(),
            option_texts: Vec::new(),
            transcript: Vec::new(),
            decisions: Vec::new(),
        };
        session.narrate(format!(
            "You call {}, {} at {}.",
            p.name, p.title, p.company
        ));
        if first_dial_voicemail {
            session.render(Happening::Says(Reaction::Voicemail));
        }
        session.offer();
        session
    }

    /// The call of `settings` with `choices` made in order: the same call,
    /// decision for decision, as when they were first made (a past call's
    /// review is rebuilt this way).
    pub fn replay(
        catalogue: &'c Catalogue,
        settings: Settings,
        choices: &[Choice],
    ) -> Result<Session<'c>, ChoiceError> {
        let mut session = Session::new(catalogue, settings);
        for &choice in choices {
            session.choose(choice)?;
        }
        Ok(session)
    }

    pub fn settings(&self) -> Settings {
        self.settings
    }

    pub fn catalogue(&self) -> &'c Catalogue {
        self.catalogue
    }

    pub fn state(&self) -> &State {
        &self.state
    }

    pub fn phase(&self) -> Phase {
        self.state.phase
    }

    pub fn is_finished(&self) -> bool {
        self.state.phase == Phase::Done
    }

    pub fn outcome(&self) -> Option<Outcome> {
        self.state.outcome
    }

    /// The hidden truth. For the review and tests; the UI shows it only when
    /// the call is over.
    pub fn truth(&self) -> Truth {
        self.state.truth
    }

    pub fn persona(&self) -> &'c Persona {
        &self.catalogue.sim.personas[usize::from(self.persona)]
    }

    pub fn line(&self) -> &'c Line {
        &self.catalogue.sim.lines[usize::from(self.line)]
    }

    pub fn transcript(&self) -> &[Entry] {
        &self.transcript
    }

    pub fn decisions(&self) -> &[Decision] {
        &self.decisions
    }

    /// The callback time, if someone said it in this call (the prospect,
    /// the rep, or the rep's message): what the screen may show.
    pub fn time_said(&self) -> Option<&str> {
        self.time_set.then_some(self.time.as_ref())
    }

    pub fn options(&self) -> &[Offered] {
        &self.options
    }

    /// The wording of an offered option, filled in for this call.
    /// The choices made so far, as a replay takes them.
    pub fn choices(&self) -> Vec<Choice> {
        self.decisions
            .iter()
            .map(|d| match (d.diagnosis, d.chosen) {
                (Some((truth, confidence)), _) => Choice::Diagnose { truth, confidence },
                (None, Some(i)) => Choice::Option(i),
                (None, None) => Choice::Option(0),
            })
            .collect()
    }

    pub fn option_text(&self, offered: Offered) -> String {
        let text = self.fill(&self.catalogue.sim.responses[usize::from(offered.response)].text);
        if offered.mv.spoken() {
            text
        } else {
            // A plan is a note to self: it speaks of the prospect, not to
            // them (details and times are written in the rep's words to them).
            note_voice(&text)
        }
    }

    pub fn observation(&self) -> Observation<'_> {
        let sim = &self.catalogue.sim;
        // The line is heard once the prospect said it (a call that starts at
        // voicemail has no line: the prospect's words come on the callback).
        let heard_line = self.line_said;
        Observation {
            phase: self.state.phase,
            seller: &sim.seller,
            persona: self.persona(),
            line: heard_line.then(|| self.line()),
            options: &self.options,
            option_texts: &self.option_texts,
            transcript: &self.transcript,
        }
    }

    /// The decision score so far: points earned over the best achievable,
    /// 0–100. Luck plays no part in it.
    pub fn score(&self) -> u8 {
        let earned: f64 = self.decisions.iter().map(|d| d.points).sum();
        let best: f64 = self.decisions.iter().map(|d| d.best).sum();
        if best <= 0.0 {
            100
        } else {
            (100.0 * earned / best).round().clamp(0.0, 100.0) as u8
        }
    }

    /// The trainee's diagnosis, if made.
    pub fn diagnosis(&self) -> Option<(Truth, u8)> {
        self.decisions.iter().find_map(|d| d.diagnosis)
    }

    /// Applies a choice. A refused choice changes nothing.
    pub fn choose(&mut self, choice: Choice) -> Result<(), ChoiceError> {
        if self.is_finished() {
            return Err(ChoiceError::Finished);
        }
        let sim = &self.catalogue.sim;
        // Options are shown shuffled; map the shown position to the engine's.
        let engine_choice = match choice {
            Choice::Option(i) => {
                let offered = *self
                    .options
                    .get(usize::from(i))
                    .ok_or(ChoiceError::NotOnOffer)?;
                let position = self
                    .state
                    .offers()
                    .iter()
                    .position(|&m| m == offered.mv)
                    .ok_or(ChoiceError::NotOnOffer)?;
                Choice::Option(position as u8)
            }
            diagnose => diagnose,
        };
        let branches = self
            .state
            .branches(sim, engine_choice)
            .ok_or(ChoiceError::NotOnOffer)?;
        self.record(choice);
        if let Choice::Option(i) = choice {
            let offered = self.options[usize::from(i)];
            let text = self.option_text(offered);
            if offered.mv.spoken() {
                self.say_as(Speaker::Rep, text, Some(offered.mv), None);
            } else {
                // A plan or a hang-up is something the rep does, not says.
                let mut chars = text.chars();
                let decided = match chars.next() {
                    Some(first) => {
                        format!("You decide: {}{}", first.to_lowercase(), chars.as_str())
                    }
                    None => String::new(),
                };
                self.say_as(Speaker::Narrator, decided, Some(offered.mv), None);
            }
            if offered.mv == Move::VmKeepsControl {
                // The message names the next try's time.
                self.time_set = true;
            }
            let catalogue: &'c Catalogue = self.catalogue;
            self.proposed = catalogue.sim.responses[usize::from(offered.response)]
                .time
                .clone();
            self.last = Some(offered.mv);
        }
        let weights: Vec<u32> = branches.iter().map(|b| b.weight).collect();
        let mut branches = branches;
        let Branch {
            state, happened, ..
        } = branches.swap_remove(weighted(&mut self.rng, &weights));
        self.state = state;
        for h in happened {
            self.render(h);
        }
        self.offer();
        Ok(())
    }

    fn record(&mut self, choice: Choice) {
        let sim = &self.catalogue.sim;
        let s = self.state;
        let decision = match choice {
            Choice::Diagnose { truth, confidence } => Decision {
                phase: s.phase,
                offered: Vec::new(),
                values: Vec::new(),
                chosen: None,
                diagnosis: Some((truth, confidence)),
                belief: s.belief,
                state: s,
                points: engine::diagnosis_points(s.belief, truth, confidence),
                best: engine::diagnosis_stake(s.belief),
                heard: self.transcript.len(),
            },
            Choice::Option(i) => {
                let values: Vec<f64> = self.options.iter().map(|o| s.value(sim, o.mv)).collect();
                let best = values.iter().copied().fold(f64::MIN, f64::max);
                let mine = values[usize::from(i)];
                Decision {
                    phase: s.phase,
                    offered: self.options.clone(),
                    values,
                    chosen: Some(i),
                    diagnosis: None,
                    belief: s.belief,
                    state: s,
                    points: engine::points(mine, best),
                    best: best.max(0.0),
                    heard: self.transcript.len(),
                }
            }
        };
        self.decisions.push(decision);
    }

    /// Lays out the options for the new phase: each move on offer in one of
    /// its wordings, in shuffled order.
    fn offer(&mut self) {
        self.options.clear();
        self.option_texts.clear();
        if matches!(self.state.phase, Phase::Diagnosis | Phase::Done) {
            return;
        }
        let sim = &self.catalogue.sim;
        let mut offered: Vec<Offered> = self
            .state
            .offers()
            .into_iter()
            .map(|mv| {
                let wordings = &sim.move_info(mv).responses;
                let response = wordings[below(&mut self.rng, wordings.len() as u32) as usize];
                Offered { mv, response }
            })
            .collect();
        // Fisher–Yates with u32 draws.
        for i in (1..offered.len()).rev() {
            let j = below(&mut self.rng, i as u32 + 1) as usize;
            offered.swap(i, j);
        }
        self.option_texts = offered.iter().map(|&o| self.option_text(o)).collect();
        self.options = offered;
    }

    fn say(&mut self, speaker: Speaker, text: String) {
        self.say_as(speaker, text, None, None);
    }

    fn say_as(&mut self, speaker: Speaker, text: String, mv: Option<Move>, reply: Option<u16>) {
        self.transcript.push(Entry {
            speaker,
            text,
            mv,
            reply,
        });
    }

    fn narrate(&mut self, text: String) {
        self.say(Speaker::Narrator, text);
    }

    /// A reply of this kind in one of its wordings: one written for the
    /// move it answers if there is one, else one written for what that move
    /// does (an apology, "why then?", a proposed day…); a shared detail of
    /// the kind the engine decided; a new time only while none was named
    /// (a callback's "still a bad time" opens a new conversation), words
    /// about "then" only once one was; and never a wording already said in
    /// this call while another remains.
    fn reply(&mut self, reaction: Reaction) {
        let sim = &self.catalogue.sim;
        let pool = reply_pool(
            sim,
            reaction,
            self.state.said,
            self.last,
            self.persona().fleet,
            self.named,
            self.tone.take(),
        );
        // A voicemail greeting is a recording: the same one every time.
        let recorded: Vec<u16> = pool
            .iter()
            .copied()
            .filter(|i| reaction == Reaction::Voicemail && self.replied.contains(i))
            .collect();
        let fresh: Vec<u16> = pool
            .iter()
            .copied()
            .filter(|i| !self.replied.contains(i))
            .collect();
        let pool = if !recorded.is_empty() {
            recorded
        } else if fresh.is_empty() {
            pool
        } else {
            fresh
        };
        // Content validation guarantees every reaction has a general reply.
        if pool.is_empty() {
            return;
        }
        let pick = pool[below(&mut self.rng, pool.len() as u32) as usize];
        self.replied.push(pick);
        let reply = &sim.replies[usize::from(pick)];
        if reaction == Reaction::SharesDetail && self.detail.is_none() {
            self.detail = reply.detail.clone();
        }
        if reaction == Reaction::BooksSlot {
            // Booked at the day the rep proposed, if the rep named one.
            if let Some(time) = self.proposed.take() {
                self.time = time;
            }
            self.named = true;
            self.time_set = true;
        }
        // A reply that names a time moves the next call to it.
        if let Some(time) = &reply.time {
            self.time = time.clone();
            self.named = true;
            self.time_set = true;
        }
        self.proposed = None;
        let text = self.fill(&reply.text);
        self.say_as(Speaker::Prospect, text, None, Some(pick));
    }

    fn render(&mut self, happening: Happening) {
        match happening {
            Happening::Line => {
                let line = self.line();
                if self.detail.is_none() {
                    self.detail = line.detail.clone();
                }
                self.line_said = true;
                if line.time.is_some() {
                    self.named = true;
                    self.time_set = true;
                }
                self.say(Speaker::Prospect, line.text.to_string());
            }
            Happening::Sounds(tone) => self.tone = Some(tone),
            Happening::Says(reaction) => {
                self.reply(reaction);
                if reaction == Reaction::Voicemail {
                    self.narrate("The line beeps for your message.".to_string());
                }
            }
            Happening::CallbackAttempt => {
                // Narration names only a time someone said: the one named in
                // the call, or the next day at 8:15 a message promised.
                let first = self.persona().first_name();
                let text = match self.state.attempts {
                    // Narration speaks to the rep: the prospect's plans are "theirs".
                    0 | 1 if self.time_set => {
                        format!("You call {first} back {}.", note_voice(&self.time))
                    }
                    0 | 1 => format!("The next day, you call {first} again."),
                    _ if self.state.promised => {
                        format!("The next day at 8:15: you call {first} again.")
                    }
                    _ => format!("The next day, you call {first} again."),
                };
                self.narrate(text);
            }
            Happening::Meeting { held } => {
                let first = self.persona().first_name();
                let text = if held {
                    format!("The meeting day comes. {first} is there and ready to talk.")
                } else {
                    format!("The meeting day comes. {first} does not show up or answer.")
                };
                self.narrate(text);
            }
            Happening::OutOfTime => {
                let text = format!(
                    "{} has to go; the exchange is over.",
                    self.persona().first_name()
                );
                self.narrate(text);
            }
            Happening::Ends(outcome) => self.narrate(format!("Outcome: {}.", outcome.label())),
        }
    }

    /// Fills the placeholders of a content template for this call.
    fn fill(&self, template: &str) -> String {
        let sim = &self.catalogue.sim;
        let p = self.persona();
        let mut out = String::with_capacity(template.len() + 32);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let Some(close) = rest[open..].find('}') else {
                break;
            };
            let key = &rest[open + 1..open + close];
            match key {
                "first" => out.push_str(p.first_name()),
                "name" => out.push_str(&p.name),
                "company" => out.push_str(&p.company),
                "rep" => out.push_str(&sim.seller.rep),
                "seller" => out.push_str(&sim.seller.company),
                "pitch" => out.push_str(&sim.seller.pitch),
                "proof" => out.push_str(&sim.seller.proof),
                "detail" => {
                    out.push_str(self.detail.as_deref().unwrap_or("what you were busy with"))
                }
                "meeting" => out.push_str(meeting_slot(&self.time)),
                "meeting_on" => {
                    out.push_str("on ");
                    out.push_str(meeting_slot(&self.time));
                }
                "time" => out.push_str(&self.time),
                "slot" | "Slot" => {
                    let slot = self.time.strip_prefix("on ").unwrap_or(&self.time);
                    let mut chars = slot.chars();
                    if let (Some(first), "Slot") = (chars.next(), key) {
                        out.extend(first.to_uppercase());
                        out.push_str(chars.as_str());
                    } else {
                        out.push_str(slot);
                    }
                }
                other => {
                    out.push('{');
                    out.push_str(other);
                    out.push('}');
                }
            }
            rest = &rest[open + close + 1..];
        }
        out.push_str(rest);
        out
    }
}

/// Meeting slots a callback proposes: one day and hour, never two (a yes
/// must say which), and never on the callback's own day.
const MEETINGS: [&str; 3] = ["Thursday at 2", "Tuesday at 9", "Wednesday at 10"];

/// The meeting slot proposed on a callback made at `callback` (its words):
/// the first whose day the callback time does not name.
pub fn meeting_slot(callback: &str) -> &'static str {
    MEETINGS
        .into_iter()
        .find(|m| {
            let day = m.split(' ').next().unwrap_or(m);
            !callback.contains(day)
        })
        .unwrap_or(MEETINGS[0])
}

/// A detail in the rep's words to the prospect ("your daughter's final")
/// as a note about them ("their daughter's final").
pub fn note_voice(detail: &str) -> String {
    detail
        .split(' ')
        .map(|w| match w {
            "your" => "their",
            "you" => "they",
            "Your" => "Their",
            other => other,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The wordings a reply of `reaction` may take after the rep's `last` move
/// (see `Session::reply`), best-fitting first: those written for the move,
/// else the general ones written for what the move does. Only if content
/// lacks both (a test checks it never does) the general ones of any act.
pub fn reply_pool(
    sim: &crate::core::catalogue::sim::SimContent,
    reaction: Reaction,
    said: model::Said,
    last: Option<Move>,
    fleet: bool,
    named: bool,
    tone: Option<Tone>,
) -> Vec<u16> {
    let of_kind: Vec<(u16, &crate::core::catalogue::sim::Reply)> = sim
        .replies_to(reaction)
        .filter(|(_, r)| {
            r.said.is_none_or(|s| s == said)
                && (fleet || !r.fleet)
                // A named time is kept, never replaced by another…
                && (r.time.is_none() || !named || reaction == Reaction::StillBusy)
                // …and "then" needs one.
                && (!r.then || named)
                // The words sound as the engine said (a reply any truth
                // gives sounds evasive more often from a brush-off).
                && (tone.is_none() || r.sounds == tone)
        })
        .collect();
    let for_move: Vec<u16> = of_kind
        .iter()
        .filter(|(_, r)| last.is_some_and(|m| r.after.contains(&m)))
        .map(|(i, _)| *i)
        .collect();
    if !for_move.is_empty() {
        return for_move;
    }
    let act = last.map_or(model::Act::Other, Move::act);
    let general = |any_act: bool| -> Vec<u16> {
        of_kind
            .iter()
            .filter(|(_, r)| {
                r.after.is_empty() && (any_act || r.answers.is_empty() || r.answers.contains(&act))
            })
            .map(|(i, _)| *i)
            .collect()
    };
    let fitting = general(false);
    if fitting.is_empty() {
        general(true)
    } else {
        fitting
    }
}

/// Whether reply `i` was written for the move `last` or for what it does
/// (the rule `reply_pool` prefers), for tests.
pub fn reply_fits(
    sim: &crate::core::catalogue::sim::SimContent,
    i: u16,
    last: Option<Move>,
) -> bool {
    let r = &sim.replies[usize::from(i)];
    let act = last.map_or(model::Act::Other, Move::act);
    last.is_some_and(|m| r.after.contains(&m))
        || (r.after.is_empty() && (r.answers.is_empty() || r.answers.contains(&act)))
}
