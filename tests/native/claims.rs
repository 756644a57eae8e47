//! Every claim the app's pages make about what a move scores
//! (tests/cases/claims.toml, quoting the page) checked against the engine's
//! values at the moment the claim describes.

use callback_dojo::core::catalogue::Catalogue;
use callback_dojo::core::sim::model::{self, Role, Said};
use callback_dojo::core::sim::{Difficulty, Move, Phase, State, Truth};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Claims {
    claim: Vec<Claim>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Claim {
    page: String,
    says: String,
    phase: String,
    said: Option<OneOrMany>,
    #[serde(default)]
    used: Vec<String>,
    roles: Option<Vec<String>>,
    #[serde(default = "yes")]
    fit: bool,
    #[serde(default)]
    detail: bool,
    #[serde(default)]
    promised: bool,
    #[serde(rename = "move")]
    mv: String,
    expect: String,
}

fn yes() -> bool {
    true
}

#[test]
fn every_claim_a_page_makes_about_a_move_holds() {
    let text = std::fs::read_to_string(crate::root().join("tests/cases/claims.toml"))
        .expect("claims.toml");
    let claims: Claims = toml::from_str(&text).expect("claims.toml parses");
    let sim = &Catalogue::shipped().sim;
    let mut failures = Vec::new();
    let mut checked = 0;
    for c in &claims.claim {
        let mv = Move::from_key(&c.mv).unwrap_or_else(|| panic!("{}: move {}", c.page, c.mv));
        let phase = Phase::from_key(&c.phase).unwrap_or_else(|| panic!("phase {}", c.phase));
        let saids: Vec<Said> = match &c.said {
            None => vec![Said::Bare],
            Some(OneOrMany::One(k)) => vec![Said::from_key(k).expect("said key")],
            Some(OneOrMany::Many(ks)) => ks
                .iter()
                .map(|k| Said::from_key(k).expect("said"))
                .collect(),
        };
        let roles: Vec<Role> = match &c.roles {
            None => vec![Role::Manager],
            Some(rs) => rs
                .iter()
                .map(|r| Role::from_key(r).expect("role key"))
                .collect(),
        };
        for &said in &saids {
            for &role in &roles {
                for difficulty in Difficulty::ALL {
                    let cue = sim.cues.iter().position(|k| k.said == said).unwrap_or(0);
                    let mut s = State::start(Truth::True, role, c.fit, difficulty, cue as u8, said);
                    // The belief the persona and the words of this kind
                    // support, as the rep hears them.
                    s.belief = model::update(
                        s.belief,
                        model::cue_likelihood(sim.cue_odds(), cue, difficulty),
                    );
                    s.phase = phase;
                    s.spoke = true;
                    s.turn = 1;
                    s.detail = c.detail || said.urgent();
                    s.promised = c.promised;
                    s.told = c.promised;
                    for u in &c.used {
                        s.used |= Move::from_key(u).expect("used move").bit();
                    }
                    let offers = s.offers();
                    let at = format!(
                        "{} [{}, {}, {}]",
                        c.page,
                        said.key(),
                        role.key(),
                        difficulty.key()
                    );
                    if !offers.contains(&mv) {
                        failures.push(format!("{at}: {} is not on offer ({:?})", c.mv, offers));
                        continue;
                    }
                    checked += 1;
                    let value = s.value(sim, mv);
                    let top = offers
                        .iter()
                        .map(|&m| s.value(sim, m))
                        .fold(f64::MIN, f64::max);
                    let holds = match c.expect.as_str() {
                        "best" => value >= top - 1e-9,
                        "not-best" => value < top - 1e-9,
                        "negative" => value < 0.0,
                        "positive" => value > 0.0,
                        other => panic!("{}: unknown expectation {other}", c.page),
                    };
                    if !holds {
                        failures.push(format!(
                            "{at}: \"{}\": {} is {value:.2} (best on offer {top:.2}), expected {}",
                            c.says, c.mv, c.expect
                        ));
                    }
                }
            }
        }
    }
    assert!(checked >= claims.claim.len(), "{checked} checks");
    assert!(
        failures.is_empty(),
        "{} claim(s) fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
