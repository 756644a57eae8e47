//! Plays a call by seed, level and choices and prints the transcript with
//! every option's value: `cargo run --example call -- SEED LEVEL [CHOICES]`,
//! choices as option numbers from 1 (`d` + t/s/b + confidence for the
//! diagnosis, e.g. `1,dt80,3`).

use callback_dojo::core::catalogue::Catalogue;
use callback_dojo::core::sim::{Choice, Difficulty, Session, Settings, Truth};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let seed: u64 = args.first().and_then(|s| s.parse().ok()).expect("seed");
    let difficulty = args
        .get(1)
        .and_then(|k| Difficulty::ALL.into_iter().find(|d| d.key() == k))
        .unwrap_or(Difficulty::Normal);
    let catalogue = Catalogue::shipped();
    let mut session = Session::new(catalogue, Settings { seed, difficulty });
    let choices = args.get(2).cloned().unwrap_or_default();
    let mut shown = 0;
    let print = |session: &Session, shown: &mut usize| {
        for e in &session.transcript()[*shown..] {
            println!("{:?}: {}", e.speaker, e.text);
        }
        *shown = session.transcript().len();
        let s = session.state();
        println!(
            "  [{:?} said={:?} belief={:.2?}]",
            s.phase, s.said, s.belief
        );
        for (i, o) in session.options().iter().enumerate() {
            println!(
                "  {}. ({:?} {:+.1}) {}",
                i + 1,
                o.mv,
                s.value(&catalogue.sim, o.mv),
                session.option_text(*o)
            );
        }
    };
    print(&session, &mut shown);
    for c in choices.split(',').filter(|c| !c.is_empty()) {
        let choice = if let Some(rest) = c.strip_prefix('d') {
            let truth = match &rest[..1] {
                "t" => Truth::True,
                "s" => Truth::Sincere,
                _ => Truth::BrushOff,
            };
            Choice::Diagnose {
                truth,
                confidence: rest[1..].parse().unwrap_or(60),
            }
        } else {
            Choice::Option(c.parse::<u8>().expect("number") - 1)
        };
        println!("> {c}");
        session.choose(choice).expect("choice");
        let d = session.decisions().last().unwrap();
        println!("  = {:.1} of {:.1}", d.points, d.best);
        print(&session, &mut shown);
    }
    println!("score {}", session.score());
}
